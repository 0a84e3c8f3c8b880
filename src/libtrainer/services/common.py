"""Small helpers the record services share: validation tables, lookups, field-wise edits.

A service validates every value it was given (:func:`validate`) before it reads or writes a
row, then looks up what it refers to (:func:`get`, raising :class:`NotFoundError`), then writes
only what differs (:func:`apply`), so a no-op edit captures nothing. Multi-valued facts
(participant tags, consultation topics) are kept as rows with deterministic ids and changed by
inserting and deleting rows (:func:`sync_fact_rows`), so a change travels as row inserts and
tombstones rather than as an edit of a list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import delete, select

from libtrainer.domain import rules
from libtrainer.domain.errors import N_, NotFoundError, ValidationError
from libtrainer.domain.ids import fact_id
from libtrainer.services.results import Changed
from libtrainer.store.models import Synced
from libtrainer.store.store import read_meta
from libtrainer.store.uow import UnitOfWork

T = TypeVar("T", bound=Synced)
Rule = Callable[[Any], Any]

MAX_COUNT = 1000

#: One message per kind of record, so each language can use its own grammar.
NOT_FOUND: dict[str, str] = {
    "region": N_("The region {id} does not exist (or was deleted)."),
    "library": N_("The library {id} does not exist (or was deleted)."),
    "branch": N_("The branch {id} does not exist (or was deleted)."),
    "staff": N_("The staff member {id} does not exist (or was deleted)."),
    "volunteer": N_("The e-scout {id} does not exist (or was deleted)."),
    "programme": N_("The programme {id} does not exist (or was deleted)."),
    "training_group": N_("The group {id} does not exist (or was deleted)."),
    "training_session": N_("The session {id} does not exist (or was deleted)."),
    "participant": N_("The participant {id} does not exist (or was deleted)."),
    "enrolment": N_("The enrolment {id} does not exist (or was deleted)."),
    "consultation": N_("The consultation {id} does not exist (or was deleted)."),
    "escout_visit": N_("The e-scout visit {id} does not exist (or was deleted)."),
}
_NOT_FOUND_OTHER = N_("The record {id} does not exist (or was deleted).")


def not_found(table: str, row_id: str) -> NotFoundError:
    """The error for a missing row of ``table``."""
    return NotFoundError(NOT_FOUND.get(table, _NOT_FOUND_OTHER), id=row_id, table=table)


def get(uow: UnitOfWork, model: type[T], row_id: str) -> T:
    """The row ``row_id`` of ``model``; :class:`NotFoundError` when there is none."""
    row = uow.session.get(model, row_id) if isinstance(row_id, str) else None
    if row is None:
        raise not_found(model.__tablename__, str(row_id))
    return row


def require(uow: UnitOfWork, model: type[Synced], row_id: str | None) -> str | None:
    """``row_id`` when it names an existing row (None passes through)."""
    if row_id is None:
        return None
    return get(uow, model, row_id).id


def validate(rules: Mapping[str, Rule], values: Mapping[str, Any]) -> dict[str, Any]:
    """Each value cleaned by its field's rule. An unknown field is a programming error."""
    unknown = sorted(set(values) - set(rules))
    if unknown:
        raise TypeError(f"unknown field(s): {', '.join(unknown)}")
    return {name: rules[name](value) for name, value in values.items()}


#: Fields whose rule became stricter after values were stored (the phone, 2026-11; people's
#: names without digits or signs, 2026-11): such a value sent back unchanged by a form is not
#: checked again (:func:`unchanged`).
GRANDFATHERED = ("phone", "given_name", "family_name")


def unchanged(
    row: Synced | None, changes: Mapping[str, Any], fields: Iterable[str] = GRANDFATHERED
) -> dict[str, Any]:
    """``changes`` without those of ``fields`` that repeat what ``row`` holds: a phone stored
    before the stricter rule stays as it is, readable, and does not stop the person from
    saving the record's other fields; a changed value is checked as usual. ``row`` None
    (not found): ``changes`` as they are, for the caller's not-found error."""
    if row is None:
        return dict(changes)
    kept = set(fields)
    return {
        name: value
        for name, value in changes.items()
        if not (name in kept and value == getattr(row, name))
    }


