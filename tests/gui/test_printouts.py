"""Printouts leave nothing behind on a public PC: made in the private printouts folder of the
data folder, opened to print, deleted at the lock, at close and at the next start; “Save a
copy…” keeps one where the person chooses (decision 0521)."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog

from tests.gui.conftest import WAIT_MS, idle

from libtrainer.gui import app as gui_app
from libtrainer.gui import printouts
from libtrainer.gui.screens import groups as groups_screen

#: a name as the app gives one, of an earlier run
EARLIER = "sign-in-sheet-2020-01-02-0123456789ab.pdf"


def _groups(window: Any, qtbot: Any, monkeypatch: Any, opened: list[Path]) -> Any:
    """The Groups screen, a session chosen; documents are "opened" into ``opened``; a save
    dialog fails the test (printing asks nothing)."""
    monkeypatch.setattr(groups_screen, "open_document", opened.append)

    def no_dialog(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("printing asked where to save")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(no_dialog))
    screen = window.go("groups")
    qtbot.waitUntil(lambda: screen.session_id() is not None, timeout=WAIT_MS)
    idle(qtbot, window)
    return screen


def _print(screen: Any, qtbot: Any, opened: list[Path]) -> Path:
    count = len(opened)
    screen.print_sign_in()
    qtbot.waitUntil(lambda: len(opened) > count, timeout=WAIT_MS)
    return opened[-1]


def test_printing_writes_to_the_private_printouts_folder_without_asking(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """The sheet is made in <data>/printouts (not the home folder), opened, and the banner
    says it is deleted at the lock; “Save a copy…” is offered."""
    opened: list[Path] = []
    screen = _groups(window, qtbot, monkeypatch, opened)
    printed = _print(screen, qtbot, opened)
    assert printed.parent == printouts.folder(window.state.data_dir)
    assert printed.read_bytes().startswith(b"%PDF")
    assert not any(Path.home().glob("*.pdf"))
    assert "printouts folder" in screen.banner.text() and "locked" in screen.banner.text()
    assert screen.save_copy.isVisible()
    if os.name == "posix":
        assert stat.S_IMODE(printed.parent.stat().st_mode) == 0o700


def test_printouts_are_deleted_at_the_lock_and_only_they(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """Locking deletes the printouts; a file the app did not make there stays."""
    opened: list[Path] = []
    screen = _groups(window, qtbot, monkeypatch, opened)
    printed = _print(screen, qtbot, opened)
    other = printed.parent / "notes.pdf"
    other.write_bytes(b"kept")
    window.lock()
    qtbot.waitUntil(lambda: window.workspace is None, timeout=WAIT_MS)
    assert not printed.exists()
    assert other.read_bytes() == b"kept"


def test_printouts_are_deleted_at_close(window: Any, qtbot: Any, monkeypatch: Any) -> None:
    """Closing the window deletes the printouts made in this session."""
    opened: list[Path] = []
    screen = _groups(window, qtbot, monkeypatch, opened)
    printed = _print(screen, qtbot, opened)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert not printed.exists()


def test_printouts_of_an_earlier_run_are_deleted_at_start(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """A printout the last run could not delete (and its half-written part) goes at start."""
    folder = printouts.folder(branch.data_dir)
    folder.mkdir()
    (folder / EARLIER).write_bytes(b"%PDF")
    (folder / f".{EARLIER}.part").write_bytes(b"%PD")
    window = gui_app.launch(make_state(branch.data_dir))
    qtbot.waitUntil(lambda: window.sign_in_ready, timeout=WAIT_MS)
    assert list(folder.iterdir()) == []


def test_a_printout_held_open_is_deleted_the_next_time_silently(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """A file a viewer holds open (Windows) is left at the lock without a word, and deleted
    at close."""
    opened: list[Path] = []
    screen = _groups(window, qtbot, monkeypatch, opened)
    printed = _print(screen, qtbot, opened)
    real_unlink = os.unlink

    def held(path: Any, *args: Any, **kwargs: Any) -> None:
        if Path(path) == printed:
            raise PermissionError(13, "The process cannot access the file")
        real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(printouts.os, "unlink", held)
    window.lock()
    qtbot.waitUntil(lambda: window.workspace is None, timeout=WAIT_MS)
    assert printed.exists()
    assert window.sign_in.message.text() == "Locked. Sign in again to continue."
    monkeypatch.setattr(printouts.os, "unlink", real_unlink)
    window.close()
    assert not printed.exists()


def test_save_a_copy_keeps_the_printout_where_the_person_chooses(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """“Save a copy…” asks where (Documents first, never the printouts folder); the copy
    stays after the lock, the printout does not."""
    opened: list[Path] = []
    screen = _groups(window, qtbot, monkeypatch, opened)
    printed = _print(screen, qtbot, opened)
    suggested: list[str] = []
    target = tmp_path / "kept" / "lapas"
    target.parent.mkdir()

    def save(_parent: Any, _caption: str, default: str, _filters: str) -> tuple[str, str]:
        suggested.append(default)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    screen.save_copy.click()
    qtbot.waitUntil(lambda: "A copy is saved" in screen.banner.text(), timeout=WAIT_MS)
    kept = tmp_path / "kept" / "lapas.pdf"
    assert kept.read_bytes() == printed.read_bytes()
    assert Path(suggested[0]).parent == printouts.documents()
    assert Path(suggested[0]).name == f"sign-in-sheet-{dt.date.today().isoformat()}.pdf"
    window.lock()
    qtbot.waitUntil(lambda: window.workspace is None, timeout=WAIT_MS)
    assert kept.exists() and not printed.exists()


@pytest.mark.skipif(os.name == "nt", reason="making a link needs privileges on Windows")
def test_a_printouts_folder_that_is_a_link_is_neither_used_nor_cleaned(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """<data>/printouts pointing elsewhere: printing refuses with a clear message, and the
    lock deletes nothing through the link, nor through a link inside a real folder."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / EARLIER).write_bytes(b"%PDF")
    folder = printouts.folder(window.state.data_dir)
    folder.symlink_to(elsewhere, target_is_directory=True)
    opened: list[Path] = []
    screen = _groups(window, qtbot, monkeypatch, opened)
    screen.print_sign_in()
    qtbot.waitUntil(lambda: "not a plain folder" in screen.banner.text(), timeout=WAIT_MS)
    assert opened == []
    window.lock()
    qtbot.waitUntil(lambda: window.workspace is None, timeout=WAIT_MS)
    assert (elsewhere / EARLIER).exists()
    folder.unlink()
    folder.mkdir()
    link = folder / "sign-in-sheet-2020-01-02-ba9876543210.pdf"
    link.symlink_to(elsewhere / EARLIER)
    printouts.clean(window.state.data_dir)
    assert link.is_symlink() and (elsewhere / EARLIER).exists()
