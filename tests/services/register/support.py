"""Helpers for the register tests: valid rows, and writing them as xlsx or CSV registers."""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import func, select

from libtrainer.services.register.columns import BY_KEY, TEMPLATE_COLUMNS, translator
from libtrainer.store.apply import Outcome
from libtrainer.store.models import Base
from libtrainer.store.outbox import read_changes, replay
from libtrainer.store.store import Store

KEYS = [c.key for c in TEMPLATE_COLUMNS]
DAY = dt.date(2025, 3, 14)


def row(**values: Any) -> dict[str, Any]:
    """One valid attendance row (English labels), with ``values`` replacing the defaults."""
    base: dict[str, Any] = {
        "date": DAY,
        "start": dt.time(10, 0),
        "academic_hours": 2,
        "region": "",
        "library": "",
        "branch": "",
        "place": "",
        "programme": "Skaitmeninės technologijos TAU",
        "level": "Beginner",
        "group": "TAU 1",
        "lecturer": "Asta Mickevičienė",
        "participant_code": "",
        "given_name": "Janutė",
        "family_name": "Žemaitė",
        "birth_year": 1951,
        "gender": "Female",
        "labour_status": "Retired",
        "education": "",
        "target_groups": "Seniors; University of the Third Age",
        "referred_by": "",
        "present": "Yes",
        "phone": "",
        "email": "",
    }
    base.update(values)
    return base


def alpha(number: int) -> str:
    """``number`` in letters (0 → "a", 25 → "z", 26 → "ba"), to tell people's names apart:
    a name has no digits."""
    letters = ""
    while True:
        number, last = divmod(number, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[last] + letters
        if not number:
            return letters


def headers(lang: str, keys: list[str] | None = None) -> list[str]:
    tr = translator(lang)
    return [tr(BY_KEY[k].label) for k in keys or KEYS]


def write_register(
    path: Path,
    rows: list[dict[str, Any]],
    *,
    lang: str = "en",
    keys: list[str] | None = None,
    delimiter: str = ";",
    bom: bool = True,
    header: list[str] | None = None,
) -> Path:
    """Write ``rows`` as a register (.xlsx or .csv by the suffix) with headers in ``lang``."""
    keys = keys or KEYS
    head = header or headers(lang, keys)
    if path.suffix == ".xlsx":
        wb = Workbook()
        ws = wb.active
        ws.append(head)
        for r in rows:
            ws.append([r.get(k) for k in keys])
        wb.save(path)
        return path
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(head)
        for r in rows:
            writer.writerow([_text(r.get(k)) for k in keys])
    return path


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def counts(store: Store) -> dict[str, int]:
    """Rows per synced table the import writes."""
    tables = (
        "region",
        "library",
        "branch",
        "staff",
        "programme",
        "training_group",
        "training_session",
        "participant",
        "participant_tag",
        "enrolment",
        "attendance",
    )
    with store.read() as conn:
        return {
            t: int(
                conn.execute(select(func.count()).select_from(Base.metadata.tables[t])).scalar_one()
            )
            for t in tables
        }


def merged(path: Path, stores: Sequence[Store]) -> Store:
    """A new, empty store at ``path`` with every store's outbox replayed into it, in turn."""
    target = Store.open(path / "merged.db", os.urandom(32), create=True)
    for source in stores:
        with source.read() as conn:
            changes = read_changes(conn)
        with target.uow() as uow:
            outcome = replay(uow.connection, changes)
            uow.commit()
        assert outcome.get(Outcome.DEFERRED, 0) == 0
    return target
