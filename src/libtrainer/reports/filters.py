"""What a report is asked for: period, scope (region / library / branch), programmes, audience.

Filters are plain values; the SQL conditions they become are built here from Core expressions
and bound parameters only. Scope and programme names typed by a person are resolved to ids
diacritics-insensitively (``lazdiju`` finds "Lazdijų"); an unknown or ambiguous name is an error
that says what was found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, func, select, true
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from libtrainer.domain import rules
from libtrainer.domain.enums import Audience
from libtrainer.domain.errors import N_, NotFoundError, ValidationError
from libtrainer.i18n import _
from libtrainer.i18n.format import format_date
from libtrainer.reports.labels import programme_title
from libtrainer.store.models import Branch, Library, Programme, Region
from libtrainer.store.store import read_meta

SCOPE_KINDS = ("region", "library", "branch")
AGE_RULES = ("2021", "2014")

SCOPE_LABELS = {"region": N_("Region"), "library": N_("Library"), "branch": N_("Branch")}
#: Whose training a report counts, said plainly in its heading (None: every programme's).
AUDIENCE_LABELS = {
    None: N_("Residents and library staff"),
    "residents": N_("Residents only"),
    "library_staff": N_("Library staff only"),
}
NO_SUCH = {
    "region": N_("No region is called “{name}”."),
    "library": N_("No library is called “{name}”."),
    "branch": N_("No branch is called “{name}”."),
}
NO_OWN = {
    "region": N_("This store has no region of its own; name one, e.g. region:Alytaus."),
    "library": N_("This store has no library of its own; name one, e.g. library:Lazdijų."),
    "branch": N_("This store has no branch of its own; name one, e.g. branch:Būdviečio."),
}


@dataclass(frozen=True)
class Scope:
    """A region, a library or a branch (by id); ``name`` is for display."""

    kind: str
    id: str
    name: str = ""


@dataclass(frozen=True)
class ReportFilters:
    """Period (inclusive), scope, programmes (any of), audience, ESF+ age rules."""

    date_from: dt.date
    date_to: dt.date
    scope: Scope | None = None
    programme_ids: tuple[str, ...] = ()
    programme_names: tuple[str, ...] = field(default=(), compare=False)
    audience: str | None = None
    age_rules: str = "2021"
    #: the day the report is made (None: today); see :attr:`counted_to`
    as_of: dt.date | None = field(default=None, compare=False)
    #: ESF+: count only people whose first attendance in scope falls in the period
    new_entrants: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.date_from, dt.date) or not isinstance(self.date_to, dt.date):
            raise ValidationError("date", N_("{field_label} must be a date such as 2026-03-15."))
        if self.date_to < self.date_from:
            raise ValidationError(
                "end_date",
                N_("The end of the period ({end}) is before its start ({start})."),
                start=self.date_from.isoformat(),
                end=self.date_to.isoformat(),
            )
        if self.audience is not None:
            rules.check_enum("audience", Audience, self.audience)
        if self.age_rules not in AGE_RULES:
            raise ValidationError("age_band", N_("Age rules must be 2021 or 2014."))
        if self.scope is not None and self.scope.kind not in SCOPE_KINDS:
            raise ValidationError("scope", N_("The scope must be a region, a library or a branch."))

    @property
    def counted_to(self) -> dt.date:
        """The last day whose activity counts: the period's end, or the day the report is made
        when the period reaches past it. Sessions after that day are planned, not held: a
        year's report made in November counts no December sessions (docs/decisions/0355)."""
        return min(self.date_to, self.as_of or dt.date.today())

    @property
    def activity_filtered(self) -> bool:
        """True when programmes or an audience are chosen: consultations and e-scout visits
        (which belong to no programme) are then left out of training figures."""
        return bool(self.programme_ids) or self.audience is not None

    def codes(self) -> dict[str, Any]:
        """The filters as codes and ids, for JSON."""
        return {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "counted_to": self.counted_to.isoformat(),
            "scope": None
            if self.scope is None
            else {"kind": self.scope.kind, "id": self.scope.id, "name": self.scope.name},
            "programmes": list(self.programme_ids),
            "audience": self.audience,
            "age_rules": self.age_rules,
            "new_entrants": self.new_entrants,
        }

    def lines(self) -> list[tuple[str, str]]:
        """The filters as (label, value) lines in the current language."""
        out = [(_("Period"), f"{format_date(self.date_from)} – {format_date(self.date_to)}")]
        if self.counted_to < self.date_from:
            out.append(
                (
                    _("Counted up to"),
                    _(
                        "nothing: the period has not begun (it starts on {start}; the report "
                        "was made on {date}, and sessions in the period are planned, not held)"
                    ).format(start=format_date(self.date_from), date=format_date(self.counted_to)),
                )
            )
        elif self.counted_to < self.date_to:
            out.append(
                (
                    _("Counted up to"),
                    _("{date} (the day the report was made; later sessions are planned)").format(
                        date=format_date(self.counted_to)
                    ),
                )
            )
        if self.scope is None:
            out.append((_("Scope"), _("Everything recorded on this computer")))
        else:
            out.append((_("Scope"), f"{_(SCOPE_LABELS[self.scope.kind])}: {self.scope.name}"))
        names = self.programme_names or self.programme_ids
        out.append((_("Programmes"), ", ".join(names) if names else _("All programmes")))
        out.append((_("Audience"), audience_text(self.audience)))
        if self.new_entrants:
            out.append(
                (
                    _("Participants"),
                    _("new entrants only: people whose first attendance falls in the period"),
                )
            )
        return out


