"""A resident's copy of their data (decision 0410): every row that refers to them is in it,
other people's data is not, the JSON keeps its keys, the PDF reads in each language."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from libtrainer.domain.errors import NotFoundError
from libtrainer.domain.ids import fact_id
from libtrainer.reports.subject_copy import as_data, format_for, to_json, write_copy
from libtrainer.services import duplicates, participants
from libtrainer.services.subject_access import COVERED, LEFT_OUT, subject_access
from libtrainer.store.models import Base, Held, ParticipantCodeDecision, synced_tables
from libtrainer.store.store import Store, read_meta
from tests.services.support import DAY, World, build_marked_world, consult

NOW = dt.datetime(2026, 11, 23, 14, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def _referring() -> list[tuple[str, str]]:
    """(table, column) of every foreign key in the schema that points at ``participant``."""
    return sorted(
        (table.name, fk.parent.name)
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "participant"
    )


@pytest.fixture
def world(store: Store) -> World:
    """:func:`build_person_world`."""
    return build_person_world(store)


def build_person_world(store: Store) -> World:
    """The marked world, and for its first person: a consultation with notes, a second
    record confirmed as them, a look-alike decided to be someone else, a coordinator's
    decision on their code, and an attendance mark waiting for a session not here."""
    built = build_marked_world(store)
    pid = built.people[0]
    consult(store, built, participant_id=pid, notes="Pasiskambino dėl e. sveikatos", minutes=25)
    with store.uow() as uow:
        twin = participants.create_participant(
            uow, "Šarūnas", "Žemaitis", birth_year=1961, phone="+37061234567"
        ).first("participant")
    with store.uow() as uow:
        other = participants.create_participant(uow, "Sarunas", "Zemaitis").first("participant")
    with store.uow() as uow:
        duplicates.same_person(uow, pid, twin, keep=pid)
    with store.uow() as uow:
        duplicates.not_same(uow, pid, other)
    device = ""
    with store.uow() as uow:
        device = read_meta(uow.connection, "device_id") or ""
        uow.session.add(
            ParticipantCodeDecision(
                id=fact_id("code-decision", pid, device, "b"),
                participant_id=pid,
                device_a=device,
                device_b="b",
                decision="dismissed",
                decided_on=DAY,
            )
        )
        held = {
            "id": "held-mark",
            "session_id": "elsewhere",
            "participant_id": pid,
            "mark": "present",
        }
        uow.connection.execute(
            insert(Held).values(
                tbl="attendance",
                row_id="held-mark",
                data=json.dumps(held),
                wait_tbl="training_session",
                wait_id="elsewhere",
            )
        )
        uow.commit()
    built.people += [twin, other]
    return built


def _copy(store: Store, pid: str) -> Any:
    with store.uow() as uow:
        return subject_access(uow, pid, now=NOW)


def test_every_foreign_key_to_participant_is_covered() -> None:
    """Each foreign key that points at the participant table has a section in the copy, so
    a table added later cannot be forgotten (add it to COVERED and to the copy)."""
    assert _referring(), "the schema has foreign keys to participant"
    missing = [pair for pair in _referring() if pair not in COVERED]
    assert missing == [], f"not in the resident's copy: {missing}"


def test_every_table_naming_a_participant_is_covered_or_left_out_on_purpose() -> None:
    """A table with a participant column but no foreign key (local bookkeeping) is either
    covered or listed with the reason it is left out."""
    covered = {table for table, _column in COVERED}
    for table in Base.metadata.sorted_tables:
        if any(c.name in ("participant_id", "old_id") for c in table.columns):
            assert table.name in covered or table.name in LEFT_OUT, table.name


def test_every_row_that_refers_to_the_person_is_in_the_copy(store: Store, world: World) -> None:
    """Walking every foreign key to participant, each row of the person's records (both of
    them) shows in the JSON copy: by its id, a target group by its code."""
    pid, twin = world.people[0], world.people[3]
    text = to_json(_copy(store, pid), "en")
    found = 0
    with store.read() as conn:
        for table, column in _referring():
            t = Base.metadata.tables[table]
            for row in conn.execute(select(t).where(t.c[column].in_([pid, twin]))).mappings():
                shown = row["tag"] if table == "participant_tag" else row["id"]
                assert f'"{shown}"' in text, (table, column)
                found += 1
    assert found >= 8
    assert '"held-mark"' in text  # the mark waiting for its session


def test_the_copy_holds_every_personal_field_and_the_activity(store: Store, world: World) -> None:
    """Details, target groups, the group with its self-assessment, the attendance mark with
    its hours, the consultation with its notes, and who keeps the data."""
    pid = world.people[0]
    with store.uow() as uow:
        participants.edit_participant(
            uow,
            pid,
            phone="+37060000001",
            email="sarunas@example.lt",
            consent_basis="consent",
            consent_date=DAY,
            consent_text_version="2025-01",
            notes="Nori išmokti e. bankininkystės",
        )
    copy = _copy(store, pid)
    first = copy.records[0]
    assert first.id == pid and [r.id for r in copy.records] == [pid, world.people[3]]
    details = first.details
    assert details["given_name"] == "Šarūnas" and details["email"] == "sarunas@example.lt"
    assert details["consent_date"] == DAY and details["notes"].startswith("Nori")
    assert first.target_groups == ("job_seekers",)
    (group,) = first.groups
    assert group.group.id == world.group_id and group.status == "enrolled"
    assert [(a.phase, a.score) for a in group.assessments] == [("pre", 2)]
    (mark,) = first.sessions
    assert (mark.date, mark.hours, mark.mark) == (DAY, 4.0, "present")
    (consultation,) = first.consultations
    assert consultation.notes.startswith("Pasiskambino") and consultation.helped_by == "staff"
    assert {link.kind for link in first.links} == {"same_person", "not_the_same", "code_decision"}
    assert copy.keeper.library.startswith("Lazdijų") and copy.keeper.branch.startswith("Būdv")
    assert copy.computers[0].this and copy.computers[0].name == "Skaitykla PC-1"


def test_the_copy_names_no_other_person(store: Store, world: World) -> None:
    """The look-alike decided to be someone else (also in a decision waiting to be linked),
    the lecturer and the e-scout are not in it; the other people of the group are not
    either."""
    pid = world.people[0]
    held = {"id": "held-distinct", "participant_id": pid, "other_id": "someone-else"}
    with store.uow() as uow:
        uow.connection.execute(
            insert(Held).values(
                tbl="participant_distinct",
                row_id="held-distinct",
                data=json.dumps(held),
                wait_tbl="participant",
                wait_id="someone-else",
            )
        )
        uow.commit()
    text = to_json(_copy(store, pid), "en")
    assert world.people[4] not in text  # the other record of a "not the same" decision
    assert '"held-distinct"' in text and "someone-else" not in text
    for name in ("Kavaliauskienė", "Žukauskaitė", "Čepulienė", "Ąžuolas"):
        assert name not in text


def test_an_unknown_person_is_not_found(store: Store) -> None:
    """No such record: a NotFoundError, a message a person can read."""
    with pytest.raises(NotFoundError), store.uow() as uow:
        subject_access(uow, "no-such-person")


def test_the_json_keys_are_stable(store: Store, world: World) -> None:
    """The portable format keeps its keys (a change here is a new ``version``)."""
    data = as_data(_copy(store, world.people[0]), "lt")
    assert list(data) == [
        "format",
        "version",
        "made_at",
        "language",
        "kept_by",
        "person_id",
        "records",
        "computers",
    ]
    assert data["format"] == "libtrainer-personal-data" and data["version"] == 1
    assert data["made_at"] == "2026-11-23T14:05:00+02:00"
    assert list(data["kept_by"]) == ["region", "library", "branch", "role"]
    record = data["records"][0]
    assert list(record) == [
        "id",
        "details",
        "branch",
        "target_groups",
        "groups",
        "sessions",
        "consultations",
        "links",
        "waiting",
    ]
    assert list(record["details"])[:7] == [
        "given_name",
        "family_name",
        "code",
        "birth_year",
        "gender",
        "phone",
        "email",
    ]
    assert list(record["groups"][0]) == [
        "id",
        "group",
        "programme",
        "branch",
        "start_date",
        "end_date",
        "status",
        "enrolled_on",
        "certificate_issued",
        "assessments",
    ]
    assert list(record["sessions"][0]) == [
        "id",
        "session_id",
        "date",
        "start_time",
        "hours",
        "mark",
        "group",
        "topic",
        "programme",
        "branch",
        "place_kind",
        "place",
    ]
    assert list(record["consultations"][0]) == [
        "id",
        "date",
        "branch",
        "topics",
        "minutes",
        "channel",
        "outcome",
        "helped_by",
        "referred_to_escout",
        "age_band",
        "gender",
        "notes",
    ]
    assert record["sessions"][0]["date"] == DAY.isoformat()
    assert record["details"]["gender"] == "female"  # values as stored, not labels
    assert list(data["computers"][0]) == ["id", "name", "branch", "this"]


def test_format_follows_the_file_ending_unless_given(tmp_path: Path) -> None:
    """``.json`` means JSON, anything else a PDF; a format given wins."""
    assert format_for(tmp_path / "a.JSON") == "json"
    assert format_for(tmp_path / "a.pdf") == "pdf"
    assert format_for(tmp_path / "a") == "pdf"
    assert format_for(tmp_path / "a.pdf", "json") == "json"


def test_a_json_file_is_written_whole_in_utf8(store: Store, world: World, tmp_path: Path) -> None:
    """The file holds the letters as they are and no temporary file is left."""
    folder = tmp_path / "out"
    folder.mkdir()
    out = write_copy(_copy(store, world.people[0]), folder / "kopija.json", fmt="json", lang="lt")
    text = out.read_text(encoding="utf-8")
    assert "Šarūnas" in text and json.loads(text)["language"] == "lt"
    assert [p.name for p in folder.iterdir()] == ["kopija.json"]


HEADINGS = {
    "en": ("Copy of personal data", "Personal details", "Consultations", "Kept by"),
    "lt": ("Asmens duomenų kopija", "Asmens duomenys", "Konsultacijos", "Duomenis tvarko"),
    "lv": ("Personas datu kopija", "Personas dati", "Konsultācijas", "Datus glabā"),
}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize("lang", sorted(HEADINGS))
def test_the_pdf_has_headings_in_the_language_and_the_letters_intact(
    store: Store, world: World, tmp_path: Path, lang: str
) -> None:
    """Headings in lt, lv and en; names, notes and the library with their own letters."""
    out = write_copy(_copy(store, world.people[0]), tmp_path / "copy.pdf", fmt="pdf", lang=lang)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    for heading in HEADINGS[lang]:
        assert heading in text, heading
    for words in ("Šarūnas", "Žemaitis", "Pasiskambino", "Lazdijų r."):
        assert words in text
    assert "2026" in text  # the date it was made


def test_tables_in_the_schema_are_synced_or_local() -> None:
    """The copy's walk sees synced tables and the local ones named in LEFT_OUT only."""
    synced = set(synced_tables())
    for table, _column in COVERED:
        assert table in synced


def test_a_code_changed_here_is_in_the_copy_as_the_earlier_code(store: Store) -> None:
    """A person whose code was changed on this computer: the copy of their record says the
    earlier code, and the record given up is not copied."""
    with store.uow() as uow:
        old = participants.create_participant(uow, "Ona", "Kazlauskienė", code="LT-0042").first(
            "participant"
        )
    with store.uow() as uow:
        new = participants.change_code(uow, old, "LT-0099").first("participant")
    copy = _copy(store, new)
    assert [r.id for r in copy.records] == [new]
    (link,) = [x for x in copy.records[0].links if x.kind == "code_changed"]
    assert (link.kind, link.decision, link.record_id) == ("code_changed", "LT-0042", old)
