"""The sync summary a person reads: each problem once, even when several steps met it."""

from __future__ import annotations

from libtrainer.sync.ingest import IngestReport
from libtrainer.sync.session import SyncSummary
from libtrainer.sync.summary import as_json, describe


def test_a_problem_met_by_several_steps_is_said_once() -> None:
    """A region folder that is a link stops publishing, acks and reading alike: one line."""
    problem = "The folder libtrainer/v1/R is a link; libtrainer does not follow links."
    summary = SyncSummary(problems=[problem, problem, "Another problem.", problem])
    lines = describe(summary, lambda device: device or "?")
    assert lines.count(problem) == 1 and "Another problem." in lines
    assert as_json(summary)["problems"] == [problem, "Another problem."]


def test_new_code_clashes_point_to_the_command_or_to_the_window_tab() -> None:
    """The code-clash line names ``libtrainer duplicates codes`` in the terminal, and the
    Duplicates screen's tab in the window; the other lines are the same."""
    summary = SyncSummary(code_clashes=2, ingest=IngestReport())
    cli, window = describe(summary), describe(summary, window=True)
    (told,) = [line for line in cli if "participant codes were given" in line]
    assert "(libtrainer duplicates codes)" in told
    (shown,) = [line for line in window if "participant codes were given" in line]
    assert "tab “One code, different people?”" in shown and "libtrainer" not in shown
    assert [line for line in cli if line != told] == [line for line in window if line != shown]


def test_changes_confirmed_now_are_not_read_as_a_share_of_those_sent_now() -> None:
    """ "Sent 13" and a confirmation of 1 in one run: the 1 is said to be from an earlier sync."""
    lines = describe(SyncSummary(published_changes=13, published_bundles=1, pruned=1))
    assert lines[0] == "Sent 13 changes."
    assert lines[1] == (
        "The coordinator confirmed receiving 1 change sent at an earlier sync, so the copy kept "
        "for sending it was removed. The records stay on this computer."
    )


def test_a_device_is_named_with_each_languages_quotes() -> None:
    """A computer's name in a sync line is quoted „…“ in Lithuanian and „…” in Latvian."""
    from libtrainer.i18n import set_language
    from libtrainer.sync.session import device_label
    from libtrainer.sync.trust import DeviceEntry, TrustList

    entry = DeviceEntry("d1", "PC b2", "branch", "b", "Filialas b2", ())
    trust = TrustList("R", devices={"d1": entry})
    try:
        for lang, text in (
            ("lt", "„PC b2“ (Filialas b2)"),
            ("lv", "„PC b2” (Filialas b2)"),
            ("en", "“PC b2” (Filialas b2)"),
        ):
            set_language(lang)
            assert device_label(trust, "d1") == text
    finally:
        set_language("en")


def test_the_window_names_its_buttons_and_no_bundle_numbers() -> None:
    """In the window, a replaced key and a coordinator's own suspension point to the Sync
    screen's buttons, and a revoked computer is not told a bundle number; the command line
    keeps the commands and the number."""
    replaced = SyncSummary(publish_note="key_replaced", replaced_on="2026-11-02")
    (cli,) = describe(replaced)
    (window,) = describe(replaced, window=True)
    assert "libtrainer enroll SHARE --new-device" in cli
    assert "“This computer was restored or copied: take a new identity”" in window
    assert "libtrainer" not in window and "2026-11-02" in window
    revoked = SyncSummary(revoked_after=8, publish_note="revoked")
    assert "after bundle 8" in describe(revoked)[0]
    (told,) = describe(revoked, window=True)
    assert "stopped accepting" in told and "bundle" not in told and "8" not in told
    suspended = SyncSummary(own_suspended=True, own_device="0190aaaa-0000-7000-8000-000000000001")
    (cli,) = [line for line in describe(suspended) if "suspension" in line]
    (window,) = [line for line in describe(suspended, window=True) if "suspension" in line]
    assert "libtrainer trust resume 0190aaaa" in cli
    assert "press “Resume device”" in window and "libtrainer" not in window
