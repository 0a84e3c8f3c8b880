"""The programme catalogue: titles in three languages, hours of a whole course, DigComp areas."""

from __future__ import annotations

import pytest

from libtrainer.domain.errors import NotFoundError, ValidationError
from libtrainer.i18n import render, set_language
from libtrainer.services import programmes
from libtrainer.store.store import Store
from tests.services.support import counts


def test_create_programme_keeps_topics_as_sorted_codes(store: Store) -> None:
    """Topics are validated DigComp areas, de-duplicated, stored comma-joined."""
    with store.uow() as uow:
        pid = programmes.create_programme(
            uow,
            16,
            title_lt="Saugus internetas",
            title_en="Safe internet",
            topics=["safety", "communication", "safety"],
            level="advanced",
        ).first("programme")
    with store.uow() as uow:
        [info] = programmes.list_programmes(uow)
    assert info.id == pid
    assert info.topics == ("communication", "safety")
    assert info.academic_hours == 16 and info.level == "advanced"


def test_programme_hours_are_the_whole_course(store: Store) -> None:
    """A programme may have more than the 12 hours allowed in one session."""
    with store.uow() as uow:
        programmes.create_programme(uow, 40, title_lv="Digitālās prasmes senioriem")
    with store.uow() as uow:
        assert programmes.list_programmes(uow)[0].academic_hours == 40


def test_title_falls_back_to_a_language_that_has_one(store: Store) -> None:
    """Shown in Latvian, a programme with only a Lithuanian title shows that title."""
    with store.uow() as uow:
        programmes.create_programme(uow, 8, title_lt="Viešosios paslaugos internetu kiekvienam")
    set_language("lv")
    with store.uow() as uow:
        assert programmes.list_programmes(uow)[0].title == (
            "Viešosios paslaugos internetu kiekvienam"
        )


def test_noop_edit_writes_nothing_and_archived_leave_the_list(store: Store) -> None:
    """An unchanged edit writes nothing; archived programmes are listed only when asked."""
    with store.uow() as uow:
        pid = programmes.create_programme(uow, 8, title_lt="Išmanusis telefonas").first("programme")
    before = counts(store)
    with store.uow() as uow:
        assert programmes.edit_programme(
            uow, pid, title_lt="Išmanusis telefonas", academic_hours=8.0
        ).empty
    assert counts(store) == before
    with store.uow() as uow:
        programmes.edit_programme(uow, pid, title_en="Smartphone")
    from libtrainer.services import records

    with store.uow() as uow:
        records.archive(uow, "programme", pid)
    with store.uow() as uow:
        assert programmes.list_programmes(uow) == []
        assert programmes.list_programmes(uow, include_archived=True)[0].title_en == "Smartphone"


def test_hours_typed_with_a_decimal_comma_are_read(store: Store) -> None:
    """ "1,5" typed in a form or on the command line is 1.5 hours; words are refused."""
    with store.uow() as uow:
        pid = programmes.add_programme(uow, "1,5", title_lt="Trumpas kursas").first("programme")
    with store.uow() as uow:
        assert programmes.get_programme(uow, pid).academic_hours == 1.5
    with pytest.raises(ValidationError) as error, store.uow() as uow:
        programmes.add_programme(uow, "aštuonios", title_lt="Kitas kursas")
    assert error.value.field == "academic_hours"


@pytest.mark.parametrize("hours", ["12,345", "1.234,5", "1,234.5"])
def test_hours_whose_comma_may_separate_thousands_are_refused(store: Store, hours: str) -> None:
    """ "12,345" programme hours are not 12.35: refused on the hours field, naming the value,
    and nothing is written."""
    before = counts(store)
    with pytest.raises(ValidationError) as error, store.uow() as uow:
        programmes.add_programme(uow, hours, title_lt="Kursas")
    assert error.value.field == "academic_hours" and error.value.params["value"] == hours
    assert counts(store) == before


def test_adding_a_code_in_use_is_refused_on_the_code_field(store: Store) -> None:
    """A person adding a programme with another programme's code (in any case) is told which
    programme has it, and nothing is written; the import's create_programme still finds it."""
    with store.uow() as uow:
        first = programmes.add_programme(uow, 8, title_lt="Saugus internetas", code="SI-1")
    before = counts(store)
    with pytest.raises(ValidationError) as error, store.uow() as uow:
        programmes.add_programme(uow, 16, title_lt="Kitas", code=" si-1 ")
    assert error.value.field == "code" and "Saugus internetas" in render(error.value)
    assert counts(store) == before
    with store.uow() as uow:
        again = programmes.create_programme(uow, 16, title_lt="Kitas", code="si-1")
    assert again.id == first.id and not again.created


