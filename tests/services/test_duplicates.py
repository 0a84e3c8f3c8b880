"""Duplicates: look-alike pairs offered, "same person" / "not the same" / "separate" recorded,
and reports counting confirmed duplicates once, also through chains and cycles."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, insert, select

from libtrainer.domain.errors import NotFoundError, ValidationError
from libtrainer.domain.ids import fact_id, new_id
from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.services import attendance, duplicates, participants, records, sessions
from libtrainer.store.models import Outbox, ParticipantAlias, ParticipantDistinct
from libtrainer.store.store import Store
from tests.services.support import DAY, World, build_world


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store, people=0)


def person(store: Store, given: str, family: str, year: int | None) -> str:
    with store.uow() as uow:
        return participants.create_participant(uow, given, family, birth_year=year).first(
            "participant"
        )


def attend(store: Store, world: World, ids: list[str], day: dt.date = DAY) -> None:
    with store.uow() as uow:
        session = sessions.plan_session(uow, day, 2, group_id=world.group_id).first(
            "training_session"
        )
    with store.uow() as uow:
        attendance.record_attendance(uow, session, dict.fromkeys(ids, "present"))


def residents(store: Store) -> int:
    filters = ReportFilters(dt.date(DAY.year, 1, 1), dt.date(DAY.year, 12, 31))
    report = run_report(store, "summary", filters, by=("year",))
    totals = {r.key: r.values[1] for r in report.sections[0].rows}
    return int(totals["participants"])


def pairs(store: Store) -> list[tuple[str, str]]:
    with store.uow() as uow:
        found = duplicates.candidates(uow)
    return [(p.first.id, p.second.id) for p in found.pairs]


def test_look_alikes_are_offered_by_folded_name_and_compatible_birth_year(
    store: Store, world: World
) -> None:
    """Same folded name and year (or a year unknown) pair up; another year or name does not."""
    a = person(store, "Šarūnas", "Žemaitis", 1961)
    b = person(store, "Sarunas", "ZEMAITIS", 1961)
    c = person(store, "Šarūnas", "Žemaitis", None)
    d = person(store, "Šarūnas", "Žemaitis", 1990)
    person(store, "Ona", "Žemaitienė", 1961)
    expected = {tuple(sorted(p)) for p in ((a, b), (a, c), (b, c), (c, d))}
    assert set(pairs(store)) == expected


def test_the_pair_shows_what_the_coordinator_compares(store: Store, world: World) -> None:
    """Each record of a pair carries its branch, code and sessions attended (first, last)."""
    a = person(store, "Ona", "Kazlauskienė", 1950)
    b = person(store, "Ona", "Kazlauskiene", 1950)
    attend(store, world, [a])
    attend(store, world, [a, b], DAY + dt.timedelta(days=7))
    with store.uow() as uow:
        (pair,) = duplicates.candidates(uow).pairs
    records = {pair.first.id: pair.first, pair.second.id: pair.second}
    assert records[a].sessions == 2 and records[b].sessions == 1
    assert records[a].first_session == DAY
    assert records[a].last_session == DAY + dt.timedelta(days=7)
    assert records[a].branch == "Būdviečio padalinys"


def test_same_person_counts_once_in_reports_and_leaves_the_list(store: Store, world: World) -> None:
    """Confirming a pair appends an alias; the report counts one resident; the pair is gone."""
    a = person(store, "Ona", "Kazlauskienė", 1950)
    b = person(store, "Ona", "Kazlauskiene", 1950)
    attend(store, world, [a, b])
    assert residents(store) == 2
    with store.uow() as uow:
        changed = duplicates.same_person(uow, a, b)
    assert len(changed.created["participant_alias"]) == 1
    assert residents(store) == 1
    assert pairs(store) == []
    with store.uow() as uow:
        (pair,) = duplicates.confirmed(uow)
    assert {pair.first.id, pair.second.id} == {a, b}


def test_the_record_with_more_sessions_is_kept_unless_told(store: Store, world: World) -> None:
    """By default the busier record's details count; ``keep`` chooses the other."""
    a = person(store, "Jonas", "Petraitis", 1970)
    b = person(store, "Jonas", "Petraitis", 1970)
    attend(store, world, [b])
    with store.uow() as uow:
        duplicates.same_person(uow, a, b)
    with store.uow() as uow:
        assert duplicates.persons(uow) == {a: b}
    with store.uow() as uow:
        duplicates.separate(uow, a)
    with store.uow() as uow:
        duplicates.same_person(uow, a, b, keep=a)
    with store.uow() as uow:
        assert duplicates.persons(uow) == {b: a}


