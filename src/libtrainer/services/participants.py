"""Residents who take part: names, ESF+ characteristics, target groups, consent.

``name_key`` is the folded "given family" (diacritics and case removed) so that "sarunas"
finds "Šarūnas" and a duplicate can be spotted before it is saved (:func:`find_similar`).
Target groups are rows of ``participant_tag`` with deterministic ids: changing them inserts
and deletes tag rows, so two devices that tag the same person the same way agree, and a removed
tag travels as a tombstone. Duplicates are never merged here (the coordinator does that).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import and_, or_, select

from libtrainer.domain import rules
from libtrainer.domain.enums import ConsentBasis, Gender, Isced, LabourStatus, TargetGroup
from libtrainer.domain.errors import N_, ValidationError
from libtrainer.domain.ids import new_id
from libtrainer.i18n.collation import sort_key
from libtrainer.services import codecheck, common, recode
from libtrainer.services.results import Changed
from libtrainer.store import recoded
from libtrainer.store.models import Branch, Participant, ParticipantTag
from libtrainer.store.store import read_meta
from libtrainer.store.uow import UnitOfWork

FLAGS = (
    "rural",
    "disability",
    "third_country_national",
    "foreign_background",
    "minority",
    "homeless",
)
SEARCH_LIMIT = 50


@dataclass(frozen=True)
class ParticipantSummary:
    id: str
    given_name: str
    family_name: str
    birth_year: int | None
    code: str | None
    branch_id: str | None
    archived: bool
    #: what messages about the person agree with (lv, lt); None when not known
    gender: str | None = None


@dataclass(frozen=True)
class ParticipantDetails:
    """Every stored field of one participant, plus its target groups (sorted codes)."""

    id: str
    fields: dict[str, Any]
    target_groups: tuple[str, ...]


def _optional_text(field: str, limit: int = rules.MAX_NAME_LENGTH) -> common.Rule:
    return lambda v: rules.clean_name(field, v, required=False, limit=limit) or None


RULES: dict[str, common.Rule] = {
    "given_name": partial(rules.clean_name, "given_name"),
    "family_name": partial(rules.clean_name, "family_name"),
    "birth_year": partial(rules.check_birth_year, "birth_year"),
    "gender": common.enum("gender", Gender),
    "labour_status": common.enum("labour_status", LabourStatus),
    "isced": common.enum("isced", Isced),
    **{flag: partial(common.check_flag, flag) for flag in FLAGS},
    "phone": partial(rules.clean_phone, "phone"),
    "email": partial(common.check_email, "email"),
    "consent_basis": common.optional(common.enum("consent_basis", ConsentBasis)),
    "consent_date": partial(rules.check_date, "consent_date", required=False),
    "consent_text_version": _optional_text("consent_text_version", limit=40),
    "notes": partial(rules.clean_text, "notes"),
    "code": _optional_text("code", limit=rules.CODE_LENGTH),
    "branch_id": common.optional(str),
    "target_groups": common.enums("target_groups", TargetGroup),
}


def name_key(given_name: str, family_name: str) -> str:
    """The folded search key of a name: ``"Šarūnas Žemaitis"`` → ``"sarunas zemaitis"``."""
    return rules.fold(" ".join(f"{given_name} {family_name}".split()))


def _check_consent(basis: str | None, date: Any) -> None:
    """Consent as a legal basis must be provable: it needs the date it was given."""
    if basis == ConsentBasis.CONSENT.value and date is None:
        raise ValidationError(
            "consent_date", N_("{field_label} is needed when the basis is consent.")
        )


def create_participant(
    uow: UnitOfWork, given_name: str, family_name: str, **fields: Any
) -> Changed:
    """A new participant. Fields: birth_year, gender, rural, labour_status, isced, disability,
    third_country_national, foreign_background, minority, homeless, phone, email,
    consent_basis, consent_date, consent_text_version, notes, code, branch_id (default: this
    device's branch), target_groups. A likely duplicate is not refused: ask
    :func:`find_similar` first and let the person decide.

    A person with a code gets the id derived from it (docs/decisions/0400), the same on every
    device; a code already in use, or belonging to an erased person, is refused."""
    values = common.validate(
        RULES, {"given_name": given_name, "family_name": family_name, **fields}
    )
    _check_consent(values.get("consent_basis"), values.get("consent_date"))
    tags = values.pop("target_groups", [])
    values.setdefault("branch_id", common.home_branch(uow))
    common.require(uow, Branch, values["branch_id"])
    row = Participant(
        id=_new_participant_id(uow, values.get("code")),
        name_key=name_key(given_name=values["given_name"], family_name=values["family_name"]),
        **values,
    )
    uow.session.add(row)
    uow.session.flush()
    changed = Changed().add("created", "participant", row.id)
    _set_tags(uow, row.id, tags, changed)
    uow.commit()
    return changed


def _new_participant_id(uow: UnitOfWork, code: str | None) -> str:
    """A UUIDv7, or for a coded person the code's id, checked to be free and never erased."""
    if not code:
        return new_id()
    codecheck.check_free(uow, code)
    return codecheck.id_for(code)


def edit_participant(uow: UnitOfWork, participant_id: str, **changes: Any) -> Changed:
    """Change the fields given (same names as :func:`create_participant`); only values that
    differ are written, so saving an unchanged form captures nothing. A ``code`` is handled
    by :func:`change_code`: a coded person's code is their identity."""
    if "code" in changes:
        code = changes.pop("code")
        return change_code(uow, participant_id, code, **changes)
    return _edit(uow, participant_id, changes)


def _edit(uow: UnitOfWork, participant_id: str, changes: dict[str, Any]) -> Changed:
    values = common.validate(RULES, _kept(uow, participant_id, changes))
    row = common.get(uow, Participant, participant_id)
    codecheck.refuse_given_up(uow, participant_id)
    if "consent_basis" in values or "consent_date" in values:
        _check_consent(
            values.get("consent_basis", row.consent_basis),
            values.get("consent_date", row.consent_date),
        )
    common.require(uow, Branch, values.get("branch_id"))
    tags = values.pop("target_groups", None)
    if "given_name" in values or "family_name" in values:
        values["name_key"] = name_key(
            values.get("given_name", row.given_name), values.get("family_name", row.family_name)
        )
    changed = common.edited(uow, row, values, Changed())
    if tags is not None:
        _set_tags(uow, row.id, tags, changed)
    uow.commit()
    return changed


def _kept(uow: UnitOfWork, participant_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """``changes`` without a phone sent back as stored (:func:`common.unchanged`)."""
    return common.unchanged(uow.session.get(Participant, participant_id), changes)


def change_code(
    uow: UnitOfWork, participant_id: str, new_code: str | None, **changes: Any
) -> Changed:
    """Give the person another code ("Change the code"), with the other field ``changes``
    of the same save, in one unit of work.

    A person whose id is derived from their code (docs/decisions/0400) is moved to the new
    code's id (a code taken off: a new UUIDv7), returned in ``Changed.created``: a new
    record with their details, and their sessions, groups, assessments, target groups and
    consultations with it (:func:`libtrainer.services.recode.rekey`). The old record is left
    untouched for whoever else has the old code (at the coordinator it may be another
    branch's person) and this device no longer shows it. Refused on a coordinator's
    computer, whose record holds every branch's sessions for the code: the branch that gave
    the wrong code changes it.

    The same code written otherwise (case, spaces), and a person whose id is not their
    code's (no code, or recorded before codes gave ids), is an ordinary edit. Either way a
    code another person has, an erased person's, or one given up here is refused."""
    if "code" in changes:
        raise TypeError("the code is new_code")
    changes = _kept(uow, participant_id, changes)
    values = common.validate(RULES, {**changes, "code": new_code})
    code = values.pop("code")
    row = common.get(uow, Participant, participant_id)
    codecheck.refuse_given_up(uow, participant_id)
    moves = codecheck.moves_person(row.id, row.code, code)
    if moves and read_meta(uow.connection, "role") == "coordinator":
        raise ValidationError(
            "code",
            N_(
                "The code of this person cannot be changed on the coordinator's computer: the "
                "record holds every branch's sessions for the code “{value}”. The branch that "
                "gave the wrong code changes it on its computer (Participants) and sends."
            ),
            value=row.code,
        )
    if code and codecheck.normalise(code) != codecheck.normalise(row.code or ""):
        codecheck.check_free(uow, code, exclude=participant_id)
    if not moves:
        return _edit(uow, participant_id, {**changes, "code": code})
    _check_consent(
        values.get("consent_basis", row.consent_basis),
        values.get("consent_date", row.consent_date),
    )
    common.require(uow, Branch, values.get("branch_id"))
    tags = values.pop("target_groups", None)
    values["name_key"] = name_key(
        values.get("given_name", row.given_name), values.get("family_name", row.family_name)
    )
    new = codecheck.id_for(code) if code else new_id()
    changed = recode.rekey(uow, row, new, code, values, tags)
    uow.commit()
    return changed


def set_target_groups(uow: UnitOfWork, participant_id: str, target_groups: list[str]) -> Changed:
    """Make the participant's target groups exactly ``target_groups``."""
    return edit_participant(uow, participant_id, target_groups=target_groups)


def _set_tags(uow: UnitOfWork, participant_id: str, tags: list[str], changed: Changed) -> None:
    common.sync_fact_rows(
        uow,
        ParticipantTag,
        kind="tag",
        parent=("participant_id", participant_id),
        value_field="tag",
        wanted=tags,
        changed=changed,
    )


def get_participant(uow: UnitOfWork, participant_id: str) -> ParticipantDetails:
    """All fields of one participant (for an edit form)."""
    row = common.get(uow, Participant, participant_id)
    names = [c.name for c in Participant.__table__.columns if c.name != "id"]
    fields = {name: getattr(row, name) for name in names}
    tags = uow.session.execute(
        select(ParticipantTag.tag).where(ParticipantTag.participant_id == participant_id)
    ).scalars()
    return ParticipantDetails(row.id, fields, tuple(sorted(tags)))


def find_similar(
    uow: UnitOfWork,
    given_name: str,
    family_name: str,
    birth_year: int | None,
    *,
    exclude_id: str | None = None,
) -> list[ParticipantSummary]:
    """People who may be the same person: the same folded name and the same birth year.

    A stored row without a birth year, or a query without one, matches on the name alone (a
    warning too many is cheaper than a duplicate). Archived people count too; records given up
    when their person's code was changed here do not."""
    stmt = select(Participant).where(
        Participant.name_key == name_key(given_name, family_name), recoded.hidden(Participant.id)
    )
    if birth_year is not None:
        stmt = stmt.where(
            or_(Participant.birth_year == birth_year, Participant.birth_year.is_(None))
        )
    if exclude_id is not None:
        stmt = stmt.where(Participant.id != exclude_id)
    return _summaries(uow.session.execute(stmt).scalars())


def search(
    uow: UnitOfWork, text: str, limit: int = SEARCH_LIMIT, *, include_archived: bool = False
) -> list[ParticipantSummary]:
    """Participants whose name contains every word of ``text``, ignoring diacritics and case
    ("sarunas zem" finds "Šarūnas Žemaitis"), or whose code is ``text``; sorted by the
    current language's alphabet, at most ``limit``. A record given up when its person's code
    was changed on this device (``store/recoded.py``) is not found."""
    words = rules.fold(text).split()
    if not words:
        return []
    by_name = and_(*(Participant.name_key.contains(w, autoescape=True) for w in words))
    stmt = select(Participant).where(
        or_(by_name, Participant.code == text.strip()), recoded.hidden(Participant.id)
    )
    if not include_archived:
        stmt = stmt.where(Participant.archived.is_(False))
    stmt = stmt.order_by(Participant.name_key, Participant.id).limit(max(1, int(limit)))
    return _summaries(uow.session.execute(stmt).scalars())


def _summaries(rows: Any) -> list[ParticipantSummary]:
    found = [
        ParticipantSummary(
            p.id,
            p.given_name,
            p.family_name,
            p.birth_year,
            p.code,
            p.branch_id,
            p.archived,
            p.gender,
        )
        for p in rows
    ]
    return sorted(found, key=lambda p: (sort_key(p.family_name), sort_key(p.given_name), p.id))
