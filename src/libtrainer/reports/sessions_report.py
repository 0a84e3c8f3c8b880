"""Sessions held and unique participants per region (or library, branch, programme) per period
— how staff-training seminars are reported ("26 sessions with 433 librarians in the second
half of 2010").

One wide table: a row per place, for each period its sessions and unique participants, then
the row's totals over the whole period. A person who attended in two half-years counts once in
the row total; one who attended in two regions counts once in the grand total. Every cell is
an SQL aggregate (count of sessions held, count of DISTINCT canonical persons).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, FromClause, func, select

from libtrainer.i18n import _
from libtrainer.reports import labels
from libtrainer.reports.aggregate import TOTAL_KEY, Figures, Run, aggregate, clean, merge
from libtrainer.reports.dimensions import keyed, ordered_keys, place_of, row_code, row_labels
from libtrainer.reports.filters import ReportFilters
from libtrainer.reports.model import Cell, Column, Row, Section
from libtrainer.reports.periods import UNITS, period_code, period_label
from libtrainer.reports.work import BUCKET, GRAIN, Workspace

DEFAULT_BY = ("region", "half")


def split_by(by: tuple[str, ...]) -> tuple[str, str]:
    """(row dimension, period unit) from ``by`` (defaults: region, half-year)."""
    rows = [b for b in by if b not in UNITS] or ["region"]
    units = [b for b in by if b in UNITS] or ["half"]
    return rows[0], units[0]


def steps(by: tuple[str, ...]) -> int:
    return 8


def _cross(
    run: Run,
    source: FromClause,
    row_dim: str,
    unit: str,
    metrics: dict[str, ColumnElement[Any]],
    **cols: Any,
) -> dict[tuple[Any, Any], dict[str, Cell]]:
    """``{(row key, period key): figures}`` of one query grouped by both."""
    rk = keyed(row_dim, **cols)
    pk = keyed(unit, **cols)
    stmt = select(rk.key.label("r"), pk.key.label("p"), *[m.label(k) for k, m in metrics.items()])
    stmt = rk.apply(stmt.select_from(source)).group_by(rk.key, pk.key)
    out = {
        (r._mapping["r"], r._mapping["p"]): {k: clean(r._mapping[k]) for k in metrics}
        for r in run.conn.execute(stmt)
    }
    run.step()
    return out


def build(run: Run, filters: ReportFilters, by: tuple[str, ...]) -> list[Section]:
    row_dim, unit = split_by(by)
    with Workspace(run.conn, filters) as ws:
        ws.build()
        run.step()
        cells, by_row, by_period, grand = _figures(run, row_dim, unit)
    return [_section(run, row_dim, unit, cells, by_row, by_period, grand)]


def _figures(run: Run, row_dim: str, unit: str) -> tuple[Any, Figures, Figures, dict[str, Cell]]:
    g, b = GRAIN.c, BUCKET.c
    held_src = BUCKET  # each bucket counts its sessions and their hours
    held_cols = place_of(BUCKET)
    people_cols = place_of(BUCKET) | {"person": g.person}
    people_src = GRAIN.join(BUCKET, b.b == g.b)
    people: dict[str, ColumnElement[Any]] = {"participants": func.count(func.distinct(g.person))}
    count: dict[str, ColumnElement[Any]] = {
        "sessions": func.coalesce(func.sum(b.sessions), 0),
        "academic_hours": func.coalesce(func.sum(b.session_hours), 0),
    }
    cells: dict[tuple[Any, Any], dict[str, Cell]] = {}
    for part in (
        _cross(run, held_src, row_dim, unit, count, **held_cols),
        _cross(run, people_src, row_dim, unit, people, **people_cols),
    ):
        for key, figures in part.items():
            cells.setdefault(key, {}).update(figures)

    def both(dim: str | None) -> Figures:
        return merge(
            aggregate(run, held_src, dim, count, **held_cols),
            aggregate(run, people_src, dim, people, **people_cols),
        )

    return cells, both(row_dim), both(unit), both(None)[TOTAL_KEY]


def _section(
    run: Run,
    row_dim: str,
    unit: str,
    cells: Any,
    by_row: Figures,
    by_period: Figures,
    grand: dict[str, Cell],
) -> Section:
    # every period of the range, one with no sessions as zeros
    periods = sorted({k for k in by_period if k is not None} | set(run.periods(unit)))
    columns = [Column(row_dim, labels.dimension(row_dim), "text")]
    for p in periods:
        name = period_label(unit, p, run.within)
        columns += [
            Column(f"{period_code(unit, p)}:sessions", f"{name}: {labels.metric('sessions')}"),
            Column(
                f"{period_code(unit, p)}:participants", f"{name}: {labels.metric('participants')}"
            ),
        ]
    columns += [
        Column("sessions", labels.metric("sessions")),
        Column("participants", labels.metric("participants")),
        Column("academic_hours", labels.metric("academic_hours"), "hours"),
    ]

    def line(get: Any, totals: dict[str, Cell]) -> list[Cell]:
        values: list[Cell] = []
        for p in periods:
            figures = get(p) or {}
            values += [figures.get("sessions", 0), figures.get("participants", 0)]
        return values + [
            totals.get("sessions", 0),
            totals.get("participants", 0),
            totals.get("academic_hours", 0),
        ]

    # every place in scope is a row, one without sessions as zeros (docs/decisions/0357)
    keys = [*by_row, *[k for k in run.places(row_dim) if k not in by_row]]
    names = row_labels(run.conn, row_dim, keys)
    rows = [
        Row(
            row_code(row_dim, k),
            [names[k], *line(lambda p, k=k: cells.get((k, p)), by_row.get(k, {}))],
        )
        for k in ordered_keys(row_dim, names)
    ]
    total = [labels.total(), *line(lambda p: by_period.get(p), grand)]
    title = _("Sessions and unique participants: {rows} × {period}").format(
        rows=labels.dimension(row_dim), period=labels.dimension(unit)
    )
    return Section(f"{row_dim}_{unit}", title, columns, rows, total, chart="participants")
