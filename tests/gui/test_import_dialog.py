"""File ▸ Import register… and Save a blank register…: the dialog over ``import_register``."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from tests.gui.conftest import WAIT_MS, idle
from tests.services.register.support import counts, row, write_register

from libtrainer.gui import app as gui_app
from libtrainer.gui.operations import Operation


def _open(window: Any, qtbot: Any, monkeypatch: Any, register: Path) -> Any:
    """Choose ``register`` in the (patched) open dialog; wait for the check to end."""
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(register), ""))
    )
    window._actions["import_register"].trigger()
    dialog = window.import_dialog
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT_MS)
    idle(qtbot, window)
    return dialog


def _store_counts(window: Any, qtbot: Any) -> dict[str, int]:
    """Row counts read through the app's own store, on its reader thread."""
    found: list[dict[str, int]] = []
    Operation(None, lambda job: counts(job.store)).read_only().success(
        found.append
    ).run_in_background()
    qtbot.waitUntil(lambda: bool(found), timeout=WAIT_MS)
    return found[0]


def _bad_register(tmp_path: Path) -> Path:
    return write_register(
        tmp_path / "kovas.xlsx",
        [row(), row(given_name="Petras", family_name="Kairys", birth_year="labai seniai")],
    )


def test_a_clean_register_imports_and_tells_the_screens(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """A register without mistakes: Import writes its rows and the screens hear of it."""
    register = write_register(
        tmp_path / "kovas.csv", [row(), row(given_name="Petras", family_name="Kairys")]
    )
    before = _store_counts(window, qtbot)
    dialog = _open(window, qtbot, monkeypatch, register)
    assert dialog.import_button.isEnabled()
    assert not dialog.good_button.isVisible()
    assert dialog.errors.isHidden()
    assert "Groups (1): TAU 1" in dialog.summary.text()
    with qtbot.waitSignal(window.state.changed, timeout=WAIT_MS):
        dialog.import_button.click()
    assert dialog.result.written
    assert "Imported:" in dialog.summary.text()
    after = _store_counts(window, qtbot)
    assert after["attendance"] == before["attendance"] + 2
    assert after["participant"] == before["participant"] + 2


def test_the_check_is_a_dry_run_off_the_gui_thread(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """Opening a register runs import_register(dry_run=True) on a worker, never the GUI thread."""
    from libtrainer.services import register as service

    calls: list[tuple[str, bool]] = []
    real = service.import_register

    def spy(store: Any, path: Path, **options: Any) -> Any:
        calls.append((threading.current_thread().name, options["dry_run"]))
        return real(store, path, **options)

    monkeypatch.setattr(service, "import_register", spy)
    register = write_register(tmp_path / "kovas.xlsx", [row()])
    before = _store_counts(window, qtbot)
    dialog = _open(window, qtbot, monkeypatch, register)
    assert calls == [(calls[0][0], True)]
    assert calls[0][0] != threading.main_thread().name
    assert calls[0][0].startswith("libtrainer-")
    assert not dialog.result.written
    assert _store_counts(window, qtbot) == before


def test_a_bad_row_is_listed_and_import_is_disabled(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """A bad cell shows its row, column and reason; only the good rows can be imported."""
    dialog = _open(window, qtbot, monkeypatch, _bad_register(tmp_path))
    assert dialog.errors.rowCount() == 1
    cells = [dialog.errors.item(0, c).text() for c in range(3)]
    assert cells[0] == "3"
    assert cells[1] == dialog.result.errors[0].label
    assert cells[2] == dialog.result.errors[0].reason and cells[2]
    assert not dialog.import_button.isEnabled()
    assert dialog.good_button.isVisible() and dialog.good_button.isEnabled()
    assert "1 row has mistakes" in dialog.summary.text()


def test_import_the_good_rows_saves_the_rows_to_fix(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """The good rows are written; the bad one is saved where the person chose, to fix."""
    register = _bad_register(tmp_path)
    dialog = _open(window, qtbot, monkeypatch, register)
    before = _store_counts(window, qtbot)
    suggested: list[str] = []
    target = tmp_path / "taisyti.xlsx"

    def save(parent: Any, caption: str, default: str, filters: str) -> tuple[str, str]:
        suggested.append(default)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    with qtbot.waitSignal(window.state.changed, timeout=WAIT_MS):
        dialog.good_button.click()
    assert suggested == [str(tmp_path / "kovas-to-fix.xlsx")]
    assert dialog.result.written and dialog.result.bad_rows_file == target
    sheet = load_workbook(target).active
    assert sheet.max_row == 2 and sheet.cell(2, 13).value == "Petras"
    assert dialog.cancel.text() == "Close"
    assert _store_counts(window, qtbot)["attendance"] == before["attendance"] + 1


def test_rows_to_fix_of_a_register_loose_in_home_are_suggested_in_documents(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """A register in the home folder itself: the rows to fix (names) are suggested in
    Documents, not in the home folder's root; the open dialog starts in Documents too."""
    documents = Path.home() / "Documents"
    documents.mkdir(exist_ok=True)
    register = _bad_register(Path.home())
    started: list[str] = []

    def choose(_parent: Any, _caption: str, folder: str, _filters: str) -> tuple[str, str]:
        started.append(folder)
        return str(register), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))
    window._actions["import_register"].trigger()
    dialog = window.import_dialog
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT_MS)
    idle(qtbot, window)
    suggested: list[str] = []

    def save(_parent: Any, _caption: str, default: str, _filters: str) -> tuple[str, str]:
        suggested.append(default)
        return "", ""  # cancelled: nothing is imported

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    dialog.good_button.click()
    assert started == [str(documents)]
    assert suggested == [str(documents / "kovas-to-fix.xlsx")]
    assert not dialog.result.written


def test_save_a_blank_register_writes_an_xlsx(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """File ▸ Save a blank register writes the template (.xlsx added) and says where."""
    chosen = tmp_path / "tuscias"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(chosen), ""))
    )
    window._actions["save_template"].trigger()
    qtbot.waitUntil(lambda: getattr(window, "template_box", None) is not None, timeout=WAIT_MS)
    target = tmp_path / "tuscias.xlsx"
    assert str(target) in window.template_box.text()
    assert load_workbook(target).active.max_row >= 1


