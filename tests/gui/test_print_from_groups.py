"""Sign-in sheets and certificates from the Groups screen: a PDF saved off the GUI thread and
opened to print; a group nobody completed says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from libtrainer.services import groups
from tests.gui.conftest import WAIT_MS, idle, open_store

from libtrainer.gui.screens import groups as groups_screen


def _screen(window: Any, qtbot: Any, monkeypatch: Any, opened: list[Path]) -> Any:
    monkeypatch.setattr(groups_screen, "open_document", opened.append)
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_id() is not None, timeout=WAIT_MS)
    idle(qtbot, window)
    return screen


def test_the_sign_in_sheet_is_saved_and_opened(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """The selected session's sheet becomes a PDF (".pdf" added) and is opened to print."""
    opened: list[Path] = []
    screen = _screen(window, qtbot, monkeypatch, opened)
    assert screen.print_sheet.isEnabled()
    screen.print_sign_in(str(tmp_path / "lapas"))
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)
    assert opened == [tmp_path / "lapas.pdf"]
    assert opened[0].read_bytes().startswith(b"%PDF")
    assert "lapas.pdf" in screen.banner.text()


def test_certificates_need_people_who_completed(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """Before anyone completed: a clear message, no file; after finishing the group: the PDF."""
    opened: list[Path] = []
    screen = _screen(window, qtbot, monkeypatch, opened)
    screen.print_certificates_of(str(tmp_path / "early.pdf"))
    qtbot.waitUntil(lambda: "Nobody" in screen.banner.text(), timeout=WAIT_MS)
    assert not (tmp_path / "early.pdf").exists() and opened == []
    store = open_store(window.state.data_dir)
    try:
        with store.uow() as uow:
            groups.finish_group(uow, window.branch.group_id)
    finally:
        store.close()
    screen.print_certificates_of(str(tmp_path / "pazymejimai.pdf"))
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)
    assert opened[0].read_bytes().startswith(b"%PDF")


def test_a_place_that_cannot_be_written_gets_a_clear_message(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """A folder chosen as the file (or a PDF still open on Windows): the banner names the
    path and what to do, in the person's language; nothing is opened."""
    opened: list[Path] = []
    screen = _screen(window, qtbot, monkeypatch, opened)
    (tmp_path / "taken.pdf").mkdir()
    screen.print_sign_in(str(tmp_path / "taken.pdf"))
    qtbot.waitUntil(lambda: "could not be saved" in screen.banner.text(), timeout=WAIT_MS)
    assert "taken.pdf" in screen.banner.text() and "Something went wrong" not in (
        screen.banner.text()
    )
    assert opened == []
