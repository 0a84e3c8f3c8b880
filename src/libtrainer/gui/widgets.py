"""Small widgets the screens share: code combos, topic chips, year and date fields, tables.
Form rows, banners and headings live in :mod:`libtrainer.gui.basics` (re-exported here).

Every widget made here gets an accessible name (screen readers say what a field is) and, in a
form, a label whose buddy is the field so Alt+letter reaches it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QRect, QSize, Qt, QTime, Signal
from PySide6.QtGui import QIntValidator, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QHeaderView,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QTimeEdit,
    QWidget,
)

from libtrainer.gui import labels as L
from libtrainer.gui.basics import Banner as Banner
from libtrainer.gui.basics import add_row as add_row
from libtrainer.gui.basics import heading as heading
from libtrainer.gui.basics import hline as hline
from libtrainer.gui.basics import named as named


class CodeCombo(QComboBox):
    """A combo of codes showing translated labels; ``code()`` gives the stored code."""

    def __init__(
        self,
        table: dict[str, str] | Sequence[tuple[str, str]],
        parent: Any = None,
        *,
        blank: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.set_choices(table, blank=blank)

    def set_choices(
        self, table: dict[str, str] | Sequence[tuple[str, str]], *, blank: str | None = None
    ) -> None:
        keep = self.code()
        self.clear()
        if blank is not None:
            self.addItem(blank, None)
        pairs = L.choices(table) if isinstance(table, dict) else list(table)
        for code, text in pairs:
            self.addItem(text, code)
        if keep is not None:
            self.set_code(keep)

    def code(self) -> Any:
        return self.currentData() if self.count() else None

    def set_code(self, code: Any) -> None:
        index = self.findData(code)
        if index >= 0:
            self.setCurrentIndex(index)


class FlagCombo(CodeCombo):
    """Yes / No / Not known, for the ESF+ characteristics (True / False / None)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(L.YES_NO_UNKNOWN, parent)
        self.set_value(None)

    def value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.code())

    def set_value(self, value: bool | None) -> None:
        self.set_code("unknown" if value is None else ("yes" if value else "no"))


