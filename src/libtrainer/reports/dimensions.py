"""Breakdowns: the SQL key of each dimension, and its rows' labels and order.

A dimension turns a source row (which has a branch, a date, and maybe a programme and a
person) into a group-by key: a region / library / branch / programme id, a target-group tag,
or an integer period key (see ``periods``). Labels are looked up for the keys that came out of
the aggregate (a few hundred at most) and rows are ordered by the reader's alphabet
(``i18n.collation``), periods chronologically, "none" rows last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, FromClause, Select, or_, select

from libtrainer.i18n.collation import sort_key
from libtrainer.reports import labels
from libtrainer.reports.facts import alias_map, tag_rows
from libtrainer.reports.filters import Scope, branch_ids
from libtrainer.reports.periods import (
    UNITS,
    period_code,
    period_key,
    period_label,
    period_of_month,
)
from libtrainer.services.catalogue_rights import REGION, catalogue_source
from libtrainer.store.models import Branch, Library, Programme, Region, TrainingGroup
from libtrainer.store.store import read_meta

GEO = ("region", "library", "branch")
ACTIVITY = (*GEO, "programme", "target_group", *UNITS)
#: Breakdowns by what a group or programme is: who referred the group, the programme's level.
GROUP_KINDS = ("referrer", "level")


@dataclass
class Keyed:
    """A dimension's key expression and the joins it needs on top of the source."""

    dim: str
    key: ColumnElement[Any]
    joins: list[tuple[FromClause, ColumnElement[bool], bool]] = field(default_factory=list)

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        for target, onclause, outer in self.joins:
            stmt = stmt.join(target, onclause, isouter=outer)
        return stmt


def keyed(
    dim: str,
    *,
    branch: Any,
    library: Any = None,
    region: Any = None,
    date: Any = None,
    month: Any = None,
    programme: Any = None,
    group: Any = None,
    person: Any = None,
    tags: Any = None,
) -> Keyed:
    """The key of ``dim`` for a source with these columns.

    Region and library come from their own columns when the source has them, else through
    the branch. Periods come from ``month`` (an integer ``YYYYMM`` column) when given, else
    from ``date``;
    target groups join ``tags`` (person, tag) on ``person`` (default: computed on the fly).
    """
    if dim in UNITS:
        if month is not None:
            return Keyed(dim, period_of_month(dim, month))
        return Keyed(dim, period_key(dim, date))
    if dim == "branch":
        return Keyed(dim, branch)
    if dim == "library" and library is not None:
        return Keyed(dim, library)
    if dim == "region" and region is not None:
        return Keyed(dim, region)
    if dim in ("library", "region"):
        b = Branch.__table__.alias(f"k_branch_{dim}")
        joins: list[tuple[FromClause, ColumnElement[bool], bool]] = [(b, b.c.id == branch, False)]
        if dim == "library":
            return Keyed(dim, b.c.library_id, joins)
        lib = Library.__table__.alias("k_library")
        joins.append((lib, lib.c.id == b.c.library_id, False))
        return Keyed(dim, lib.c.region_id, joins)
    if dim == "programme" and programme is not None:
        return Keyed(dim, programme)
    if dim == "level" and programme is not None:
        prog = Programme.__table__.alias("k_programme")
        return Keyed(dim, prog.c.level, [(prog, prog.c.id == programme, True)])
    if dim == "referrer" and group is not None:
        grp = TrainingGroup.__table__.alias("k_group")
        return Keyed(dim, grp.c.referrer, [(grp, grp.c.id == group, True)])
    if dim == "target_group" and person is not None:
        if tags is None:
            tags = tag_rows(alias_map("alias_t")).subquery("ptags")
        return Keyed(dim, tags.c.tag, [(tags, tags.c.person == person, True)])
    raise ValueError(f"dimension {dim!r} does not apply here")


