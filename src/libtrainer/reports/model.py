"""The plain shape every report takes, whatever wrote it and whatever reads it.

A :class:`Report` is a title, the filters it was run with (as codes and as translated lines),
when and from which devices' data it was made, and :class:`Section` tables. A section has
typed :class:`Column` s (key, translated label, kind), rows of plain values and an optional
totals row. Totals are computed by SQL like the rows, never summed here: a person who attended
in two branches is one person in the total. The exporters (json, csv, xlsx, pdf) and the GUI
preview read only this structure; nothing in it refers to the store. Labels are translated when
the report is built, in the language in force then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

ColumnKind = Literal["text", "int", "hours", "score", "percent"]
NUMERIC_KINDS: frozenset[str] = frozenset({"int", "hours", "score", "percent"})

Cell = str | int | float | None


@dataclass(frozen=True)
class Column:
    """One column: ``key`` for scripts, ``label`` for people, ``kind`` for formatting."""

    key: str
    label: str
    kind: ColumnKind = "int"

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


@dataclass
class Row:
    """One table row: ``key`` identifies what it is about (an id, a code, a period key)."""

    key: str
    values: list[Cell]
    #: how this row's numbers read, when it differs from the column's (the totals table puts
    #: counts and hours in one column); None: the column's kind
    kind: ColumnKind | None = None


@dataclass
class Section:
    """One breakdown (or the totals, or a cross table) of a report.

    ``chart`` names the numeric column a bar chart shows (None: no chart). ``total`` is the
    totals row, aligned with ``columns`` (its first cell is the "Total" label).
    """

    key: str
    title: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    total: list[Cell] | None = None
    chart: str | None = None
    note: str = ""

    @property
    def labels(self) -> list[str]:
        """Column labels, for a preview table header."""
        return [c.label for c in self.columns]

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def index(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)

    def value(self, row_key: str, column_key: str) -> Cell:
        """The cell of the row ``row_key`` (``"total"`` for the totals row) and a column."""
        i = self.index(column_key)
        if row_key == "total":
            return self.total[i] if self.total else None
        for row in self.rows:
            if row.key == row_key:
                return row.values[i]
        raise KeyError(row_key)

    def rows_miss_total(self) -> bool:
        """Whether an hours column's rows, each rounded to 2 decimals, add up to a little
        more or less than its rounded total: by no more than the rounding of the rows (half
        a hundredth each), so not people counted in several rows. Figures are rounded
        independently and never adjusted to add up; a note says so (docs/decisions/0404)."""
        if self.total is None:
            return False
        for i, col in enumerate(self.columns):
            total = self.total[i]
            if col.kind != "hours" or not _number(total):
                continue
            cells = [r.values[i] for r in self.rows if r.kind in (None, "hours")]
            added = round(sum(float(v) for v in cells if _number(v)), 2)
            gap = abs(added - round(float(total), 2))  # type: ignore[arg-type]
            if 0.005 <= gap <= 0.005 * len(cells) + 1e-9:
                return True
        return False

    def table(self) -> list[list[Cell]]:
        """Every row's values, the totals row last: what a preview or an export shows."""
        out = [list(r.values) for r in self.rows]
        if self.total is not None:
            out.append(list(self.total))
        return out

    def to_json(self) -> dict[str, Any]:
        keys = [c.key for c in self.columns]
        return {
            "key": self.key,
            "title": self.title,
            "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in self.columns],
            "rows": [{"key": r.key, **dict(zip(keys, r.values))} for r in self.rows],
            "total": dict(zip(keys, self.total)) if self.total is not None else None,
            "note": self.note,
        }


def _number(value: Cell) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True)
class Source:
    """A device whose records the store holds (its own, or merged from its bundles)."""

    device_id: str
    name: str
    role: str
    branch: str
    #: when its newest bundle merged here arrived (ISO, UTC): its work sent up to then is in
    #: the figures; "" when nothing of it was merged (or it is this computer: ``own``). Dated
    #: by arrival, never by the sending computer's own clock (decision 0332).
    received_until: str = ""
    own: bool = False
    #: on a branch's or lecturer's computer: this other computer's work is merged at the
    #: coordinator, not here
    elsewhere: bool = False
    #: what the sending computer's clock said when it made that bundle (ISO, UTC): a note only
    device_time: str = ""
    suspended_since: int | None = None  # its bundles are set aside after this one (a fork)
    revoked_after: int | None = None  # its bundles after this one are refused
    replaced_by: str = ""  # the name of its new identity (the same computer, enrolled again)
    replaced_by_id: str = ""
    replaced_by_code: str = ""  # its enrolment code (both identities carry the same name)


@dataclass
class Report:
    """A finished report: what the exporters and the GUI preview read."""

    kind: str
    title: str
    language: str
    filters: Mapping[str, Any]
    filter_lines: list[tuple[str, str]]
    generated_at: dt.datetime
    sources: list[Source] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def section(self, key: str) -> Section:
        for sec in self.sections:
            if sec.key == key:
                return sec
        raise KeyError(key)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (format ``libtrainer-report/1``): codes and ids, plus labels."""
        return {
            "format": "libtrainer-report/1",
            "kind": self.kind,
            "title": self.title,
            "language": self.language,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "filters": dict(self.filters),
            "filter_lines": [list(line) for line in self.filter_lines],
            "sources": [vars(s) for s in self.sources],
            "notes": list(self.notes),
            "sections": [s.to_json() for s in self.sections],
        }


def make_rows(keyed: Sequence[tuple[str, Sequence[Cell]]]) -> list[Row]:
    return [Row(key, list(values)) for key, values in keyed]
