"""The Duplicates screen: a coordinator compares look-alike records and decides, by the widgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from libtrainer.services import duplicates, participants
from tests.conftest import make_store
from tests.gui.conftest import (
    WAIT_MS,
    add_account,
    fill_branch,
    idle,
    open_store,
    open_window,
    sign_in,
)
from tests.gui.test_accessibility import _unnamed

from libtrainer.gui import app as gui_app


@pytest.fixture
def twins(tmp_path: Path) -> tuple[Path, str, str]:
    """A coordinator's store with the branch's records plus a second record of Šarūnas
    Žemaitis typed without diacritics."""
    store = make_store(tmp_path / "data", role="coordinator")
    try:
        branch = fill_branch(store)
        with store.uow() as uow:
            other = participants.create_participant(uow, "Sarunas", "Zemaitis", birth_year=1957)
        add_account(store, "vida", "librarian")
    finally:
        store.close()
    return branch.data_dir, branch.people["Šarūnas Žemaitis"], other.first("participant")


def _persons(data_dir: Path) -> dict[str, str]:
    store = open_store(data_dir)
    try:
        with store.uow() as uow:
            return duplicates.persons(uow)
    finally:
        store.close()


def _screen(data_dir: Path, make_state: Any, qtbot: Any) -> Any:
    win = open_window(data_dir, make_state, qtbot)
    screen = win.go("duplicates")
    qtbot.waitUntil(lambda: screen.pairs.rowCount() == 1, timeout=WAIT_MS)
    idle(qtbot, win)
    return win, screen


def test_same_person_then_separate(
    twins: tuple[Path, str, str], make_state: Any, qtbot: Any
) -> None:
    """Both records are shown side by side; "Same person" keeps the chosen record's details;
    the pair moves to Confirmed, and "Separate" brings it back."""
    data_dir, enrolled, typed = twins
    win, screen = _screen(data_dir, make_state, qtbot)
    assert _unnamed(screen) == []
    shown = screen.first.details.text() + screen.second.details.text()
    assert "Šarūnas Žemaitis" in shown and "Sarunas Zemaitis" in shown
    kept_box = screen.first if screen.pair().first.id == enrolled else screen.second
    kept_box.keep.click()
    screen.refresh()  # another screen's change: the choice of whose details count stays
    idle(qtbot, win)
    assert kept_box.keep.isChecked()
    qtbot.mouseClick(screen.same_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "one person" in screen.banner.text(), timeout=WAIT_MS)
    assert not screen.same_button.isEnabled(), "nothing to act on until the lists are read"
    qtbot.waitUntil(lambda: screen.confirmed.rowCount() == 1, timeout=WAIT_MS)
    idle(qtbot, win)
    assert screen.pairs.rowCount() == 0 and not screen.same_button.isEnabled()
    assert _persons(data_dir) == {typed: enrolled}
    screen.tabs.setCurrentIndex(1)
    screen.confirmed_view.setCurrentIndex(screen.confirmed.index(0, 0))
    qtbot.mouseClick(screen.separate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.pairs.rowCount() == 1, timeout=WAIT_MS)
    idle(qtbot, win)
    assert _persons(data_dir) == {} and screen.confirmed.rowCount() == 0


def test_not_the_same_person_is_not_offered_again(
    twins: tuple[Path, str, str], make_state: Any, qtbot: Any
) -> None:
    """ "Not the same person" empties the list, also after the screen is read again."""
    data_dir, _enrolled, _typed = twins
    win, screen = _screen(data_dir, make_state, qtbot)
    qtbot.mouseClick(screen.different_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.pairs.rowCount() == 0, timeout=WAIT_MS)
    screen.refresh()
    idle(qtbot, win)
    assert screen.pairs.rowCount() == 0 and _persons(data_dir) == {}


def test_an_administrator_on_a_branch_pc_does_not_get_the_screen(window: Any) -> None:
    """A branch PC lacks the other branches' records and decisions: no Duplicates screen."""
    assert "duplicates" not in window.workspace.screen_keys()
    assert window.go("duplicates") is None


def test_librarians_do_not_get_the_screen(
    twins: tuple[Path, str, str], make_state: Any, qtbot: Any
) -> None:
    """Deciding who is who is the coordinator's: a librarian has no Duplicates screen."""
    data_dir, _enrolled, _typed = twins
    win = gui_app.launch(make_state(data_dir))
    sign_in(qtbot, win, login="vida")
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)
    assert "duplicates" not in win.workspace.screen_keys()
    assert win.go("duplicates") is None


