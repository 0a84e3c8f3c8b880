"""Checking register rows: cells by the domain rules, rules across rows, every error kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from libtrainer.i18n import set_language
from libtrainer.services.register.read import RawRow
from libtrainer.services.register.validate import check_rows

from .support import row


def raw(number: int, **values: Any) -> RawRow:
    cells = row(**values)
    return RawRow(number=number, values=cells, cells=list(cells.values()))


def test_every_error_of_a_row_is_reported_with_row_and_column() -> None:
    """A row with three bad cells yields three errors naming row 7 and each column."""
    good, errors = check_rows([raw(7, birth_year=2090, academic_hours="two", gender="maybe")])
    assert good == []
    assert {(e.row, e.column) for e in errors} == {
        (7, "birth_year"),
        (7, "academic_hours"),
        (7, "gender"),
    }


@pytest.mark.parametrize(
    "cell",
    ["2025-03-14", "14.03.2025", "2025.03.14.", "2025/03/14", dt.datetime(2025, 3, 14, 0, 0)],
)
def test_dates_are_read_in_local_and_iso_forms(cell: Any) -> None:
    """ISO, Latvian/Lithuanian dotted dates and Excel datetimes are the same date."""
    good, errors = check_rows([raw(2, date=cell)])
    assert errors == []
    assert good[0].date == dt.date(2025, 3, 14)


def test_decimal_comma_hours_and_dotted_times() -> None:
    """ "1,5" hours and "9.30" start times are read as 1.5 and 09:30."""
    good, errors = check_rows([raw(2, academic_hours="1,5", start="9.30")])
    assert errors == []
    assert good[0].hours == 1.5
    assert good[0].start == dt.time(9, 30)


@pytest.mark.parametrize("cell", ["Moteris", "Sieviete", "female", "FEMALE", "moteris "])
def test_vocabulary_cells_accept_codes_and_labels_in_any_language(cell: str) -> None:
    """A gender typed as a code or as its lt, lv or en label is the same code."""
    good, errors = check_rows([raw(2, gender=cell)])
    assert errors == []
    assert good[0].gender == "female"


def test_several_target_groups_in_one_cell() -> None:
    """Target groups separated by ; or , in any language become several codes."""
    good, _ = check_rows([raw(2, target_groups="Darbo ieškantys asmenys, Seniori;youth")])
    assert good[0].target_groups == ["job_seekers", "seniors", "youth"]


def test_reasons_are_in_the_users_language() -> None:
    """With Lithuanian messages, the column label and the reason are Lithuanian."""
    set_language("lt")
    _, errors = check_rows([raw(3, family_name="")])
    assert errors[0].label == "Pavardė"
    assert "Pavardė" in errors[0].reason and "tuščias" in errors[0].reason


def test_one_session_cannot_have_two_lengths() -> None:
    """Two rows of the same session with different hours: the second one is wrong."""
    _, errors = check_rows([raw(2), raw(3, given_name="Rita", academic_hours=3)])
    assert [(e.row, e.column) for e in errors] == [(3, "academic_hours")]


def test_a_person_is_listed_once_per_session() -> None:
    """The same person twice at one session is reported at the second row."""
    _, errors = check_rows([raw(2), raw(5)])
    assert [(e.row, e.column) for e in errors] == [(5, "given_name")]
    assert "2" in errors[0].reason


def test_a_group_keeps_one_programme() -> None:
    """A group named with two programmes in one file is an error at the later row."""
    _, errors = check_rows(
        [raw(2), raw(3, given_name="Rita", programme="Kita programa", date=dt.date(2025, 3, 21))]
    )
    assert [(e.row, e.column) for e in errors] == [(3, "programme")]


def test_a_date_too_far_ahead_is_refused() -> None:
    """Domain date rules apply: a session years in the future is an error."""
    _, errors = check_rows([raw(2, date=dt.date.today() + dt.timedelta(days=800))])
    assert [e.column for e in errors] == ["date"]


def test_one_session_cannot_have_two_lecturers() -> None:
    """Two lecturers named for one session: the later row is wrong, both names and rows said."""
    _, errors = check_rows(
        [raw(2), raw(3, given_name="Rita", lecturer="A. Mickevičienė"), raw(4, given_name="Ona")]
    )
    assert [(e.row, e.column) for e in errors] == [(3, "lecturer")]
    reason = errors[0].reason
    assert "“Asta Mickevičienė”" in reason and "“A. Mickevičienė”" in reason
    assert "row 2" in reason and "row 3" in reason


def test_a_session_without_a_lecturer_in_some_rows_is_fine() -> None:
    """An empty lecturer cell does not clash with the lecturer named in another row."""
    good, errors = check_rows([raw(2), raw(3, given_name="Rita", lecturer="")])
    assert errors == []
    assert len(good) == 2


def test_two_lengths_are_said_in_the_local_number_format() -> None:
    """The hours of the first row are written as the language writes numbers ("1,5", not 1.5)."""
    set_language("lt")
    _, errors = check_rows([raw(2, academic_hours="1,5"), raw(3, given_name="Rita")])
    assert [(e.row, e.column) for e in errors] == [(3, "academic_hours")]
    assert "1,5" in errors[0].reason and "1.5" not in errors[0].reason


def test_one_code_on_two_people_names_both_and_their_rows() -> None:
    """The same code on two different people is a code error naming both people and rows."""
    _, errors = check_rows(
        [
            raw(7, participant_code="LZ-7", given_name="Ona", family_name="Petraitienė"),
            raw(8, participant_code="lz-7", given_name="Rasa", family_name="Petraitytė"),
        ]
    )
    assert [(e.row, e.column) for e in errors] == [(8, "participant_code")]
    reason = errors[0].reason
    assert "Ona Petraitienė" in reason and "Rasa Petraitytė" in reason
    assert "row 7" in reason and "row 8" in reason
    assert "already listed" not in reason


def test_a_day_not_in_the_calendar_is_said_like_other_cells() -> None:
    """30 February is refused with the field named once, as the other cell messages do."""
    _, errors = check_rows([raw(4, date="2026-02-30")])
    assert [e.column for e in errors] == ["date"]
    assert errors[0].reason.startswith("Date must be")
    assert errors[0].reason.count("Date") == 1 and "2026-02-30" in errors[0].reason


@pytest.mark.parametrize(("lang", "allowed"), [("en", "Seniors"), ("lv", "Seniori")])
def test_a_value_not_allowed_lists_the_allowed_values_in_the_users_language(
    lang: str, allowed: str
) -> None:
    """A target group not in the vocabulary is refused with the allowed labels listed."""
    set_language(lang)
    _, errors = check_rows([raw(2, target_groups="Senjori")])
    assert [e.column for e in errors] == ["target_groups"]
    assert "Senjori" in errors[0].reason and allowed in errors[0].reason


def test_a_present_mark_at_a_session_not_held_yet_is_a_row_error() -> None:
    """A row marked present at a session dated after today is refused on its "present" cell,
    as on the attendance sheet; absent at a future session (told ahead) is accepted."""
    later = dt.date.today() + dt.timedelta(days=7)
    good, errors = check_rows([raw(2, date=later), raw(3, date=later, present="No")])
    assert [(e.row, e.column) for e in errors] == [(2, "present")]
    assert "has not taken place yet" in errors[0].reason
    assert [r.number for r in good] == [3]


@pytest.mark.parametrize("name", ["\u0301Jonas", "\u0301\u0301"])
def test_a_name_beginning_with_a_lone_accent_is_refused_on_its_column(name: str) -> None:
    """ "\u0301Jonas" (an accent on no letter) is refused on row 4's Given name, not taken as
    Jonas; a decomposed "Z\u030cemaite\u0307" is read as "Žemaitė"."""
    good, errors = check_rows([raw(4, given_name=name)])
    assert good == []
    assert [(e.row, e.column) for e in errors] == [(4, "given_name")]
    assert "accent mark" in errors[0].reason
    good, errors = check_rows([raw(5, family_name="Z\u030cemaite\u0307")])
    assert errors == [] and good[0].family_name == "Žemaitė"
