"""Participant codes: one code, one person, on every device (docs/decisions/0400); and the
register id of a person without a code, the same on every device too (0405).

A code typed on a branch PC and the same code typed on a lecturer's laptop must become ONE
participant after the coordinator merges the two devices' bundles. Rather than rely on a
later de-duplication, a coded participant's id is derived from the code itself, so both devices
create the same row and the merge's last-writer-wins rule makes them one.
"""

from __future__ import annotations

import unicodedata

from libtrainer.domain.ids import fact_id
from libtrainer.domain.rules import fold

CODE_KIND = "participant-code"
#: The kind of the id of a person without a code that a register made (docs/decisions/0405)
REGISTER_KIND = "participant-register"


def normalise_code(code: str) -> str:
    """The comparison form of a code: NFKC, no whitespace, case-folded ("lt 0012" → "lt0012")."""
    text = unicodedata.normalize("NFKC", code)
    return "".join(text.split()).casefold()


def display_code(code: str) -> str:
    """The form kept in the store: trimmed, inner spaces collapsed, NFC."""
    return unicodedata.normalize("NFC", " ".join(code.split()))


def participant_id_for_code(code: str) -> str:
    """The deterministic participant id of a coded person: ``fact_id("participant-code", …)``."""
    return fact_id(CODE_KIND, normalise_code(code))


def name_key(given_name: str, family_name: str) -> str:
    """Folded "given family" — the key uncoded people are matched by (with their birth year)."""
    return fold(" ".join(f"{given_name} {family_name}".split()))


def register_person_id(branch_id: str, key: str, birth_year: int | None) -> str:
    """The id a register row without a code gives the person it makes (docs/decisions/0405):
    ``fact_id("participant-register", branch, folded name, year or "")``, so the same row of
    the same branch's register makes the same person on every computer."""
    return fact_id(REGISTER_KIND, branch_id, key, "" if birth_year is None else str(birth_year))
