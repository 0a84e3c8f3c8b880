"""Participants: create and edit, target-group tags as rows, search and duplicate warnings."""

from __future__ import annotations

import json

import pytest

from libtrainer.domain.errors import ValidationError
from libtrainer.domain.ids import fact_id
from libtrainer.services import participants, records
from libtrainer.store.models import Participant
from libtrainer.store.store import Store
from tests.services.support import (
    World,
    build_world,
    causal_length,
    counts,
    outbox_since,
    outbox_tail,
    row_exists,
)


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store)


def _create(store: Store, given: str, family: str, **fields: object) -> str:
    with store.uow() as uow:
        return participants.create_participant(uow, given, family, **fields).first("participant")


def test_create_stores_cleaned_names_and_folded_name_key(store: Store) -> None:
    """Names are trimmed and NFC-normalised; name_key is the folded "given family"."""
    pid = _create(store, "  S\u030carūnas ", " Žemaitis-Čepas  ", birth_year=1961, rural=True)
    with store.uow() as uow:
        details = participants.get_participant(uow, pid)
    assert details.fields["given_name"] == "Šarūnas"
    assert details.fields["family_name"] == "Žemaitis-Čepas"
    assert details.fields["name_key"] == "sarunas zemaitis-cepas"
    assert details.fields["rural"] is True
    assert details.fields["branch_id"]  # this device's branch by default


def test_create_writes_target_groups_as_fact_rows(store: Store) -> None:
    """Each target group is a participant_tag row with id fact_id("tag", participant, tag)."""
    pid = _create(store, "Aldona", "Čepulienė", target_groups=["seniors_u3a", "job_seekers"])
    with store.uow() as uow:
        assert participants.get_participant(uow, pid).target_groups == (
            "job_seekers",
            "seniors_u3a",
        )
    assert row_exists(store, "participant_tag", fact_id("tag", pid, "seniors_u3a"))
    assert row_exists(store, "participant_tag", fact_id("tag", pid, "job_seekers"))


def test_tag_change_is_captured_as_insert_and_delete_of_tag_rows(store: Store) -> None:
    """Changing target groups inserts the new tag rows and deletes (tombstones) the removed."""
    pid = _create(store, "Aldona", "Čepulienė", target_groups=["seniors", "job_seekers"])
    tail = outbox_tail(store)
    with store.uow() as uow:
        changed = participants.set_target_groups(uow, pid, ["seniors", "community"])
    assert changed.created == {"participant_tag": [fact_id("tag", pid, "community")]}
    assert changed.deleted == {"participant_tag": [fact_id("tag", pid, "job_seekers")]}
    assert changed.updated == {}
    ops = {(tbl, row, op) for tbl, row, op, _data in outbox_since(store, tail)}
    assert ops == {
        ("participant_tag", fact_id("tag", pid, "community"), "i"),
        ("participant_tag", fact_id("tag", pid, "job_seekers"), "d"),
    }
    assert causal_length(store, "participant_tag", fact_id("tag", pid, "job_seekers")) == 2


def test_re_adding_a_removed_tag_revives_the_same_row(store: Store) -> None:
    """A tag removed and added again is the same row, its causal length now 3 (alive)."""
    pid = _create(store, "Aldona", "Čepulienė", target_groups=["seniors"])
    with store.uow() as uow:
        participants.set_target_groups(uow, pid, [])
    with store.uow() as uow:
        participants.set_target_groups(uow, pid, ["seniors"])
    assert causal_length(store, "participant_tag", fact_id("tag", pid, "seniors")) == 3


def test_noop_edit_writes_no_outbox_rows(store: Store, world: World) -> None:
    """Saving a form with nothing changed captures nothing and reports nothing changed."""
    pid = world.people[0]
    with store.uow() as uow:
        details = participants.get_participant(uow, pid)
    same = {
        k: details.fields[k]
        for k in ("given_name", "family_name", "birth_year", "gender", "notes", "rural", "isced")
    }
    before = counts(store)
    with store.uow() as uow:
        changed = participants.edit_participant(uow, pid, target_groups=["job_seekers"], **same)
    assert changed.empty
    assert counts(store) == before


