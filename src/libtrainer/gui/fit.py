"""Windows and dialogs that fit the screen they are on (decision 0520).

A lecturer's laptop may offer 1024×600, or 512×300 at 200 % scaling. Every top-level window
and dialog goes through here rather than sizing itself with fixed numbers:

- :func:`fit_window` gives a window its preferred size, never larger than the available
  geometry (``QScreen.availableGeometry()``, less the window frame) of the screen it is on, and
  keeps it on that screen when it is shown;
- :func:`readable_width` caps the minimum width a text needs so a long lt or lv text never
  makes a dialog wider than the screen;
- :func:`scrolling` puts a tall form in a frameless scroll area, so the window's minimum stays
  small, its buttons (kept outside the area) stay at the bottom and the form scrolls.

:func:`clamp` and :func:`keep_inside` are plain geometry, tested with given screens. GUI thread
only. ``Qt`` itself is imported only where it is used after start (decision 0508): the main
window is sized before READY.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QScreen
    from PySide6.QtWidgets import QScrollArea

#: room kept for text beside a capped width: the dialog's own margins and a frame
TEXT_ALLOWANCE = 48


def clamp(wanted: QSize, available: QRect, frame: QMargins) -> QSize:
    """``wanted`` (a client size), no larger than ``available`` less the ``frame`` around it."""
    room_w = available.width() - frame.left() - frame.right()
    room_h = available.height() - frame.top() - frame.bottom()
    return QSize(max(1, min(wanted.width(), room_w)), max(1, min(wanted.height(), room_h)))


def keep_inside(outer: QRect, available: QRect) -> QPoint:
    """Where the frame ``outer`` goes so that it lies inside ``available`` (its top-left kept
    inside when it is larger: the title bar and the first fields stay reachable)."""
    x = min(outer.x(), available.x() + available.width() - outer.width())
    y = min(outer.y(), available.y() + available.height() - outer.height())
    return QPoint(max(x, available.x()), max(y, available.y()))


def screen_of(widget: QWidget) -> QScreen | None:
    """The screen ``widget``'s window is on; before it is shown, the one of the window it
    belongs to (a dialog opens over its parent)."""
    window = widget.window()
    handle = window.windowHandle()
    if handle is not None and window.isVisible():
        return handle.screen()
    parent = window.parentWidget()
    if parent is not None:
        return screen_of(parent)
    return window.screen() or QGuiApplication.primaryScreen()


def available_geometry(widget: QWidget) -> QRect:
    """The available geometry (without task bars and docks) of ``widget``'s screen."""
    screen = screen_of(widget)
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 600)


def frame_margins(window: QWidget) -> QMargins:
    """The window's frame: the real one once the window system told it, else room for a
    title bar on top (what a frame costs before the first show; two lines of text — the
    style's own title bar height would build ``QStyle`` before READY, decision 0510)."""
    handle = window.windowHandle()
    if handle is not None:
        margins = handle.frameMargins()
        if not margins.isNull():
            return margins
    return QMargins(0, 2 * window.fontMetrics().height(), 0, 0)


def fit_window(window: QWidget, width: int | None = None, height: int | None = None) -> None:
    """Size ``window`` to ``width`` × ``height`` (each defaults to its size hint), no larger
    than its screen's available geometry: now when both are given, and when it is first shown,
    on the screen it is then on. At every show it is cut to that screen and moved onto it when
    it sticks out. A maximised or full-screen window is left to the window system."""
    if width is not None and height is not None:
        wanted = QSize(width, height)
        window.resize(clamp(wanted, available_geometry(window), frame_margins(window)))
    if window.findChild(_FitOnShow, "fitOnShow") is None:
        window.installEventFilter(_FitOnShow(window, width, height))


def usable_size(window: QWidget) -> bool:
    """``window`` is large enough to work in on its screen: at least 640 × 400, or most of a
    smaller screen. A window restored from another screen's settings can come back a few
    hundred pixels wide, and would be saved so again at close."""
    available = available_geometry(window)
    size = window.size()
    return size.width() >= min(640, available.width() * 3 // 4) and size.height() >= min(
        400, available.height() * 3 // 4
    )


def fit_now(window: QWidget, wanted: QSize | None = None) -> None:
    """Clamp ``window`` (at ``wanted``, default its present size) to its screen and move it
    onto it."""
    if window.isMaximized() or window.isFullScreen():
        return
    available = available_geometry(window)
    frame = frame_margins(window)
    size = clamp(wanted or window.size(), available, frame)
    if size != window.size():
        window.resize(size)
    outer = QRect(
        window.x(),
        window.y(),
        size.width() + frame.left() + frame.right(),
        size.height() + frame.top() + frame.bottom(),
    )
    place = keep_inside(outer, available)
    if place != outer.topLeft():
        window.move(place)


class _FitOnShow(QObject):
    """Fits its window at each show (the screen is known only then)."""

    def __init__(self, window: QWidget, width: int | None, height: int | None) -> None:
        super().__init__(window)
        self.setObjectName("fitOnShow")
        self.target = window
        self.width_, self.height_ = width, height
        self.first = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.target and event.type() == QEvent.Type.Show:
            wanted = self.target.size()
            if self.first:  # later shows keep the size the person gave it, if it fits
                self.first = False
                # Qt gives a window at most 2/3 of the screen: its size hint, when it fits, is
                # better on a small screen
                hint = self.target.sizeHint()
                wanted = wanted.expandedTo(
                    QSize(self.width_ or hint.width(), self.height_ or hint.height())
                )
            fit_now(self.target, wanted)
        return False


def readable_width(widget: QWidget, width: int) -> int:
    """``width`` for a text in ``widget``'s window, or less on a narrow screen."""
    return max(120, min(width, available_geometry(widget).width() - TEXT_ALLOWANCE))


def scrolling(content: QWidget, name: str = "") -> QScrollArea:
    """``content`` in a frameless scroll area that gives it all the room there is and scrolls
    only when there is less than it needs; the area itself never takes the keyboard."""
    from PySide6.QtCore import Qt  # noqa: PLC0415 - not at start (0508)
    from PySide6.QtWidgets import QFrame, QScrollArea  # noqa: PLC0415 - not at start (0510)

    area = QScrollArea()
    # not a Tab stop of its own (between Cancel and the first field): Tab goes to the
    # fields, and the area scrolls to the one that gets the keyboard
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if name:
        area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    content.setAutoFillBackground(False)
    area.viewport().setAutoFillBackground(False)
    return area


def scroll_to(area: QScrollArea, *widgets: QWidget) -> None:
    """Scroll ``area`` so that ``widgets`` (a field and the message just shown under it) are
    in sight. The layouts first give a message shown now its room: the pending layout
    requests are handled here, so its place is known (no timer)."""
    from PySide6.QtCore import QCoreApplication  # noqa: PLC0415 - not at start

    for _round in range(3):  # the form, its content widget, the scroll area
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    for widget in widgets:
        area.ensureWidgetVisible(widget)
