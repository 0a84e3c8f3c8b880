"""Bad input: every validation rule of the record services rejects with a ValidationError that
names the field, renders in English and Lithuanian (field label and text), and writes nothing —
no row, no outbox record, no clock entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from libtrainer.domain import rules
from libtrainer.domain.errors import NotFoundError, ValidationError
from libtrainer.i18n import render, set_language
from libtrainer.i18n.labels import field_label
from libtrainer.services import (
    assessments,
    attendance,
    consultations,
    escouts,
    groups,
    org,
    participants,
    programmes,
    records,
    sessions,
    setup,
    storefile,
)
from libtrainer.store.store import Store
from tests.services.support import DAY, World, build_world, counts

FAR = rules.today() + dt.timedelta(days=rules.FUTURE_DAYS_ALLOWED + 5)
P = participants.create_participant
YEAR = rules.today().year

Call = Callable[[Any, World], object]

# (id, call, field, English text, Lithuanian label or None, Lithuanian text). The Lithuanian
# fragments are word stems so the check is about language, not about one exact wording.
# fmt: off
CASES: list[tuple[str, Call, str, str, str | None, str]] = [
    ("given-empty", lambda u, w: P(u, "   ", "Žemaitis"), "given_name",
     "must not be empty", "Vardas", "negali būti tuščias"),
    ("family-too-long", lambda u, w: P(u, "Ona", "Ž" * 121), "family_name",
     "is too long", "Pavardė", "per ilg"),
    ("name-control-chars", lambda u, w: P(u, "Ona\x07", "Ūsienė"), "given_name",
     "control characters", "Vardas", "valdymo simbolių"),
    ("birth-year-implausible", lambda u, w: P(u, "Ona", "Ūsienė", birth_year=1890), "birth_year",
     "is not plausible", "Gimimo metai", "neįtikim"),
    ("birth-year-future", lambda u, w: P(u, "Ona", "Ūsienė", birth_year=YEAR + 1), "birth_year",
     "is not plausible", "Gimimo metai", "neįtikim"),
    ("birth-year-text", lambda u, w: P(u, "Ona", "Ūsienė", birth_year="1957"), "birth_year",
     "must be a year", "Gimimo metai", "pvz., 1957"),
    ("gender-closed", lambda u, w: P(u, "Ona", "Ūsienė", gender="robot"), "gender",
     "not one of the allowed values", "Lytis", "leistin"),
    ("labour-closed", lambda u, w: P(u, "Ona", "Ūsienė", labour_status="astronaut"),
     "labour_status", "not one of the allowed values", "Padėtis darbo rinkoje", "leistin"),
    ("isced-closed", lambda u, w: P(u, "Ona", "Ūsienė", isced="phd"), "isced",
     "not one of the allowed values", "Išsilavinimas", "leistin"),
    ("target-group-closed", lambda u, w: P(u, "Ona", "Ūsienė", target_groups=["aliens"]),
     "target_groups", "not one of the allowed values", "Tikslinės grupės", "leistin"),
    ("consent-basis-closed", lambda u, w: P(u, "Ona", "Ūsienė", consent_basis="nod"),
     "consent_basis", "not one of the allowed values", "Duomenų tvarkymo pagrindas",
     "leistin"),
    ("consent-needs-date", lambda u, w: P(u, "Ona", "Ūsienė", consent_basis="consent"),
     "consent_date", "needed when the basis is consent", "Sutikimo data", "privalomas"),
    ("consent-date-future", lambda u, w: P(u, "Ona", "Ūsienė", consent_date=FAR),
     "consent_date", "too far in the future", "Sutikimo data", "per toli ateityje"),
    ("edit-consent-without-date",
     lambda u, w: participants.edit_participant(u, w.people[0], consent_basis="consent"),
     "consent_date", "needed when the basis is consent", "Sutikimo data", "privalomas"),
    ("rural-flag", lambda u, w: P(u, "Ona", "Ūsienė", rural="maybe"), "rural",
     "must be yes, no or unknown", "Kaimo vietovė", "„taip“, „ne“ arba „nežinoma“"),
    ("disability-flag", lambda u, w: P(u, "Ona", "Ūsienė", disability=1), "disability",
     "must be yes, no or unknown", "Negalia", "„taip“"),
    ("email-shape", lambda u, w: P(u, "Ona", "Ūsienė", email="ona.at.example"), "email",
     "e-mail address", "El. paštas", "el. pašto adresas"),
    ("email-two-at", lambda u, w: P(u, "Ona", "Ūsienė", email="a@b@c.lt"), "email",
     "e-mail address", "El. paštas", "el. pašto adresas"),
    ("email-empty-domain-label", lambda u, w: P(u, "Ona", "Ūsienė", email="ona@.lt"), "email",
     "e-mail address", "El. paštas", "el. pašto adresas"),
    ("phone-words", lambda u, w: P(u, "Ona", "Ūsienė", phone="not a phone"), "phone",
     "phone number", "Telefonas", "telefono numeris"),
    ("phone-too-long", lambda u, w: P(u, "Ona", "Ūsienė", phone="1" * 41), "phone",
     "is too long", "Telefonas", "per ilg"),
    ("code-too-long", lambda u, w: P(u, "Ona", "Ūsienė", code="LT-" + "7" * 58), "code",
     "is too long", None, "per ilg"),
    ("consent-version-too-long",
     lambda u, w: P(u, "Ona", "Ūsienė", consent_text_version="v" * 41),
     "consent_text_version", "is too long", None, "per ilg"),
    ("escout-phone-words",
     lambda u, w: org.add_volunteer(u, "Jonas", "Kazlauskas", YEAR - 20, phone="skambink"),
     "phone", "phone number", "Telefonas", "telefono numeris"),
    ("consultation-in-the-future",
     lambda u, w: consultations.log_consultation(
         u, ["banking"], 15, date=rules.today() + dt.timedelta(days=10), staff_id=w.lecturer_id
     ),
     "date", "in the future", "Data", "ateityje"),
    ("planned-visit-with-people-helped",
     lambda u, w: escouts.record_visit(u, w.volunteer_id, DAY, people_helped=12),
     "people_helped", "took place", "Padėta žmonių", "įvykusiam vizitui"),
    ("session-hours-round-to-zero", lambda u, w: sessions.plan_session(u, DAY, 0.004),
     "academic_hours", "more than 0 and at most 12", "Akademinės valandos", "už 0"),
    ("notes-too-long", lambda u, w: P(u, "Ona", "Ūsienė", notes="ą" * 4001), "notes",
     "is too long", "Pastabos", "per ilg"),
    ("edit-given-empty",
     lambda u, w: participants.edit_participant(u, w.people[0], given_name=""), "given_name",
     "must not be empty", "Vardas", "negali būti tuščias"),
    ("escout-too-old", lambda u, w: org.add_volunteer(u, "Jonas", "Kazlauskas", YEAR - 30),
     "birth_year", "must be 14–29 years old", None, "turi būti 14–29 metų"),
    ("escout-too-young", lambda u, w: org.add_volunteer(u, "Jonas", "Kazlauskas", YEAR - 13),
     "birth_year", "must be 14–29 years old", None, "turi būti 14–29 metų"),
    ("escout-edit-age",
     lambda u, w: org.edit_volunteer(u, w.volunteer_id, birth_year=1970), "birth_year",
     "must be 14–29 years old", None, "turi būti 14–29 metų"),
    ("staff-role-closed", lambda u, w: org.add_staff(u, "Rasa", "Šimkienė", "janitor"), "role",
     "not one of the allowed values", "Vaidmuo", "leistin"),
    ("staff-name-empty", lambda u, w: org.add_staff(u, "Rasa", " ", "lecturer"), "family_name",
     "must not be empty", "Pavardė", "negali būti tuščias"),
    ("branch-kind-closed",
     lambda u, w: org.edit_branch(u, w.branch_id, kind="castle"), "kind",
     "not one of the allowed values", "Padalinio tipas", "leistin"),
    ("region-country-closed", lambda u, w: org.add_region(u, "Vilniaus apskritis", country="EE"),
     "country", "not one of the allowed values", "Šalis", "leistin"),
    ("session-hours-zero", lambda u, w: sessions.plan_session(u, DAY, 0), "academic_hours",
     "more than 0 and at most 12", "Akademinės valandos", "už 0"),
    ("session-hours-over-12", lambda u, w: sessions.plan_session(u, DAY, 12.5), "academic_hours",
     "more than 0 and at most 12", "Akademinės valandos", "kaip 12"),
    ("session-hours-text", lambda u, w: sessions.plan_session(u, DAY, "two"), "academic_hours",
     "must be a number", "Akademinės valandos", "skaič"),
    ("session-date-future", lambda u, w: sessions.plan_session(u, FAR, 2), "date",
     "too far in the future", "Data", "per toli ateityje"),
    ("session-date-past", lambda u, w: sessions.plan_session(u, dt.date(1999, 12, 31), 2), "date",
     "too far in the past", "Data", "per toli praeityje"),
    ("session-date-missing", lambda u, w: sessions.plan_session(u, None, 2), "date",
     "must not be empty", "Data", "negali būti tuščias"),
    ("session-time-text",
     lambda u, w: sessions.plan_session(u, DAY, 2, start_time="14:30"), "start_time",
     "must be a time", "Pradžios laikas", "pvz., 14:30"),
    ("session-place-closed",
     lambda u, w: sessions.plan_session(u, DAY, 2, place_kind="moon"), "place_kind",
     "not one of the allowed values", "Vieta", "leistin"),
    ("session-edit-hours",
     lambda u, w: sessions.edit_session(u, w.session_id, academic_hours=13), "academic_hours",
     "more than 0 and at most 12", "Akademinės valandos", "už 0"),
    ("group-name-empty", lambda u, w: groups.create_group(u, w.programme_id, ""), "name",
     "must not be empty", "Pavadinimas", "negali būti tuščias"),
    ("group-dates-order",
     lambda u, w: groups.create_group(u, w.programme_id, "Seniūnija", start_date=DAY,
                                      end_date=DAY - dt.timedelta(days=1)),
     "end_date", "must not be before the start date", "Pabaigos data", "ankstesnis"),
    ("group-referrer-closed",
     lambda u, w: groups.create_group(u, w.programme_id, "Seniūnija", referrer="friend"),
     "referrer", "not one of the allowed values", "Nukreipė", "leistin"),
    ("group-language-closed",
     lambda u, w: groups.create_group(u, w.programme_id, "Seniūnija", language="xx"),
     "language", "not one of the allowed values", "Mokymo kalba", "leistin"),
    ("group-start-future",
     lambda u, w: groups.edit_group(u, w.group_id, start_date=FAR), "start_date",
     "too far in the future", "Pradžios data", "per toli ateityje"),
    ("enrol-date-future",
     lambda u, w: groups.enrol(u, w.group_id, w.people, on=FAR), "enrolled_on",
     "too far in the future", "Įtraukimo į grupę data", "per toli ateityje"),
    ("programme-no-title", lambda u, w: programmes.create_programme(u, 8), "title",
     "at least one language", "Pavadinimas", "bent viena kalba"),
    ("programme-hours-zero",
     lambda u, w: programmes.create_programme(u, 0, title_lt="Išmanusis telefonas"),
     "academic_hours", "more than 0", "Akademinės valandos", "už 0"),
    ("programme-level-closed",
     lambda u, w: programmes.create_programme(u, 8, title_lt="Ą", level="expert"), "level",
     "not one of the allowed values", "Lygis", "leistin"),
    ("programme-topics-closed",
     lambda u, w: programmes.create_programme(u, 8, title_lt="Ą", topics=["cooking"]),
     "topics", "not one of the allowed values", "Temos", "leistin"),
    ("programme-edit-drops-last-title",
     lambda u, w: programmes.edit_programme(u, w.programme_id, title_lt=""), "title",
     "at least one language", "Pavadinimas", "bent viena kalba"),
    ("attendance-mark-closed",
     lambda u, w: attendance.record_attendance(
         u, w.session_id, {w.people[0]: "present", w.people[1]: "asleep"}),
     "mark", "not one of the allowed values", "Lankomumas", "leistin"),
    ("consultation-minutes-zero",
     lambda u, w: consultations.log_consultation(u, ["banking"], 0, staff_id=w.lecturer_id),
     "minutes", "more than 0 and at most 480", "Minutės", "už 0"),
    ("consultation-minutes-long",
     lambda u, w: consultations.log_consultation(u, ["banking"], 481, staff_id=w.lecturer_id),
     "minutes", "more than 0 and at most 480", "Minutės", "kaip 480"),
    ("consultation-minutes-text",
     lambda u, w: consultations.log_consultation(u, ["banking"], "30", staff_id=w.lecturer_id),
     "minutes", "must be a whole number", "Minutės", "sveikasis skaičius"),
    ("consultation-topics-empty",
     lambda u, w: consultations.log_consultation(u, [], 30, staff_id=w.lecturer_id),
     "topics", "must not be empty", "Temos", "negali būti tuščias"),
    ("consultation-topic-closed",
     lambda u, w: consultations.log_consultation(u, ["knitting"], 30, staff_id=w.lecturer_id),
     "topics", "not one of the allowed values", "Temos", "leistin"),
    ("consultation-no-helper", lambda u, w: consultations.log_consultation(u, ["banking"], 30),
     "staff_id", "say who helped", "Darbuotojas", "kas padėjo"),
    ("consultation-channel-closed",
     lambda u, w: consultations.log_consultation(u, ["banking"], 30, staff_id=w.lecturer_id,
                                                 channel="pigeon"),
     "channel", "not one of the allowed values", "Kanalas", "leistin"),
    ("consultation-outcome-closed",
     lambda u, w: consultations.log_consultation(u, ["banking"], 30, staff_id=w.lecturer_id,
                                                 outcome="great"),
     "outcome", "not one of the allowed values", "Rezultatas", "leistin"),
    ("consultation-age-band-closed",
     lambda u, w: consultations.log_consultation(u, ["banking"], 30, staff_id=w.lecturer_id,
                                                 age_band="ancient"),
     "age_band", "not one of the allowed values", "Amžiaus grupė", "leistin"),
    ("consultation-date-future",
     lambda u, w: consultations.log_consultation(u, ["banking"], 30, staff_id=w.lecturer_id,
                                                 date=FAR),
     "date", "too far in the future", "Data", "per toli ateityje"),
    ("visit-people-negative",
     lambda u, w: escouts.record_visit(u, w.volunteer_id, DAY, people_helped=-1),
     "people_helped", "whole number from 0 to", "Padėta žmonių", "nuo 0 iki"),
    ("visit-status-closed",
     lambda u, w: escouts.record_visit(u, w.volunteer_id, DAY, status="lost"), "status",
     "not one of the allowed values", "Būsena", "leistin"),
    ("visit-date-future", lambda u, w: escouts.record_visit(u, w.volunteer_id, FAR), "date",
     "too far in the future", "Data", "per toli ateityje"),
    ("assessment-score-six",
     lambda u, w: assessments.record_assessment(u, groups.enrolment_id(w.group_id, w.people[0]),
                                                "pre", 6),
     "score", "whole number from 1 to 5", "Įvertis", "nuo 1 iki 5"),
    ("assessment-phase-closed",
     lambda u, w: assessments.record_assessment(u, groups.enrolment_id(w.group_id, w.people[0]),
                                                "during", 3),
     "phase", "not one of the allowed values", "Etapas", "leistin"),
]
# fmt: on


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, World]]:
    """One store for the whole module: every case must leave it exactly as it was, so sharing
    it is itself a check. Its key comes from a passphrase, so no keyring is involved."""
    st = storefile.create(tmp_path_factory.mktemp("validation"), passphrase="bandymas-ąčę")
    setup.initialise(
        st,
        region="Alytaus apskritis",
        library="Lazdijų r. savivaldybės viešoji biblioteka",
        branch="Būdviečio padalinys",
        device_name="PC-1",
        role="branch",
    )
    try:
        yield st, build_world(st)
    finally:
        st.close()


@pytest.fixture
def store(shared: tuple[Store, World]) -> Store:
    return shared[0]


@pytest.fixture
def world(shared: tuple[Store, World]) -> World:
    return shared[1]


def _fail(store: Store, world: World, call: Call, expected: type[Exception]) -> Exception:
    with pytest.raises(expected) as info, store.uow() as uow:
        call(uow, world)
    return info.value


@pytest.mark.parametrize(
    ("call", "field", "en", "lt_label", "lt"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_is_rejected_named_in_en_and_lt_and_writes_nothing(
    store: Store, world: World, call: Call, field: str, en: str, lt_label: str | None, lt: str
) -> None:
    """Each rule rejects with its field named, in English and Lithuanian, and writes nothing."""
    before = counts(store)
    error = _fail(store, world, call, ValidationError)
    assert isinstance(error, ValidationError)
    assert error.field == field
    set_language("en")
    english = render(error)
    assert en in english
    if lt_label is not None:
        assert field_label(field) in english
    set_language("lt")
    lithuanian = render(error)
    assert lt in lithuanian
    if lt_label is not None:
        assert lt_label in lithuanian
    assert counts(store) == before


def test_every_field_named_in_cases_has_a_lithuanian_label() -> None:
    """The fields the services name in errors have labels translated into Lithuanian."""
    set_language("lt")
    for _name, _call, field, _en, lt_label, _lt in CASES:
        if lt_label is not None:
            assert field_label(field) == lt_label


@pytest.mark.parametrize(
    ("call", "lt"),
    [
        (lambda u, w: P(u, "Ona", "Ūsienė", branch_id="nowhere"), "Padalinio nowhere nėra"),
        (lambda u, w: sessions.plan_session(u, DAY, 2, group_id="g-x"), "Grupės g-x nėra"),
        (
            lambda u, w: attendance.record_attendance(u, w.session_id, {"p-x": "present"}),
            "Dalyvio p-x nėra",
        ),
        (lambda u, w: groups.enrol(u, w.group_id, [w.people[0], "p-y"]), "Dalyvio p-y nėra"),
        (lambda u, w: records.delete(u, "participant", "p-z"), "Dalyvio p-z nėra"),
        (lambda u, w: escouts.record_visit(u, "v-x", DAY), "E. skauto v-x nėra"),
    ],
    ids=["branch", "group", "attendance-participant", "enrol-second", "delete", "volunteer"],
)
def test_missing_reference_raises_not_found_in_lt_and_writes_nothing(
    store: Store, world: World, call: Call, lt: str
) -> None:
    """A reference to a record that does not exist fails clearly and leaves the store as it was."""
    before = counts(store)
    error = _fail(store, world, call, NotFoundError)
    assert isinstance(error, NotFoundError)
    set_language("lt")
    assert lt in render(error)
    assert counts(store) == before


def test_every_validated_field_has_a_label() -> None:
    """Each field a service validates has a translatable label, so errors never show a key."""
    tables = [
        org.BRANCH_RULES,
        org.STAFF_RULES,
        org.VOLUNTEER_RULES,
        programmes.RULES,
        participants.RULES,
        groups.RULES,
        sessions.RULES,
        consultations.RULES,
        escouts.RULES,
    ]
    fields = {name for table in tables for name in table} | {
        "title",
        "enrolled_on",
        "mark",
        "score",
        "phase",
        "country",
    }
    set_language("lt")
    unlabelled = sorted(f for f in fields if field_label(f) == f)
    assert unlabelled == []
