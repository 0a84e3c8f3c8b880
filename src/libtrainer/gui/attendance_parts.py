"""Parts of the attendance sheet: a person's row and its mark, the diacritics-insensitive
filter, type-to-filter for the list, and the one-line "new participant" row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QStandardItem
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from libtrainer.domain import namesakes, rules
from libtrainer.domain.namesakes import Namesake
from libtrainer.i18n import _

from libtrainer.gui import labels as L
from libtrainer.gui.widgets import CodeCombo, YearEdit

ID_ROLE = Qt.ItemDataRole.UserRole + 1
FOLD_ROLE = Qt.ItemDataRole.UserRole + 2
MARK_ROLE = Qt.ItemDataRole.UserRole + 3  # present | absent | excused: what Save records
NAME_ROLE = Qt.ItemDataRole.UserRole + 4  # "Family Given", as the row shows it
PERSON_ROLE = Qt.ItemDataRole.UserRole + 5  # the row's Namesake: what tells namesakes apart


def person_item(person: Namesake, mark: str, *, held: bool) -> QStandardItem:
    """A row of the sheet: the check box is "present"; an excused absence is said after the
    name. At a session not held yet the box cannot be ticked (decision 0517)."""
    item = QStandardItem()
    item.setCheckable(held)
    item.setEditable(False)
    item.setData(person.id, ID_ROLE)
    item.setData(person, PERSON_ROLE)
    name_item(item, "")
    show_mark(item, mark)
    return item


def name_item(item: QStandardItem, hint: str) -> None:
    """Give the row its name, "Family Given", with ``hint`` in brackets when it has a
    namesake on the sheet ("Šimkienė Dalia (born 1957)"); typing the hint finds the row too."""
    person: Namesake = item.data(PERSON_ROLE)
    given, family = person.given_name, person.family_name
    name = f"{family} {given} ({hint})" if hint else f"{family} {given}"
    item.setData(name, NAME_ROLE)
    item.setData(rules.fold(f"{given} {family} {family} {given} {hint}".rstrip()), FOLD_ROLE)


def tell_apart(items: list[QStandardItem]) -> None:
    """Name every row again, with a hint where two people on the sheet share a name (after
    loading, and after someone is added), keeping each row's mark."""
    people = [item.data(PERSON_ROLE) for item in items]
    hints = namesakes.hints(people)
    for item, person in zip(items, people, strict=True):
        hint = hints.get(person.id)
        before = item.data(NAME_ROLE)
        name_item(item, namesakes.hint_text(hint, _) if hint else "")
        if item.data(NAME_ROLE) != before:
            show_mark(item, item.data(MARK_ROLE))


def show_mark(item: QStandardItem, mark: str) -> None:
    """Give ``item`` the mark ``mark``: its check box, its text and its font."""
    checked = Qt.CheckState.Checked if mark == "present" else Qt.CheckState.Unchecked
    name = item.data(NAME_ROLE)
    text = _("{name} — excused").format(name=name) if mark == "excused" else name
    if item.data(MARK_ROLE) != mark:
        item.setData(mark, MARK_ROLE)
    if item.data(Qt.ItemDataRole.CheckStateRole) is None or item.checkState() != checked:
        item.setCheckState(checked)  # the box shows even where it cannot be ticked
    if item.text() != text:
        item.setText(text)
        font = item.font()
        font.setItalic(mark == "excused")
        item.setFont(font)


def mark_after_click(item: QStandardItem) -> str:
    """The mark a row's check box now says: ticked is present; unticking a present person
    makes them absent; an excused person stays excused until ticked."""
    mark = item.data(MARK_ROLE)
    if item.checkState() == Qt.CheckState.Checked:
        return "present"
    return "absent" if mark == "present" else mark


