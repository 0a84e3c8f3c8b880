"""A reboot-restore library PC keeps its store: the wizard opens records already there, a
vanished records folder is said, and a folder put back in time is warned about (0518)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from libtrainer.services import storefile
from libtrainer.sync import keys
from tests.conftest import MemoryKeyring
from tests.gui.conftest import WAIT_MS, idle, sign_in

from libtrainer.gui import app as gui_app
from libtrainer.gui import firstrun, persistence
from libtrainer.gui.confirm import ConfirmDialog
from libtrainer.gui.store_missing import StoreMissingPage


def _name(data_dir: Path) -> None:
    storefile.keep_place(data_dir, branch="Būdviečio padalinys", device="Skaitykla PC-1")


def _to_folder_page(wizard: Any, folder: Path) -> None:
    wizard.next()
    place = wizard.place
    for edit in (place.region, place.library, place.branch, place.device_name):
        edit.setText("X")
    wizard.next()
    assert wizard.currentId() == firstrun.FOLDER
    wizard.folder.folder.setText(str(folder))


def _signed_in(qtbot: Any, state: Any) -> None:
    qtbot.waitUntil(lambda: state.window is not None, timeout=WAIT_MS)
    sign_in(qtbot, state.window)
    qtbot.waitUntil(lambda: state.window.workspace is not None, timeout=WAIT_MS)


def test_the_folder_page_opens_the_store_already_in_the_folder(
    tmp_path: Path, branch: Any, make_state: Any, qtbot: Any
) -> None:
    """Settings lost: the folder page names the store's branch, offers to open it (Next is
    refused with that advice), and opening remembers the folder and goes to sign-in."""
    _name(branch.data_dir)
    persistence.write_marker(branch.data_dir)
    state = make_state(tmp_path / "profile-default")
    wizard = gui_app.launch(state, keyring_available=True)
    _to_folder_page(wizard, branch.data_dir)
    page = wizard.folder
    assert page.open_existing.isVisibleTo(page)
    assert "Būdviečio padalinys" in page.existing.text()
    wizard.next()
    assert wizard.currentId() == firstrun.FOLDER
    assert "Open these records" in page.message.text() and "--data-dir" not in page.message.text()
    qtbot.mouseClick(page.open_existing, Qt.MouseButton.LeftButton)
    _signed_in(qtbot, state)
    assert state.settings.data_dir == str(branch.data_dir)
    assert state.settings.marker_path == str(branch.data_dir / persistence.MARKER_NAME)
    assert state.persistence in ("waiting", "confirmed")
    assert not wizard.isVisible()


def test_the_wizard_first_offers_records_found_in_the_usual_places(
    make_state: Any, qtbot: Any, tmp_path: Path, isolated_env: Path
) -> None:
    """A store in the default data folder is offered on the first page, named by its
    branch; choosing it opens the window on it."""
    from tests.conftest import make_store
    from tests.gui.conftest import add_account

    default = Path(os.environ["LIBTRAINER_DATA_DIR"])
    store = make_store(default)
    add_account(store)
    store.close()
    _name(default)
    state = make_state(tmp_path / "elsewhere")
    wizard = gui_app.launch(state, keyring_available=True)
    assert wizard.currentId() == firstrun.LANGUAGE
    buttons = wizard.found.buttons
    assert len(buttons) == 1 and buttons[0].isVisibleTo(wizard)
    label = wizard.found.labels[0].text()
    assert str(default) in label and "Būdviečio padalinys" in label
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    _signed_in(qtbot, state)
    assert state.data_dir == default and state.settings.data_dir == str(default)


def test_a_found_store_whose_key_the_keyring_lost_offers_the_recovery_code(
    tmp_path: Path, branch: Any, make_state: Any, qtbot: Any, memory_keyring: MemoryKeyring
) -> None:
    """Profile and keyring put back: opening the found store goes to the sign-in panel,
    which offers the recovery code (decision 0008)."""
    from libtrainer.services import recovery

    recovery.make_code(branch.data_dir)
    uid = storefile.read_config(branch.data_dir).store_uid
    memory_keyring.delete_password(keys.SERVICE, keys.store_key_name(uid))
    state = make_state(tmp_path / "profile-default")
    wizard = gui_app.launch(state, keyring_available=True)
    _to_folder_page(wizard, branch.data_dir)
    qtbot.mouseClick(wizard.folder.open_existing, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.window is not None, timeout=WAIT_MS)
    panel = state.window.sign_in
    qtbot.waitUntil(lambda: panel.recover.isVisible(), timeout=WAIT_MS)
    assert "recovery code" in panel.message.text()


def test_a_store_file_without_its_settings_file_is_not_offered_nor_touched(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """A libtrainer.db without store.json: no "Open" offer, Next refused, file kept."""
    folder = tmp_path / "orphan"
    folder.mkdir()
    (folder / "libtrainer.db").write_bytes(b"kept")
    wizard = gui_app.launch(make_state(tmp_path / "x"), keyring_available=True)
    assert not wizard.found.buttons
    _to_folder_page(wizard, folder)
    assert not wizard.folder.open_existing.isVisibleTo(wizard.folder)
    wizard.folder.accept_risk.setChecked(True)
    wizard.next()
    assert wizard.currentId() == firstrun.FOLDER
    assert "store.json" in wizard.folder.message.text()
    assert (folder / "libtrainer.db").read_bytes() == b"kept"


def _remembered(state: Any, folder: Path) -> None:
    state.settings.data_dir = str(folder)


def test_a_vanished_records_folder_is_said_not_welcomed(
    tmp_path: Path, branch: Any, make_state: Any, qtbot: Any
) -> None:
    """The remembered folder is gone: a warning names it (no wizard); "Look again" finds it
    once it is back and opens the window."""
    hidden = tmp_path / "unplugged"
    branch.data_dir.rename(hidden)
    state = make_state(branch.data_dir)
    _remembered(state, branch.data_dir)
    shown = gui_app.launch(state, keyring_available=True)
    assert isinstance(shown, StoreMissingPage)
    assert str(branch.data_dir) in shown.reason.text() and "not there" in shown.reason.text()
    assert not shown.look()
    assert "still not" in shown.message.text()
    hidden.rename(branch.data_dir)
    qtbot.mouseClick(shown.look_again, Qt.MouseButton.LeftButton)
    _signed_in(qtbot, state)
    assert not shown.isVisible()


def test_a_new_store_instead_of_the_vanished_one_only_after_a_question(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """ "Start again with no records" asks first; Cancel keeps the warning, the action
    shows the first-run wizard for the remembered folder."""
    folder = tmp_path / "gone"
    state = make_state(folder)
    _remembered(state, folder)
    shown = gui_app.launch(state, keyring_available=True)
    qtbot.mouseClick(shown.new_store, Qt.MouseButton.LeftButton)
    question = shown.findChild(ConfirmDialog)
    question.reject()
    assert state.wizard is shown and shown.isVisible()
    qtbot.mouseClick(shown.new_store, Qt.MouseButton.LeftButton)
    question = [d for d in shown.findChildren(ConfirmDialog) if d.isVisible()][-1]
    qtbot.mouseClick(question.confirm, Qt.MouseButton.LeftButton)
    assert isinstance(state.wizard, firstrun.FirstRunWizard)
    assert state.wizard.folder.folder.text() == str(folder)


def test_choosing_another_folder_with_the_records_opens_it(
    tmp_path: Path, branch: Any, make_state: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """ "Choose the folder…" with a folder holding no store says so; with the store, opens."""
    moved = tmp_path / "moved"
    branch.data_dir.rename(moved)
    state = make_state(branch.data_dir)
    _remembered(state, branch.data_dir)
    shown = gui_app.launch(state, keyring_available=True)
    monkeypatch.setattr(shown, "ask_folder", lambda: str(tmp_path))
    qtbot.mouseClick(shown.choose, Qt.MouseButton.LeftButton)
    assert "No records in" in shown.message.text()
    monkeypatch.setattr(shown, "ask_folder", lambda: str(moved))
    qtbot.mouseClick(shown.choose, Qt.MouseButton.LeftButton)
    _signed_in(qtbot, state)
    assert state.settings.data_dir == str(moved)


def _restart(state: Any) -> None:
    state.window.close()
    gui_app.shutdown(state)


def test_a_folder_put_back_to_an_earlier_state_is_warned_about(
    tmp_path: Path, branch: Any, make_state: Any, qtbot: Any
) -> None:
    """Work recorded, then the folder copied back from before it: the sign-in panel and
    Today warn that records may be missing; a normal restart does not."""
    snapshot = tmp_path / "snapshot"
    shutil.copytree(branch.data_dir, snapshot)
    state = make_state(branch.data_dir)
    win = gui_app.launch(state)
    _signed_in(qtbot, state)
    from libtrainer.services import org

    def add(job: Any) -> Any:
        with job.store.uow() as uow:
            return org.add_volunteer(uow, "Ieva", "Žilinskaitė", 2005)

    from libtrainer.gui.operations import Operation

    Operation(win, add).success(state.notify).run_in_background()
    idle(qtbot, win)
    qtbot.waitUntil(lambda: state.settings.progress(state.store_uid) is not None, timeout=WAIT_MS)
    _restart(state)

    again = make_state(branch.data_dir)
    win = gui_app.launch(again)
    qtbot.waitUntil(lambda: win.sign_in_ready, timeout=WAIT_MS)
    assert not win.sign_in.notice.isVisibleTo(win.sign_in)
    _restart(again)

    shutil.rmtree(branch.data_dir)
    shutil.copytree(snapshot, branch.data_dir)
    restored = make_state(branch.data_dir)
    win = gui_app.launch(restored)
    qtbot.waitUntil(lambda: win.sign_in_ready, timeout=WAIT_MS)
    notice = win.sign_in.notice
    assert notice.isVisibleTo(win.sign_in) and "older than" in notice.text()
    assert (branch.data_dir / "libtrainer.db").stat().st_size > 0  # nothing changed
    sign_in(qtbot, win)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)
    today = win.go("today")
    assert "older than" in today.persist.text()


def test_opening_the_window_names_an_older_store_in_store_json(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """A store made before store.json named it gets its branch and computer at first open."""
    import json

    assert "place" not in json.loads((branch.data_dir / "store.json").read_text("utf-8"))
    state = make_state(branch.data_dir)
    gui_app.launch(state)
    _signed_in(qtbot, state)
    idle(qtbot, state.window)
    config = json.loads((branch.data_dir / "store.json").read_text("utf-8"))
    assert config["place"] == {"branch": "Būdviečio padalinys", "device": "Skaitykla PC-1"}


def test_new_work_in_a_folder_put_back_ends_the_warning(
    tmp_path: Path, branch: Any, make_state: Any, qtbot: Any
) -> None:
    """Behind at start; after something new is recorded the warning is gone."""
    from libtrainer.services import org

    from libtrainer.gui.operations import Operation

    state = make_state(branch.data_dir)
    win = gui_app.launch(state)
    _signed_in(qtbot, state)
    idle(qtbot, win)
    qtbot.waitUntil(lambda: bool(state.store_uid), timeout=WAIT_MS)
    uid = state.store_uid
    _restart(state)
    closed_at = state.settings.progress(uid)
    assert closed_at is not None  # remembered when the store closed
    state.settings.remember_progress(uid, closed_at + 1)  # seen a step further than the file
    again = make_state(branch.data_dir)
    win = gui_app.launch(again)
    qtbot.waitUntil(lambda: again.store_behind is not None, timeout=WAIT_MS)

    def add(job: Any) -> Any:
        with job.store.uow() as uow:
            return org.add_volunteer(uow, "Ieva", "Žilinskaitė", 2005)

    sign_in(qtbot, win)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)
    Operation(win, add).success(again.notify).run_in_background()
    qtbot.waitUntil(lambda: again.store_behind is None, timeout=WAIT_MS)


def test_a_vanished_folder_of_a_store_not_made_by_the_wizard_is_said(
    tmp_path: Path, branch: Any, make_state: Any, qtbot: Any
) -> None:
    """A store made by `libtrainer init` (or given by --data-dir), used in the window: when
    its folder vanishes the next start says so instead of offering the wizard."""
    state = make_state(branch.data_dir)
    assert state.settings.data_dir is None
    gui_app.launch(state)
    _signed_in(qtbot, state)
    assert state.settings.data_dir == str(branch.data_dir)
    _restart(state)
    branch.data_dir.rename(tmp_path / "unplugged")
    shown = gui_app.launch(make_state(branch.data_dir), keyring_available=True)
    assert isinstance(shown, StoreMissingPage)


def test_a_scheduled_sync_beside_the_window_is_not_taken_for_a_folder_put_back(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """The scheduled sync's store advances and closes while the window is open; the window
    closes after it: the next start gives no "older" warning."""
    state = make_state(branch.data_dir)
    win = gui_app.launch(state)
    _signed_in(qtbot, state)
    qtbot.waitUntil(lambda: bool(state.store_uid), timeout=WAIT_MS)
    beside = storefile.open_store(branch.data_dir)  # the scheduled `libtrainer sync`
    beside.identity.clock.observe(state.tasks.store.identity.clock.last + 10_000_000)
    beside.identity.clock.now()  # a bundle's created_hlc
    beside.close()
    win.lock()
    qtbot.waitUntil(
        lambda: (state.settings.progress(state.store_uid) or 0) >= beside.identity.clock.last,
        timeout=WAIT_MS,
    )
    _restart(state)
    again = make_state(branch.data_dir)
    win = gui_app.launch(again)
    qtbot.waitUntil(lambda: win.sign_in_ready, timeout=WAIT_MS)
    assert again.store_behind is None
    assert not win.sign_in.notice.isVisibleTo(win.sign_in)


def test_the_sign_in_notice_ends_with_the_warning_after_new_work(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """Behind at start, new work ends the warning: the lock's sign-in panel no longer shows it."""
    from libtrainer.services import org

    from libtrainer.gui.operations import Operation

    state = make_state(branch.data_dir)
    gui_app.launch(state)
    _signed_in(qtbot, state)
    qtbot.waitUntil(lambda: bool(state.store_uid), timeout=WAIT_MS)
    uid = state.store_uid
    _restart(state)
    state.settings.remember_progress(uid, (state.settings.progress(uid) or 0) + 1)
    again = make_state(branch.data_dir)
    win = gui_app.launch(again)
    qtbot.waitUntil(lambda: again.store_behind is not None, timeout=WAIT_MS)
    assert win.sign_in.notice.isVisibleTo(win.sign_in)
    sign_in(qtbot, win)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)

    def add(job: Any) -> Any:
        with job.store.uow() as uow:
            return org.add_volunteer(uow, "Ieva", "Žilinskaitė", 2005)

    Operation(win, add).success(again.notify).run_in_background()
    qtbot.waitUntil(lambda: again.store_behind is None, timeout=WAIT_MS)
    assert not win.sign_in.notice.isVisibleTo(win.sign_in)
    win.lock()
    assert not win.sign_in.notice.isVisibleTo(win.sign_in)


