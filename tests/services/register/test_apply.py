"""Importing registers into the store: all or nothing, no duplicates, names created and listed,
participant codes giving one id everywhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import delete, func, select

from libtrainer.services.register import import_register, write_template
from libtrainer.services.register.codes import participant_id_for_code
from libtrainer.store.models import (
    Attendance,
    Branch,
    Enrolment,
    Outbox,
    Participant,
    ParticipantTag,
    TrainingSession,
)
from libtrainer.store.store import Store
from tests.conftest import make_store

from .support import DAY, alpha, counts, row, write_register


def _five_thousand_rows() -> list[list[object]]:
    """1,000 coded people in 50 groups at two branches, five weekly sessions each."""
    rows = []
    for i in range(5000):
        person, week = i % 1000, i // 1000
        rows.append(
            [
                DAY + dt.timedelta(days=7 * week),
                dt.time(10, 0),
                2,
                None,
                None,
                "Seiliūnų padalinys" if person % 2 else None,
                None,
                "Skaitmeninės technologijos TAU",
                "Pradedantiesiems",
                f"Grupė {person % 50}",
                "Asta Mickevičienė",
                f"LT-{person:04d}",
                "Janutė",
                f"Žemaitė-{alpha(person)}",
                1940 + person % 40,
                "Moteris",
                "Bedarbis",
                None,
                "Darbo ieškantys asmenys",
                "Užimtumo tarnyba",
                "Taip",
            ]
        )
    return rows


def test_filled_template_with_5000_rows_imports(store: Store, tmp_path: Path) -> None:
    """A Lithuanian template filled with 5,000 rows imports whole: every attendance written."""
    path = write_template(tmp_path / "registras.xlsx", "lt")
    wb = load_workbook(path)
    for values in _five_thousand_rows():
        wb.worksheets[0].append(values)
    wb.save(path)
    result = import_register(store, path)
    assert result.errors == []
    assert result.written
    assert result.rows_read == 5000
    assert result.plan.participants_created == 1000
    assert result.plan.sessions_created == 250
    assert result.plan.created["groups"] == [f"Grupė {i}" for i in range(50)]
    assert result.plan.created["branches"] == ["Seiliūnų padalinys"]
    n = counts(store)
    assert (n["attendance"], n["participant"], n["enrolment"], n["participant_tag"]) == (
        5000,
        1000,
        1000,
        1000,
    )


def test_three_bad_rows_write_nothing_and_are_named(store: Store, tmp_path: Path) -> None:
    """Errors in rows 3, 5 and 8 → nothing written; each is reported with column and reason."""
    rows = [row(given_name=f"Asmuo{alpha(i)}") for i in range(8)]
    rows[1]["birth_year"] = 2090
    rows[3]["academic_hours"] = "du"
    rows[6]["gender"] = "kažkas"
    before = counts(store)
    result = import_register(store, write_register(tmp_path / "r.csv", rows))
    assert not result.written
    assert result.bad_rows == [3, 5, 8]
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "birth_year"),
        (5, "academic_hours"),
        (8, "gender"),
    ]
    assert all(e.reason and e.label for e in result.errors)
    assert counts(store) == before


def test_importing_the_same_file_twice_adds_nothing(store: Store, tmp_path: Path) -> None:
    """A second import of the same file writes no rows and matches every attendance."""
    rows = [
        row(given_name=n, participant_code=c)
        for n, c in (("Rita", ""), ("Vitas", "LT-7"), ("Ėglė", ""))
    ]
    path = write_register(tmp_path / "r.xlsx", rows)
    import_register(store, path)
    first = counts(store)
    again = import_register(store, path)
    assert counts(store) == first
    assert again.plan.attendance_written == 0
    assert again.plan.attendance_unchanged == 3
    assert again.plan.participants_created == again.plan.sessions_created == 0
    assert all(not names for names in again.plan.created.values())


def test_latvian_headers_and_labels_import(store: Store, tmp_path: Path) -> None:
    """A Latvian CSV (headers, vocabulary, dotted dates) imports with names intact."""
    rows = [
        row(
            date="14.03.2025.",
            given_name="Māris",
            family_name="Krastiņš",
            gender="Vīrietis",
            labour_status="Nodarbināts",
            present="Jā",
            target_groups="Bibliotēku darbinieki",
            programme="E-pakalpojumi un e-rīki",
        )
    ]
    result = import_register(store, write_register(tmp_path / "lv.csv", rows, lang="lv"))
    assert result.errors == [] and result.written
    with store.read() as conn:
        person = conn.execute(select(Participant)).one()
    assert (person.given_name, person.family_name, person.gender) == ("Māris", "Krastiņš", "male")
    assert person.labour_status == "employed"


def test_lithuanian_headers_and_labels_import(store: Store, tmp_path: Path) -> None:
    """Lithuanian headers and labels become the right codes; attendance mark from "Nedalyvavo"."""
    rows = [
        row(
            given_name="Šarūnas",
            family_name="Žemaitis",
            gender="Vyras",
            labour_status="Ilgalaikis bedarbis",
            education="Aukštasis (ISCED 5–8)",
            present="Nedalyvavo",
            target_groups="Darbo ieškantys asmenys",
        )
    ]
    result = import_register(store, write_register(tmp_path / "lt.xlsx", rows, lang="lt"))
    assert result.errors == []
    with store.read() as conn:
        p = conn.execute(select(Participant)).one()
        mark = conn.execute(select(Attendance.mark)).scalar_one()
    assert (p.gender, p.labour_status, p.isced) == ("male", "long_term_unemployed", "isced_5_8")
    assert mark == "absent"


def test_lecturer_file_creates_unknown_places_and_lists_them(store: Store, tmp_path: Path) -> None:
    """Branches, a library and a region the store lacks are created once and listed by name."""
    rows = [
        row(branch="Verstaminų skyrius", given_name="Rita"),
        row(branch="VERSTAMINU SKYRIUS", given_name="Vitas"),
        row(
            region="Ogres reģions",
            library="Ogres Centrālā bibliotēka",
            branch="Ogres filiāle",
            group="Ogre 1",
            given_name="Sandra",
            family_name="Ozoliņa",
        ),
        row(branch="Būdviečio padalinys", group="TAU 2", given_name="Janutė"),
    ]
    result = import_register(store, write_register(tmp_path / "r.csv", rows))
    assert result.errors == []
    created = result.plan.created
    assert created["branches"] == ["Verstaminų skyrius", "Ogres filiāle"]
    assert created["libraries"] == ["Ogres Centrālā bibliotēka"]
    assert created["regions"] == ["Ogres reģions"]
    assert created["lecturers"] == ["Asta Mickevičienė"]
    with store.read() as conn:
        names = set(conn.execute(select(Branch.name)).scalars())
    assert names == {"Būdviečio padalinys", "Verstaminų skyrius", "Ogres filiāle"}


def test_same_code_in_two_stores_is_the_same_participant(tmp_path: Path) -> None:
    """The same participant code imported on two branch PCs gets the same participant id."""
    ids = []
    for name in ("a", "b"):
        other = make_store(tmp_path / name, device_name=f"PC-{name}")
        try:
            path = write_register(
                tmp_path / f"{name}.csv",
                [row(participant_code=" lt-0042 " if name == "a" else "LT-0042")],
            )
            assert import_register(other, path).written
            with other.read() as conn:
                ids.append(conn.execute(select(Participant.id)).scalar_one())
        finally:
            other.close()
    assert ids[0] == ids[1] == participant_id_for_code("LT-0042")


def test_uncoded_people_are_matched_by_name_and_birth_year(store: Store, tmp_path: Path) -> None:
    """ "janute zemaite" born 1951 is the Janutė Žemaitė already in the store; 1952 is another."""
    import_register(store, write_register(tmp_path / "a.csv", [row()]))
    later = [
        row(date=DAY + dt.timedelta(days=7), given_name="janute", family_name="ZEMAITE"),
        row(date=DAY + dt.timedelta(days=7), birth_year=1952),
    ]
    result = import_register(store, write_register(tmp_path / "b.csv", later))
    assert result.plan.participants_created == 1
    assert counts(store)["participant"] == 2


def test_skip_bad_writes_good_rows_and_saves_bad_ones(store: Store, tmp_path: Path) -> None:
    """--skip-bad writes the good rows; the bad ones go to a file of the same kind, with reasons."""
    rows = [
        row(given_name="Rita"),
        row(given_name="Vitas", birth_year="senas"),
        row(given_name="Ėglė"),
    ]
    out = tmp_path / "bad.xlsx"
    result = import_register(
        store, write_register(tmp_path / "r.xlsx", rows), skip_bad=True, bad_rows_out=out
    )
    assert result.written and result.bad_rows == [3]
    assert counts(store)["attendance"] == 2
    sheet = load_workbook(out).worksheets[0]
    assert sheet.cell(row=1, column=sheet.max_column).value == "Error"
    assert sheet.cell(row=2, column=13).value == "Vitas"
    assert "Birth year" in sheet.cell(row=2, column=sheet.max_column).value
    fixed = import_register(store, out)  # the error column is ignored when re-imported
    assert [e.column for e in fixed.errors] == ["birth_year"]


def test_skip_bad_csv_keeps_the_separator(store: Store, tmp_path: Path) -> None:
    """Bad rows of a ;-separated CSV are saved as a ;-separated CSV with a BOM."""
    rows = [row(given_name="Rita"), row(given_name="Vitas", gender="?")]
    out = tmp_path / "bad.csv"
    import_register(
        store, write_register(tmp_path / "r.csv", rows), skip_bad=True, bad_rows_out=out
    )
    text = out.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    lines = text.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[0].endswith(";Error") and "Vitas" in lines[1]


def test_dry_run_writes_nothing_but_says_what_it_would_add(store: Store, tmp_path: Path) -> None:
    """A dry run plans the same rows as a real import and leaves the store unchanged."""
    before = counts(store)
    result = import_register(store, write_register(tmp_path / "r.csv", [row()]), dry_run=True)
    assert not result.written and result.plan.attendance_written == 1
    assert result.plan.created["programmes"] == ["Skaitmeninės technologijos TAU"]
    assert counts(store) == before


def test_imported_rows_are_captured_for_sync(store: Store, tmp_path: Path) -> None:
    """Bulk inserts go through capture: every new row has an outbox record."""
    with store.read() as conn:
        before = conn.execute(select(func.count()).select_from(Outbox)).scalar_one()
    import_register(store, write_register(tmp_path / "r.csv", [row()]))
    total = sum(counts(store).values())
    with store.read() as conn:
        after = conn.execute(select(func.count()).select_from(Outbox)).scalar_one()
        tables = set(conn.execute(select(Outbox.tbl).where(Outbox.seq > before)).scalars())
    assert after - before == total - 3  # region, library, branch existed already
    assert {"attendance", "participant", "training_session", "enrolment"} <= tables


def test_a_changed_mark_is_updated_on_reimport(store: Store, tmp_path: Path) -> None:
    """Re-importing a corrected file changes the attendance mark instead of adding a row."""
    import_register(store, write_register(tmp_path / "a.csv", [row(present="Absent")]))
    result = import_register(store, write_register(tmp_path / "b.csv", [row(present="Present")]))
    assert result.plan.attendance_written == 1
    with store.read() as conn:
        assert list(conn.execute(select(Attendance.mark)).scalars()) == ["present"]


def test_recorded_session_with_other_hours_is_refused(store: Store, tmp_path: Path) -> None:
    """A row giving a recorded session another length is an error; nothing is written."""
    import_register(store, write_register(tmp_path / "a.csv", [row()]))
    result = import_register(
        store, write_register(tmp_path / "b.csv", [row(given_name="Rita", academic_hours=4)])
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "academic_hours")]
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(TrainingSession)).scalar_one() == 1


def test_recorded_session_with_another_lecturer_is_refused(store: Store, tmp_path: Path) -> None:
    """A row giving a recorded session another lecturer is an error on the lecturer column."""
    import_register(store, write_register(tmp_path / "a.csv", [row()]))
    result = import_register(
        store, write_register(tmp_path / "b.csv", [row(given_name="Rita", lecturer="Ona Kairė")])
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "lecturer")]
    assert "Asta Mickevičienė" in result.errors[0].reason
    assert counts(store)["participant"] == 1


def test_recorded_session_keeps_its_lecturer_named_either_way(store: Store, tmp_path: Path) -> None:
    """The same lecturer written family name first, or a row without one, is no error."""
    import_register(store, write_register(tmp_path / "a.csv", [row()]))
    rows = [
        row(given_name="Rita", lecturer="MICKEVIČIENĖ Asta"),
        row(given_name="Ona", lecturer=""),
    ]
    result = import_register(store, write_register(tmp_path / "b.csv", rows))
    assert not result.errors
    assert counts(store)["participant"] == 3
    assert counts(store)["training_session"] == 1


def test_an_erased_coded_person_is_not_brought_back(store: Store, tmp_path: Path) -> None:
    """After a coded person is erased, re-importing an old file naming the code is refused."""
    path = write_register(tmp_path / "r.csv", [row(participant_code="LT-9")])
    import_register(store, path)
    pid = participant_id_for_code("LT-9")
    with store.uow() as uow:
        for model in (Attendance, Enrolment, ParticipantTag):
            uow.connection.execute(delete(model).where(model.participant_id == pid))
        uow.connection.execute(delete(Participant).where(Participant.id == pid))
        uow.commit()
    result = import_register(store, path)
    assert [(e.row, e.column) for e in result.errors] == [(2, "participant_code")]
    assert not result.written
    assert counts(store)["participant"] == 0