def test_edit_writes_only_the_changed_fields(store: Store, world: World) -> None:
    """An edit of one field writes one update record holding only that field."""
    pid = world.people[0]
    tail = outbox_tail(store)
    with store.uow() as uow:
        changed = participants.edit_participant(
            uow, pid, given_name="Šarūnas", notes="Atėjo su anūke.", birth_year=1961
        )
    assert changed.updated == {"participant": [pid]}
    records_after = outbox_since(store, tail)
    assert len(records_after) == 1
    tbl, row_id, op, data = records_after[0]
    assert (tbl, row_id, op) == ("participant", pid, "u")
    assert json.loads(data) == {"notes": "Atėjo su anūke."}


def test_edit_of_a_name_updates_name_key(store: Store, world: World) -> None:
    """Renaming refreshes the folded search key."""
    with store.uow() as uow:
        participants.edit_participant(uow, world.people[1], family_name="Čepulytė")
    with store.uow() as uow:
        assert participants.get_participant(uow, world.people[1]).fields["name_key"] == (
            "aldona cepulyte"
        )


def test_search_ignores_diacritics_and_case(store: Store, world: World) -> None:
    """Typing "sarunas" finds "Šarūnas"; "ZEMAIT" finds "Žemaitis"."""
    with store.uow() as uow:
        found = participants.search(uow, "sarunas")
        upper = participants.search(uow, "ZEMAIT")
    assert [(p.given_name, p.family_name) for p in found] == [("Šarūnas", "Žemaitis")]
    assert [p.id for p in upper] == [world.people[0]]


def test_search_needs_every_word_and_also_matches_code(store: Store, world: World) -> None:
    """Several words must all match; an exact participant code finds the person too."""
    _create(store, "Šarūnas", "Petraitis", code="UT-2025-17")
    with store.uow() as uow:
        both = participants.search(uow, "sar zem")
        by_code = participants.search(uow, "UT-2025-17")
        nothing = participants.search(uow, "   ")
    assert [p.id for p in both] == [world.people[0]]
    assert [p.family_name for p in by_code] == ["Petraitis"]
    assert nothing == []


def test_search_treats_wildcards_literally(store: Store, world: World) -> None:
    """LIKE wildcards typed by a person match only themselves."""
    with store.uow() as uow:
        assert participants.search(uow, "%") == []
        assert participants.search(uow, "_") == []


def test_search_limit_and_lithuanian_order(store: Store) -> None:
    """Results are limited and sorted by the Lithuanian alphabet (Č after C)."""
    for family in ("Čiurlionis", "Cvirka", "Dapkus"):
        _create(store, "Jonas", family)
    with store.uow() as uow:
        found = participants.search(uow, "jonas", limit=10)
        first_two = participants.search(uow, "jonas", limit=2)
    from libtrainer.i18n import set_language

    set_language("lt")
    with store.uow() as uow:
        lithuanian = participants.search(uow, "jonas")
    assert len(found) == 3 and len(first_two) == 2
    assert [p.family_name for p in lithuanian] == ["Cvirka", "Čiurlionis", "Dapkus"]


def test_search_leaves_out_archived_unless_asked(store: Store, world: World) -> None:
    """An archived person leaves everyday search but can still be found on request."""
    with store.uow() as uow:
        records.archive(uow, "participant", world.people[0])
    with store.uow() as uow:
        assert participants.search(uow, "sarunas") == []
        assert len(participants.search(uow, "sarunas", include_archived=True)) == 1


def test_find_similar_matches_folded_name_and_birth_year(store: Store, world: World) -> None:
    """The duplicate warning finds the same name (any accents, any case) and birth year."""
    with store.uow() as uow:
        same = participants.find_similar(uow, "sarunas", "ZEMAITIS", 1961)
        other_year = participants.find_similar(uow, "Šarūnas", "Žemaitis", 1962)
        other_name = participants.find_similar(uow, "Šarūnas", "Žemaitė", 1961)
    assert [p.id for p in same] == [world.people[0]]
    assert other_year == [] and other_name == []


