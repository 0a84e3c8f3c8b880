"""First run, "join a region": with the coordinator's shared folder reachable, Finish sends the
enrolment request at once, and the Sync screen shows the code to read out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from libtrainer.sync import enroll
from libtrainer.sync.share import Share
from tests.conftest import make_store
from tests.gui.conftest import WAIT_MS, open_store

from libtrainer.gui import app as gui_app


def test_joining_sends_the_enrolment_request_when_the_share_is_reachable(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """Join + shared folder: after Finish the coordinator sees the request with the code the
    Sync screen shows, and the computer waits for its first catalogue."""
    root = tmp_path / "share"
    root.mkdir()
    coord = make_store(tmp_path / "coord", role="coordinator", branch="Centrinė biblioteka")
    enroll.join(coord, root)
    folder = tmp_path / "joining"
    state = make_state(folder)
    wizard = gui_app.launch(state, keyring_available=True)
    wizard.findChild(object, "lang_en").setChecked(True)
    wizard.next()
    place = wizard.place
    place.join.setChecked(True)
    place.region.setText("Alytaus apskritis")
    place.library.setText("Lazdijų r. savivaldybės viešoji biblioteka")
    place.branch.setText("Šventežerio padalinys")
    place.device_name.setText("Skaitykla PC-2")
    wizard.next()
    wizard.folder.folder.setText(str(folder))
    wizard.folder.accept_risk.setChecked(True)
    wizard.next()
    wizard.share.share.setText(str(root))
    wizard.next()
    wizard.next()  # the key kept by Windows (no restore software here)
    account = wizard.account
    account.given.setText("Ona")
    account.family.setText("Žemaitė")
    account.login.setText("ona")
    account.password.setText("ilgas slaptažodis")
    account.repeat.setText("ilgas slaptažodis")
    wizard.next()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: state.user is not None, timeout=WAIT_MS)
    screen = state.window.go("sync")
    qtbot.waitUntil(lambda: screen.status is not None, timeout=WAIT_MS)
    code = screen.labels["code"].text()
    pending = enroll.overview(coord, Share.for_store(root, coord))["pending"]
    coord.close()
    assert [p["code"] for p in pending] == [code]
    assert screen.status.joining
    store = open_store(folder)
    try:
        assert enroll.joining(store)
    finally:
        store.close()