def test_joining_two_confirmed_groups_points_everyone_at_one_record(
    store: Store, world: World
) -> None:
    """a≡b (keep a), c≡d (keep c), then b≡d keeping d — counted as c's so far: every record's
    person is now d, one hop away, and d is nobody else's."""
    a, b, c, d = (person(store, "Rūta", "Jonaitė", 1999) for _ in range(4))
    attend(store, world, [a, b, c, d])
    with store.uow() as uow:
        duplicates.same_person(uow, a, b, keep=a)
    with store.uow() as uow:
        duplicates.same_person(uow, c, d, keep=c)
    with store.uow() as uow:
        duplicates.same_person(uow, b, d, keep=d)
    with store.uow() as uow:
        mapping = duplicates.persons(uow)
    assert set(mapping) == {a, b, c} and set(mapping.values()) == {d}
    with store.uow() as uow:
        direct = dict(
            uow.session.execute(
                select(ParticipantAlias.participant_id, ParticipantAlias.canonical_id).where(
                    ParticipantAlias.canonical_id == d
                )
            ).all()
        )
    assert set(direct) == {a, b, c}, "every member was re-pointed at the kept record"
    assert residents(store) == 1 and pairs(store) == []


def test_reports_follow_chains_and_cycles_made_by_two_coordinators(
    store: Store, world: World
) -> None:
    """Aliases a→b→c (chain) and d→e→d (two coordinators at once) count one person each."""
    a, b, c, d, e = (person(store, "Ieva", f"Vardas{i}", 1980) for i in range(5))
    attend(store, world, [a, b, c, d, e])
    with store.uow() as uow:
        for one, other in ((a, b), (b, c), (d, e), (e, d)):
            uow.session.execute(
                insert(ParticipantAlias).values(
                    id=new_id(), participant_id=one, canonical_id=other, confirmed_on=DAY
                )
            )
        uow.commit()
    assert residents(store) == 2
    with store.uow() as uow:
        mapping = duplicates.persons(uow)
    assert mapping[a] == mapping[b] == c
    assert {mapping.get(d, d), mapping.get(e, e)} == {min(d, e)}


def test_not_the_same_person_is_remembered_and_synced(store: Store, world: World) -> None:
    """ "Not the same" stores one captured row for the pair, idempotently; the pair leaves."""
    a = person(store, "Petras", "Jankauskas", 1955)
    b = person(store, "Petras", "Jankauskas", 1955)
    before = store.pending_changes()
    with store.uow() as uow:
        duplicates.not_same(uow, b, a)
    with store.uow() as uow:
        assert duplicates.not_same(uow, a, b).empty
    assert pairs(store) == []
    with store.uow() as uow:
        row = uow.session.get(ParticipantDistinct, fact_id("distinct", *sorted((a, b))))
        captured = uow.session.execute(
            select(func.count()).select_from(Outbox).where(Outbox.tbl == "participant_distinct")
        ).scalar_one()
    assert row is not None and (row.participant_id, row.other_id) == tuple(sorted((a, b)))
    assert captured == 1 and store.pending_changes() > before
    assert residents(store) == 0


def test_separate_undoes_same_person(store: Store, world: World) -> None:
    """After "separate" the record counts as its own person and the pair is offered again."""
    a = person(store, "Laima", "Stankevičienė", 1966)
    b = person(store, "Laima", "Stankeviciene", 1966)
    attend(store, world, [a, b])
    with store.uow() as uow:
        duplicates.same_person(uow, a, b, keep=a)
    assert residents(store) == 1
    with store.uow() as uow:
        changed = duplicates.separate(uow, b)
    assert changed.deleted["participant_alias"]
    assert residents(store) == 2
    assert pairs(store) == [tuple(sorted((a, b)))]


def test_wrong_decisions_are_refused_with_nothing_written(store: Store, world: World) -> None:
    """One record twice, a missing record, a pair already one person, a wrong ``keep``,
    "not the same" for one person and "separate" of a record joined with none: all refused."""
    a = person(store, "Aldona", "Petrauskienė", 1948)
    b = person(store, "Aldona", "Petrauskiene", 1948)
    with store.uow() as uow:
        duplicates.same_person(uow, a, b)
    alone = person(store, "Ona", "Vaitkienė", 1950)
    before = store.pending_changes()
    calls = [
        lambda uow: duplicates.same_person(uow, a, a),
        lambda uow: duplicates.same_person(uow, a, new_id()),
        lambda uow: duplicates.same_person(uow, a, b),
        lambda uow: duplicates.not_same(uow, a, b),
        lambda uow: duplicates.separate(uow, alone),
    ]
    for call in calls:
        with store.uow() as uow, pytest.raises((ValidationError, NotFoundError)) as raised:
            call(uow)
        assert str(raised.value)
    c = person(store, "Aldona", "Petrauskienė", 1948)
    with store.uow() as uow, pytest.raises(ValidationError) as wrong_keep:
        duplicates.same_person(uow, a, c, keep=b)
    assert wrong_keep.value.field == "keep"
    assert store.pending_changes() == before + 1  # only c's creation


def test_separate_names_either_record_of_a_joined_pair(store: Store, world: World) -> None:
    """Naming the kept record of a pair separates the other one, as naming that one does."""
    a = person(store, "Jonas", "Kazlauskas", 1990)
    b = person(store, "Jonas", "Kazlauskas", 1985)
    with store.uow() as uow:
        duplicates.same_person(uow, a, b, keep=a)
    with store.uow() as uow:
        assert duplicates.to_separate(uow, a) == b
        changed = duplicates.separate(uow, a)
    assert changed.deleted["participant_alias"]
    assert duplicates_persons(store) == {}


