"""“Copy of their data…” on the participant form (decision 0410): the PDF in a chosen
language or the JSON file, asked where to save (first in Documents, no name in the file
name), written off the GUI thread, with a clear message when the place cannot be written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog

from tests.gui.conftest import WAIT_MS, idle, open_window

from libtrainer.gui import printouts


def _open_person(window: Any, qtbot: Any, name: str = "Šarūnas Žemaitis") -> Any:
    screen = window.go("participants")
    qtbot.waitUntil(lambda: screen.index is not None, timeout=WAIT_MS)
    person = window.branch.people[name]
    screen.open(person)
    qtbot.waitUntil(lambda: screen.current_id == person, timeout=WAIT_MS)
    idle(qtbot, window)
    return screen


def test_the_button_is_on_the_consent_tab_for_a_saved_person(window: Any, qtbot: Any) -> None:
    """Off for a new person; on once a saved person is open; its menu offers the PDF in the
    three languages and the JSON file."""
    screen = window.go("participants")
    button = screen.form.copy_button
    assert not button.isHidden() and not button.isEnabled()
    screen = _open_person(window, qtbot)
    assert button.isEnabled()
    names = [a.objectName() for a in screen.data_copy.menu.actions()]
    assert names == ["dataCopyPdf_en", "dataCopyPdf_lt", "dataCopyPdf_lv", "dataCopyJson"]
    screen.form.setCurrentIndex(2)
    assert button.isVisible() and screen.form.copy_note.isVisible()


def test_the_json_copy_is_saved_where_chosen_starting_in_documents(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """The dialog starts in Documents under a name without the person's name; the file is
    written off the GUI thread and the banner says where and that it holds personal data."""
    screen = _open_person(window, qtbot)
    asked: list[str] = []
    target = tmp_path / "kopija"

    def dialog(parent: Any, title: str, suggested: str, kinds: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), kinds

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    action = next(a for a in screen.data_copy.menu.actions() if a.objectName() == "dataCopyJson")
    action.trigger()
    made = tmp_path / "kopija.json"
    qtbot.waitUntil(lambda: "is saved to" in screen.banner.text(), timeout=WAIT_MS)
    (suggested,) = asked
    assert Path(suggested).parent == printouts.documents()
    assert "Žemaitis" not in suggested and "Zemaitis" not in suggested
    assert str(made) in screen.banner.text() and "personal data" in screen.banner.text()
    data = json.loads(made.read_text(encoding="utf-8"))
    assert data["records"][0]["details"]["family_name"] == "Žemaitis"
    assert not printouts.folder(window.state.data_dir).exists()  # nothing among printouts


def test_a_pdf_in_latvian_from_a_lithuanian_window(window: Any, qtbot: Any, tmp_path: Path) -> None:
    """The window in Lithuanian, the resident reads Latvian: the PDF is made in Latvian."""
    window.set_language("lt")
    screen = _open_person(window, qtbot)
    screen.data_copy.ask("pdf", "lv", str(tmp_path / "dati"))
    made = tmp_path / "dati.pdf"
    qtbot.waitUntil(lambda: made.exists(), timeout=WAIT_MS)
    idle(qtbot, window)
    assert made.read_bytes().startswith(b"%PDF")
    assert "dati.pdf" in screen.banner.text()


def test_a_place_that_cannot_be_written_gets_a_clear_message(
    window: Any, qtbot: Any, tmp_path: Path
) -> None:
    """A folder chosen as the file: the banner names it and what to do; nothing is left."""
    screen = _open_person(window, qtbot)
    (tmp_path / "taken.pdf").mkdir()
    screen.data_copy.ask("pdf", "en", str(tmp_path / "taken.pdf"))
    qtbot.waitUntil(lambda: "could not be saved" in screen.banner.text(), timeout=WAIT_MS)
    assert "taken.pdf" in screen.banner.text()
    assert "Something went wrong" not in screen.banner.text()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith("part")) == []


def test_unsaved_changes_are_said_not_to_be_in_the_copy(
    window: Any, qtbot: Any, tmp_path: Path
) -> None:
    """The copy holds what is saved: with changes typed in the form, the banner says so."""
    screen = _open_person(window, qtbot)
    screen.form.phone.setText("+37060000000")
    screen.data_copy.ask("json", "en", str(tmp_path / "c.json"))
    qtbot.waitUntil(lambda: "is saved to" in screen.banner.text(), timeout=WAIT_MS)
    assert "not saved in the form are not in it" in screen.banner.text()
    assert "+37060000000" not in (tmp_path / "c.json").read_text(encoding="utf-8")


def test_a_lecturer_does_not_get_the_button(window: Any, make_state: Any, qtbot: Any) -> None:
    """A lecturer's sign-in: neither the button nor its note (decision 0515's roles)."""
    window.close()
    lecturer = open_window(window.branch.data_dir, make_state, qtbot, login="jonas")
    screen = lecturer.go("participants")
    screen.form.setCurrentIndex(2)
    assert screen.form.copy_button.isHidden() and screen.form.copy_note.isHidden()
