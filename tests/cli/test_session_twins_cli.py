"""``libtrainer duplicates sessions``: list sessions entered twice, decide same / not the same /
separate by (the ends of) their ids, refuse what cannot be one session."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from libtrainer.services import attendance, groups, sessions
from tests.conftest import make_store
from tests.services.support import DAY, build_world

from .clikit import run_cli


@pytest.fixture
def pair(data_dir: Path) -> tuple[Path, str, str, str]:
    """A coordinator's store: a session at 9:00 and a copy in another group at 10:00 (both
    with the same people), and one at 14:00 that overlaps neither."""
    store = make_store(data_dir, role="coordinator")
    try:
        world = build_world(store, people=2)
        with store.uow() as uow:
            sessions.edit_session(uow, world.session_id, start_time=dt.time(9, 0))
        with store.uow() as uow:
            copy_group = groups.create_group(uow, world.programme_id, "Kopija").first(
                "training_group"
            )
        ids = []
        for start in (dt.time(10, 0), dt.time(14, 0)):
            with store.uow() as uow:
                ids.append(
                    sessions.plan_session(uow, DAY, 1, group_id=copy_group, start_time=start).first(
                        "training_session"
                    )
                )
        for sid in (world.session_id, ids[0]):
            with store.uow() as uow:
                attendance.record_attendance(uow, sid, dict.fromkeys(world.people, "present"))
    finally:
        store.close()
    return data_dir, world.session_id, ids[0], ids[1]


def listed(capsys: pytest.CaptureFixture[str], data: Path) -> dict[str, object]:
    code, out, _err = run_cli(capsys, data, "duplicates", "sessions", "--json")
    assert code == 0
    return json.loads(out)  # type: ignore[no-any-return]


def test_list_same_separate_and_not_same(
    pair: tuple[Path, str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The overlapping pair is listed with its shared people; "--same" by the ends of the ids
    moves it to "counted as one"; "--separate" lists it again; "--not-same" hides it."""
    data, a, b, _late = pair
    doc = listed(capsys, data)
    (found,) = doc["pairs"]  # type: ignore[misc]
    assert {found["first"]["id"], found["second"]["id"]} == {a, b} and found["shared"] == 2
    code, out, _err = run_cli(capsys, data, "duplicates", "sessions", lang="lt")
    assert code == 0 and "09:00–12:00" in out
    code, out, err = run_cli(capsys, data, "duplicates", "sessions", "--same", a[-8:], b[-8:])
    assert (code, err) == (0, "") and "count as one session" in out
    doc = listed(capsys, data)
    assert doc["pairs"] == [] and len(doc["counted_as_one"]) == 1  # type: ignore[arg-type]
    code, out, _err = run_cli(capsys, data, "duplicates", "sessions", "--separate", b, a)
    assert code == 0 and "count as two again" in out
    assert len(listed(capsys, data)["pairs"]) == 1  # type: ignore[arg-type]
    code, out, _err = run_cli(capsys, data, "duplicates", "sessions", "--not-same", a, b)
    assert code == 0 and "will not be offered again" in out
    assert listed(capsys, data) == {"pairs": [], "more": False, "counted_as_one": []}


def test_sessions_that_do_not_overlap_are_refused_in_one_line(
    pair: tuple[Path, str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """9:00–12:00 and 14:00–14:45: exit 2, one line naming both times, nothing decided."""
    data, a, _b, late = pair
    code, out, err = run_cli(capsys, data, "duplicates", "sessions", "--same", a, late)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "do not overlap" in err and "09:00–12:00" in err and "14:00–14:45" in err
    assert listed(capsys, data)["counted_as_one"] == []


def test_an_unknown_session_is_named(
    pair: tuple[Path, str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A reference that names no session: exit 2 and the reference in the message."""
    data, a, _b, _late = pair
    code, _out, err = run_cli(capsys, data, "duplicates", "sessions", "--same", a, "nothing-here")
    assert code == 2 and "nothing-here" in err


def test_a_branch_computer_refuses(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Sessions entered twice are decided on the coordinator's computer only."""
    make_store(data_dir).close()
    code, out, err = run_cli(capsys, data_dir, "duplicates", "sessions")
    assert code == 2 and out == "" and "coordinator" in err
