"""The programme catalogue: titles in three languages, hours of a whole course, DigComp areas."""

from __future__ import annotations

from libtrainer.i18n import set_language
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