def test_the_wizard_says_when_the_same_records_are_in_two_folders(
    make_state: Any, qtbot: Any, tmp_path: Path, isolated_env: Path, monkeypatch: Any
) -> None:
    """A copy of the store in another folder: the wizard says the same records are in 2
    folders, asks to open the one this computer uses (or ask the coordinator: a branch has no
    IT help), marks the newest copy and the drive, and opens nothing by itself."""
    from libtrainer.services import storefind
    from tests.conftest import make_store
    from tests.gui.conftest import add_account

    default = Path(os.environ["LIBTRAINER_DATA_DIR"])
    store = make_store(default)
    add_account(store)
    store.close()
    _name(default)
    copy = tmp_path / "usb" / "libtrainer"
    shutil.copytree(default, copy)
    for name in ("libtrainer.db", "libtrainer.db-wal"):
        if (copy / name).exists():
            os.utime(copy / name, (1_600_000_000, 1_600_000_000))  # an old copy
    monkeypatch.setattr(
        storefind, "drive_kind", lambda f: "removable" if "usb" in str(f) else "fixed"
    )
    monkeypatch.setattr(storefind, "usual_places", lambda d: [str(d), str(copy)])
    state = make_state(tmp_path / "elsewhere")
    wizard = gui_app.launch(state, keyring_available=True)
    box = wizard.found
    assert len(box.buttons) == 2 and len(box.copies) == 1
    assert "same records are in 2 folders" in box.copies[0].text()
    text = box.copies[0].text()
    assert "call the coordinator" in text and "IT" not in text
    texts = [label.text() for label in box.labels]
    newest = [t for t in texts if "most recently changed" in t]
    assert len(newest) == 1 and str(default) in newest[0]
    assert any("USB stick" in t and str(copy) in t for t in texts)
    assert state.window is None  # nothing opened until the person chooses


