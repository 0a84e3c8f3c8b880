"""``libtrainer duplicates sessions``: list sessions entered twice, merge them, keep them apart."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from libtrainer.services import attendance, sessions, storefile, twice
from libtrainer.store.models import TrainingSession
from tests.conftest import make_store
from tests.services.support import DAY, build_world

from .clikit import run_cli


@pytest.fixture
def doubled(data_dir: Path) -> tuple[Path, str, str, list[str]]:
    """A coordinator's store with one group session entered twice (10:00 and 10:15)."""
    store = make_store(data_dir, role="coordinator")
    try:
        world = build_world(store, people=3)
        with store.uow() as uow:
            sessions.edit_session(uow, world.session_id, start_time=dt.time(10, 0))
        with store.uow() as uow:
            other = sessions.plan_session(
                uow, DAY, 4, group_id=world.group_id, start_time=dt.time(10, 15)
            ).first("training_session")
        a, b, c = world.people
        with store.uow() as uow:
            attendance.record_attendance(uow, world.session_id, {a: "present"})
        with store.uow() as uow:
            attendance.record_attendance(uow, other, {a: "present", b: "present", c: "absent"})
    finally:
        store.close()
    return data_dir, world.session_id, other, world.people


def live_sessions(data: Path) -> set[str]:
    store = storefile.open_store(data)
    try:
        with store.read() as conn:
            return {p for pair in twice.find(conn).pairs for p in (pair.first.id, pair.second.id)}
    finally:
        store.close()


def test_list_then_merge_by_the_start_of_the_ids(
    doubled: tuple[Path, str, str, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    """The pair is listed (JSON and text, with the suggestion), then merged: the marks move."""
    data, first, second, people = doubled
    code, out, _err = run_cli(capsys, data, "duplicates", "sessions", "--json")
    assert code == 0
    (pair,) = json.loads(out)["pairs"]
    assert {s["id"] for s in pair["sessions"]} == {first, second}
    assert pair["shared"] == 1 and pair["suggested_keep"] == second
    one = next(s for s in pair["sessions"] if s["id"] == first)
    assert (one["start_time"], one["marks"], one["device"]) == ("10:00", 1, "Skaitykla PC-1")
    code, out, _err = run_cli(capsys, data, "duplicates", "sessions")
    assert code == 0 and "1 pair of sessions may be one session entered twice" in out
    assert "b) 10:15, 4 acad. h" in out and "3 marks (2 present)" in out and f"[{first}]" in out
    keep = second[:-4]  # the start of an id that is unique
    code, out, err = run_cli(capsys, data, "duplicates", "sessions", "--merge", keep, first)
    assert (code, err) == (0, "") and "reports count one session" in out
    assert "0 marks were recorded" in out  # the one mark at ``first`` was there already
    assert live_sessions(data) == set()
    store = storefile.open_store(data)
    try:
        with store.uow() as uow:
            marks = {m.participant_id for m in attendance.marks_of_session(uow, second)}
            assert marks == set(people)
            assert uow.session.get(TrainingSession, first) is None
    finally:
        store.close()


def test_different_hides_the_pair_and_a_bad_reference_is_explained(
    doubled: tuple[Path, str, str, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    """ "--different" is remembered; an ambiguous start, an unknown id and a merge across
    days are refused with a message in the user's language."""
    data, first, second, _people = doubled
    code, out, err = run_cli(capsys, data, "duplicates", "sessions", "--merge", first[:4], second)
    assert code != 0 and "matches several sessions" in err
    code, out, err = run_cli(capsys, data, "duplicates", "sessions", "--different", "zz%", second)
    assert code != 0 and "No session “zz%” was found." in err
    code, out, _err = run_cli(capsys, data, "duplicates", "sessions", "--different", first, second)
    assert code == 0 and "different sessions" in out
    code, out, _err = run_cli(capsys, data, "duplicates", "sessions", "--json")
    assert json.loads(out) == {"pairs": [], "more": False}
    code, out, _err = run_cli(capsys, data, "duplicates", "sessions")
    assert "No sessions look like one session entered twice." in out


def test_only_a_coordinators_computer_decides(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A branch PC lacks the other devices' sessions: the command refuses there."""
    make_store(data_dir).close()
    code, _out, err = run_cli(capsys, data_dir, "duplicates", "sessions")
    assert code != 0 and "coordinator's computer" in err
