"""Value rules: each rejects bad input with an error naming the field."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from libtrainer.domain import rules
from libtrainer.domain.enums import Gender
from libtrainer.domain.errors import ValidationError

TODAY = dt.date.today()


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: rules.clean_name("given_name", "   "), "given_name"),
        (lambda: rules.clean_name("family_name", "x" * 500), "family_name"),
        (lambda: rules.clean_name("given_name", "Ona\x00"), "given_name"),
        (lambda: rules.check_birth_year("birth_year", TODAY.year + 1), "birth_year"),
        (lambda: rules.check_birth_year("birth_year", TODAY.year - 111), "birth_year"),
        (lambda: rules.check_escout_age("birth_year", TODAY.year - 13), "birth_year"),
        (lambda: rules.check_escout_age("birth_year", TODAY.year - 30), "birth_year"),
        (lambda: rules.check_hours("academic_hours", 0), "academic_hours"),
        (lambda: rules.check_hours("academic_hours", 12.5), "academic_hours"),
        (lambda: rules.check_hours("academic_hours", "many"), "academic_hours"),
        (lambda: rules.check_date("date", TODAY + dt.timedelta(days=800)), "date"),
        (lambda: rules.check_date("date", None), "date"),
        (lambda: rules.check_enum("gender", Gender, "woman"), "gender"),
        (lambda: rules.check_minutes("minutes", 0), "minutes"),
        (lambda: rules.check_score("score", 6), "score"),
    ],
)
def test_rule_rejects_with_field_named(call, field: str) -> None:  # type: ignore[no-untyped-def]
    """Each rule raises ValidationError naming the offending field."""
    with pytest.raises(ValidationError) as err:
        call()
    assert err.value.field == field


def test_accepted_values_are_cleaned() -> None:
    """Names are trimmed and NFC-normalised; ages up to 105 and e-scouts of 14 and 29 pass."""
    assert rules.clean_name("given_name", "  Šarūnas   Jonas ") == "Šarūnas Jonas"
    assert rules.clean_name("given_name", "S\u030carunas") == "Šarunas"
    assert rules.check_birth_year("birth_year", TODAY.year - 105) == TODAY.year - 105
    assert rules.check_escout_age("birth_year", TODAY.year - 14) == TODAY.year - 14
    assert rules.check_escout_age("birth_year", TODAY.year - 29) == TODAY.year - 29
    assert rules.check_hours("academic_hours", 12) == 12.0


def test_birth_year_of_a_child_under_school_age_is_refused() -> None:
    """A participant is at least MIN_AGE (6) years old: born this year or five years ago is a
    slip and refused, naming the youngest year allowed; six years ago passes."""
    on = dt.date(2026, 11, 23)
    for year in (2026, 2021):
        with pytest.raises(ValidationError) as err:
            rules.check_birth_year("birth_year", year, on=on)
        assert err.value.field == "birth_year" and err.value.params["high"] == 2020
    assert rules.check_birth_year("birth_year", 2020, on=on) == 2020


def test_fold_ignores_diacritics_and_case() -> None:
    """'sarunas' matches 'Šarūnas'; Latvian long vowels fold too."""
    assert rules.fold("Šarūnas") == "sarunas"
    assert rules.fold("Kārlis Ozoliņš") == "karlis ozolins"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("+370 612 34567", "+370 612 34567"),
        ("8 612 34567", "8 612 34567"),
        ("0 612 34567", "0 612 34567"),
        ("8 5 212 3456", "8 5 212 3456"),
        ("+371 2123 4567", "+371 2123 4567"),
        ("21234567", "21234567"),
        ("+48 123 456 789", "+48 123 456 789"),
        ("0048 123 456 789", "0048 123 456 789"),
        ("+370 612 34567, +370 612 34568", "+370 612 34567, +370 612 34568"),
        ("+370 612 34567;8 5 212 3456", "+370 612 34567, 8 5 212 3456"),
        ("", None),
    ],
)
def test_plausible_phone_numbers_are_kept(typed: str, kept: str | None) -> None:
    """Lithuanian, Latvian and international numbers pass; two are joined by a comma."""
    assert rules.clean_phone("phone", typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "1",
        "8 612 3456",
        "+370 612 3456",
        "+371 212 345",
        "12345678",
        "+12 345",
        "+370 612 34567, 1",
        "+370 612 34567,",
        "861234567, 861234568, 861234569",
        "+370 612 +34567",
        "skambink",
    ],
)
def test_implausible_phone_numbers_are_refused_naming_the_field(typed: str) -> None:
    """Too short, a wrong length after +370/+371, a third number or words are refused."""
    with pytest.raises(ValidationError) as caught:
        rules.clean_phone("phone", typed)
    assert caught.value.field == "phone"


def test_a_length_in_minutes_is_kept_unrounded_in_academic_hours() -> None:
    """50 minutes are 50 / 45 academic hours, so nine of them are 10 hours, not 9.99."""
    assert rules.hours_from_minutes("minutes", 50) == 50 / 45
    assert rules.hours_from_minutes("minutes", 90.0) == 2.0
    assert rules.hours_from_minutes("minutes", rules.MAX_SESSION_MINUTES) == 12.0
    assert round(9 * rules.hours_from_minutes("minutes", 50), 2) == 10.0
    assert rules.check_hours("academic_hours", 50 / 45) == 1.11  # typed hours: 2 decimals


@pytest.mark.parametrize("minutes", [0, -5, 541, 50.5, "50", True, None])
def test_a_length_in_minutes_outside_one_to_540_whole_minutes_is_refused(minutes: object) -> None:
    """Minutes are a whole number from 1 to 540 (12 academic hours); the error names the field."""
    with pytest.raises(ValidationError) as err:
        rules.hours_from_minutes("minutes", minutes)  # type: ignore[arg-type]
    assert err.value.field == "minutes"


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (50 / 45, 1.11, True),  # 50 minutes and the 1.11 typed before
        (50 / 45, 1.111111, True),  # and the 6 decimals stored for them before
        (1.111111, 1.111111, True),
        (2.0, 2, True),
        (50 / 45, 51 / 45, False),  # 50 and 51 minutes
        (1.111111, 1.133333, False),
        (1.11, 1.12, False),
        (1.5, 2.0, False),
    ],
)
def test_session_lengths_are_compared_to_two_decimals(
    first: float, second: float, same: bool
) -> None:
    """A length from minutes is the same length as its 2-decimal value; a minute apart is not."""
    assert rules.same_length(first, second) is same


@pytest.mark.parametrize("attendances", [45_000, 450_000])
def test_large_sums_of_lengths_in_minutes_do_not_drift(attendances: int) -> None:
    """45,000 attendances of 50 minutes are 50,000 participant-hours, summed in any way."""
    h50 = rules.hours_from_minutes("minutes", 50)
    expected = attendances * 50 // 45
    assert round(sum([h50] * attendances), 2) == expected  # a database's running sum
    assert round(math.fsum([h50] * attendances), 2) == expected


def test_every_whole_minute_is_a_different_length_and_matches_its_typed_hours() -> None:
    """Two whole minutes never compare equal; each equals its typed 2-decimal hours."""
    lengths = [rules.hours_from_minutes("minutes", m) for m in range(1, 541)]
    assert len({round(h, 2) for h in lengths}) == len(lengths)
    for minutes, hours in enumerate(lengths, start=1):
        assert rules.same_length(hours, rules.check_hours("academic_hours", minutes / 45))
        assert rules.minutes_of(hours) == minutes


@pytest.mark.parametrize(
    "typed",
    ["\u0301Jonas", "\u0301", "\u0301\u0304", " \u0301Jonas", "Jonas \u0301Petras", "Ona-\u0301"],
)
def test_a_name_with_a_lone_accent_is_refused(typed: str) -> None:
    """An accent at the start of a word, or a name of accents only, stands on no letter: it
    is refused naming the field (it would fold away: "\u0301Jonas" matched as Jonas)."""
    with pytest.raises(ValidationError) as info:
        rules.clean_name("given_name", typed)
    assert info.value.field == "given_name"
    assert "accent mark" in info.value.render()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Z\u030cemaite\u0307", "Žemaitė"),  # decomposed: stored composed (NFC)
        ("A\u0304ris", "Āris"),
        ("a\u0328\u0303", "ą\u0303"),  # a mark on a letter without a composed form: kept
    ],
)
def test_marks_on_letters_are_kept_composed(typed: str, kept: str) -> None:
    """Marks on a letter are names as typed, stored in NFC."""
    assert rules.clean_name("family_name", typed) == kept