class YearEdit(QLineEdit):
    """A four-digit year, or empty for "not known"."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setValidator(QIntValidator(1900, 2100, self))
        self.setMaxLength(4)
        self.setPlaceholderText("1957")

    def value(self) -> int | None:
        text = self.text().strip()
        return int(text) if text.isdigit() else None

    def set_value(self, year: int | None) -> None:
        self.setText("" if year is None else str(year))


class DateEdit(QDateEdit):
    """A date field with a calendar popup, speaking ``datetime.date``."""

    def __init__(self, value: dt.date | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.set_value(value or dt.date.today())

    def value(self) -> dt.date:
        d = self.date()
        return dt.date(d.year(), d.month(), d.day())

    def set_value(self, value: dt.date) -> None:
        self.setDate(QDate(value.year, value.month, value.day))


class TimeEdit(QTimeEdit):
    def __init__(self, value: dt.time | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("HH:mm")
        self.set_value(value or dt.time(10, 0))

    def value(self) -> dt.time:
        t = self.time()
        return dt.time(t.hour(), t.minute())

    def set_value(self, value: dt.time) -> None:
        self.setTime(QTime(value.hour, value.minute))


class LowTable(QTableView):
    """A table that asks for only ``rows`` rows (and its header): below a form it takes the
    room the form leaves, so the form is not pushed out of sight on a small screen."""

    def __init__(self, rows: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows = rows

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def fit_rows(self) -> None:
        """The minimum height: ``rows`` rows, the header and the frame (once the model and
        font are known)."""
        height = self.rows * self.verticalHeader().defaultSectionSize()
        height += self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        self.setMinimumHeight(height)


class SharedWidths(QObject):
    """The width a table's fitted columns (dates, numbers) leave, shared among its text
    columns in proportion to what their longest texts need — Qt's Stretch gives each the same
    width, and a long group name was cut beside a short programme title with room to spare.
    The needs are measured again when the rows change; the shares at every resize."""

    def __init__(self, view: QTableView, columns: Sequence[int]) -> None:
        super().__init__(view)
        self.view = view
        self.columns = list(columns)
        self.needs: dict[int, int] | None = None
        header = view.horizontalHeader()
        for column in self.columns:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.dataChanged,
            model.headerDataChanged,
        ):
            signal.connect(self.measure)
        # a fitted column grows or shrinks after its rows change (Qt does it later)
        header.sectionResized.connect(self._resized)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # a viewport resized while hidden is shown at its new width without a resize event
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.share()
        return False

    def _resized(self, column: int, _old: int, _new: int) -> None:
        if column not in self.columns:
            self.share()

    def measure(self, *_args: Any) -> None:
        self.needs = None
        self.share()

    def share(self) -> None:
        view = self.view
        header = view.horizontalHeader()
        columns = [c for c in self.columns if c < header.count() and not header.isSectionHidden(c)]
        if not columns:
            return
        if self.needs is None:
            self.needs = {
                c: max(view.sizeHintForColumn(c), header.sectionSizeHint(c), 1) for c in columns
            }
        needs = {c: self.needs.get(c, header.sectionSizeHint(c)) for c in columns}
        fitted = sum(
            header.sectionSize(c)
            for c in range(header.count())
            if c not in columns and not header.isSectionHidden(c)
        )
        room = view.viewport().width() - fitted
        total = sum(needs.values())
        least = header.minimumSectionSize()
        widths = [max(room * needs[c] // total, least) for c in columns]
        # the rounding's rest to the last, so the row ends at the table's edge
        widths[-1] = max(widths[-1] + room - sum(widths), least)
        for column, width in zip(columns, widths, strict=True):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)


def table_view(
    name: str, model: Any, stretch: Sequence[int] = (0,), *, lazy: bool = False, rows: int = 0
) -> QTableView:
    """A read-only row-selecting table: ``stretch`` columns share the width (several share
    it by what they hold, :class:`SharedWidths`), the others fit their contents (dates,
    numbers), so names are not cut off. A ``lazy`` model's other columns are sized from the
    header and a sample date instead, and its text columns stretch alike (measuring would
    fetch rows). ``rows``: the table asks for that many rows only (:class:`LowTable`)."""
    from libtrainer.i18n.format import format_short_date  # noqa: PLC0415 - Babel, not at start

    view = LowTable(rows, objectName=name) if rows else QTableView(objectName=name)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
    view.setWordWrap(False)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    metrics = view.fontMetrics()
    for column in range(model.columnCount()):
        if column in stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        elif lazy:
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            sample = format_short_date(dt.date(2000, 12, 28))  # dates in tables (0525)
            width = max(metrics.horizontalAdvance(title), metrics.horizontalAdvance(sample))
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width + 24)
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    if isinstance(view, LowTable):
        view.fit_rows()
    shared = [column for column in stretch if column < model.columnCount()]
    if len(shared) > 1 and not lazy:
        SharedWidths(view, shared)
    return view


def scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area (forms stay usable on small or scaled screens)."""
    area = QScrollArea()
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


# --- topic chips ---------------------------------------------------------------------------


