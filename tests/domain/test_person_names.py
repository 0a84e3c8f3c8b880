"""A person's name: letters of any alphabet, spaces, hyphens, apostrophes and full stops only."""

from __future__ import annotations

import pytest

from libtrainer.domain import rules
from libtrainer.domain.errors import ValidationError
from libtrainer.i18n import render, set_language


@pytest.mark.parametrize(
    "name",
    [
        "Čakste-Ģēģere",
        "O’Brien",
        "D'Arcy",
        "J. Bērziņš",
        "Ņina",
        "Zoë",
        "Ąžuolas",
        "Анна-Мария",
        "Mārtiņš Jānis",
        "ą̃žuolas",  # a mark on a letter that has no composed form
        "Ma\u02bcrija",  # modifier letter apostrophe
        "Jean\u2010Luc",  # the hyphen character
    ],
)
def test_names_of_people_keep_every_letter(name: str) -> None:
    """Names with Latvian, Lithuanian, other Latin and Cyrillic letters, hyphens, apostrophes
    and initials are people's names."""
    assert rules.clean_person_name("given_name", name) == name


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Ēriks2", "2"),
        ("Ģirts3", "3"),
        ("jonas@pastas.lt", "@"),
        ("Jonas_P", "_"),
        ("Ona/Onutė", "/"),
        ("Rita (senjorė)", "( )"),
        ("Petras#", "#"),
        ("½", "½"),
        ("Ieva²", "²"),
    ],
)
def test_a_name_with_digits_or_signs_is_refused_naming_them(typed: str, shown: str) -> None:
    """Digits and signs no name has are refused, naming the field and the characters."""
    with pytest.raises(ValidationError) as err:
        rules.clean_person_name("given_name", typed)
    assert err.value.field == "given_name"
    assert err.value.params["characters"] == shown


def test_the_refusal_reads_in_latvian() -> None:
    """The librarian's language: the field's label and the digit are in the message."""
    with pytest.raises(ValidationError) as err:
        rules.clean_person_name("given_name", "Ēriks2")
    set_language("lv")
    text = render(err.value)
    assert "„Vārds”" in text and "„2”" in text


def test_full_stops_of_initials_but_no_name_of_signs_only() -> None:
    """ "J. Bērziņš" is a name, but a value of full stops and hyphens only is not."""
    with pytest.raises(ValidationError):
        rules.clean_person_name("family_name", ".-")


def test_an_optional_person_name_may_be_empty() -> None:
    """Not required: empty stays empty (the lecturer of a register row)."""
    assert rules.clean_person_name("lecturer", "  ", required=False) == ""
