"""The two record boxes of the Duplicates screen: every ESF+ fact side by side, differences marked.

A coordinator chooses whose details count by what each record knows: birth year, gender,
labour-market status, education, code, target groups, the yes/no characteristics, branch and
the sessions attended (first – last). A fact both records know with different values is marked
"≠" and bold (not by colour alone), and the line under the boxes names those facts: the kept
record's value counts. A fact one record leaves unrecorded is counted from the other
(``reports/personfacts``); a value a confirmed group takes from another of its records says so.
All text is plain: names and values come from every branch.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QRadioButton, QVBoxLayout

from libtrainer.i18n import _, ngettext
from libtrainer.i18n.format import format_date
from libtrainer.i18n.labels import field_label

from libtrainer.gui import labels

#: The rows of a box under its "name — branch" line: ``Record.fact`` names, then code, target
#: groups, the yes/no facts as one row, and sessions.
ROWS = (
    "birth_year",
    "gender",
    "labour_status",
    "isced",
    "code",
    "tags",
    "flags",
    "sessions",
)
MARK = "≠ "


def sessions_text(record: Any, *, dates: bool = True) -> str:
    text = ngettext("{count} session", "{count} sessions", record.sessions).format(
        count=record.sessions
    )
    if record.first_session is None or not dates:
        return text
    span = format_date(record.first_session)
    if record.last_session and record.last_session != record.first_session:
        span += " – " + format_date(record.last_session)
    return f"{text} ({span})"


def place(record: Any) -> str:
    return record.branch or _("no branch")


def name(record: Any) -> str:
    return f"{record.given_name} {record.family_name}"


def _row_label(key: str) -> str:
    if key == "flags":
        return _("Other ESF+ characteristics")
    if key == "sessions":
        return _("Sessions attended")
    return field_label("target_groups" if key == "tags" else key)


def _flags(record: Any) -> str:
    parts = []
    for fact, value in record.flags:
        if value is not None:
            answer = labels.label(labels.YES_NO_UNKNOWN, "yes" if value else "no")
            parts.append(f"{field_label(fact)}: {answer}")
    return "; ".join(parts)


def value_text(record: Any, key: str) -> str:
    """One row's value as shown ("not recorded" when the record leaves it empty)."""
    text = ""
    if key == "birth_year":
        text = str(record.birth_year or "")
    elif key == "gender" and record.gender != "unspecified":
        text = labels.label(labels.GENDERS, record.gender)
    elif key == "labour_status" and record.labour_status != "unknown":
        text = labels.label(labels.LABOUR, record.labour_status)
    elif key == "isced" and record.isced != "unknown":
        text = labels.label(labels.ISCED, record.isced)
    elif key == "code":
        text = record.code or ""
    elif key == "tags":
        text = labels.labels(labels.TARGET_GROUPS, record.tags)
    elif key == "flags":
        text = _flags(record)
    elif key == "sessions":
        text = sessions_text(record)
    if not text:
        return _("not recorded")
    if key in record.taken:
        text += " " + _("(from another record of this person)")
    return text


def differing(first: Any, second: Any) -> list[str]:
    """The box rows whose known values differ (the flags as one row)."""
    found = first.differs(second)
    out = [key for key in ROWS if key in found]
    if any(key in found for key, _value in first.flags):
        out.append("flags")
    return out


def difference_note(first: Any, second: Any) -> str:
    """The line under the boxes: which facts differ, and what counts."""
    rule = _(
        "What the kept record leaves unrecorded is counted from the other record, so nothing "
        "known is lost."
    )
    found = differing(first, second)
    if not found:
        return rule
    names = ", ".join(_row_label(key) for key in found)
    return (
        MARK
        + _("The records differ in: {facts}. The kept record's values count.").format(facts=names)
        + " "
        + rule
    )


class RecordBox(QGroupBox):
    """One record of the pair, its facts, and the choice to keep its details."""

    def __init__(self, title: str, name_: str, keep_text: str) -> None:
        super().__init__(title)
        self.details = QLabel(objectName=f"{name_}Details")
        self.details.setProperty("textFormat", "PlainText")  # names from every branch
        self.details.setWordWrap(True)
        self.values: dict[str, QLabel] = {}
        self.titles: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in ROWS:
            value = QLabel(objectName=f"{name_}_{key}")
            value.setProperty("textFormat", "PlainText")
            value.setWordWrap(True)
            title = QLabel(_row_label(key))
            title.setBuddy(value)
            self.values[key] = value
            self.titles[key] = title
            form.addRow(title, value)
        self.keep = QRadioButton(keep_text, objectName=f"{name_}Keep")
        column = QVBoxLayout(self)
        column.addWidget(self.details)
        column.addLayout(form, 1)
        column.addWidget(self.keep)

    def show_record(self, record: Any | None, other: Any | None = None) -> None:
        """Show ``record``; with ``other``, mark the facts whose known values differ."""
        self.details.setText(f"{name(record)} — {place(record)}" if record is not None else "")
        marked = set(differing(record, other)) if record is not None and other else set()
        for key, label in self.values.items():
            text = value_text(record, key) if record is not None else ""
            differs = key in marked
            label.setText(MARK + text if differs else text)
            for widget in (label, self.titles[key]):
                font = widget.font()
                font.setBold(differs)
                widget.setFont(font)
            label.setAccessibleDescription(_("Differs from the other record") if differs else "")

    def text(self) -> str:
        """Everything the box shows, as one plain text (tests, screen readers' summary)."""
        lines = [self.details.text()]
        lines += [f"{self.titles[k].text()}: {self.values[k].text()}" for k in ROWS]
        return "\n".join(lines)
