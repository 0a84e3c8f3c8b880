"""Sign-in: the panel, wrong passwords, roles deciding what is shown."""

from __future__ import annotations

from typing import Any

from tests.gui.conftest import PASSWORD, WAIT_MS, sign_in

from libtrainer.gui import app as gui_app


def test_wrong_password_is_refused_with_a_message(branch: Any, make_state: Any, qtbot: Any) -> None:
    """A wrong password keeps the window locked and says so, without naming which part."""
    win = gui_app.launch(make_state(branch.data_dir))
    sign_in(qtbot, win, password="not-the-password")
    qtbot.waitUntil(lambda: win.sign_in.message.isVisible(), timeout=WAIT_MS)
    assert "not right" in win.sign_in.message.text()
    assert win.workspace is None
    assert win.sign_in.password.text() == ""


def test_administrator_signs_in_and_sees_every_screen(window: Any) -> None:
    """After signing in on a branch PC, an administrator's navigation lists its ten screens
    (Duplicates and Devices are the coordinator's computer's)."""
    assert window.workspace.screen_keys() == [
        "today",
        "groups",
        "participants",
        "consultations",
        "escouts",
        "reports",
        "programmes",
        "staff",
        "sync",
        "settings",
    ]
    assert "Rūta Žukauskienė" in window.user_label.text()


def test_lecturer_role_hides_escouts_and_reports(branch: Any, make_state: Any, qtbot: Any) -> None:
    """A lecturer does not get the E-scouts and Reports screens (nor their shortcuts)."""
    win = gui_app.launch(make_state(branch.data_dir))
    sign_in(qtbot, win, login="jonas", password=PASSWORD)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=WAIT_MS)
    keys = win.workspace.screen_keys()
    assert "escouts" not in keys and "reports" not in keys
    assert win.go("reports") is None
    assert not win._actions["go_reports"].isEnabled()


def test_every_control_of_the_sign_in_panel_has_an_accessible_name(
    branch: Any, make_state: Any, qtbot: Any
) -> None:
    """Screen readers can name the login, password and button of the sign-in panel."""
    win = gui_app.launch(make_state(branch.data_dir))
    panel = win.sign_in
    for widget in (panel.login, panel.password, panel.button):
        assert widget.accessibleName()
