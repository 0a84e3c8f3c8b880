"""People who share a name in a list get what tells them apart, never a whole code."""

from __future__ import annotations

from libtrainer.domain.namesakes import (
    Hint,
    Namesake,
    code_tail,
    hint_text,
    hints,
    phone_tail,
    with_hint,
)


def _p(pid: str, given: str = "Dalia", family: str = "Šimkienė", **kw: object) -> Namesake:
    return Namesake(pid, given, family, **kw)  # type: ignore[arg-type]


def test_people_with_a_name_of_their_own_get_no_hint() -> None:
    """A list without namesakes looks as before: no hints at all."""
    assert hints([_p("a"), _p("b", "Ona"), _p("c", family="Petraitė")]) == {}


def test_namesakes_are_told_apart_by_birth_year() -> None:
    """Two Dalia Šimkienė born 1957 and 1950: each shows her birth year."""
    found = hints([_p("a", birth_year=1957), _p("b", birth_year=1950), _p("c", "Ona")])
    assert found == {"a": Hint("year", "1957"), "b": Hint("year", "1950")}


def test_names_collide_whatever_their_case_diacritics_and_spaces() -> None:
    """ "SIMKIENE  Dalia" and "Šimkienė Dalia" are the same name to a reader."""
    found = hints([_p("a", birth_year=1957), _p("b", " dalia ", "SIMKIENE", birth_year=1950)])
    assert set(found) == {"a", "b"}


def test_the_same_birth_year_falls_back_to_the_codes_last_characters() -> None:
    """Same year: the code's last characters tell them apart; the whole code never shows."""
    found = hints(
        [
            _p("a", birth_year=1957, code="45701011234"),
            _p("b", birth_year=1957, code="45701019876"),
        ]
    )
    assert found == {"a": Hint("code", "1234"), "b": Hint("code", "9876")}


def test_without_year_or_code_the_phones_last_digits_tell_them_apart() -> None:
    """No year, no code: the last four digits of the phone."""
    found = hints([_p("a", phone="+370 612 34567"), _p("b", phone="+370 699 11111")])
    assert found == {"a": Hint("phone", "4567"), "b": Hint("phone", "1111")}


def test_nothing_to_tell_them_apart_numbers_them_in_the_lists_order() -> None:
    """Nothing known but the name: "(1)", "(2)" by their place in the list; someone with a
    year of their own keeps it."""
    found = hints([_p("a"), _p("b", birth_year=1950), _p("c")])
    assert found == {"a": Hint("number", "1"), "b": Hint("year", "1950"), "c": Hint("number", "3")}


def test_a_short_code_shows_at_most_half_of_it() -> None:
    """A code is never shown whole: four characters at most, half of a short one."""
    assert code_tail("45701011234") == "1234"
    assert code_tail("LT-0042") == "042"
    assert code_tail("7") == ""
    assert phone_tail("4567") == ""


def test_hints_read_in_the_language_given() -> None:
    """The hint is rendered by the caller's translation; the number needs no words."""
    words = {"born {value}": "g. {value}"}
    assert with_hint("Šimkienė Dalia", Hint("year", "1957"), lambda m: words.get(m, m)) == (
        "Šimkienė Dalia (g. 1957)"
    )
    assert hint_text(Hint("number", "2"), lambda m: m) == "2"
    assert with_hint("Ona", None, lambda m: m) == "Ona"
