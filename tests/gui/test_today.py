"""Today screen: today's figures and sessions; Enter on a session takes attendance."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from libtrainer.services import groups, org, participants, programmes, sessions
from tests.conftest import make_store
from tests.gui.conftest import WAIT_MS, add_account, fill_branch, idle, open_window


def test_today_lists_the_session_and_opens_its_attendance(window: Any, qtbot: Any) -> None:
    """The session planned for today is listed; activating it opens its attendance sheet."""
    screen = window.go("today")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=WAIT_MS)
    assert screen.figures["sessions"].text() == "1"
    assert screen.figures["participants"].text() == "3"
    assert screen.model.index(0, 2).data() == "Senjorų grupė"
    header = screen.model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    assert header == "Group or topic"
    assert screen.model.columnCount() == len(screen.model._rows[0][1])
    screen.sessions.setFocus()
    screen.sessions.setCurrentIndex(screen.model.index(0, 0))
    qtbot.keyClick(screen.sessions, Qt.Key.Key_Return)
    groups = window.current_screen()
    assert groups.key == "groups"
    qtbot.waitUntil(
        lambda: groups.dialog is not None and groups.dialog.model.rowCount() == 3, timeout=WAIT_MS
    )


@pytest.mark.parametrize(
    ("country", "library"), [("LV", "a Latvian library"), ("LT", "a Lithuanian library")]
)
def test_a_demo_store_says_which_demo_it_is(
    tmp_path: Path, make_state: Any, qtbot: Any, country: str, library: str
) -> None:
    """The demo banner names the demo's country (demo --start follows the computer's
    language, so the person learns which one they got)."""
    from libtrainer.services import setup, storefile

    data = tmp_path / "demo"
    store = storefile.create(data, demo=True)
    try:
        setup.initialise(
            store,
            region="Vidzemes reģions",
            library="Cēsu Centrālā bibliotēka",
            branch="Priekuļu pagasta bibliotēka",
            device_name="Demo PC",
            role="branch",
            country=country,
        )
        add_account(store)
    finally:
        store.close()
    window = open_window(data, make_state, qtbot)
    screen = window.go("today")
    qtbot.waitUntil(lambda: bool(screen.demo.text()), timeout=WAIT_MS)
    assert f"This is a demonstration store of {library}" in screen.demo.text()


def test_the_demos_language_option_is_the_windows_choice(tmp_path: Path, qapp: Any) -> None:
    """`demo --start --language lv` (applied by the CLI) wins over the language saved in the
    window's settings, as --lang does; without it the saved choice wins."""
    from libtrainer.i18n import set_language

    from libtrainer.gui.app import choose_language
    from libtrainer.gui.settings import GuiSettings

    settings = GuiSettings(tmp_path / "settings.ini")
    settings.language = "en"
    set_language("lv")
    try:
        assert choose_language(settings, ["demo", "--start", "--language", "lv"]) == "lv"
        assert choose_language(settings, ["demo", "--start", "--language=lv"]) == "lv"
        assert choose_language(settings, ["--lang", "lv", "demo", "--start"]) == "lv"
        assert choose_language(settings, ["demo", "--start"]) == "en"
    finally:
        set_language("en")


OTHER = "Šeštokų padalinys"


@pytest.fixture
def region(tmp_path: Path) -> tuple[Path, str]:
    """A coordinator's store: its own branch's session today with three people (fill_branch),
    and another branch's session today with one. Returns (data folder, the other session)."""
    store = make_store(tmp_path / "data", role="coordinator")
    try:
        own = fill_branch(store)
        with store.uow() as uow:
            placed = org.ensure_branch(
                uow,
                region="Alytaus apskritis",
                library="Lazdijų r. savivaldybės viešoji biblioteka",
                branch=OTHER,
            )
        with store.uow() as uow:
            prog = programmes.list_programmes(uow)[0].id
        with store.uow() as uow:
            group = groups.create_group(
                uow, prog, "Užimtumo tarnybos grupė Nr. 4", branch_id=placed.branch_id
            ).first("training_group")
        with store.uow() as uow:
            person = participants.create_participant(
                uow, "Aldona", "Šeštokienė", birth_year=1958, branch_id=placed.branch_id
            ).first("participant")
        with store.uow() as uow:
            groups.enrol(uow, group, [person])
        with store.uow() as uow:
            other = sessions.plan_session(
                uow, dt.date.today(), 2, group_id=group, start_time=dt.time(9, 0)
            ).first("training_session")
        return own.data_dir, other
    finally:
        store.close()


def test_a_coordinator_sees_the_regions_day_with_each_sessions_branch(
    region: tuple[Path, str], make_state: Any, qtbot: Any
) -> None:
    """On a coordinator's computer the figures and the list cover every branch and say so;
    the list names each session's branch; another branch's session is not opened for
    attendance (that branch keeps it), the own branch's is."""
    data_dir, other = region
    window = open_window(data_dir, make_state, qtbot)
    screen = window.go("today")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=WAIT_MS)
    idle(qtbot, window)
    assert screen.figures["sessions"].text() == "2"
    assert screen.figures["participants"].text() == "4"
    assert "whole region" in screen.scope.text() and "Alytaus apskritis" in screen.scope.text()
    assert "every branch" in screen.sessions_label.text()
    header = screen.model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    assert header == "Branch"
    row = screen.model.row_of(other)
    assert screen.model.index(row, 2).data() == OTHER
    assert screen.model.index(1 - row, 2).data() == "Būdviečio padalinys"
    screen.sessions.setFocus()
    screen.sessions.setCurrentIndex(screen.model.index(row, 0))
    qtbot.keyClick(screen.sessions, Qt.Key.Key_Return)
    assert window.current_screen() is screen
    assert f"kept by {OTHER}" in screen.banner.text()
    screen.sessions.setCurrentIndex(screen.model.index(1 - row, 0))
    qtbot.keyClick(screen.sessions, Qt.Key.Key_Return)
    groups_screen = window.current_screen()
    assert groups_screen.key == "groups"
    qtbot.waitUntil(lambda: groups_screen.dialog is not None, timeout=WAIT_MS)
    idle(qtbot, window)


def test_a_branch_computer_says_its_figures_are_the_branchs(window: Any, qtbot: Any) -> None:
    """On a branch PC the line over the figures names the branch; no Branch column."""
    screen = window.go("today")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=WAIT_MS)
    assert screen.scope.text() == "Figures and sessions of Būdviečio padalinys."
    assert screen.model.columnCount() == 5
