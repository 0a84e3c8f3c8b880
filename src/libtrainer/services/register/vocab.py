"""Closed vocabularies as people type them: labels in lt, lv and en, codes, and yes/no ticks.

Labels are gettext message ids (English); a cell matches a vocabulary value when its
comparison key (:func:`.columns.key_of`) equals the key of the value's code or of its label in
any of the three languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import cache

from libtrainer.domain.enums import (
    AttendanceMark,
    Gender,
    Isced,
    LabourStatus,
    Level,
    PlaceKind,
    Referrer,
    TargetGroup,
)
from libtrainer.domain.errors import N_
from libtrainer.i18n import LANGUAGES
from libtrainer.services.register.columns import Translate, key_of, translator

ENUM_LABELS: Mapping[type[StrEnum], Mapping[str, str]] = {
    Gender: {
        "female": N_("Female"),
        "male": N_("Male"),
        "non_binary": N_("Non-binary"),
        "unspecified": N_("Not specified"),
    },
    LabourStatus: {
        "employed": N_("Employed"),
        "self_employed": N_("Self-employed"),
        "unemployed": N_("Unemployed"),
        "long_term_unemployed": N_("Long-term unemployed"),
        "inactive": N_("Inactive (not seeking work)"),
        "in_education": N_("In education or training"),
        "retired": N_("Retired"),
        "unknown": N_("Unknown"),
    },
    Isced: {
        "isced_0_2": N_("Primary or lower secondary (ISCED 0–2)"),
        "isced_3_4": N_("Upper secondary or post-secondary (ISCED 3–4)"),
        "isced_5_8": N_("Higher education (ISCED 5–8)"),
        "unknown": N_("Unknown"),
    },
    TargetGroup: {
        "job_seekers": N_("Job seekers"),
        "seniors_u3a": N_("University of the Third Age"),
        "community": N_("Community members"),
        "seniors": N_("Seniors"),
        "youth": N_("Young people"),
        "people_with_disabilities": N_("People with disabilities"),
        "rural_residents": N_("Rural residents"),
        "library_staff": N_("Library staff"),
        "municipal_staff": N_("Municipal staff"),
        "other": N_("Other"),
    },
    Referrer: {
        "none": N_("Nobody (came on their own)"),
        "employment_service": N_("Employment service"),
        "university_of_third_age": N_("University of the Third Age"),
        "community": N_("Community"),
        "municipality": N_("Municipality"),
        "other": N_("Other"),
    },
    Level: {"beginner": N_("Beginner"), "advanced": N_("Advanced")},
    AttendanceMark: {"present": N_("Present"), "absent": N_("Absent"), "excused": N_("Excused")},
    PlaceKind: {
        "branch": N_("In the branch"),
        "off_site": N_("Off-site"),
        "home_visit": N_("Home visit"),
        "online": N_("Online"),
    },
}

#: Extra words for attendance marks (yes/no, ticks) in the three languages.
MARK_SYNONYMS: Mapping[str, str] = {
    "yes": "present",
    "taip": "present",
    "ja": "present",
    "1": "present",
    "x": "present",
    "+": "present",
    "v": "present",
    "no": "absent",
    "ne": "absent",
    "0": "absent",
    "-": "absent",
    # Excel's TRUE/FALSE (a tick box's cell; written out in lt and lv by a CSV export)
    "true": "present",
    "false": "absent",
    "tiesa": "present",
    "netiesa": "absent",
    "patiess": "present",
    "aplams": "absent",
}
YES_NO = (N_("Yes"), N_("No"))

#: Words people write for a value besides its labels: a woman's form of a Lithuanian or
#: Latvian label ("Pensininkė", "Pensionāre"), and plain words for "unknown" ("Nezināms" for
#: "Nav zināms"). Labels win over these (:func:`enum_lookup`); a test checks none is hidden.
UNKNOWN_WORDS = ("Nežinomas", "Nežinoma", "Nezināms", "Nezināma", "Nav zināma", "Not known")
VALUE_SYNONYMS: Mapping[type[StrEnum], Mapping[str, str]] = {
    LabourStatus: {
        "Dirbanti": "employed",
        "Nodarbināta": "employed",
        "Savarankiškai dirbanti": "self_employed",
        "Pašnodarbināta": "self_employed",
        "Bedarbė": "unemployed",
        "Bezdarbniece": "unemployed",
        "Ilgalaikė bedarbė": "long_term_unemployed",
        "Ilgstošā bezdarbniece": "long_term_unemployed",
        "Ilgstošs bezdarbnieks": "long_term_unemployed",
        "Neaktyvus": "inactive",
        "Neaktyvi": "inactive",
        "Neaktīvs": "inactive",
        "Neaktīva": "inactive",
        "Inactive": "inactive",
        "Mokosi": "in_education",
        "Studijuoja": "in_education",
        "Mācās": "in_education",
        "Studē": "in_education",
        "Studentas": "in_education",
        "Studentė": "in_education",
        "Students": "in_education",
        "Student": "in_education",
        "Pensininkė": "retired",
        "Pensionāre": "retired",
        "Pensioner": "retired",
        **dict.fromkeys(UNKNOWN_WORDS, "unknown"),
    },
    Isced: dict.fromkeys(UNKNOWN_WORDS, "unknown"),
    Gender: {"Woman": "female", "Man": "male"},
}
#: the shortest cell a near miss is looked for (:func:`closest`), and the longest
HINT_LENGTHS = (3, 60)


@cache
def enum_lookup(enum: type[StrEnum]) -> dict[str, str]:
    """Folded label (any language) or code → enum code, for one closed vocabulary."""
    lookup: dict[str, str] = {}
    for member in enum:
        lookup[key_of(member.value)] = member.value
        msgid = ENUM_LABELS.get(enum, {}).get(member.value)
        if msgid:
            for lang in LANGUAGES:
                lookup.setdefault(key_of(translator(lang)(msgid)), member.value)
    if enum is AttendanceMark:
        for word, code in MARK_SYNONYMS.items():
            lookup.setdefault(word, code)
    for word, code in VALUE_SYNONYMS.get(enum, {}).items():
        lookup.setdefault(key_of(word), code)
    return lookup


def closest(enum: type[StrEnum], typed: str) -> str | None:
    """The one value of ``enum`` that ``typed`` (not a value) probably means, or None: the
    value a label or word of which (compared without case, accents, spaces or punctuation)
    ``typed`` begins (at least 4 letters: "Pens"), or is one typing slip from (two for words
    longer than 6 letters: "Pensonārs", "Nezinām"). When the nearest words belong to
    several values, there is no guess."""
    folded = key_of(typed).replace(" ", "")
    low, high = HINT_LENGTHS
    if not low <= len(folded) <= high:
        return None
    best: tuple[int, set[str]] = (len(folded), set())
    for key, code in enum_lookup(enum).items():
        word = key.replace(" ", "")
        if len(word) < 4:  # "1", "x", "ne": too short to be near anything
            continue
        limit = 1 if len(word) <= 6 else 2
        if len(folded) >= 4 and word.startswith(folded):
            distance = 0
        else:
            distance = _distance(folded, word, limit)
        if distance > limit:
            continue
        if distance < best[0]:
            best = (distance, {code})
        elif distance == best[0]:
            best[1].add(code)
    return next(iter(best[1])) if len(best[1]) == 1 else None


def _distance(one: str, other: str, limit: int) -> int:
    """The edit distance of two words (insertions, deletions, substitutions), or ``limit``
    + 1 when it is more than ``limit``."""
    if abs(len(one) - len(other)) > limit:
        return limit + 1
    previous = list(range(len(other) + 1))
    for i, a in enumerate(one, start=1):
        current = [i]
        for j, b in enumerate(other, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1] if previous[-1] <= limit else limit + 1


def enum_label(enum: type[StrEnum], code: str, tr: Translate) -> str:
    """The label of ``code`` in the language of ``tr`` (the code itself when unlabelled)."""
    msgid = ENUM_LABELS.get(enum, {}).get(code)
    return tr(msgid) if msgid else code
