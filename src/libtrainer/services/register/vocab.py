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
    return lookup


def enum_label(enum: type[StrEnum], code: str, tr: Translate) -> str:
    """The label of ``code`` in the language of ``tr`` (the code itself when unlabelled)."""
    msgid = ENUM_LABELS.get(enum, {}).get(code)
    return tr(msgid) if msgid else code
