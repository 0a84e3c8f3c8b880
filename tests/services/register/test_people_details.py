"""A register's people: names that are names, and their phone and e-mail columns imported into
the participant's record (checked as the participant form checks them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from libtrainer.i18n import set_language
from libtrainer.services import participants
from libtrainer.services.register import import_register, write_template
from libtrainer.services.register.columns import TEMPLATE_COLUMNS, translator
from libtrainer.services.register.summary import describe, to_json
from libtrainer.store.models import Participant
from libtrainer.store.store import Store

from .support import KEYS, counts, headers, row, write_register


def _people(store: Store) -> dict[str, tuple[str | None, str | None]]:
    """Given name → (phone, e-mail) of every participant."""
    with store.read() as conn:
        query = select(Participant.given_name, Participant.phone, Participant.email)
        return {name: (phone, email) for name, phone, email in conn.execute(query)}


@pytest.mark.parametrize("name", ["Ēriks2", "Ģirts3", "Ona_P"])
def test_a_name_with_a_digit_or_sign_is_refused_naming_row_and_field(
    store: Store, tmp_path: Path, name: str
) -> None:
    """ "Ēriks2" in the given-name column: the row and the field are named, nothing imported."""
    set_language("lv")
    path = write_register(tmp_path / "r.xlsx", [row(), row(given_name=name)], lang="lv")
    before = counts(store)
    result = import_register(store, path)
    assert [(e.row, e.column) for e in result.errors] == [(3, "given_name")]
    assert not result.written and counts(store) == before
    text = "\n".join(describe(result))
    assert "3. rinda, „Vārds”" in text and name in text


def test_a_lecturer_named_with_a_digit_is_refused(store: Store, tmp_path: Path) -> None:
    """The lecturer column holds a person's name too: "Lektors 1" is not added as staff."""
    path = write_register(tmp_path / "r.csv", [row(lecturer="Lektors 1")])
    result = import_register(store, path, dry_run=True)
    assert [(e.row, e.column) for e in result.errors] == [(2, "lecturer")]


def test_places_and_programmes_keep_their_digits(store: Store, tmp_path: Path) -> None:
    """Only people's names refuse digits: a group "TAU 2" and a programme "Excel 365" import."""
    path = write_register(tmp_path / "r.csv", [row(group="TAU 2", programme="Excel 365")])
    assert import_register(store, path).written


@pytest.mark.parametrize(("lang", "header"), [("lv", "Tālrunis"), ("lt", "Telefonas")])
def test_a_phone_column_fills_the_participants_phone(
    store: Store, tmp_path: Path, lang: str, header: str
) -> None:
    """A "Tālrunis" / "Telefonas" column is read, not skipped; each person gets their phone."""
    rows = [
        row(given_name="Ārija", phone="+371 2912 3456"),
        row(given_name="Ēriks", phone="  +371 26 123 456 "),
        row(given_name="Ūna", phone=""),
    ]
    path = write_register(tmp_path / "r.csv", rows, lang=lang)
    assert header in headers(lang)
    result = import_register(store, path)
    assert result.written and not result.unknown_headers
    people = _people(store)
    assert people["Ārija"][0] == "+371 2912 3456"
    assert people["Ēriks"][0] == "+371 26 123 456"
    assert people["Ūna"][0] is None


@pytest.mark.parametrize("header", ["Phone", "Tel.", "Tālr.", "Mob. tel.", "Telefono numeris"])
def test_phone_headers_as_people_write_them(store: Store, tmp_path: Path, header: str) -> None:
    """Short and long forms of the phone column's header are recognised."""
    names = headers("en")
    names[KEYS.index("phone")] = header
    path = write_register(tmp_path / "r.csv", [row(phone="8 612 34567")], header=names)
    result = import_register(store, path)
    assert result.written, result.errors
    assert next(iter(_people(store).values()))[0] == "8 612 34567"