def test_find_similar_with_unknown_birth_year_matches_on_name(store: Store) -> None:
    """When either birth year is unknown the name alone is enough for a warning."""
    known = _create(store, "Ona", "Ūsienė", birth_year=1950)
    unknown = _create(store, "Ona", "Ūsienė")
    with store.uow() as uow:
        by_year = participants.find_similar(uow, "Ona", "Usiene", 1950)
        by_none = participants.find_similar(uow, "Ona", "Usiene", None)
        excluded = participants.find_similar(uow, "Ona", "Ūsienė", 1950, exclude_id=known)
    assert {p.id for p in by_year} == {known, unknown}
    assert {p.id for p in by_none} == {known, unknown}
    assert [p.id for p in excluded] == [unknown]


def test_unknown_field_is_a_programming_error(store: Store) -> None:
    """A misspelt field name is a bug in the caller, not a message for a person."""
    before = counts(store)
    with pytest.raises(TypeError), store.uow() as uow:
        participants.create_participant(uow, "Ona", "Ūsienė", brithyear=1950)
    assert counts(store) == before


def test_coded_participant_gets_the_codes_id_on_every_device(store: Store) -> None:
    """A participant with a code gets fact_id("participant-code", normalised code) as id."""
    pid = _create(store, "Ieva", "Ąžuolienė", code=" lt 0042 ")
    assert pid == fact_id("participant-code", "lt0042")
    with store.uow() as uow:
        assert participants.get_participant(uow, pid).fields["code"] == "lt 0042"


def test_a_used_or_erased_code_is_refused_and_writes_nothing(store: Store) -> None:
    """A second person with the same code, or the code of an erased person, is refused."""
    from libtrainer.domain.errors import ValidationError
    from libtrainer.i18n import render, set_language

    pid = _create(store, "Ieva", "Ąžuolienė", code="LT0042")
    before = counts(store)
    with pytest.raises(ValidationError) as used, store.uow() as uow:
        participants.create_participant(uow, "Ona", "Kitienė", code="lt0042")
    assert used.value.field == "code" and counts(store) == before
    with store.uow() as uow:
        records.delete(uow, "participant", pid)
    before = counts(store)
    with pytest.raises(ValidationError) as erased, store.uow() as uow:
        participants.create_participant(uow, "Ieva", "Ąžuolienė", code="LT0042")
    assert counts(store) == before
    set_language("lt")
    assert "ištrinti" in render(erased.value) and "Kodas" in render(erased.value)


def test_a_phone_stored_before_the_rule_does_not_block_saving_the_form(
    store: Store, world: World
) -> None:
    """The whole form sent back with an old loose phone ("8 612 3456") saves the other
    fields, by edit and by change_code, and keeps the phone as stored."""
    pid = world.people[0]
    with store.uow() as uow:
        row = uow.session.get(Participant, pid)
        assert row is not None
        row.phone = "8 612 3456"
        uow.commit()
    with store.uow() as uow:
        participants.edit_participant(uow, pid, phone="8 612 3456", notes="Skambinti vakare.")
    with store.uow() as uow:
        participants.change_code(uow, pid, None, phone="8 612 3456", birth_year=1960)
    with store.uow() as uow:
        fields = participants.get_participant(uow, pid).fields
    assert (fields["phone"], fields["notes"], fields["birth_year"]) == (
        "8 612 3456",
        "Skambinti vakare.",
        1960,
    )
    with pytest.raises(ValidationError), store.uow() as uow:
        participants.edit_participant(uow, pid, phone="8 612 3457")


def test_a_name_beginning_with_a_lone_accent_is_refused(store: Store) -> None:
    """The form and the CLI (create and edit) refuse "\u0301Jonas", naming the field, and
    write nothing."""
    before = counts(store)
    with pytest.raises(ValidationError) as info, store.uow() as uow:
        participants.create_participant(uow, "\u0301Jonas", "Petraitis")
    assert info.value.field == "given_name"
    assert counts(store) == before
    pid = _create(store, "Ona", "Žemaitė")
    with pytest.raises(ValidationError) as info, store.uow() as uow:
        participants.edit_participant(uow, pid, family_name="\u0301\u0301")
    assert info.value.field == "family_name"
    with store.uow() as uow:
        assert participants.get_participant(uow, pid).fields["family_name"] == "Žemaitė"
