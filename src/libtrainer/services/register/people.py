"""Who a register row without a code is — the same person on every computer that imports the
row (docs/decisions/0403, 0405).

A branch that does not use libtrainer yet mails its register to the coordinator, who imports it
for the branch; later the branch imports the same file (or next month's, which repeats the
rows). Both computers must make the same person of a row, or the coordinator counts the person
twice once the branch's records arrive. So a row without a code is, in this order:

1. the person a row of the same name and year of this branch's register made before, on any
   computer: the id ``register_person_id(branch, folded name, year)`` (also when renamed since);
2. a person without a code **of the row's branch** with the same folded name and birth year
   (typed by hand, or made by an import before 0405; the lowest id first);
3. the one person with a code of that name and year (0403): in the file, or **of the row's
   branch** in the store;
4. else a new person with the register id. A register id with a tombstone is a person erased
   from the records (here, or elsewhere and merged): their rows are left out unless the import
   is asked to bring records back, which restores that id.

People of another branch are never looked at, on any computer: a coordinator's computer holds
every branch's people, a branch's computer only those it made or typed, so taking one of
another branch would make the row one person on one computer and another on the other (and
join two namesakes of two branches, which only the coordinator's Duplicates screen may do).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select

from libtrainer.services.common import chunks
from libtrainer.services.register.codes import normalise_code, register_person_id
from libtrainer.store import recoded
from libtrainer.store.hlc import unpack
from libtrainer.store.models import Clock, Participant

#: A person as a row without a code names them: (folded "given family", birth year)
Key = tuple[str, int | None]


@dataclass(frozen=True)
class Coded:
    """A stored person with a code whom rows without a code may name (``code`` as stored)."""

    id: str
    code: str
    branch_id: str | None


class Uncoded:
    """The people rows without a code can be, loaded once per import (:meth:`load`) and
    extended by the people the plan makes (:meth:`made`)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        #: person key → branch → the first person without a code there (stored, then made)
        self.by_branch: dict[Key, dict[str | None, str]] = {}
        #: person key → normalised code → the stored coded person of that name and year
        self.coded: dict[Key, dict[str, Coded]] = {}
        #: person key → normalised code → code as written, of coded rows of the file
        self.file_codes: dict[Key, dict[str, str]] = {}
        #: register ids of living people (in the store or made by this plan)
        self.alive: set[str] = set()
        #: register ids with a tombstone (erased people) → the day of the erasure
        self.gone: dict[str, dt.date] = {}

    def load(self, people: Iterable[tuple[Key, str]]) -> None:
        """Read the store's people for the (person key, branch) of every row without a code."""
        wanted = set(people)
        keys = {key for key, _branch in wanted}
        p = Participant
        for part in chunks(sorted({name for name, _year in keys})):
            query = select(p.id, p.name_key, p.birth_year, p.code, p.branch_id).where(
                p.name_key.in_(part), recoded.hidden(p.id)
            )
            for found in self.conn.execute(query.order_by(p.id)):
                key = (found.name_key, found.birth_year)
                if key not in keys:
                    continue
                if found.code and found.code.strip():
                    codes = self.coded.setdefault(key, {})
                    coded = Coded(found.id, found.code, found.branch_id)
                    codes.setdefault(normalise_code(found.code), coded)
                else:
                    self.by_branch.setdefault(key, {}).setdefault(found.branch_id, found.id)
        ids = sorted({register_person_id(branch, *key) for key, branch in wanted})
        for part in chunks(ids):
            alive = select(p.id).where(p.id.in_(part), recoded.hidden(p.id))
            self.alive.update(self.conn.execute(alive).scalars())
            tombstones = select(Clock.row_id, Clock.hlc).where(
                Clock.tbl == "participant",
                Clock.field == "*",
                Clock.row_id.in_(part),
                Clock.cl % 2 == 0,
            )
            for row_id, hlc in self.conn.execute(tombstones):
                self.gone[row_id] = _local_day(hlc)

    def file_code(self, key: Key, code: str) -> None:
        """A coded row of the file with this person key (not erased, not given up here)."""
        self.file_codes.setdefault(key, {}).setdefault(normalise_code(code), code)

    def find(self, key: Key, branch: str) -> str | None:
        """The living person a row without a code of ``branch`` is (rules 1–2), None when the
        row is no such person."""
        pid = register_person_id(branch, *key)
        if pid in self.alive:
            return pid
        return self.by_branch.get(key, {}).get(branch)

    def codes(self, key: Key, branch: str) -> dict[str, str]:
        """The coded people (normalised code → as written) a row of ``branch`` could be taken
        as (rule 3): the file's, and the store's of that branch."""
        found = {
            code: person.code
            for code, person in self.coded.get(key, {}).items()
            if person.branch_id == branch
        }
        for code, written in self.file_codes.get(key, {}).items():
            found.setdefault(code, written)
        return found

    def erased_on(self, key: Key, branch: str) -> dt.date | None:
        """When the person this row's register id names was erased (None: not erased)."""
        return self.gone.get(register_person_id(branch, *key))

    def made(self, key: Key, branch: str, pid: str) -> None:
        """The plan makes ``pid`` for a row without a code of ``branch``."""
        self.alive.add(pid)
        self.gone.pop(pid, None)
        self.by_branch.setdefault(key, {}).setdefault(branch, pid)


def _local_day(hlc: int) -> dt.date:
    """The day of a clock value, on this computer's clock."""
    ms, _counter = unpack(hlc)
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).astimezone().date()