def test_the_import_actions_wait_for_sign_in(branch: Any, make_state: Any, qtbot: Any) -> None:
    """Before anyone signs in, neither register action can be used."""
    win: Any = gui_app.launch(make_state(branch.data_dir))
    qtbot.waitUntil(lambda: win.sign_in_ready, timeout=WAIT_MS)
    assert not win._actions["import_register"].isEnabled()
    assert not win._actions["save_template"].isEnabled()


def _delete_sessions(window: Any, qtbot: Any) -> None:
    """Delete every session in the app's store (on its writer thread)."""
    from sqlalchemy import select

    from libtrainer.services import records
    from libtrainer.store.models import TrainingSession

    def work(job: Any) -> None:
        with job.store.read() as conn:
            ids = list(conn.execute(select(TrainingSession.id)).scalars())
        for session_id in ids:
            with job.store.uow() as uow:
                records.delete(uow, "training_session", session_id)

    done: list[bool] = []
    Operation(None, work).success(lambda _r: done.append(True)).run_in_background()
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)


def test_records_deleted_earlier_stay_deleted_unless_the_box_is_ticked(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """Re-importing after a session was deleted: the dialog says so and offers to bring it back."""
    register = write_register(tmp_path / "kovas.xlsx", [row(), row(given_name="Petras")])
    dialog = _open(window, qtbot, monkeypatch, register)
    assert dialog.restore_deleted.isHidden()
    with qtbot.waitSignal(window.state.changed, timeout=WAIT_MS):
        dialog.import_button.click()
    dialog.close()
    _delete_sessions(window, qtbot)
    before = _store_counts(window, qtbot)

    dialog = _open(window, qtbot, monkeypatch, register)
    assert not dialog.restore_deleted.isHidden()
    assert "left deleted: sessions: 1, attendance records: 2" in dialog.summary.text()
    with qtbot.waitSignal(window.state.changed, timeout=WAIT_MS):
        dialog.import_button.click()
    assert _store_counts(window, qtbot)["training_session"] == before["training_session"]
    dialog.close()

    dialog = _open(window, qtbot, monkeypatch, register)
    dialog.restore_deleted.setChecked(True)
    with qtbot.waitSignal(window.state.changed, timeout=WAIT_MS):
        dialog.import_button.click()
    assert "Brought back (deleted in the records earlier)" in dialog.summary.text()
    after = _store_counts(window, qtbot)
    assert after["training_session"] == before["training_session"] + 1
    assert after["attendance"] == before["attendance"] + 2


def _erase_people(window: Any, qtbot: Any, given: str) -> None:
    """Erase the people called ``given`` in the app's store (on its writer thread)."""
    from sqlalchemy import select

    from libtrainer.services import records
    from libtrainer.store.models import Participant

    def work(job: Any) -> None:
        with job.store.read() as conn:
            query = select(Participant.id).where(Participant.given_name == given)
            ids = list(conn.execute(query).scalars())
        for pid in ids:
            with job.store.uow() as uow:
                records.delete(uow, "participant", pid)

    done: list[bool] = []
    Operation(None, work).success(lambda _r: done.append(True)).run_in_background()
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)