def apply(row: Synced, values: Mapping[str, Any]) -> list[str]:
    """Set the fields of ``row`` whose value differs; the names of the fields changed."""
    changed = []
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed.append(name)
    return changed


def edited(uow: UnitOfWork, row: Synced, values: Mapping[str, Any], changed: Changed) -> Changed:
    """Apply ``values`` to ``row``; record it as updated when a value really changed."""
    if apply(row, values):
        uow.session.flush()
        changed.add("updated", row.__tablename__, row.id)
    return changed


def home_branch(uow: UnitOfWork) -> str | None:
    """The branch this device was set up for (the default place of new records)."""
    return read_meta(uow.connection, "branch_id")


def optional(rule: Rule) -> Rule:
    """``rule`` that lets None (no value) through."""
    return lambda value: None if value is None else rule(value)


def enum(field: str, kind: type[StrEnum]) -> Rule:
    """Rule: one code of the closed vocabulary ``kind`` (stored as its plain string)."""
    return lambda value: rules.check_enum(field, kind, value).value


def enums(field: str, kind: type[StrEnum]) -> Rule:
    """Rule: several codes of ``kind``, de-duplicated and sorted (plain strings)."""

    def rule(values: Any) -> list[str]:
        if isinstance(values, str) or not isinstance(values, Iterable):
            values = [] if values is None or values == "" else str(values).split(",")
        return [m.value for m in rules.check_enums(field, kind, [str(v).strip() for v in values])]

    return rule


def check_flag(field: str, value: Any) -> bool | None:
    """A yes/no/unknown characteristic: True, False or None."""
    if value is None or isinstance(value, bool):
        return value
    raise ValidationError(field, N_("{field_label} must be yes, no or unknown."))


def check_count(field: str, value: Any, limit: int = MAX_COUNT) -> int:
    """A whole number from 0 to ``limit`` (people helped, …)."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= limit:
        raise ValidationError(
            field, N_("{field_label} must be a whole number from 0 to {limit}."), limit=limit
        )
    return value


def check_email(field: str, value: Any) -> str | None:
    """An e-mail address (only its shape is checked) or None for none."""
    text = rules.clean_name(field, value, required=False)
    if not text:
        return None
    local, _at, domain = text.partition("@")
    labels = domain.split(".")
    if not local or "@" in domain or len(labels) < 2 or not all(labels) or " " in text:
        raise ValidationError(
            field, N_("{field_label} must be an e-mail address such as name@example.lt.")
        )
    return text


def sync_fact_rows(
    uow: UnitOfWork,
    model: type[Synced],
    *,
    kind: str,
    parent: tuple[str, str],
    value_field: str,
    wanted: Iterable[str],
    changed: Changed,
) -> bool:
    """Make the rows of ``model`` under ``parent`` (field, id) hold exactly ``wanted``.

    Rows have id ``fact_id(kind, parent_id, value)``: a value added on two devices is one row,
    and a value removed is a row delete (a tombstone), never an edit. True when anything changed.
    """
    parent_field, parent_id = parent
    parent_col = getattr(model, parent_field)
    value_col = getattr(model, value_field)
    have = set(uow.session.execute(select(value_col).where(parent_col == parent_id)).scalars())
    want = set(wanted)
    table = model.__tablename__
    for value in sorted(want - have):
        row_id = fact_id(kind, parent_id, value)
        uow.session.add(model(id=row_id, **{parent_field: parent_id, value_field: value}))
        changed.add("created", table, row_id)
    uow.session.flush()
    gone = sorted(have - want)
    if gone:
        uow.session.execute(delete(model).where(parent_col == parent_id, value_col.in_(gone)))
        for value in gone:
            changed.add("deleted", table, fact_id(kind, parent_id, value))
    return bool(want - have or gone)


#: Bound parameters per ``IN (…)`` list: well under SQLite's limit on every build.
CHUNK = 500


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    """``values`` in slices of at most ``size`` (for ``IN`` lists of bound parameters)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
