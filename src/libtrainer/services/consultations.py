"""One-to-one consultations: who was helped, by whom, with what, for how long, and how it ended.
A consultation records help already given, so it is dated today or earlier.

The person helped is a participant or anonymous (then only an age band and a gender are
kept). For a known participant the age band and gender are filled in from the participant
when not given, so reports can count both kinds the same way. Topics are kept twice: as rows
of ``consultation_topic`` (id ``fact_id("ctopic", consultation, topic)``, for aggregation in
SQL; a changed topic travels as a row insert or tombstone) and as a comma-joined copy in
``consultation.topics`` for display.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from libtrainer.domain import rules
from libtrainer.domain.enums import AgeBand, Channel, ConsultationTopic, Gender, Outcome
from libtrainer.domain.errors import N_, ValidationError
from libtrainer.domain.ids import new_id
from libtrainer.services import common
from libtrainer.services.results import Changed
from libtrainer.store.models import (
    Branch,
    Consultation,
    ConsultationTopicRow,
    Participant,
    Staff,
    Volunteer,
)
from libtrainer.store.uow import UnitOfWork


@dataclass(frozen=True)
class ConsultationDetails:
    """One consultation as a form shows it; ``person`` is "Given Family (birth year)" of the
    participant, or "" for an anonymous one; ``helper`` the name of who helped."""

    id: str
    date: dt.date
    branch_id: str
    staff_id: str | None
    volunteer_id: str | None
    participant_id: str | None
    person: str
    helper: str
    age_band: str
    gender: str
    topics: tuple[str, ...]
    minutes: int
    channel: str
    outcome: str
    referred_to_escout: bool
    notes: str


AGE_BANDS = (
    (18, AgeBand.UNDER_18),
    (30, AgeBand.AGE_18_29),
    (55, AgeBand.AGE_30_54),
    (65, AgeBand.AGE_55_64),
)


def _flag(value: Any) -> bool:
    return bool(common.check_flag("referred_to_escout", value))


def _topics(values: Any) -> list[str]:
    topics: list[str] = common.enums("topics", ConsultationTopic)(values)
    if not topics:
        raise ValidationError("topics", N_("{field_label} must not be empty."))
    return topics


def _date(value: Any) -> Any:
    """A consultation records help already given: not after today."""
    day = rules.check_date("date", value)
    if day is not None and day > rules.today():
        raise ValidationError(
            "date",
            N_(
                "{field_label} {value} is in the future: a consultation records help already "
                "given. Use today’s date or an earlier one."
            ),
            value=day.isoformat(),
        )
    return day


RULES: dict[str, common.Rule] = {
    "date": _date,
    "branch_id": common.optional(str),
    "staff_id": common.optional(str),
    "volunteer_id": common.optional(str),
    "participant_id": common.optional(str),
    "age_band": common.optional(common.enum("age_band", AgeBand)),
    "gender": common.optional(common.enum("gender", Gender)),
    "topics": _topics,
    "minutes": partial(rules.check_minutes, "minutes"),
    "channel": common.enum("channel", Channel),
    "outcome": common.enum("outcome", Outcome),
    "referred_to_escout": _flag,
    "notes": partial(rules.clean_text, "notes"),
}


def age_band(birth_year: int | None, on: Any) -> str:
    """The age band of someone born in ``birth_year`` on the date ``on``."""
    age = rules.age_on(birth_year, on)
    if age is None:
        return AgeBand.UNKNOWN.value
    return next((band.value for limit, band in AGE_BANDS if age < limit), AgeBand.AGE_65_PLUS.value)


def log_consultation(uow: UnitOfWork, topics: list[str], minutes: int, **fields: Any) -> Changed:
    """Log a consultation. Fields: date (default today), branch_id (default: this device's
    branch), staff_id and/or volunteer_id (at least one: who helped), participant_id or, for an
    anonymous person, age_band and gender; channel, outcome, referred_to_escout, notes."""
    fields.setdefault("date", rules.today())
    values = common.validate(RULES, {"topics": topics, "minutes": minutes, **fields})
    _check_helper(values.get("staff_id"), values.get("volunteer_id"))
    values.setdefault("branch_id", common.home_branch(uow))
    if values["branch_id"] is None:
        raise ValidationError("branch_id", N_("{field_label} must not be empty."))
    _check_refs(uow, values)
    _fill_person(uow, values)
    topic_list = values.pop("topics")
    row = Consultation(id=new_id(), topics=",".join(topic_list), **values)
    uow.session.add(row)
    uow.session.flush()
    changed = Changed().add("created", "consultation", row.id)
    _set_topics(uow, row.id, topic_list, changed)
    uow.commit()
    return changed


def edit_consultation(uow: UnitOfWork, consultation_id: str, **changes: Any) -> Changed:
    """Change the fields given (as :func:`log_consultation`); only differing values are
    written, and a changed topic list inserts and deletes topic rows. Another participant
    chosen brings their age band and gender (unless given)."""
    values = common.validate(RULES, changes)
    row = common.get(uow, Consultation, consultation_id)
    _check_helper(
        values.get("staff_id", row.staff_id), values.get("volunteer_id", row.volunteer_id)
    )
    if "branch_id" in values and values["branch_id"] is None:
        raise ValidationError("branch_id", N_("{field_label} must not be empty."))
    _check_refs(uow, values)
    if values.get("participant_id") and values["participant_id"] != row.participant_id:
        person = {"participant_id": values["participant_id"], "date": values.get("date", row.date)}
        _fill_person(uow, person)
        values.setdefault("age_band", person["age_band"])
        values.setdefault("gender", person["gender"])
    topic_list = values.pop("topics", None)
    if topic_list is not None:
        values["topics"] = ",".join(topic_list)
    changed = common.edited(uow, row, values, Changed())
    if topic_list is not None:
        _set_topics(uow, row.id, topic_list, changed)
    uow.commit()
    return changed


def get_consultation(uow: UnitOfWork, consultation_id: str) -> ConsultationDetails:
    """One consultation with everything its form shows (to change it)."""
    row = common.get(uow, Consultation, consultation_id)
    person = uow.session.get(Participant, row.participant_id) if row.participant_id else None
    label = (
        f"{person.given_name} {person.family_name} ({person.birth_year or '?'})" if person else ""
    )
    helper = (
        uow.session.get(Staff, row.staff_id)
        if row.staff_id
        else uow.session.get(Volunteer, row.volunteer_id)
    )
    return ConsultationDetails(
        row.id,
        row.date,
        row.branch_id,
        row.staff_id,
        row.volunteer_id,
        row.participant_id,
        label,
        f"{helper.given_name} {helper.family_name}" if helper else "",
        row.age_band or AgeBand.UNKNOWN.value,
        row.gender or Gender.UNSPECIFIED.value,
        tuple(t for t in row.topics.split(",") if t),
        row.minutes,
        row.channel,
        row.outcome,
        bool(row.referred_to_escout),
        row.notes or "",
    )


def _check_helper(staff_id: str | None, volunteer_id: str | None) -> None:
    if staff_id is None and volunteer_id is None:
        raise ValidationError(
            "staff_id", N_("{field_label}: say who helped (a staff member or an e-scout).")
        )


def _check_refs(uow: UnitOfWork, values: dict[str, Any]) -> None:
    common.require(uow, Branch, values.get("branch_id"))
    common.require(uow, Staff, values.get("staff_id"))
    common.require(uow, Volunteer, values.get("volunteer_id"))
    common.require(uow, Participant, values.get("participant_id"))


def _fill_person(uow: UnitOfWork, values: dict[str, Any]) -> None:
    """Age band and gender from the participant when known, else 'unknown'/'unspecified'."""
    participant_id = values.get("participant_id")
    person = common.get(uow, Participant, participant_id) if participant_id else None
    if values.get("age_band") is None:
        values["age_band"] = age_band(person.birth_year if person else None, values["date"])
    if values.get("gender") is None:
        values["gender"] = person.gender if person else Gender.UNSPECIFIED.value


def _set_topics(uow: UnitOfWork, consultation_id: str, topics: list[str], changed: Changed) -> None:
    common.sync_fact_rows(
        uow,
        ConsultationTopicRow,
        kind="ctopic",
        parent=("consultation_id", consultation_id),
        value_field="topic",
        wanted=topics,
        changed=changed,
    )
