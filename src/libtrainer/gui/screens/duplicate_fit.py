"""The Duplicates screen on a small window: every tab's buttons in sight without scrolling.

Each main screen sits in a scroll area (decision 0520), which gives the screen the height its
layout asks for at the window's width: a tab widget asks for its tallest page, and a layout
asks for its items' *preferred* heights, so on "Confirmed" the list of another tab, and on
"To decide" at 1024×600 the pair list's preferred height, pushed the buttons below the edge
(a tester at 1366×768). Here:

- :func:`least_height` is the height a page needs at a width: its wrapped texts at that
  width, everything else at its minimum. The tabs ask for that (``duplicates.Tabs``), so the
  screen scrolls only when a page cannot shrink to the window; the lists and record boxes
  take the room there is.
- :func:`boxes_area` puts the record (or session) boxes and the line under them in a
  scroll area of their own, above the buttons: when they do not fit, they scroll and the
  buttons stay where they are.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLayout, QScrollArea, QVBoxLayout, QWidget


def least_height(layout: QLayout, width: int) -> int:
    """The least height the vertical ``layout`` needs at ``width``: an item with a
    height-for-width (a wrapped text, the record boxes) at that width, every other at its
    minimum, with the layout's margins and spacing. Hidden items take no room."""
    margins = layout.contentsMargins()
    inner = max(width - margins.left() - margins.right(), 0)
    total, shown = margins.top() + margins.bottom(), 0
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None or item.isEmpty():
            continue
        sub = item.layout()
        if isinstance(sub, QVBoxLayout):
            height = least_height(sub, inner)
        elif item.hasHeightForWidth():
            height = max(item.heightForWidth(inner), item.minimumSize().height())
        else:
            height = item.minimumSize().height()
        total += height
        shown += 1
    spacing = layout.spacing() if isinstance(layout, QVBoxLayout) else 0
    return total + max(shown - 1, 0) * max(spacing, 0)


class BoxesArea(QScrollArea):
    """A frameless scroll area that asks for its content's whole height at its width, so the
    boxes show whole when there is room and scroll (not the screen) when there is not."""

    def sizeHint(self) -> QSize:
        base = super().sizeHint()
        content = self.widget()
        if content is None:
            return base
        width = max(self.viewport().width(), content.minimumSizeHint().width())
        height = (
            content.heightForWidth(width)
            if content.hasHeightForWidth()
            else content.sizeHint().height()
        )
        return QSize(base.width(), max(height, content.sizeHint().height()))


def boxes_area(name: str, *parts: QWidget | QLayout) -> QScrollArea:
    """``parts`` (the boxes' row, the line under them) one above the other in a
    :class:`BoxesArea` named ``name``. The area itself takes no focus: Tab goes from the list
    to the boxes' own controls, then the buttons, as before."""
    content = QWidget()
    column = QVBoxLayout(content)
    column.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QLayout):
            column.addLayout(part)
        else:
            column.addWidget(part)
    area = BoxesArea()
    area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(content)
    content.setAutoFillBackground(False)
    area.viewport().setAutoFillBackground(False)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area
