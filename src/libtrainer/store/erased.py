"""People erased from the records on this device: a keyed fingerprint each (``lt_erased``).

A person erased on request (GDPR) leaves nothing here. A register the lecturer keeps, and
imports again weeks later, still lists them; without a code the import recognises a person
only by the folded name and birth year (``services/register/facts.py``), so it would enter
them again as a new person with their sessions — undoing the erasure and counting them again
for the funders. Erasing therefore keeps exactly that key, and only as a fingerprint:

- ``HMAC-SHA256(secret, [folded "given family", birth year])`` — the secret is 32 random
  bytes made once per store and kept in ``lt_meta`` (:data:`SECRET_KEY`). Without it a
  fingerprint cannot be checked against a list of likely names and years, so a copy of
  ``lt_erased`` alone names nobody; the secret never leaves the store (not synced, not in
  the canonical dump, never logged);
- and the time of the erasure, to tell the person when it happened.

No id, no name, no branch. The rows are local bookkeeping, never synced: another device's
import is not stopped by an erasure made here (docs/decisions/0009).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from libtrainer.store.codeclash import name_key
from libtrainer.store.models import Erased, Meta, Participant

#: The ``lt_meta`` key of the fingerprints' secret (hex); never shown, synced or logged.
SECRET_KEY = "erasure_key"  # noqa: S105 - the name of the row, not the secret

#: A person as the register import recognises one without a code: (folded name, birth year).
Person = tuple[str, int | None]


@dataclass(frozen=True, repr=False)
class Erasure:
    """An erasure found for a person: its fingerprint and the day it happened (local time)."""

    fingerprint: str
    on: dt.date

    def __repr__(self) -> str:  # the fingerprint is not for logs either
        return f"Erasure({self.on.isoformat()})"


@dataclass(frozen=True, repr=False)
class Noted:
    """What :func:`note` changed, to put it back on undo: the fingerprint and the time it
    had before (None: it was not there)."""

    fingerprint: str
    before: str | None

    def __repr__(self) -> str:
        return "Noted()"


def fingerprint(secret: bytes, person: Person) -> str:
    """The keyed fingerprint of ``person`` (hex SHA-256 HMAC)."""
    message = json.dumps([person[0], person[1]], ensure_ascii=False).encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _secret(conn: Connection, *, create: bool) -> bytes | None:
    """This store's secret; made (once) when ``create`` and there is none yet."""
    found = conn.execute(select(Meta.value).where(Meta.key == SECRET_KEY)).scalar_one_or_none()
    if found is None and create:
        _insert_ignoring_existing(conn, Meta, {"key": SECRET_KEY, "value": secrets.token_hex(32)})
        found = conn.execute(select(Meta.value).where(Meta.key == SECRET_KEY)).scalar_one()
    return bytes.fromhex(found) if found is not None else None


def _insert_ignoring_existing(conn: Connection, model: type, values: dict[str, str]) -> None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(model).values(values).on_conflict_do_nothing())


def note(conn: Connection, participant_id: str) -> Noted | None:
    """The participant is about to be erased: keep (or renew the time of) their fingerprint,
    in the caller's transaction. None when there is no such participant."""
    p = Participant
    row = conn.execute(
        select(p.given_name, p.family_name, p.birth_year).where(p.id == participant_id)
    ).first()
    if row is None:
        return None
    secret = _secret(conn, create=True)
    assert secret is not None
    key = fingerprint(secret, (name_key(row.given_name, row.family_name), row.birth_year))
    before = conn.execute(
        select(Erased.erased_wall).where(Erased.fingerprint == key)
    ).scalar_one_or_none()
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if before is None:
        conn.execute(insert(Erased).values(fingerprint=key, erased_wall=now))
    else:
        conn.execute(update(Erased).where(Erased.fingerprint == key).values(erased_wall=now))
    return Noted(key, before)


def put_back(conn: Connection, noted: Noted) -> None:
    """Undo :func:`note` (the erasure was undone): the fingerprint goes, or gets its earlier
    time back when an earlier erasure of the same name and year had left it."""
    if noted.before is None:
        conn.execute(delete(Erased).where(Erased.fingerprint == noted.fingerprint))
    else:
        conn.execute(
            update(Erased)
            .where(Erased.fingerprint == noted.fingerprint)
            .values(erased_wall=noted.before)
        )


def erased(conn: Connection, people: Iterable[Person]) -> dict[Person, Erasure]:
    """Which of ``people`` were erased here, and when (nothing is made or written)."""
    secret = _secret(conn, create=False)
    if secret is None:  # nobody was ever erased here
        return {}
    by_key = {fingerprint(secret, person): person for person in set(people)}
    found: dict[Person, Erasure] = {}
    for part in _parts(by_key):
        query = select(Erased.fingerprint, Erased.erased_wall).where(Erased.fingerprint.in_(part))
        for key, wall in conn.execute(query):
            found[by_key[key]] = Erasure(key, _local_day(wall))
    return found


def forget(conn: Connection, fingerprints: Iterable[str]) -> None:
    """The people of ``fingerprints`` were entered again on purpose: their fingerprints go."""
    for part in _parts(fingerprints):
        conn.execute(delete(Erased).where(Erased.fingerprint.in_(part)))


def _parts(keys: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    """``keys`` sorted, in slices for ``IN`` lists of bound parameters."""
    ordered = sorted(set(keys))
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def _local_day(wall: str) -> dt.date:
    """The day of a stored UTC time, on this computer's clock."""
    try:
        return dt.datetime.fromisoformat(wall).astimezone().date()
    except ValueError:
        return dt.date.today()
