"""Accessibility: every control a keyboard can reach has a name a screen reader can say; the
app works with the high-contrast palette and larger text."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from tests.gui.conftest import idle

from libtrainer.gui.screens import screen_keys
from libtrainer.gui.state import COORDINATOR_SCREENS

#: Duplicates and Devices exist only on the coordinator's computer; their own tests check them.
SCREENS = tuple(key for key in screen_keys() if key not in COORDINATOR_SCREENS)


def _unnamed(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root):
            continue
        if widget.parent() is not None and widget.parent().inherits("QAbstractSpinBox"):
            continue  # the spin box's own line edit: the spin box carries the name
        if widget.inherits("QScrollBar") or widget.inherits("QTabBar"):
            continue
        name = widget.accessibleName()
        if not name and isinstance(widget, QAbstractButton):
            name = widget.text()
        if not name:
            missing.append(f"{type(widget).__name__}:{widget.objectName()}")
    return missing


@pytest.mark.parametrize("key", SCREENS)
def test_every_focusable_control_has_an_accessible_name(window: Any, qtbot: Any, key: str) -> None:
    """Fields, lists, combos and buttons of each screen can be named by a screen reader."""
    screen = window.go(key)
    idle(qtbot, window)
    assert _unnamed(screen) == []


def test_high_contrast_and_larger_text_apply_at_once(window: Any, qtbot: Any) -> None:
    """View ▸ High contrast switches to the black/yellow palette; Larger text grows the font."""
    app = QApplication.instance()
    before = app.font().pointSizeF()
    window._actions["contrast"].trigger()
    assert app.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    assert app.palette().color(QPalette.ColorRole.Highlight).name() == "#ffff00"
    window._actions["bigger"].trigger()
    assert app.font().pointSizeF() > before
    window._actions["contrast"].trigger()
    window.state.settings.font_points = 0
    window._apply_appearance()
    assert app.font().pointSizeF() == before


def test_window_geometry_is_remembered(window: Any, qtbot: Any) -> None:
    """Closing the window saves its geometry; the settings then hold it."""
    window.resize(900, 640)
    window.close()
    assert window.state.settings.geometry


@pytest.mark.parametrize("key", SCREENS)
def test_tab_leaves_every_table(window: Any, qtbot: Any, key: str) -> None:
    """Tab moves on from a table instead of walking its cells for ever (a keyboard trap);
    the arrow keys move within it."""
    from PySide6.QtWidgets import QAbstractItemView

    screen = window.go(key)
    idle(qtbot, window)
    trapping = [
        view.objectName() or type(view).__name__
        for view in screen.findChildren(QAbstractItemView)
        if view.tabKeyNavigation()
    ]
    assert trapping == []


def test_a_tiny_saved_geometry_is_not_restored(
    branch: Any, make_state: Any, qtbot: Any, tmp_path: Any
) -> None:
    """A window saved a few hundred pixels wide (restored from another screen) opens at a size
    to work in, not at the tiny one."""
    from libtrainer.gui import app as gui_app  # noqa: PLC0415
    from libtrainer.gui.settings import GuiSettings  # noqa: PLC0415

    tiny = QWidget()
    tiny.resize(285, 242)
    GuiSettings(tmp_path / "settings.ini").geometry = bytes(tiny.saveGeometry().data())
    win = gui_app.launch(make_state(branch.data_dir))
    qtbot.waitUntil(lambda: win.isVisible(), timeout=5000)
    assert win.width() >= 640 and win.height() >= 400