def test_separate_of_a_kept_record_with_several_lists_them(store: Store, world: World) -> None:
    """A kept record with two records counted as it: refused, each named with its branch and
    the end of its id; naming one of them separates only that one."""
    a = person(store, "Rūta", "Žemaitienė", 1958)
    b = person(store, "Ruta", "Zemaitiene", 1958)
    c = person(store, "Rūta", "Zemaitienė", 1958)
    with store.uow() as uow:
        duplicates.same_person(uow, a, b, keep=a)
    with store.uow() as uow:
        duplicates.same_person(uow, a, c, keep=a)
    with store.uow() as uow, pytest.raises(ValidationError) as several:
        duplicates.separate(uow, a)
    text = str(several.value)
    assert f"[{b[-8:]}]" in text and f"[{c[-8:]}]" in text and "Ruta Zemaitiene (" in text
    assert text.startswith("2 records")
    with store.uow() as uow:
        duplicates.separate(uow, c)
    assert duplicates_persons(store) == {b: a}


def test_not_same_for_one_person_names_the_record_to_separate(store: Store, world: World) -> None:
    """ "Not the same" for two records joined as one person names the joined record."""
    a = person(store, "Jonas", "Kazlauskas", 1990)
    b = person(store, "Jonas", "Kazlauskas", 1985)
    with store.uow() as uow:
        duplicates.same_person(uow, a, b, keep=a)
    for first, second in ((a, b), (b, a)):
        with store.uow() as uow, pytest.raises(ValidationError) as joined:
            duplicates.not_same(uow, first, second)
        assert f"[{b[-8:]}]" in str(joined.value) and f"[{a[-8:]}]" not in str(joined.value)


def duplicates_persons(store: Store) -> dict[str, str]:
    with store.uow() as uow:
        return duplicates.persons(uow)


def test_keep_is_honoured_when_the_chosen_record_was_counted_as_another(
    store: Store, world: World
) -> None:
    """a≡b kept b; then a≡c keeping a: a's details now count for a, b and c alike."""
    a, b, c = (person(store, "Vida", "Jonaitienė", 1958) for _ in range(3))
    with store.uow() as uow:
        duplicates.same_person(uow, a, b, keep=b)
    with store.uow() as uow:
        duplicates.same_person(uow, a, c, keep=a)
    assert duplicates_persons(store) == {b: a, c: a}


def test_deleting_the_kept_record_keeps_the_others_one_person(store: Store, world: World) -> None:
    """a and b counted as c; deleting c leaves a and b one resident, kept by the busier."""
    a, b, c = (person(store, "Irena", "Kairienė", 1949) for _ in range(3))
    attend(store, world, [a, b, c])
    attend(store, world, [b], DAY + dt.timedelta(days=7))
    with store.uow() as uow:
        duplicates.same_person(uow, a, c, keep=c)
    with store.uow() as uow:
        duplicates.same_person(uow, b, c, keep=c)
    assert residents(store) == 1
    with store.uow() as uow:
        records.delete(uow, "participant", c)
    assert duplicates_persons(store) == {a: b}
    assert residents(store) == 1


def test_a_confirmed_group_is_offered_once_and_not_the_same_settles_it(
    store: Store, world: World
) -> None:
    """a≡b and a look-alike c: one question (person a/b against c), not two; "not the same"
    between c and any of the group settles it; a group's known year rules out other years."""
    a, b = person(store, "Rasa", "Petrauskaitė", 1961), person(store, "Rasa", "Petrauskaite", None)
    c = person(store, "Rasa", "Petrauskaitė", None)
    d = person(store, "Rasa", "Petrauskaitė", 1990)
    with store.uow() as uow:
        duplicates.same_person(uow, a, b, keep=a)
    group_c, c_d = tuple(sorted((a, c))), tuple(sorted((c, d)))
    assert sorted(pairs(store)) == sorted([group_c, c_d]), "a/b once; a/b (1961) is not d (1990)"
    with store.uow() as uow:
        duplicates.not_same(uow, b, c)
    assert pairs(store) == [c_d]


def test_same_person_after_not_the_same_removes_the_note(store: Store, world: World) -> None:
    """Changing one's mind: "same person" removes the "not the same" note, so after
    "separate" the pair is offered again."""
    a = person(store, "Kęstutis", "Rimkus", 1970)
    b = person(store, "Kestutis", "Rimkus", 1970)
    with store.uow() as uow:
        duplicates.not_same(uow, a, b)
    with store.uow() as uow:
        changed = duplicates.same_person(uow, a, b)
    assert changed.deleted["participant_distinct"]
    with store.uow() as uow:
        duplicates.separate(uow, next(iter(duplicates.persons(uow))))
    assert pairs(store) == [tuple(sorted((a, b)))]