def test_a_code_moved_to_another_programme_is_refused_and_a_freed_code_is_usable(
    store: Store,
) -> None:
    """Editing a code to one another programme has is refused; after a programme's code is
    changed, its old code can be given to a new programme (which gets an id of its own)."""
    with store.uow() as uow:
        a = programmes.add_programme(uow, 8, title_lt="Pirmas", code="A-1").first("programme")
    with store.uow() as uow:
        b = programmes.add_programme(uow, 8, title_lt="Antras", code="B-1").first("programme")
    with pytest.raises(ValidationError) as error, store.uow() as uow:
        programmes.edit_programme(uow, b, code="a-1")
    assert error.value.field == "code"
    with store.uow() as uow:
        assert not programmes.edit_programme(uow, a, code="a-1").empty  # its own code, recased
    with store.uow() as uow:
        programmes.edit_programme(uow, a, code="A-2")
    with store.uow() as uow:
        c = programmes.add_programme(uow, 8, title_lt="Trečias", code="A-1").first("programme")
    assert c not in (a, b)
    with store.uow() as uow:
        assert programmes.find_programme(uow, "a-1") == c
        assert programmes.find_programme(uow, "A-2") == a


def test_find_programme_by_id_code_or_start_of_id(store: Store) -> None:
    """A programme is found by its id, its code however typed, or a unique start of its id;
    an unknown reference is a message, not a crash."""
    with store.uow() as uow:
        coded = programmes.add_programme(uow, 8, title_lt="Šeimos finansai", code="ŠF-2026")
    with store.uow() as uow:
        plain = programmes.add_programme(uow, 8, title_lt="Be kodo").first("programme")
    with store.uow() as uow:
        assert programmes.find_programme(uow, "sf-2026") == coded.id
        assert programmes.find_programme(uow, plain) == plain
        assert programmes.find_programme(uow, plain[:13]) == plain
        with pytest.raises(NotFoundError):
            programmes.find_programme(uow, "nėra-tokio")


def test_wildcards_never_stand_for_a_programme_id(store: Store) -> None:
    """``______`` or ``%%%%%%`` is not "the start of every id": nothing is found."""
    with store.uow() as uow:
        programmes.add_programme(uow, 8, title_lt="Vienintelė")
    with store.uow() as uow:
        for ref in ("______", "%%%%%%", "0__%%_"):
            with pytest.raises(NotFoundError):
                programmes.find_programme(uow, ref)


def test_hours_that_round_to_nothing_are_refused(store: Store) -> None:
    """0.0001 academic hours would show as 0: refused on the hours field like 0."""
    with store.uow() as uow, pytest.raises(ValidationError) as caught:
        programmes.add_programme(uow, "0.0001", title_lt="Per trumpa")
    assert caught.value.field == "academic_hours"


def test_a_title_another_programme_has_is_refused_on_its_field(store: Store) -> None:
    """Adding "saugus INTERNETAS" next to "Saugus internetas", or renaming another programme
    to it, is refused on the title's field with nothing written; once the first is archived,
    the title is free again."""
    from libtrainer.services import records

    with store.uow() as uow:
        first = programmes.add_programme(uow, 16, title_lt="Saugus internetas", code="SI-1").id
    with store.uow() as uow:
        second = programmes.add_programme(uow, 8, title_lt="Išmanusis telefonas").id
    before = counts(store)
    with store.uow() as uow, pytest.raises(ValidationError) as refused:
        programmes.add_programme(uow, 16, title_lt="saugus  INTERNETAS", code="SI-2")
    assert refused.value.field == "title_lt"
    assert "already in the catalogue" in render(refused.value)
    with store.uow() as uow, pytest.raises(ValidationError):
        programmes.edit_programme(uow, second, title_lt="Saugus internetas")
    assert counts(store) == before
    with store.uow() as uow:
        assert programmes.edit_programme(uow, first, title_lt="Saugus internetas").empty
    with store.uow() as uow:
        records.archive(uow, "programme", first)
    with store.uow() as uow:
        programmes.add_programme(uow, 16, title_lt="Saugus internetas", code="SI-2")