def audience_text(audience: str | None) -> str:
    """Whose training is counted: "Residents and library staff", "Residents only"…"""
    return _(AUDIENCE_LABELS[audience])


# --- SQL conditions -------------------------------------------------------------------------


def branch_ids(scope: Scope | None) -> Select[Any] | None:
    """A SELECT of the branch ids in ``scope`` (None: no restriction)."""
    if scope is None:
        return None
    if scope.kind == "branch":
        return select(Branch.id).where(Branch.id == scope.id)
    if scope.kind == "library":
        return select(Branch.id).where(Branch.library_id == scope.id)
    return (
        select(Branch.id)
        .join(Library, Library.id == Branch.library_id)
        .where(Library.region_id == scope.id)
    )


def in_scope(filters: ReportFilters, branch_col: Any) -> ColumnElement[bool]:
    ids = branch_ids(filters.scope)
    return true() if ids is None else branch_col.in_(ids.scalar_subquery())


def in_period(filters: ReportFilters, date_col: Any, *, scan: bool = False) -> ColumnElement[bool]:
    """The period condition on a date column; with ``scan``, one SQLite will not answer from
    the column's index (see :func:`reads_most`)."""
    col = unindexed(date_col) if scan else date_col
    return and_(col >= filters.date_from, col <= filters.counted_to)


def unindexed(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """``+column``: the same value, but SQLite will not use an index on it (its documented
    way to steer a plan; SQLite only)."""
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


def reads_most(conn: Connection, filters: ReportFilters, date_col: Any) -> bool:
    """Whether the period spans at least a third of the dates in ``date_col``'s table, on
    SQLite. Then reading the table whole is cheaper than a look-up per row through the date
    index, which SQLite (without statistics) would choose for any range (measured on 50,000
    sessions read for a two-year period: 0.09 s whole against 0.15 s through the index)."""
    if conn.dialect.name != "sqlite":
        return False
    # Two statements: SQLite answers a lone min() or max() from the index's ends, but not
    # both in one SELECT (that reads the whole index).
    first = conn.execute(select(func.min(date_col))).scalar()
    last = conn.execute(select(func.max(date_col))).scalar()
    if first is None or last is None:
        return False
    start, end = max(first, filters.date_from), min(last, filters.counted_to)
    if start > end:
        return False
    return bool(((end - start).days + 1) * 3 >= (last - first).days + 1)


def programme_condition(filters: ReportFilters, programme_col: Any) -> ColumnElement[bool]:
    """Programme and audience filters on a programme-id expression."""
    conditions: list[ColumnElement[bool]] = []
    if filters.programme_ids:
        conditions.append(programme_col.in_(list(filters.programme_ids)))
    if filters.audience is not None:
        audience_ids = select(Programme.id).where(Programme.audience == filters.audience)
        conditions.append(programme_col.in_(audience_ids.scalar_subquery()))
    return and_(true(), *conditions)


# --- resolving what a person typed ---------------------------------------------------------


def _match(conn: Connection, kind: str, text: str) -> tuple[str, str]:
    model: Any = {"region": Region, "library": Library, "branch": Branch}[kind]
    rows = conn.execute(select(model.id, model.name)).all()
    exact = [r for r in rows if r.id == text]
    wanted = rules.fold(text.strip())
    found = exact or [r for r in rows if rules.fold(r.name) == wanted]
    if not found:
        found = [r for r in rows if wanted and wanted in rules.fold(r.name)]
    if len(found) == 1:
        return str(found[0].id), str(found[0].name)
    if not found:
        raise NotFoundError(NO_SUCH[kind], name=text)
    names = ", ".join(sorted(str(r.name) for r in found)[:5])
    raise ValidationError(
        "scope", N_("“{name}” matches several: {names}. Be more precise."), name=text, names=names
    )


def resolve_scope(conn: Connection, text: str | None) -> Scope | None:
    """``region`` / ``library`` / ``branch`` (this device's own) or ``KIND:ID-or-name``."""
    if not text:
        return None
    kind, _sep, name = text.partition(":")
    kind = kind.strip().lower()
    if kind not in SCOPE_KINDS:
        raise ValidationError(
            "scope",
            N_(
                "The scope must be region, library or branch, "
                "optionally followed by “:name”, e.g. branch:Būdviečio."
            ),
        )
    if not name.strip():
        own = read_meta(conn, f"{kind}_id")
        if not own:
            raise ValidationError("scope", NO_OWN[kind])
        name = own
    row_id, row_name = _match(conn, kind, name)
    return Scope(kind, row_id, row_name)


def resolve_programmes(
    conn: Connection, texts: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Programme ids and display titles for ids, codes or titles (any language)."""
    rows = conn.execute(
        select(
            Programme.id, Programme.code, Programme.title_lt, Programme.title_lv, Programme.title_en
        )
    ).all()
    ids: list[str] = []
    names: list[str] = []
    for text in texts:
        wanted = rules.fold(text.strip())
        found = [r for r in rows if r.id == text] or [
            r
            for r in rows
            if wanted in {rules.fold(v or "") for v in (r.code, r.title_lt, r.title_lv, r.title_en)}
        ]
        if len(found) != 1:
            if not found:
                raise NotFoundError(N_("No programme is called “{name}”."), name=text)
            raise ValidationError(
                "programme", N_("“{name}” matches several programmes. Use its code."), name=text
            )
        ids.append(str(found[0].id))
        names.append(programme_title(found[0]))
    return tuple(ids), tuple(names)