class FlowLayout(QLayout):
    """Lays children out left to right, wrapping to new lines (for chips). ``thirds``: the
    minimum width holds a third of the items side by side (see :meth:`minimumSize`); without
    it, only the widest item (a form in a narrow panel: the chips wrap instead of widening it).
    """

    def __init__(
        self, parent: QWidget | None = None, spacing: int = 6, *, thirds: bool = True
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._thirds = thirds
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        """At least a third of the items side by side, so a narrow window stacks the chips in
        a few rows instead of one per line (which would make the form very tall)."""
        widest, total = 0, 0
        for item in self._items:
            widest = max(widest, item.sizeHint().width())
            total += item.sizeHint().width() + self.spacing()
        width = max(widest, total // 3) if self._thirds else widest
        return QSize(width, self.heightForWidth(width))

    def _place(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        gap = self.spacing()
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() and line > 0:
                x, y, line = rect.x(), y + line + gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + gap
            line = max(line, hint.height())
        return y + line - rect.y()


class ChipBox(QWidget):
    """Checkable chips, one per code. Tab reaches the box (its first chip); ←/→ move between
    chips; Space toggles the focused one; the digit keys 1–9 and 0 toggle the first ten chips
    while a chip has the keyboard, and with :meth:`alt_keys` Alt+1 … Alt+0 anywhere in a form.
    ``narrow``: the box may shrink to its widest chip (:class:`FlowLayout` ``thirds``)."""

    changed = Signal()

    def __init__(self, table: dict[str, str], parent: Any = None, *, narrow: bool = False) -> None:
        super().__init__(parent)
        self._layout = FlowLayout(self, thirds=not narrow)
        self._chips: dict[str, QPushButton] = {}
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.set_choices(table)

    def set_choices(self, table: dict[str, str]) -> None:
        keep = self.codes()
        for chip in self._chips.values():
            # Out of the layout and hidden now: deleteLater waits for the event loop, and
            # until then the old chip would be laid out and painted beside its replacement.
            self._layout.removeWidget(chip)
            chip.hide()
            chip.deleteLater()
        self._chips.clear()
        for number, (code, text) in enumerate(L.choices(table), start=1):
            key = str(number % 10) if number <= 10 else ""
            chip = QPushButton(f"{key} {text}".strip() if key else text, self)
            chip.setCheckable(True)
            chip.setChecked(code in keep)
            chip.setObjectName(f"chip_{code}")
            chip.setAccessibleName(text)
            # Only the first chip is a Tab stop; arrows move between chips, digits toggle them.
            chip.setFocusPolicy(
                Qt.FocusPolicy.StrongFocus if number == 1 else Qt.FocusPolicy.ClickFocus
            )
            chip.setAutoDefault(False)
            chip.toggled.connect(self.changed)
            chip.installEventFilter(self)
            self._layout.addWidget(chip)
            self._chips[code] = chip

    def codes(self) -> list[str]:
        return [code for code, chip in self._chips.items() if chip.isChecked()]

    def set_codes(self, codes: Iterable[str]) -> None:
        wanted = set(codes)
        for code, chip in self._chips.items():
            chip.setChecked(code in wanted)

    def chip(self, code: str) -> QPushButton:
        return self._chips[code]

    def first(self) -> QPushButton | None:
        return next(iter(self._chips.values()), None)

    def alt_keys(self, scope: QWidget) -> None:
        """Alt+1 … Alt+0 toggle the first ten chips wherever the keyboard is in ``scope`` (the
        form), and the keyboard stays there. The digits alone do it only on the chips: in a
        name, a number or a date they are typed (decision 0526)."""
        from PySide6.QtGui import QKeySequence, QShortcut  # noqa: PLC0415 - forms only

        for number in range(1, 11):
            shortcut = QShortcut(QKeySequence(f"Alt+{number % 10}"), scope)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda index=number - 1: self.toggle(index))

    def toggle(self, index: int) -> None:
        """Toggle the chip at ``index`` (0: the one of key 1), if there is one."""
        chips = list(self._chips.values())
        if 0 <= index < len(chips):
            chips[index].toggle()

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            return self._key(watched, event)
        return False

    def _key(self, chip: Any, event: QKeyEvent) -> bool:
        chips = list(self._chips.values())
        text = event.text()
        if text.isdigit() and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            index = (int(text) - 1) % 10
            if index < len(chips):
                self.toggle(index)
                return True
        if event.key() in (Qt.Key.Key_Right, Qt.Key.Key_Left) and chip in chips:
            step = 1 if event.key() == Qt.Key.Key_Right else -1
            chips[(chips.index(chip) + step) % len(chips)].setFocus()
            return True
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()
            return False
        return False


def ask_save_path(
    parent: QWidget, title: str, suggested: Any, file_filter: str, suffix: str
) -> Any:
    """Ask where to save (a ``pathlib.Path``, or None when cancelled); ``suffix`` (".pdf") is
    added when the person left it out."""
    from pathlib import Path  # noqa: PLC0415 - not at start

    from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 - not at start

    chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    return with_suffix(Path(chosen), suffix) if chosen else None


def with_suffix(path: Any, suffix: str) -> Any:
    """``path`` ending in ``suffix`` (any case), else with it added."""
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
