"""``libtrainer duplicates codes``: one participant code given to two people, listed on the
coordinator's computer with both versions, decided, and counted by ``status``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from libtrainer.services import participants
from libtrainer.sync import publish
from libtrainer.sync.session import synchronise
from tests.sync.regionkit import make_region

from .clikit import run_cli


@pytest.fixture
def clash(tmp_path: Path) -> Path:
    """A coordinator's data folder after two branches gave LT-0042 to two people."""
    region = make_region(tmp_path, branches=2)
    try:
        for branch, (given, family, year) in zip(
            region.branches, [("Jonas", "Petraitis", 1950), ("Ona", "Kazlauskienė", 1962)]
        ):
            with branch.uow() as uow:
                participants.create_participant(uow, given, family, code="LT-0042", birth_year=year)
            publish.publish(branch, region.share(branch))
        synchronise(region.coordinator, region.root)
    finally:
        region.close()
    return tmp_path / "coord"


def test_codes_lists_both_versions_then_different_then_dismiss(
    clash: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Listed (JSON and text), kept after "different" and counted by status,
    gone after --dismiss (the code as typed anywhere)."""
    code, out, _err = run_cli(capsys, clash, "duplicates", "codes", "--json")
    assert code == 0
    (listed,) = json.loads(out)["codes"]
    assert listed["code"] == "LT-0042" and listed["status"] == "open"
    sides = {
        (s["given_name"], s["birth_year"], s["branch"]) for s in (listed["first"], listed["second"])
    }
    assert sides == {("Jonas", 1950, "Padalinys Nr. 0"), ("Ona", 1962, "Padalinys Nr. 1")}
    code, out, _err = run_cli(capsys, clash, "duplicates", "codes")
    assert "Jonas Petraitis, 1950 — Padalinys Nr. 0 (PC-0)" in out
    assert "Ona Kazlauskienė, 1962 — Padalinys Nr. 1 (PC-1)" in out
    assert "must not delete" in out and "(Change the code)" in out
    code, out, _err = run_cli(capsys, clash, "duplicates", "codes", "--different", "LT-0042")
    assert code == 0 and "stays listed" in out
    code, out, _err = run_cli(capsys, clash, "duplicates", "codes", "--json")
    assert [c["status"] for c in json.loads(out)["codes"]] == ["different"]
    code, out, _err = run_cli(capsys, clash, "status")
    assert "Participant codes given to two different people, to check: 1" in out
    code, out, _err = run_cli(capsys, clash, "duplicates", "codes", "--dismiss", " lt-0042")
    assert code == 0 and "Dismissed" in out
    code, out, _err = run_cli(capsys, clash, "duplicates", "codes")
    assert code == 0 and "No participant code was given to two different people." in out
    code, out, _err = run_cli(capsys, clash, "status", "--json")
    assert json.loads(out)["code_clashes"] == 0


def test_dismissing_an_unknown_code_says_so(
    clash: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A code with nothing to decide is an error a person can read, not a traceback."""
    code, out, err = run_cli(capsys, clash, "duplicates", "codes", "--dismiss", "LT-9999")
    assert code != 0 and "LT-9999" in err and "Traceback" not in err


def test_codes_are_decided_on_the_coordinators_computer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a branch computer the command refuses, saying where it is done."""
    region = make_region(tmp_path, branches=1)
    region.close()
    code, _out, err = run_cli(capsys, tmp_path / "b0", "duplicates", "codes")
    assert code != 0 and "coordinator" in err


def test_an_empty_code_to_dismiss_is_refused_not_listed(
    clash: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--dismiss ""`` decides nothing and says so (it used to list and exit 0)."""
    code, out, err = run_cli(capsys, clash, "duplicates", "codes", "--dismiss", "")
    assert code != 0
    assert "waits for a decision" in out + err


def test_sync_in_the_terminal_names_the_command_and_a_decision_is_sent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``libtrainer sync`` on the coordinator's computer announces the clash with the command
    to run; ``--different`` then makes a synced decision, sent with the next sync."""
    region = make_region(tmp_path, branches=2)
    try:
        for branch, (given, year) in zip(region.branches, [("Jonas", 1950), ("Ona", 1962)]):
            with branch.uow() as uow:
                participants.create_participant(
                    uow, given, "Petraitė", code="LT-0042", birth_year=year
                )
            publish.publish(branch, region.share(branch))
    finally:
        region.close()
    data, root = tmp_path / "coord", str(tmp_path / "share")
    code, out, _err = run_cli(capsys, data, "sync", root)
    assert code == 0
    assert "1 participant code was given to two different people" in out
    assert "(libtrainer duplicates codes)" in out and "tab “" not in out
    code, out, _err = run_cli(capsys, data, "duplicates", "codes", "--different", "LT-0042")
    assert code == 0
    code, out, _err = run_cli(capsys, data, "sync", root, "--json")
    assert json.loads(out)["published"]["changes"] == 1
