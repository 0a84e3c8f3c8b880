"""Moving a coded person to a new code: the rows that follow them, and those that do not.

A coded participant's id is derived from the code (docs/decisions/0400), so the same code
given on two branches is ONE record at the coordinator. When a branch gave a code to the wrong
person, :func:`libtrainer.services.participants.change_code` calls :func:`rekey` here:

- a new participant row under the new code's id, with every field of the old row (and the
  changes the form made);
- every row of this store that describes the person moves with them, under the id its rule
  gives for the new person: attendance ``fact_id("attendance", session, person)``, enrolment
  ``fact_id("enrolment", group, person)`` and its assessments ``fact_id("assessment",
  enrolment, phase)``, target groups ``fact_id("tag", person, tag)``. The new rows are
  inserted and the old ones deleted: their tombstones travel, so at the coordinator this
  branch's sessions and groups leave the shared record, which keeps only the other branch's;
- consultations keep their id: only their ``participant_id`` points to the new id;
- the coordinator's decisions about the old record (aliases, "not the same person", a
  decision on its code given to two people) stay with it: they concern the shared record,
  not this branch's person;
- the old participant row is neither deleted nor edited (at the coordinator it is also the
  other branch's person: a delete would erase them, an edit would change them). This device
  remembers that it gave it up (``store/recoded.py``) and hides it.

Every table that refers to a participant, or to a row that moves, must be named in
:data:`REFERENCES`; a reference nobody decided stops the change (a new table is a decision to
make, as in :data:`libtrainer.services.records.POLICIES`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, insert, select, update

from libtrainer.domain import rules
from libtrainer.domain.ids import fact_id
from libtrainer.services.results import Changed
from libtrainer.store import recoded
from libtrainer.store.models import Base, Participant, synced_table, synced_tables
from libtrainer.store.uow import UnitOfWork

MOVE, POINT, KEEP = "move", "point", "keep"

#: (table, column) of every reference to a participant, or to a row that moves with one, and
#: what changing the person's code does with the row: MOVE (a new row under the new person's
#: id, the old one deleted), POINT (the same row, the column set to the new id), KEEP (left
#: with the old record).
REFERENCES: dict[tuple[str, str], str] = {
    ("participant_tag", "participant_id"): MOVE,
    ("enrolment", "participant_id"): MOVE,
    ("assessment", "enrolment_id"): MOVE,
    ("attendance", "participant_id"): MOVE,
    ("consultation", "participant_id"): POINT,
    ("participant_alias", "participant_id"): KEEP,
    ("participant_alias", "canonical_id"): KEEP,
    ("participant_distinct", "participant_id"): KEEP,
    ("participant_distinct", "other_id"): KEEP,
    ("participant_code_decision", "participant_id"): KEEP,
}

#: The tables whose rows move: references to them must be decided too.
MOVING = ("participant", "participant_tag", "enrolment", "attendance")


def references(tables: Iterable[str] = MOVING) -> list[tuple[str, str]]:
    """(child table, column) of every synced foreign key pointing at one of ``tables``."""
    wanted = set(tables)
    return [
        (child, fk.parent.name)
        for child in synced_tables()
        for fk in Base.metadata.tables[child].foreign_keys
        if fk.column.table.name in wanted
    ]


def undecided() -> list[tuple[str, str]]:
    """References :data:`REFERENCES` does not name (should be none)."""
    return [ref for ref in references() if ref not in REFERENCES]


def rekey(
    uow: UnitOfWork,
    row: Participant,
    new_id: str,
    new_code: str | None,
    values: Mapping[str, Any],
    tags: list[str] | None,
) -> Changed:
    """Move the person of ``row`` to ``new_id`` with ``new_code`` (see the module notes).

    ``values``: validated fields to change on the way (as ``edit_participant`` takes them);
    ``tags``: the person's target groups (None: those they have). Writes in the caller's unit
    of work, which commits; ids and codes must have been checked by the caller."""
    missing = undecided()
    if missing:
        raise RuntimeError(f"no decision for the references {missing}")
    old_id = row.id
    session = uow.session
    session.flush()
    person = _table("participant")
    fields = dict(session.execute(select(person).where(person.c.id == old_id)).one()._mapping)
    fields.update(values, id=new_id, code=new_code)
    session.execute(insert(person).values(fields))
    changed = Changed().add("created", "participant", new_id)
    # The two records are two people (at the coordinator the old one is also another branch's
    # person, perhaps showing this person's name): a synced "not the same person", so nobody
    # confirms them as one (services/duplicates.py).
    low, high = sorted((old_id, new_id))
    distinct = {
        "id": fact_id("distinct", low, high),
        "participant_id": low,
        "other_id": high,
        "decided_by": None,
        "decided_on": rules.today(),
    }
    _insert(uow, "participant_distinct", [distinct], changed)
    old_tags = _rows(uow, "participant_tag", "participant_id", [old_id])
    wanted = sorted({t["tag"] for t in old_tags}) if tags is None else sorted(set(tags))
    moved = [
        {"id": fact_id("tag", new_id, tag), "participant_id": new_id, "tag": tag} for tag in wanted
    ]
    _insert(uow, "participant_tag", moved, changed)
    enrolments = _rows(uow, "enrolment", "participant_id", [old_id])
    renamed = {e["id"]: fact_id("enrolment", e["group_id"], new_id) for e in enrolments}
    _insert(
        uow,
        "enrolment",
        [{**e, "id": renamed[e["id"]], "participant_id": new_id} for e in enrolments],
        changed,
    )
    assessments = _rows(uow, "assessment", "enrolment_id", list(renamed))
    _insert(
        uow,
        "assessment",
        [
            {
                **a,
                "id": fact_id("assessment", renamed[a["enrolment_id"]], a["phase"]),
                "enrolment_id": renamed[a["enrolment_id"]],
            }
            for a in assessments
        ],
        changed,
    )
    marks = _rows(uow, "attendance", "participant_id", [old_id])
    _insert(
        uow,
        "attendance",
        [
            {**a, "id": fact_id("attendance", a["session_id"], new_id), "participant_id": new_id}
            for a in marks
        ],
        changed,
    )
    for name, gone in (
        ("assessment", assessments),
        ("enrolment", enrolments),
        ("attendance", marks),
        ("participant_tag", old_tags),
    ):
        _delete(uow, name, [r["id"] for r in gone], changed)
    _point(uow, "consultation", "participant_id", old_id, new_id, changed)
    recoded.note(uow.connection, old_id, new_id, row.code or "", new_code)
    session.expire_all()
    return changed


_table = synced_table


def _rows(uow: UnitOfWork, name: str, column: str, ids: list[str]) -> list[dict[str, Any]]:
    """Every field of the rows of ``name`` whose ``column`` is one of ``ids`` (a person has
    tens of them, never thousands)."""
    if not ids:
        return []
    t = _table(name)
    stmt = select(t).where(t.c[column].in_(ids)).order_by(t.c.id)
    return [dict(r._mapping) for r in uow.session.execute(stmt)]


def _insert(uow: UnitOfWork, name: str, rows: list[dict[str, Any]], changed: Changed) -> None:
    if rows:
        uow.session.execute(insert(_table(name)), rows)
    for r in rows:
        changed.add("created", name, r["id"])


def _delete(uow: UnitOfWork, name: str, ids: list[str], changed: Changed) -> None:
    if ids:
        t = _table(name)
        uow.session.execute(delete(t).where(t.c.id.in_(ids)))
    for row_id in ids:
        changed.add("deleted", name, row_id)


def _point(
    uow: UnitOfWork, name: str, column: str, old_id: str, new_id: str, changed: Changed
) -> None:
    t = _table(name)
    ids = list(uow.session.execute(select(t.c.id).where(t.c[column] == old_id)).scalars())
    if ids:
        uow.session.execute(update(t).where(t.c.id.in_(ids)).values({column: new_id}))
    for row_id in ids:
        changed.add("updated", name, row_id)
