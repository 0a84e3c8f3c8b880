"""Start-up: the sign-in panel is ready once the store is checked; the core loads on first use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.gui.conftest import PASSWORD, WAIT_MS, sign_in

from libtrainer.gui import app as gui_app
from libtrainer.gui import opening

ROOT = Path(__file__).resolve().parents[2]


def test_sign_in_panel_is_ready_with_the_store_checked_but_not_opened(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """The check reads the branch name for the title; the store itself is not opened yet."""
    win: Any = gui_app.launch(make_state(branch.data_dir))
    qtbot.waitUntil(lambda: win.sign_in_ready and not win.state.tasks.busy, timeout=WAIT_MS)
    assert not win.state.store_open
    assert win.checked is not None and win.checked.current
    assert "Būdviečio padalinys" in win.windowTitle()


def test_typing_a_login_opens_the_store_then_signing_in_works(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """The first key typed into the panel opens the store; signing in then completes."""
    win: Any = gui_app.launch(make_state(branch.data_dir))
    qtbot.waitUntil(lambda: win.sign_in_ready, timeout=WAIT_MS)
    qtbot.keyClicks(win.sign_in.login, "r")
    qtbot.waitUntil(lambda: win.state.store_open, timeout=WAIT_MS)
    sign_in(qtbot, win, password=PASSWORD)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)


def test_signing_in_before_the_check_finished_waits_for_it(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """Pressing Enter at once (store not checked yet) still signs in, once it is open."""
    win: Any = gui_app.launch(make_state(branch.data_dir))
    win.sign_in.login.setText("ruta")
    win.sign_in.password.setText(PASSWORD)
    win.sign_in.button.click()
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)


def test_a_damaged_store_settings_file_is_reported_on_the_panel(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """A broken store.json gives a message on the sign-in panel, not a crash."""
    (branch.data_dir / "store.json").write_text("{not json", encoding="utf-8")
    win: Any = gui_app.launch(make_state(branch.data_dir))
    qtbot.waitUntil(lambda: bool(win.sign_in.message.text()), timeout=WAIT_MS)
    assert "damaged" in win.sign_in.message.text()
    assert not win.sign_in_ready


def test_passphrase_store_asks_for_the_passphrase_and_refuses_a_wrong_one(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """A passphrase store shows the passphrase field; a wrong passphrase is named as such."""
    from libtrainer.services import storefile

    folder = tmp_path / "pp"
    storefile.create(folder, passphrase="labai slapta frazė").close()
    win: Any = gui_app.launch(make_state(folder))
    qtbot.waitUntil(lambda: win.sign_in.passphrase.isVisibleTo(win), timeout=WAIT_MS)
    win.sign_in.login.setText("ruta")
    win.sign_in.password.setText(PASSWORD)
    win.sign_in.passphrase.setText("neteisinga")
    win.sign_in.button.click()
    qtbot.waitUntil(lambda: bool(win.sign_in.message.text()), timeout=WAIT_MS)
    assert "passphrase does not open the records" in win.sign_in.message.text()
    assert not win.state.store_open


def test_the_sign_in_check_derives_keys_as_sync_keys_does() -> None:
    """opening (no keyring import) and sync.keys use the one derivation in store.cipher, with
    the parameters existing passphrase stores were made with (scrypt N=2^15, r=8, p=1)."""
    import hashlib

    from libtrainer.store import cipher
    from libtrainer.sync import keys

    assert opening.derive_key is keys.derive_key is cipher.derive_key
    salt = bytes(range(16))
    expected = hashlib.scrypt(b"demo", salt=salt, n=2**15, r=8, p=1, maxmem=64 * 1024**2, dklen=32)
    assert keys.derive_key(keys.DEMO_PASSPHRASE, salt) == expected
    checked = opening.CheckedStore(Path("x"), b"\x01" * 32, "demo", 2, True, {})
    assert "01" not in repr(checked)


START = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QAbstractEventDispatcher
from libtrainer.gui import app as gui_app
from libtrainer.gui.settings import GuiSettings
qt = gui_app.ensure_app(["t"])
state = gui_app.start(qt, Path(sys.argv[1]), GuiSettings(Path(sys.argv[2])), [])
def idle():
    window = state.window
    if window.sign_in_ready and not state.tasks.busy:
        loaded = sorted({m.split(".")[0] for m in sys.modules} & {"sqlalchemy", "alembic"})
        # PySide builds the 93 enum classes of the Qt namespace when QtCore.Qt is first
        # looked up (decision 0508); until then QtCore's dictionary has no "Qt".
        qt_namespace = "Qt" in vars(sys.modules["PySide6.QtCore"])
        # Likewise QStyle and QIcon (with their enum classes): normal colours need no style
        # palette, menu actions no icon (decision 0510).
        built = sorted(
            name
            for module, name in (("QtWidgets", "QStyle"), ("QtGui", "QIcon"))
            if name in vars(sys.modules["PySide6." + module])
        )
        print(json.dumps({"title": window.windowTitle(), "loaded": loaded, "qt": qt_namespace,
                          "built": built}))
        qt.quit()
QAbstractEventDispatcher.instance().aboutToBlock.connect(idle)
qt.exec()
gui_app.shutdown(state)
"""


def test_window_is_ready_without_importing_sqlalchemy(tmp_path: Path) -> None:
    """A fresh process shows the checked sign-in panel without SQLAlchemy, Alembic, the
    enum classes of Qt's namespace (offscreen: no system contrast preference to read), of
    QStyle (no palette is set without high contrast) or of QIcon (menu actions have none)."""
    from libtrainer.services import setup, storefile

    folder = tmp_path / "demo"
    store = storefile.create(folder, demo=True)
    setup.initialise(
        store,
        region="Alytaus apskritis",
        library="Lazdijų r. savivaldybės viešoji biblioteka",
        branch="Būdviečio padalinys",
        device_name="PC-1",
        role="branch",
    )
    store.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run(
        [sys.executable, "-c", START, str(folder), str(tmp_path / "settings.ini")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"title": result["title"], "loaded": [], "qt": False, "built": []}
    assert "Būdviečio padalinys" in result["title"]