def places_in_scope(conn: Connection, dim: str, scope: Scope | None) -> list[str]:
    """The regions, libraries or branches (``dim``) that are rows of a breakdown whether or
    not anything was counted there: those holding a branch in ``scope`` that is not archived
    and whose records this computer holds (:func:`held_here`; docs/decisions/0357, update).
    An archived branch is a row only when it has figures (the aggregate's own keys), as is a
    place outside the list."""
    open_ = or_(Branch.archived.is_(False), Branch.archived.is_(None))
    inside: list[ColumnElement[bool]] = [open_]
    for ids in (branch_ids(scope), held_here(conn)):
        if ids is not None:
            inside.append(Branch.id.in_(ids.scalar_subquery()))
    stmt: Select[Any]
    if dim == "branch":
        stmt = select(Branch.id).where(*inside)
    elif dim == "library":
        stmt = select(Branch.library_id).where(*inside).distinct()
    elif dim == "region":
        stmt = (
            select(Library.region_id)
            .join(Branch, Branch.library_id == Library.id)
            .where(*inside)
            .distinct()
        )
    else:
        return []
    return [str(k) for k in conn.execute(stmt).scalars() if k is not None]


def held_here(conn: Connection) -> Select[Any] | None:
    """A SELECT of the branches whose records this computer holds (None: every branch it
    knows). A coordinator's computer merges its region's branches; a computer in no region
    has only branches added here. A branch computer or lecturer's laptop in a region knows
    the region's branches from the coordinator's catalogue but holds only its own branch's
    records: a zero there would be a figure it cannot know."""
    own = read_meta(conn, "branch_id")
    if read_meta(conn, "role") == "coordinator" or not own or catalogue_source(conn) != REGION:
        return None
    return select(Branch.id).where(Branch.id == own)


def place_of(table: Any) -> dict[str, Any]:
    """The :func:`keyed` columns of a work table that carries a place (region … month)."""
    c = table.c
    cols = {"branch": c.branch_id if "branch_id" in c else None}
    for name, column in (
        ("month", "month"),
        ("region", "region_id"),
        ("library", "library_id"),
        ("programme", "programme_id"),
        ("group", "group_id"),
        ("person", "person"),
    ):
        if column in c:
            cols[name] = c[column]
    return cols


def row_labels(
    conn: Connection,
    dim: str,
    keys: Iterable[Any],
    *,
    within: tuple[dt.date, dt.date] | None = None,
) -> dict[Any, str]:
    """Labels of the keys of one dimension, in the current language; a period that the
    report's range ``within`` covers in part names its days (``periods.period_label``)."""
    keys = list(keys)
    wanted = [k for k in set(keys) if k is not None]
    out: dict[Any, str] = {}
    if dim in UNITS:
        out = {k: period_label(dim, k, within) for k in wanted}
    elif dim in GEO:
        model: Any = {"region": Region, "library": Library, "branch": Branch}[dim]
        for chunk in _chunks(wanted):
            rows = conn.execute(select(model.id, model.name).where(model.id.in_(chunk)))
            out.update({r.id: str(r.name) for r in rows})
    elif dim == "programme":
        cols = (
            Programme.id,
            Programme.code,
            Programme.title_lt,
            Programme.title_lv,
            Programme.title_en,
        )
        for chunk in _chunks(wanted):
            out.update(
                {
                    r.id: labels.programme_title(r)
                    for r in conn.execute(select(*cols).where(Programme.id.in_(chunk)))
                }
            )
    elif dim == "target_group":
        out = {k: labels.code_label(labels.TARGET_GROUPS, k) for k in wanted}
    elif dim == "referrer":
        out = {k: labels.code_label(labels.REFERRERS, k) for k in wanted}
    elif dim == "level":
        out = {k: labels.code_label(labels.LEVELS, k) for k in wanted}
    elif dim == "topic":
        out = {k: labels.code_label(labels.TOPICS, k) for k in wanted}
    elif dim == "helper":
        out = {k: labels.code_label(labels.HELPERS, k) for k in wanted}
    for key in wanted:
        out.setdefault(key, str(key))
    if None in set(keys):
        out[None] = labels.code_label({}, None, dim)
    return out


def ordered_keys(dim: str, names: dict[Any, str]) -> list[Any]:
    """Row order: periods by time, everything else alphabetically; the "none" row last."""
    keys = [k for k in names if k is not None]
    if dim in UNITS:
        keys.sort()
    else:
        keys.sort(key=lambda k: sort_key(names[k]))
    if None in names:
        keys.append(None)
    return keys


def row_code(dim: str, key: Any) -> str:
    """The language-free key of a row for scripts (an id, a code, ``2024-H1``, ``none``)."""
    if key is None:
        # Referrer "none" is a code of its own ("nobody referred the group"); the missing key
        # there means the sessions of no group.
        return "no_group" if dim == "referrer" else "none"
    return period_code(dim, key) if dim in UNITS else str(key)


def _chunks(values: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
