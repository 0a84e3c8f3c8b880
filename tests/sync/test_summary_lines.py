"""The sync summary a person reads: each problem once, even when several steps met it."""

from __future__ import annotations

from libtrainer.sync.session import SyncSummary
from libtrainer.sync.summary import as_json, describe


def test_a_problem_met_by_several_steps_is_said_once() -> None:
    """A region folder that is a link stops publishing, acks and reading alike: one line."""
    problem = "The folder libtrainer/v1/R is a link; libtrainer does not follow links."
    summary = SyncSummary(problems=[problem, problem, "Another problem.", problem])
    lines = describe(summary, lambda device: device or "?")
    assert lines.count(problem) == 1 and "Another problem." in lines
    assert as_json(summary)["problems"] == [problem, "Another problem."]