class FoldFilter(QSortFilterProxyModel):
    """Keeps the rows whose folded name contains every folded word typed."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        begin = getattr(self, "beginFilterChange", None)  # Qt 6.9+; invalidateFilter before
        if begin is not None:
            begin()
            self._words = rules.fold(text).split()
            self.endFilterChange()
        else:
            self._words = rules.fold(text).split()
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802
        key = self.sourceModel().index(row, 0, parent).data(FOLD_ROLE) or ""
        return all(word in key for word in self._words)


class TypeToFilter(QObject):
    """Typing letters in the list goes to the filter field; Backspace edits it."""

    def __init__(self, edit: QLineEdit, parent: Any = None) -> None:
        super().__init__(parent)
        self.edit = edit

    def eventFilter(self, watched: Any, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() == Qt.Key.Key_Backspace:
            self.edit.backspace()
            return True
        text = event.text()
        mods = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        if text and text.isprintable() and text != " " and not mods:
            self.edit.insert(text)
            return True
        return False


class NewPersonRow(QWidget):
    """Names and birth year on one line; gender and labour-market status, each with its
    label, the target groups and Add on the next."""

    add = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.given = QLineEdit(objectName="newGiven")
        self.family = QLineEdit(objectName="newFamily")
        self.year = YearEdit()
        self.year.setObjectName("newYear")
        self.gender = CodeCombo(L.GENDERS)
        self.gender.setObjectName("newGender")
        self.gender.set_code("unspecified")
        self.status = CodeCombo(L.LABOUR)
        self.status.setObjectName("newStatus")
        self.status.set_code("unknown")
        self.groups = QToolButton(objectName="newTargetGroups")
        self.groups.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.groups)
        self.tag_actions: dict[str, QAction] = {}
        for code, text in L.choices(L.TARGET_GROUPS):
            action = self.menu.addAction(text)
            action.setCheckable(True)
            action.toggled.connect(self._tags_changed)
            self.tag_actions[code] = action
        self.groups.setMenu(self.menu)
        self.button = QPushButton(objectName="addPerson")
        self.button.clicked.connect(self.add)
        # the two lists are told apart by their labels ("Not specified" beside "Not known"
        # says nothing of which is which); no Alt+letter: Tab reaches them from the year, and
        # the sheet's letters are taken in some language
        self.gender_label = QLabel(_("Gender"))
        self.gender_label.setBuddy(self.gender)
        self.status_label = QLabel(_("Labour-market status"))
        self.status_label.setBuddy(self.status)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        for widgets in (
            ((self.given, 3), (self.family, 3), (self.year, 1)),
            (
                (self.gender_label, 0),
                (self.gender, 2),
                (self.status_label, 0),
                (self.status, 3),
                (self.groups, 0),
                (self.button, 0),
            ),
        ):
            line = QHBoxLayout()
            for widget, stretch in widgets:
                line.addWidget(widget, stretch)
            rows.addLayout(line)
        for field in (self.given, self.family, self.year):
            field.returnPressed.connect(self.add)
        self.given.setPlaceholderText(_("Given name"))
        self.family.setPlaceholderText(_("Family name"))
        self.year.setPlaceholderText(_("Birth year"))
        # the hint is read whole ("Dzimšanas gads", not "Dzimšanas g")
        hint = self.year.fontMetrics().horizontalAdvance(self.year.placeholderText())
        self.year.setMinimumWidth(hint + 4 * self.year.fontMetrics().averageCharWidth())
        for combo in (self.gender, self.status):  # as wide as the row allows, not the longest
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        for widget, name in (
            (self.given, _("New person: given name")),
            (self.family, _("New person: family name")),
            (self.year, _("New person: birth year")),
            (self.gender, _("New person: gender")),
            (self.status, _("New person: labour-market status")),
            (self.groups, _("New person: target groups")),
        ):
            widget.setAccessibleName(name)
        self.button.setText(_("&Add"))
        self.button.setAccessibleName(_("Add the new person"))
        self._tags_changed()

    def tags(self) -> list[str]:
        return [code for code, action in self.tag_actions.items() if action.isChecked()]

    def _tags_changed(self) -> None:
        chosen = self.tags()
        self.groups.setText(
            _("Target groups ({n})").format(n=len(chosen)) if chosen else _("Target groups")
        )

    def values(self) -> dict[str, Any]:
        return {
            "given_name": self.given.text(),
            "family_name": self.family.text(),
            "birth_year": self.year.value(),
            "gender": self.gender.code(),
            "labour_status": self.status.code(),
            "target_groups": self.tags(),
        }

    def reset(self) -> None:
        for field in (self.given, self.family, self.year):
            field.clear()
        self.gender.set_code("unspecified")
        self.status.set_code("unknown")
        for action in self.tag_actions.values():
            action.setChecked(False)