def test_an_erased_person_is_named_by_row_and_entered_only_with_the_box(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """Re-importing after an erasure: the check names the person's row and the box to tick;
    imported without it the person stays erased, with it they are entered again."""
    register = write_register(
        tmp_path / "kovas.xlsx", [row(), row(given_name="Petras", family_name="Kairys")]
    )
    dialog = _open(window, qtbot, monkeypatch, register)
    with qtbot.waitSignal(window.state.changed, timeout=WAIT_MS):
        dialog.import_button.click()
    dialog.close()
    _erase_people(window, qtbot, "Petras")
    before = _store_counts(window, qtbot)

    dialog = _open(window, qtbot, monkeypatch, register)
    text = dialog.summary.text()
    assert "Row 3: this person was erased from the records on" in text
    assert "Tick “Bring back the records deleted earlier” to enter them again." in text
    assert "left deleted: people erased from the records: 1" in text
    assert not dialog.restore_deleted.isHidden()
    assert dialog.import_button.isEnabled() and dialog.errors.isHidden()
    with qtbot.waitSignal(window.state.changed, timeout=WAIT_MS):
        dialog.import_button.click()
    assert "import the file again with “Bring back" in dialog.summary.text()
    assert _store_counts(window, qtbot)["participant"] == before["participant"]
    dialog.close()

    dialog = _open(window, qtbot, monkeypatch, register)
    dialog.restore_deleted.setChecked(True)
    with qtbot.waitSignal(window.state.changed, timeout=WAIT_MS):
        dialog.import_button.click()
    assert "Row 3" not in dialog.summary.text()
    assert _store_counts(window, qtbot)["participant"] == before["participant"] + 1
    dialog.close()


def test_the_dialog_says_how_ambiguous_dates_were_read(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """A register whose dates are all like 6/7/2025 shows they were taken as day/month/year."""
    register = write_register(tmp_path / "us.csv", [row(date="6/7/2025")])
    dialog = _open(window, qtbot, monkeypatch, register)
    assert (
        "Dates such as 6/7/2025 (row 2) were read as day/month/year (6/7/2025 is 6 July 2025)."
        in dialog.summary.text()
    )


def _refused(window: Any, qtbot: Any, monkeypatch: Any, register: Path) -> Any:
    """Choose ``register``, whose check is refused; wait until the dialog says so."""
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(register), ""))
    )
    window._actions["import_register"].trigger()
    dialog = window.import_dialog
    qtbot.waitUntil(
        lambda: dialog.summary.text().startswith("The register could not be checked."),
        timeout=WAIT_MS,
    )
    idle(qtbot, window)
    return dialog


