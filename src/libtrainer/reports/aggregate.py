"""Running grouped aggregates and turning their results into report sections.

:func:`aggregate` runs ONE ``SELECT key, metrics… GROUP BY key`` over a source (the attendance
facts, the sessions in scope, consultations…) and returns ``{key: {metric: value}}``; several
such results for the same dimension are merged by key into one :class:`Section` whose totals
row comes from the same aggregates without a key (never from adding rows up). Values are
normalised (PostgreSQL ``Decimal`` → int/float, hours rounded to 2 decimals).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, FromClause, select

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.i18n import _
from libtrainer.reports import labels
from libtrainer.reports.dimensions import (
    GEO,
    Keyed,
    keyed,
    ordered_keys,
    places_in_scope,
    row_code,
    row_labels,
)
from libtrainer.reports.filters import ReportFilters
from libtrainer.reports.model import Cell, Column, ColumnKind, Row, Section
from libtrainer.reports.periods import UNITS, periods_between

TOTAL_KEY = "__total__"
Figures = dict[Any, dict[str, Cell]]
Progress = Callable[[int, int, str], None]


class ReportCancelled(LibtrainerError):
    """The person stopped the report before it finished."""

    def __init__(self) -> None:
        super().__init__(N_("The report was stopped."))


@dataclass
class Run:
    """One report run: the connection, progress reporting and cancellation between queries.

    Thread rule: a run belongs to the thread that runs it (the GUI's worker); ``progress`` is
    called on that thread with (step, steps, label) and ``cancelled`` is polled there.
    """

    conn: Connection
    steps: int = 1
    done: int = 0
    progress: Progress | None = None
    cancelled: Callable[[], bool] | None = None
    #: what the report was asked for: time rows cover its periods (None: the keys found)
    filters: ReportFilters | None = None

    @property
    def within(self) -> tuple[dt.date, dt.date] | None:
        """The counted range (first day, last counted day), which labels a period it covers
        in part: a year's report made on 23 November names "2026 Q4 (1 Oct – 23 Nov)"."""
        if self.filters is None:
            return None
        return self.filters.date_from, self.filters.counted_to

    def periods(self, unit: str) -> list[int]:
        """Every period of ``unit`` from the range's start to its last counted day (periods
        that have not begun are not rows: nothing in them is "none")."""
        if self.filters is None:
            return []
        return periods_between(unit, self.filters.date_from, self.filters.counted_to)

    def places(self, dim: str) -> list[str]:
        """Every region, library or branch of ``dim`` in the report's scope (not archived)
        whose records this computer holds: a place where nothing was counted is a row of
        zeros, not a missing row."""
        if self.filters is None or dim not in GEO:
            return []
        return places_in_scope(self.conn, dim, self.filters.scope)

    def step(self, label: str = "") -> None:
        if self.cancelled is not None and self.cancelled():
            raise ReportCancelled()
        self.done += 1
        if self.progress is not None:
            self.progress(min(self.done, self.steps - 1), self.steps, label)

    def finish(self) -> None:
        """Report the last step (the step counts of a kind are estimates)."""
        if self.progress is not None:
            self.progress(self.steps, self.steps, "")


def clean(value: Any) -> Cell:
    """A database value as a plain JSON-able cell."""
    if isinstance(value, decimal.Decimal):
        value = float(value)
    if isinstance(value, float):
        # rounded once, here, from the unrounded sums: 9 × 50 / 45 (nine 50-minute
        # sessions) is 10, as 10.0 is (docs/decisions/0404)
        value = round(value, 2)
        return int(value) if value.is_integer() else value
    if value is None or isinstance(value, (int, str)):
        return value
    return str(value)


def aggregate(
    run: Run,
    source: FromClause,
    dim: str | None,
    metrics: Mapping[str, ColumnElement[Any]],
    *,
    where: Sequence[ColumnElement[bool]] = (),
    key: Keyed | None = None,
    **columns: Any,
) -> Figures:
    """``{key: {metric: value}}`` of one grouped query (``dim=None``: one row, the totals).

    The group-by key is the dimension's, from the source's ``columns`` (branch, date or
    month, programme, person, tags: see :func:`dimensions.keyed`), unless ``key`` is given.
    """
    cols = [expr.label(name) for name, expr in metrics.items()]
    if dim is None:
        stmt = select(*cols).select_from(source).where(*where)
        one = run.conn.execute(stmt).one()._mapping
        run.step()
        return {TOTAL_KEY: {name: clean(one[name]) for name in metrics}}
    if key is None:
        key = keyed(dim, **columns)
    stmt = key.apply(select(key.key.label("dim_key"), *cols).select_from(source))
    stmt = stmt.where(*where).group_by(key.key)
    out: Figures = {}
    for row in run.conn.execute(stmt):
        m = row._mapping
        out[m["dim_key"]] = {name: clean(m[name]) for name in metrics}
    run.step()
    return out


def merge(*parts: Figures) -> Figures:
    out: Figures = {}
    for part in parts:
        for key, figures in part.items():
            out.setdefault(key, {}).update(figures)
    return out


def metric_columns(keys: Sequence[str], kinds: Mapping[str, ColumnKind]) -> list[Column]:
    return [Column(k, labels.metric(k), kinds.get(k, "int")) for k in keys]


#: Why a breakdown's rows may add up to more than its total, printed under the table.
ROW_NOTES = {
    "target_group": N_(
        "A person with several target groups is in each of their rows: the rows add up to "
        "more than the total, which counts each person once."
    ),
    "topic": N_(
        "A consultation with several topics is in each of its topics' rows, with its minutes: "
        "the rows add up to more than the total."
    ),
}
SPAN_NOTE = N_(
    "People (and groups) active in several rows are counted in each of them and once in the "
    "total, so the rows of these columns can add up to more than the total."
)
#: The same for a report that counts people only (ESF+ has no groups).
PEOPLE_SPAN_NOTE = N_(
    "People active in several rows are counted in each of them and once in the total, so "
    "the rows can add up to more than the total."
)


def row_note(dim: str, *, people: bool = True, groups: bool = True) -> str:
    """The note under a breakdown by ``dim``: ``people`` (unique people, and with ``groups``
    groups, counted per row) overlap in every breakdown; other counts only by target group
    or topic."""
    if dim in ROW_NOTES:
        return _(ROW_NOTES[dim])
    if not people:
        return ""
    return _(SPAN_NOTE) if groups else _(PEOPLE_SPAN_NOTE)


def build_section(
    run: Run,
    dim: str,
    columns: list[Column],
    figures: Figures,
    totals: Mapping[str, Cell] | None,
    *,
    key: str | None = None,
    title: str | None = None,
    chart: str | None = None,
    note: str = "",
) -> Section:
    """Rows of a breakdown, labelled and ordered; missing figures of a row are 0. Every
    period of the range and every place in scope is a row (docs/decisions/0357); other
    breakdowns (programme, target group…) list what was counted."""
    head = Column(dim, labels.dimension(dim), "text")
    keys = list(figures.keys())
    if dim in UNITS:
        # every period of the range, one with no activity as a row of zeros
        keys += [k for k in run.periods(dim) if k not in figures]
    elif dim in GEO:
        # every branch (library, region) in scope, one with nothing counted as zeros
        keys += [k for k in run.places(dim) if k not in figures]
    names = row_labels(run.conn, dim, keys, within=run.within)
    rows = []
    for k in ordered_keys(dim, names):
        values: list[Cell] = [names[k]]
        values += [_or_zero(figures.get(k, {}).get(c.key), c) for c in columns]
        rows.append(Row(row_code(dim, k), values))
    total: list[Cell] | None = None
    if totals is not None:
        total = [labels.total(), *[_or_zero(totals.get(c.key), c) for c in columns]]
    return Section(
        key or dim,
        title or labels.section_title(dim),
        [head, *columns],
        rows,
        total,
        chart,
        note=note,
    )


def _or_zero(value: Cell, column: Column) -> Cell:
    if value is None and column.kind in ("int", "hours"):
        return 0
    return value
