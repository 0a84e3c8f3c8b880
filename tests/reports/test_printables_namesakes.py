"""A sign-in sheet tells apart two people of one name, and only them, never by a whole code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from libtrainer.reports.printables import sign_in_sheet
from libtrainer.services import groups, participants
from libtrainer.store.models import TrainingSession
from libtrainer.store.store import Store

from .test_printables import first_session, group_store, pdf_text

__all__ = ["group_store"]  # the fixture, used by name

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def _enrol(store: Store, *people: tuple[str, str, dict[str, object]]) -> None:
    """Create ``people`` and enrol them in the group of the first session."""
    session = first_session(store)
    with store.read() as conn:
        group = conn.execute(
            select(TrainingSession.group_id).where(TrainingSession.id == session)
        ).scalar_one()
    ids = []
    for given, family, fields in people:
        with store.uow() as uow:
            ids.append(
                participants.create_participant(uow, given, family, **fields).first("participant")
            )
    with store.uow() as uow:
        groups.enrol(uow, group, ids)


def test_namesakes_on_a_sign_in_sheet_show_their_birth_years(
    group_store: Store, tmp_path: Path
) -> None:
    """Two Dalia Šimkienė born 1957 and 1950 each read "(g. 1957)"/"(g. 1950)" after the given
    name (in Lithuanian once translated); nobody else on the sheet gets a hint."""
    _enrol(
        group_store,
        ("Dalia", "Šimkienė", {"birth_year": 1957}),
        ("Dalia", "Šimkienė", {"birth_year": 1950}),
    )
    out = sign_in_sheet(group_store, first_session(group_store), tmp_path / "s.pdf", lang="lt")
    lines = [line for line in pdf_text(out).splitlines() if "Šimkienė" in line]
    assert len(lines) == 2
    for year in ("1950", "1957"):
        assert any(re.search(rf"Dalia \(\w+\.? {year}\)", line) for line in lines), lines
    assert len(re.findall(r"\(\w+\.? \d{4}\)", pdf_text(out))) == 2


def test_namesakes_born_the_same_year_show_the_codes_last_characters(
    group_store: Store, tmp_path: Path
) -> None:
    """Same name and year: the last four characters of the code, never the whole code."""
    _enrol(
        group_store,
        ("Dalia", "Šimkienė", {"birth_year": 1957, "code": "45701011234"}),
        ("Dalia", "Šimkienė", {"birth_year": 1957, "code": "45701019876"}),
    )
    out = sign_in_sheet(group_store, first_session(group_store), tmp_path / "s.pdf", lang="en")
    text = pdf_text(out)
    assert "(code …1234)" in text and "(code …9876)" in text
    assert "45701011234" not in text and "45701019876" not in text
