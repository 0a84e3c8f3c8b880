"""Whether a participant code may be given: not another person's, not an erased person's,
not one this device gave up (docs/decisions/0400).

A coded person's id is derived from the code, so a code is an identity claim: creating a
person with a code, or changing a person's code, is refused here when the code already names
someone — with that person's name, so the librarian can look them up — or names a person whose
data was erased (re-inserting the id would bring them back), or is a code this device gave up
when it changed its person's code (``store/recoded.py``): that record is whoever else has the
code, and is not edited here either (:func:`refuse_given_up`).
"""

from __future__ import annotations

from sqlalchemy import select

from libtrainer.domain.errors import N_, LibtrainerError, ValidationError
from libtrainer.store import recoded
from libtrainer.store.models import Clock, Participant
from libtrainer.store.uow import UnitOfWork


def id_for(code: str) -> str:
    """The id of the person with ``code`` (:func:`libtrainer.services.register.codes.
    participant_id_for_code`). The rule lives with the register import, imported only when
    needed so that creating a participant does not load the spreadsheet machinery."""
    from libtrainer.services.register.codes import participant_id_for_code  # noqa: PLC0415

    return participant_id_for_code(code)


def normalise(code: str) -> str:
    """The comparison form of a code (``register.codes.normalise_code``; imported as above)."""
    from libtrainer.services.register.codes import normalise_code  # noqa: PLC0415

    return normalise_code(code)


def check_free(uow: UnitOfWork, code: str, exclude: str | None = None) -> None:
    """Refuse ``code`` (a ValidationError on ``code``) when it is the code of another live
    person (their id is the code's, or their stored code is the same code as typed
    anywhere), of an erased person, or of a record this device gave up when it changed the
    person's code. ``exclude``: the person being edited."""
    row_id = id_for(code)
    left = recoded.given_up(uow.connection, [row_id]).get(row_id)
    if left is not None:
        raise _given_up(code, left)
    stmt = select(Clock.cl).where(
        Clock.tbl == "participant", Clock.row_id == row_id, Clock.field == "*"
    )
    cl = uow.session.execute(stmt).scalar()
    if row_id != exclude and cl is not None and cl % 2 == 0:
        raise ValidationError(
            "code",
            N_("{field_label} “{value}” belongs to a person whose data was erased."),
            value=code,
        )
    holder = uow.session.get(Participant, row_id) if row_id != exclude else None
    if holder is None:
        wanted = normalise(code)
        stored = select(Participant.id, Participant.code).where(
            Participant.code.is_not(None), Participant.id != (exclude or "")
        )
        found = uow.session.execute(stored)
        other = next((r.id for r in found if normalise(r.code) == wanted), None)
        holder = uow.session.get(Participant, other) if other else None
    if holder is not None:
        raise ValidationError(
            "code",
            N_("{field_label} “{value}” is already used by {person}."),
            value=code,
            person=_person(holder),
        )
    if row_id != exclude and cl is not None:
        raise ValidationError(
            "code",
            N_("{field_label} “{value}” is already used by another participant."),
            value=code,
        )


def refuse_given_up(uow: UnitOfWork, participant_id: str) -> None:
    """A record this device gave up when it changed its person's code is not edited here: at
    the coordinator it is whoever else has the old code."""
    left = recoded.given_up(uow.connection, [participant_id]).get(participant_id)
    if left is not None:
        raise LibtrainerError(
            N_(
                "This record was left for whoever else has the code “{code}”: this computer "
                "moved its person to another code. Open the person under their new code."
            ),
            code=left.old_code,
        )


def _person(row: Participant) -> str:
    year = f" ({row.birth_year})" if row.birth_year else ""
    return f"{row.given_name} {row.family_name}{year}"


def _given_up(code: str, left: recoded.GivenUp) -> ValidationError:
    if left.new_code:
        return ValidationError(
            "code",
            N_(
                "{field_label} “{value}” was changed to “{new_code}” on this computer; the old "
                "code is left for whoever else has it."
            ),
            value=code,
            new_code=left.new_code,
        )
    return ValidationError(
        "code",
        N_(
            "{field_label} “{value}” was taken off a person on this computer; it is left for "
            "whoever else has it."
        ),
        value=code,
    )


def moves_person(participant_id: str, stored_code: str | None, new_code: str | None) -> bool:
    """Whether giving the person ``participant_id`` (stored code ``stored_code``) the code
    ``new_code`` moves them to another record (``participants.change_code``): their id is
    their code's and the new code is another code. Reads nothing (a form asks first)."""
    if not stored_code or id_for(stored_code) != participant_id:
        return False
    return normalise(new_code or "") != normalise(stored_code)
