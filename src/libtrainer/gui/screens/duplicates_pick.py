"""The Duplicates screen's tab "Choose two records" (coordinators): join records never offered.

The pairs tab offers only records with the same folded name and a compatible birth year, so
"Kaliņa" 1950 and "Kalniņa" 1949 never meet there. Here the coordinator finds each record by
name or code (``services/duplicate_records.find``), both lists showing birth year, code,
branch and sessions, compares the two in the same boxes as an offered pair, chooses whose
details count and confirms with the same "Same person" (``duplicates.same_person``); Separate
on the Confirmed tab undoes it. Searches run on the reader thread, one at a time per list:
a text typed meanwhile is searched when the running one is done.

A record already counted as another record's person (joined before) is listed and marked
"counted as …", as is a record others are counted as: found by the spelling the coordinator
remembers, it still leads to its person. The line under the boxes says that "Same person"
then joins that whole person — every record counted with it — and when both records already
are one person, "Same person" is off and the line says so (decision 0401, thirteenth session).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from libtrainer.i18n import _, ngettext

from libtrainer.gui.models import ListTableModel
from libtrainer.gui.screens.duplicate_boxes import (
    RecordBox,
    difference_note,
    name,
    place,
    sessions_text,
)
from libtrainer.gui.screens.duplicate_fit import boxes_area
from libtrainer.gui.widgets import table_view


def listed_name(record: Any) -> str:
    """The name as a found record is listed: marked when it is joined with other records."""
    if record.counted_as_id:
        return _("{name} — counted as {person}").format(name=name(record), person=record.counted_as)
    if record.others:
        return ngettext(
            "{name} — counted with {count} other record",
            "{name} — counted with {count} other records",
            record.others,
        ).format(name=name(record), count=record.others)
    return name(record)


def joined_note(number: int, record: Any) -> str:
    """What "Same person" does with a record already joined with others ("" when not)."""
    if record.counted_as_id:
        return _(
            "Record {number} is already counted as {person}: “Same person” joins that whole "
            "person, with every record counted as them, and the other record."
        ).format(number=number, person=record.counted_as)
    if record.others:
        return ngettext(
            "Record {number} has {count} other record counted as it: “Same person” joins "
            "them all and the other record.",
            "Record {number} has {count} other records counted as it: “Same person” joins "
            "them all and the other record.",
            record.others,
        ).format(number=number, count=record.others)
    return ""


class FindList:
    """A search field and the records it finds (one side of the pair)."""

    def __init__(self, tab: PickTab, side: str, number: int, title: str) -> None:
        self.tab = tab
        self.found: dict[str, Any] = {}
        self._running = False
        self._wanted: str | None = None
        self.label = QLabel(title)
        self.search = QLineEdit(objectName=f"{side}PickSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Type part of a name or a code"))
        self.search.setAccessibleName(
            _("Record {number}: find by name or code").format(number=number)
        )
        self.label.setBuddy(self.search)
        self.model = ListTableModel(
            [_("Given and family name"), _("Birth year"), _("Code"), _("Branch"), _("Sessions")],
            tab,
        )
        self.view = table_view(f"{side}PickList", self.model, (0, 3))
        self.view.setAccessibleName(_("Records found for record {number}").format(number=number))
        self.search.textChanged.connect(self.find)
        self.search.returnPressed.connect(self.view.setFocus)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: tab.chosen_changed())

    def current(self) -> Any | None:
        return self.found.get(self.model.id_at(self.view.currentIndex().row()) or "")

    def find(self, text: str) -> None:
        """Search for ``text`` now, or when the running search is done."""
        if self._running:
            self._wanted = text
            return
        self._running = True
        self.tab.read(lambda unit: self.tab.finder(unit, text)).success(
            lambda found: self._found(text, found)
        ).failure(self._failed).run_in_background()

    def _failed(self, error: BaseException) -> None:
        self._running = False
        self._wanted = None
        self.tab.failed(error)

    def _found(self, text: str, found: list[Any]) -> None:
        self._running = False
        if self._wanted is not None and self._wanted != text:
            wanted, self._wanted = self._wanted, None
            self.find(wanted)
            return
        self._wanted = None
        keep = self.model.id_at(self.view.currentIndex().row())
        self.found = {r.id: r for r in found}
        self.model.set_rows(
            [
                (
                    r.id,
                    (
                        listed_name(r),
                        str(r.birth_year or "—"),
                        r.code or "",
                        place(r),
                        sessions_text(r, dates=False),
                    ),
                )
                for r in found
            ]
        )
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and found:
            row = 0
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self.tab.chosen_changed()

    def clear(self) -> None:
        self.found = {}
        self.model.clear()


class PickTab(QWidget):
    """Two searches, the two chosen records side by side, and "Same person".

    ``read`` runs a read-only operation (the screen's); ``decide(first, second, keep)`` is the
    screen's "same person" write; ``failed`` shows an error."""

    def __init__(
        self,
        read: Callable[[Any], Any],
        decide: Callable[[str, str, str], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        super().__init__()
        from libtrainer.services.duplicate_records import find  # noqa: PLC0415

        self.read = read
        self.finder = find
        self._decide = decide
        self.failed = failed
        intro = QLabel(
            _(
                "Two records the list does not offer (a name typed differently, another birth "
                "year): find each by name or code, compare them and decide. “Same person” "
                "counts them as one resident; Separate on the Confirmed tab undoes it."
            ),
            objectName="pickIntro",
        )
        intro.setWordWrap(True)
        self.left = FindList(self, "first", 1, _("Record &1:"))
        self.right = FindList(self, "second", 2, _("Record &2:"))
        self.first = RecordBox(_("Record 1"), "pickFirst", _("Keep the details of record 1"))
        self.second = RecordBox(_("Record 2"), "pickSecond", _("Keep the details of record 2"))
        self.keep = QButtonGroup(self)
        self.keep.addButton(self.first.keep)
        self.keep.addButton(self.second.keep)
        self.note = QLabel(objectName="pickDifferences")
        self.note.setProperty("textFormat", "PlainText")
        self.note.setWordWrap(True)
        self.same_button = QPushButton(_("Same &person"), objectName="pickSamePerson")
        self.same_button.clicked.connect(self.same_person)
        self._shown: tuple[str, str] | None = None
        lists = QGridLayout()
        for column, side in enumerate((self.left, self.right)):
            find_row = QHBoxLayout()
            find_row.addWidget(side.label)
            find_row.addWidget(side.search, 1)
            lists.addLayout(find_row, 0, column)
            lists.addWidget(side.view, 1, column)
        boxes = QHBoxLayout()
        boxes.addWidget(self.first)
        boxes.addWidget(self.second)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.same_button)
        page = QVBoxLayout(self)
        page.addWidget(intro)
        page.addLayout(lists, 1)
        # The note on a row of its own: a wrapped text in a row of buttons asks for a guessed
        # height. The boxes and the note scroll on their own when the window is short.
        page.addWidget(boxes_area("pickRecords", boxes, self.note))
        page.addLayout(buttons)
        self.chosen_changed()

    def chosen(self) -> tuple[Any, Any] | None:
        a, b = self.left.current(), self.right.current()
        return (a, b) if a is not None and b is not None and a.id != b.id else None

    def chosen_changed(self) -> None:
        from libtrainer.services.duplicate_records import default_keep  # noqa: PLC0415

        pair = self.chosen()
        a, b = self.left.current(), self.right.current()
        for box, record, other in ((self.first, a, b), (self.second, b, a)):
            box.show_record(record, other)
            if record is not None and record.counted_as_id:
                counted = _("Counted as {person}").format(person=record.counted_as)
                box.details.setText(f"{box.details.text()}\n{counted}")
        ids = (pair[0].id, pair[1].id) if pair else None
        if pair is not None and ids != self._shown:  # a new pair: the default choice
            box = self.first if default_keep(*pair) == pair[0].id else self.second
            box.keep.setChecked(True)
        self._shown = ids
        one = pair is not None and pair[0].person == pair[1].person
        self.note.setText(self._note(pair, one))
        for widget in (self.same_button, self.first.keep, self.second.keep):
            widget.setEnabled(pair is not None and not one)

    @staticmethod
    def _note(pair: tuple[Any, Any] | None, one: bool) -> str:
        """The line under the boxes: already one person, else what joining does and what
        differs."""
        if pair is None:
            return ""
        if one:
            return _(
                "These two records are already counted as one person. To count them apart, "
                "use Separate on the Confirmed tab."
            )
        joined = [joined_note(n, r) for n, r in enumerate(pair, 1)]
        return "\n".join([*(text for text in joined if text), difference_note(*pair)])

    def same_person(self) -> None:
        pair = self.chosen()
        if pair is None:
            return
        keep = pair[1].id if self.second.keep.isChecked() else pair[0].id
        self._decide(pair[0].id, pair[1].id, keep)

    def decided(self) -> None:
        """After "same person": the lists are searched again (sessions, groups changed)."""
        self._shown = None
        for side in (self.left, self.right):
            side.find(side.search.text())

    def clear(self) -> None:
        for side in (self.left, self.right):
            side.clear()
            side.search.blockSignals(True)  # no search for the emptied field
            side.search.clear()
            side.search.blockSignals(False)
        self.chosen_changed()