def test_a_look_alike_header_keeps_import_disabled_and_says_which_column(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """ "Dalyvavo (Taip/Ne)" holding marks: the check is refused naming "Present"; no Import."""
    from tests.services.register.support import KEYS, headers

    header = headers("en")
    header[KEYS.index("present")] = "Present (yes/no)"
    register = write_register(tmp_path / "kovas.xlsx", [row(present="No")], header=header)
    dialog = _refused(window, qtbot, monkeypatch, register)
    assert not dialog.import_button.isEnabled() and not dialog.import_button.isDefault()
    assert dialog.summary.text().startswith("The register could not be checked.\n\n")
    assert "“Present (yes/no)” (probably “Present”)" in dialog.summary.text()


def test_a_refused_file_gives_one_message_naming_the_file_by_its_name(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """A file that cannot be read: the reason stands in the dialog, once (no message box on
    top of it), naming the file as "kovas.csv", not by its folder; Close is offered."""
    from PySide6.QtWidgets import QMessageBox

    register = tmp_path / "kovas.csv"
    register.write_bytes(bytes(range(256)))
    dialog = _refused(window, qtbot, monkeypatch, register)
    text = dialog.summary.text()
    assert "kovas.csv" in text and str(tmp_path) not in text
    assert "CSV UTF-8" in text
    assert dialog.findChild(QMessageBox, "errorBox") is None
    assert dialog.cancel.text() == "Close" and dialog.cancel.isDefault()
    assert dialog.isVisible()


def test_rows_of_several_sheets_are_named_by_their_sheet(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """A workbook of two monthly sheets: both are read, and a mistake is listed as "Vasaris!3"."""
    from openpyxl import Workbook

    from tests.services.register.support import KEYS, headers

    wb = Workbook()
    later = [row(given_name="Ona"), row(given_name="Rita", birth_year=2090)]
    for title, rows in (("Sausis", [row()]), ("Vasaris", later)):
        ws = wb.active if title == "Sausis" else wb.create_sheet(title)
        ws.title = title
        ws.append(headers("en"))
        for values in rows:
            ws.append([values[k] for k in KEYS])
    wb.save(tmp_path / "metai.xlsx")
    dialog = _open(window, qtbot, monkeypatch, tmp_path / "metai.xlsx")
    assert "Sheets read: “Sausis” (1 row), “Vasaris” (2 rows)." in dialog.summary.text()
    assert dialog.errors.item(0, 0).text() == "Vasaris!3"
    assert not dialog.import_button.isEnabled()


def _hold_reading(monkeypatch: Any, *, dry_run: bool) -> threading.Event:
    """Make the check (``dry_run``) or the import stay in the reader's progress check until
    Cancel is pressed (at most 30 s): the real reader and import run around it."""
    from libtrainer.services import register as service

    real = service.import_register
    entered = threading.Event()

    def held(store: Any, path: Path, **options: Any) -> Any:
        if options.get("dry_run", False) != dry_run:
            return real(store, path, **options)
        progress = options["progress"]

        def waiting(number: int) -> None:
            entered.set()
            for _ in range(3000):
                progress(number)  # raises Cancelled once Cancel was pressed
                threading.Event().wait(0.01)

        return real(store, path, **{**options, "progress": waiting})

    monkeypatch.setattr(service, "import_register", held)
    return entered


def _press_cancel_on_progress(dialog: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QPushButton, QWidget

    qtbot.waitUntil(
        lambda: dialog.findChild(QWidget, "progressDialog") is not None, timeout=WAIT_MS
    )
    progress = dialog.findChild(QWidget, "progressDialog")
    progress.findChild(QPushButton).click()


def test_cancel_on_the_progress_dialog_stops_the_check(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """The check's progress dialog has Cancel: reading stops, the dialog says nothing was
    imported, and Import stays disabled."""
    register = write_register(tmp_path / "kovas.xlsx", [row(), row(given_name="Petras")])
    before = _store_counts(window, qtbot)
    _hold_reading(monkeypatch, dry_run=True)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(register), ""))
    )
    window._actions["import_register"].trigger()
    dialog = window.import_dialog
    _press_cancel_on_progress(dialog, qtbot)
    qtbot.waitUntil(lambda: "Checking was stopped" in dialog.summary.text(), timeout=WAIT_MS)
    idle(qtbot, window)
    assert dialog.result is None and dialog.running is None
    assert not dialog.import_button.isEnabled()
    assert _store_counts(window, qtbot) == before


def test_cancel_on_the_progress_dialog_stops_the_import(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """The import's progress dialog has Cancel: nothing is written, the checked outcome is
    shown again with a line saying the import was stopped, and Import can be pressed again."""
    register = write_register(tmp_path / "kovas.xlsx", [row(), row(given_name="Petras")])
    dialog = _open(window, qtbot, monkeypatch, register)
    before = _store_counts(window, qtbot)
    _hold_reading(monkeypatch, dry_run=False)
    dialog.import_button.click()
    _press_cancel_on_progress(dialog, qtbot)
    qtbot.waitUntil(
        lambda: "The import was stopped. Nothing was imported." in dialog.summary.text(),
        timeout=WAIT_MS,
    )
    idle(qtbot, window)
    assert not dialog.result.written
    assert dialog.import_button.isEnabled()
    assert _store_counts(window, qtbot) == before


def test_closing_the_dialog_stops_the_check(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """Closing the dialog while the register is checked stops the reading: the writer thread
    is free again (it was held until the whole file was read)."""
    register = write_register(tmp_path / "kovas.xlsx", [row()])
    entered = _hold_reading(monkeypatch, dry_run=True)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(register), ""))
    )
    window._actions["import_register"].trigger()
    qtbot.waitUntil(entered.is_set, timeout=WAIT_MS)
    window.import_dialog.reject()
    idle(qtbot, window)


def test_the_import_uses_the_rows_the_check_read(
    window: Any, qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    """Import after the check does not read the unchanged file a second time."""
    from libtrainer.services.register import apply as apply_mod

    reads: list[Path] = []
    real = apply_mod.read_register

    def spy(path: Path, progress: Any = None, **kwargs: Any) -> Any:
        reads.append(path)
        return real(path, progress, **kwargs)

    monkeypatch.setattr(apply_mod, "read_register", spy)
    register = write_register(tmp_path / "kovas.xlsx", [row(), row(given_name="Petras")])
    dialog = _open(window, qtbot, monkeypatch, register)
    with qtbot.waitSignal(window.state.changed, timeout=WAIT_MS):
        dialog.import_button.click()
    assert dialog.result.written
    assert reads == [register]