def test_after_a_decision_the_next_pair_is_chosen_and_keeps_the_focus(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """Deciding the third of five pairs leaves the cursor on the pair that came up in its
    place (not back at the top), with the keyboard focus in the list."""
    store = make_store(tmp_path / "data", role="coordinator")
    try:
        for family in ("Adomaitis", "Butkus", "Čepas", "Dainius", "Eidukas"):
            for given in (f"Jonas {family}", f"JONAS {family.upper()}"):
                with store.uow() as uow:
                    participants.create_participant(
                        uow, given.split()[0], given.split()[1], birth_year=1960
                    )
    finally:
        store.close()
    store = open_store(tmp_path / "data")
    try:
        add_account(store)
    finally:
        store.close()
    win = open_window(tmp_path / "data", make_state, qtbot)
    screen = win.go("duplicates")
    qtbot.waitUntil(lambda: screen.pairs.rowCount() == 5, timeout=WAIT_MS)
    idle(qtbot, win)
    screen.pair_view.setCurrentIndex(screen.pairs.index(2, 0))
    third = screen.pair()
    qtbot.mouseClick(screen.different_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.pairs.rowCount() == 4, timeout=WAIT_MS)
    idle(qtbot, win)
    assert screen.pair_view.currentIndex().row() == 2
    assert screen.pair() is not None and screen.pair().first.id != third.first.id
    assert screen.pair_view.hasFocus() or QApplication.focusWidget() is screen.pair_view


@pytest.fixture
def code_clashes(tmp_path: Path) -> Path:
    """A coordinator's data folder after two branches gave LT-0042 and LT-0043 each to two
    different people (merged through a share folder)."""
    from libtrainer.sync import publish  # noqa: PLC0415
    from libtrainer.sync.session import synchronise  # noqa: PLC0415
    from tests.sync.regionkit import make_region  # noqa: PLC0415

    region = make_region(tmp_path, branches=2)
    try:
        people = [
            [("LT-0042", "Jonas", "Petraitis", 1950), ("LT-0043", "Aldona", "Vaitkienė", 1948)],
            [("LT-0042", "Ona", "Kazlauskienė", 1962), ("LT-0043", "Aldona", "Vaitkutė", 1948)],
        ]
        for branch, theirs in zip(region.branches, people):
            for code, given, family, year in theirs:
                with branch.uow() as uow:
                    participants.create_participant(uow, given, family, code=code, birth_year=year)
            publish.publish(branch, region.share(branch))
        synchronise(region.coordinator, region.root)
        add_account(region.coordinator)
    finally:
        region.close()
    return tmp_path / "coord"


def _codes_tab(data_dir: Path, make_state: Any, qtbot: Any) -> Any:
    win = open_window(data_dir, make_state, qtbot)
    screen = win.go("duplicates")
    qtbot.waitUntil(lambda: screen.codes.model.rowCount() == 2, timeout=WAIT_MS)
    idle(qtbot, win)
    screen.tabs.setCurrentIndex(2)
    return win, screen


def _statuses(data_dir: Path) -> dict[str, str]:
    """Each code's decision in effect (the synced decision, else the note's own)."""
    from sqlalchemy import select  # noqa: PLC0415

    from libtrainer.store import codeclash  # noqa: PLC0415
    from libtrainer.store.models import CodeClash  # noqa: PLC0415

    store = open_store(data_dir)
    try:
        with store.read() as conn:
            status = codeclash.statuses(conn)
            notes = conn.execute(select(CodeClash.participant_id, CodeClash.device, CodeClash.code))
            return {code: status[(pid, device)] for pid, device, code in notes}
    finally:
        store.close()


def _deciders(data_dir: Path) -> set[tuple[str, str | None]]:
    """(decision, the staff member who made it) of every synced decision, and whether each
    one was captured to be sent."""
    from sqlalchemy import select  # noqa: PLC0415

    from libtrainer.store.models import Outbox, ParticipantCodeDecision, Staff  # noqa: PLC0415

    store = open_store(data_dir)
    try:
        with store.read() as conn:
            d = ParticipantCodeDecision
            rows = conn.execute(
                select(d.id, d.decision, Staff.family_name).outerjoin(
                    Staff, Staff.id == d.decided_by
                )
            ).all()
            sent = set(
                conn.execute(
                    select(Outbox.row_id).where(Outbox.tbl == "participant_code_decision")
                ).scalars()
            )
            assert {row.id for row in rows} <= sent
            return {(row.decision, row.family_name) for row in rows}
    finally:
        store.close()


def test_codes_given_to_two_people_are_shown_with_both_versions(
    code_clashes: Path, make_state: Any, qtbot: Any
) -> None:
    """The tab counts the codes and shows, for the chosen one, both people, their branches
    and computers, and what the branch must do."""
    win, screen = _codes_tab(code_clashes, make_state, qtbot)
    assert screen.tabs.tabText(2) == "One code, different people? (2)"
    assert _unnamed(screen) == []
    tab = screen.codes
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    shown = tab.details.text()
    assert "LT-0042" in shown
    assert "Jonas Petraitis, 1950 — Padalinys Nr. 0, computer “PC-0”" in shown
    assert "Ona Kazlauskienė, 1962 — Padalinys Nr. 1, computer “PC-1”" in shown
    assert "must not delete" in tab.advice.text()
    assert "(Change the code)" in tab.advice.text()
    assert tab.same_button.isEnabled() and tab.different_button.isEnabled()
    assert not tab.remove_button.isEnabled()


def test_same_person_and_different_people_are_remembered(
    code_clashes: Path, make_state: Any, qtbot: Any
) -> None:
    """ "Same person" removes the code from the list; "Different people" keeps it, marked as
    waiting for the branch, until "Remove from the list". Each is a synced decision, made by
    the signed-in coordinator."""
    win, screen = _codes_tab(code_clashes, make_state, qtbot)
    tab = screen.codes
    tab.view.setCurrentIndex(tab.model.index(1, 0))  # LT-0043: Vaitkienė / Vaitkutė
    qtbot.mouseClick(tab.same_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=WAIT_MS)
    idle(qtbot, win)
    assert _statuses(code_clashes) == {"LT-0042": "open", "LT-0043": "dismissed"}
    assert tab.chosen() is not None and tab.chosen().code == "LT-0042"
    qtbot.mouseClick(tab.different_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "different people" in screen.banner.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=WAIT_MS)
    idle(qtbot, win)
    assert "waits for the branch" in tab.model.data(tab.model.index(0, 3))
    assert tab.remove_button.isEnabled() and not tab.different_button.isEnabled()
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=WAIT_MS)
    idle(qtbot, win)
    assert screen.tabs.tabText(2) == "One code, different people?"
    assert _statuses(code_clashes) == {"LT-0042": "dismissed", "LT-0043": "dismissed"}
    assert _deciders(code_clashes) == {("dismissed", "Žukauskienė")}