def test_a_number_that_is_no_phone_names_row_and_column(store: Store, tmp_path: Path) -> None:
    """A bad phone is a row error on the phone column, in the participant form's words."""
    set_language("lv")
    rows = [row(), row(given_name="Petras", phone="123")]
    result = import_register(store, write_register(tmp_path / "r.xlsx", rows, lang="lv"))
    assert [(e.row, e.column) for e in result.errors] == [(3, "phone")]
    assert result.errors[0].label == "Tālrunis"
    assert "+371 2123 4567" in result.errors[0].reason
    assert not result.written


def test_a_phone_saved_by_excel_as_a_number_is_read(store: Store, tmp_path: Path) -> None:
    """Excel turns 29123456 into a number cell: it is the Latvian mobile 29123456."""
    path = write_register(tmp_path / "r.xlsx", [row(phone=29123456)])
    assert import_register(store, path).written
    assert next(iter(_people(store).values()))[0] == "29123456"


def test_an_email_column_fills_the_participants_email(store: Store, tmp_path: Path) -> None:
    """An "E-pasts" column is imported; a malformed address is a row error."""
    set_language("lv")
    rows = [row(given_name="Ārija", email="arija@pasts.lv"), row(given_name="Ēriks", email="x@")]
    path = write_register(tmp_path / "r.csv", rows, lang="lv")
    result = import_register(store, path)
    assert [(e.row, e.column) for e in result.errors] == [(3, "email")]
    result = import_register(store, path, skip_bad=True)
    assert _people(store)["Ārija"][1] == "arija@pasts.lv"


def test_a_new_persons_phone_comes_from_the_first_row_that_has_one(
    store: Store, tmp_path: Path
) -> None:
    """A register gives a phone in one row of a person only: the new person gets it."""
    rows = [row(phone=""), row(date=row()["date"].replace(day=21), phone="+371 2000 1111")]
    assert import_register(store, write_register(tmp_path / "r.csv", rows)).written
    assert next(iter(_people(store).values()))[0] == "+371 2000 1111"


def test_a_known_persons_phone_is_not_changed_by_a_register(store: Store, tmp_path: Path) -> None:
    """Re-importing with another phone leaves the records' phone (as every other field of a
    known person), and the summary says so; a blank in the records is not filled either."""
    set_language("en")
    first = write_register(tmp_path / "a.csv", [row(phone="+371 2912 3456"), row(given_name="Ona")])
    import_register(store, first)
    later = [
        row(date=row()["date"].replace(day=21), phone="+371 2000 1111"),
        row(date=row()["date"].replace(day=21), given_name="Ona", phone="+371 2000 2222"),
    ]
    before = counts(store)
    result = import_register(store, write_register(tmp_path / "b.csv", later))
    assert result.written
    assert counts(store)["participant"] == before["participant"]
    people = _people(store)
    assert people["Janutė"][0] == "+371 2912 3456"
    assert people["Ona"][0] is None
    text = "\n".join(describe(result))
    assert "2 people already in the records" in text
    assert to_json(result)["contacts_not_changed"] == 2


def test_a_known_persons_same_phone_is_not_mentioned(store: Store, tmp_path: Path) -> None:
    """The same phone again (spaced otherwise too) is nothing to tell."""
    with store.uow() as uow:
        participants.create_participant(
            uow, "Janutė", "Žemaitė", birth_year=1951, phone="+371 2912 3456"
        )
    path = write_register(tmp_path / "r.csv", [row(phone="+371 29123456")])
    result = import_register(store, path)
    assert result.written
    assert to_json(result)["contacts_not_changed"] == 0


@pytest.mark.parametrize("lang", ["lt", "lv", "en"])
def test_the_template_has_phone_and_email_columns_kept_as_text(tmp_path: Path, lang: str) -> None:
    """The template offers the phone and e-mail columns; the phone column is text, so Excel
    keeps "+" and a leading 0."""
    ws = load_workbook(write_template(tmp_path / "t.xlsx", lang)).worksheets[0]
    tr = translator(lang)
    labels = [c.value for c in ws[1]]
    keys = [c.key for c in TEMPLATE_COLUMNS]
    assert {"phone", "email"} <= set(keys)
    assert tr("Phone") in labels
    letter = ws.cell(row=1, column=keys.index("phone") + 1).column_letter
    assert ws.column_dimensions[letter].number_format == "@"
