"""The workspace of the main window: the navigation list and the screens, built lazily.

It exists only while someone is signed in (the window deletes it on lock). Screens are
imported the first time they are shown, so the window appears before their modules load.
"""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QWidget,
)

from libtrainer.i18n import _, translations

from libtrainer.gui import fit
from libtrainer.gui.labels import UI_LANGUAGES
from libtrainer.gui.screens import SCREENS
from libtrainer.gui.screens.base import Screen


class Workspace(QWidget):
    """Navigation list and the stack of screens (built lazily)."""

    def __init__(self, window: Any) -> None:
        super().__init__()
        self.setObjectName("workspace")
        self.window_ = window
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(_("Navigation"))
        self.stack = QStackedWidget()
        self.screens: dict[str, Screen] = {}
        layout = QHBoxLayout(self)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        for key, title, *_rest in SCREENS:
            if key in window.state.screens():
                item = QListWidgetItem(_(title))
                item.setData(Qt.ItemDataRole.UserRole, key)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, _(title))
                item.setToolTip(_(title))
                self.nav.addItem(item)
        self._size_navigation()
        self.nav.currentItemChanged.connect(self._nav_changed)

    def _size_navigation(self) -> None:
        """As wide as its longest label in any of the app's languages (the width does not jump
        when the language changes), never scrolled sideways; a label that still does not fit
        (a larger font) is elided, its full text in the tooltip."""
        nav = self.nav
        nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        nav.setTextElideMode(Qt.TextElideMode.ElideRight)
        metrics = nav.fontMetrics()
        keys = set(self.window_.state.screens())
        titles = [title for key, title, *_rest in SCREENS if key in keys]
        text = max(
            (
                metrics.horizontalAdvance(translations(lang).gettext(title))
                for lang in UI_LANGUAGES
                for title in titles
            ),
            default=0,
        )
        shown = [nav.item(i).text() for i in range(nav.count())]
        widest_now = max((metrics.horizontalAdvance(t) for t in shown), default=0)
        padding = max(nav.sizeHintForColumn(0) - widest_now, 0)  # the item's own margins
        scrollbar = nav.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, nav)
        nav.setFixedWidth(text + padding + 2 * nav.frameWidth() + scrollbar + 4)

    def screen_keys(self) -> list[str]:
        return [self.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.nav.count())]

    def go(self, key: str) -> Screen | None:
        if key not in self.screen_keys():
            return None
        row = self.screen_keys().index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        else:
            self._show(key)
        return self.screens.get(key)

    def current(self) -> Screen | None:
        area = self.stack.currentWidget()
        widget = area.widget() if isinstance(area, QScrollArea) else None
        return widget if isinstance(widget, Screen) else None

    def _nav_changed(self, item: QListWidgetItem | None, _previous: Any) -> None:
        if item is not None:
            self._show(item.data(Qt.ItemDataRole.UserRole))

    def _show(self, key: str) -> None:
        screen = self.screens.get(key)
        if screen is None:
            screen = self._build(key)
            self.screens[key] = screen
            # A screen taller or wider than a small screen's window scrolls (decision 0520).
            self.stack.addWidget(fit.scrolling(screen, f"scroll_{key}"))
        self.stack.setCurrentWidget(screen.parentWidget().parentWidget())
        self.window_.state.settings.last_screen = key
        screen.activate()

    def _build(self, key: str) -> Screen:
        _key, title, module, cls, _shortcut = next(s for s in SCREENS if s[0] == key)
        mod = importlib.import_module(f"libtrainer.gui.screens.{module}")
        screen: Screen = getattr(mod, cls)(self.window_.state, _(title))
        return screen
