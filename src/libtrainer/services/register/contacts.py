"""The phone numbers and e-mail addresses a register gives its people (decision 0412).

- A person the import makes gets the phone and the e-mail of the first row of theirs that
  gives one (a register often writes them in a person's first row only).
- A person already in the records is not changed, as none of their fields are: their record
  may have been corrected since the file was written. How many of them the file gives another
  phone or e-mail than the record's is counted for the summary, to be changed by hand.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from libtrainer.services.common import chunks
from libtrainer.services.register.validate import ImportRow
from libtrainer.store.models import Participant

FIELDS = ("phone", "email")


class Contacts:
    """Collects the file's phones and e-mails per person, row by row."""

    def __init__(self) -> None:
        #: the participant rows the plan makes, by id (filled in place)
        self.new: dict[str, dict[str, Any]] = {}
        #: a known person's id → the first phone and e-mail the file gives them
        self.given: dict[str, dict[str, str]] = {}

    def planned(self, values: dict[str, Any]) -> None:
        """The plan makes the participant ``values`` (its phone and e-mail may be filled)."""
        self.new[values["id"]] = values

    def add(self, pid: str, row: ImportRow) -> None:
        """``row`` is the person ``pid``'s."""
        planned = self.new.get(pid)
        for field in FIELDS:
            value = getattr(row, field)
            if not value:
                continue
            if planned is None:
                self.given.setdefault(pid, {}).setdefault(field, value)
            elif planned[field] is None:
                planned[field] = value

    def differing(self, conn: Connection) -> int:
        """How many known people the file gives a phone or e-mail their record does not hold
        (the same number spaced otherwise, or an address in other capitals, is the same)."""
        count = 0
        p = Participant
        for part in chunks(sorted(self.given)):
            for found in conn.execute(select(p.id, p.phone, p.email).where(p.id.in_(part))):
                stored = {"phone": found.phone, "email": found.email}
                if any(
                    _key(field, stored[field]) != _key(field, value)
                    for field, value in self.given[found.id].items()
                ):
                    count += 1
        return count


def _key(field: str, value: str | None) -> str:
    """A phone by its digits ("+" and the comma between two numbers kept), an e-mail address
    without case: what two ways of writing one value share."""
    if not value:
        return ""
    if field == "phone":
        return "".join(ch for ch in value if ch.isdigit() or ch in "+,")
    return value.casefold()