def test_records_on_a_usb_stick_open_from_the_first_page_without_any_place(
    tmp_path: Path, branch: Any, make_state: Any, qtbot: Any
) -> None:
    """Records found nowhere usual (a USB stick): "Open records in another folder…" on the
    first page takes the folder chosen — here the stick itself, its libtrainer folder inside —
    and opens the window on it; no region, library or branch is asked."""
    stick = tmp_path / "E"
    stick.mkdir()
    shutil.move(str(branch.data_dir), str(stick / "libtrainer"))
    state = make_state(tmp_path / "profile-default")
    wizard = gui_app.launch(state, keyring_available=True)
    assert wizard.currentId() == firstrun.LANGUAGE
    box = wizard.found
    assert not box.buttons and box.other.isVisibleTo(wizard)
    box.ask_folder = lambda: str(stick)  # type: ignore[method-assign]
    qtbot.mouseClick(box.other, Qt.MouseButton.LeftButton)
    _signed_in(qtbot, state)
    assert state.data_dir == stick / "libtrainer"
    assert state.settings.data_dir == str(stick / "libtrainer")


def test_another_folder_without_records_is_said_and_nothing_is_changed(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """An empty folder or a store file without its settings file: the first page says so,
    the wizard stays, the folder is as it was."""
    wizard = gui_app.launch(make_state(tmp_path / "x"), keyring_available=True)
    box = wizard.found
    empty = tmp_path / "empty"
    empty.mkdir()
    assert not box.try_folder(empty)
    assert "No records in" in box.other_message.text() and box.other_message.isVisibleTo(box)
    orphan = tmp_path / "orphan"
    orphan.mkdir()
    (orphan / "libtrainer.db").write_bytes(b"kept")
    assert not box.try_folder(orphan)
    assert "store.json" in box.other_message.text()
    assert wizard.isVisible() and wizard.state.window is None
    assert list(empty.iterdir()) == [] and (orphan / "libtrainer.db").read_bytes() == b"kept"
