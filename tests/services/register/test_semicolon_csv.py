"""A register saved by Lithuanian or Latvian Excel (";", decimal comma) imports, and its
rows to fix keep the file's separator and keep codes such as 0034 as text (decision 0358)."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from libtrainer.services.register import import_register
from libtrainer.services.register.read import read_register
from libtrainer.store.models import Participant, TrainingSession
from libtrainer.store.store import Store

from .support import KEYS, row, write_register


def _register(path: Path) -> Path:
    """Two rows as lt Excel saves them: hours "1,5", codes with leading zeros; row 3 is bad."""
    rows = [
        row(academic_hours="1,5", participant_code="0012", given_name="Rita"),
        row(academic_hours="1,5", participant_code="0034", given_name="Vitas", birth_year="senas"),
    ]
    return write_register(path, rows, lang="lt", delimiter=";")


def test_semicolon_register_with_decimal_comma_hours_imports(store: Store, tmp_path: Path) -> None:
    """Hours "1,5" in a ;-separated file are 1.5 hours; the code "0012" keeps its zeros."""
    result = import_register(store, _register(tmp_path / "r.csv"), skip_bad=True)
    assert result.bad_rows == [3]
    with store.read() as conn:
        assert conn.execute(select(TrainingSession.academic_hours)).scalars().all() == [1.5]
        assert conn.execute(select(Participant.code)).scalars().all() == ["0012"]


def test_rows_to_fix_keep_the_semicolon_and_guard_codes_that_look_like_numbers(
    store: Store, tmp_path: Path
) -> None:
    """The bad-rows CSV is ;-separated; code 0034 is written '0034, hours and date as read."""
    out = tmp_path / "bad.csv"
    import_register(store, _register(tmp_path / "r.csv"), skip_bad=True, bad_rows_out=out)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        head, body = list(csv.reader(fh, delimiter=";"))
    assert len(head) == len(body) == len(KEYS) + 1
    cells = dict(zip(KEYS, body))
    assert cells["participant_code"] == "'0034"
    assert cells["academic_hours"] == "1,5"
    assert cells["date"] == "2025-03-14"
    table = read_register(out)
    assert table.delimiter == ";"
    assert table.rows[0].values["participant_code"] == "0034"


def test_fixed_rows_import_with_the_code_as_typed(store: Store, tmp_path: Path) -> None:
    """The rows to fix, corrected and imported, give code 0034 (not 34) and 1.5 hours."""
    out = tmp_path / "bad.csv"
    import_register(store, _register(tmp_path / "r.csv"), skip_bad=True, bad_rows_out=out)
    fixed = tmp_path / "fixed.csv"
    fixed.write_text(
        out.read_text(encoding="utf-8-sig").replace(";senas;", ";1950;"), encoding="utf-8-sig"
    )
    result = import_register(store, fixed)
    assert result.bad_rows == []
    with store.read() as conn:
        codes = conn.execute(select(Participant.code)).scalars().all()
        hours = set(conn.execute(select(TrainingSession.academic_hours)).scalars())
    assert sorted(c for c in codes if c) == ["0012", "0034"]
    assert hours == {1.5}
