"""The columns of the attendance register and how their headers are recognised.

One row of the register is one attendance: who (participant), where and when (session), of
what (programme, group). Header labels are gettext message ids (English); a sheet may name a
column by its label in Lithuanian, Latvian or English, by its key, or by a few common short
forms, compared without case, diacritics or punctuation. Vocabulary values: :mod:`.vocab`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

from libtrainer.domain.enums import (
    AttendanceMark,
    Gender,
    Isced,
    LabourStatus,
    Level,
    Referrer,
    TargetGroup,
)
from libtrainer.domain.errors import N_
from libtrainer.domain.rules import fold
from libtrainer.i18n import LANGUAGES, translations

Translate = Callable[[str], str]


@dataclass(frozen=True)
class Column:
    """One register column: its key, header label (msgid), value kind and help text (msgid)."""

    key: str
    label: str
    kind: str  # text | date | time | number | year | enum | enums | phone | email
    help: str
    enum: type[StrEnum] | None = None
    required: bool = False
    width: int = 16
    #: a column that may stand in for this required one (the minutes for the academic hours)
    instead: str = ""
    #: whether the template has it (a column read but not offered: the minutes)
    in_template: bool = True


COLUMNS: tuple[Column, ...] = (
    Column(
        "date",
        N_("Date"),
        "date",
        N_("Date of the session, e.g. 2026-03-15."),
        required=True,
        width=12,
    ),
    Column("start", N_("Start time"), "time", N_("When the session began, e.g. 14:30."), width=8),
    Column(
        "academic_hours",
        N_("Academic hours"),
        "number",
        N_(
            "Length of the session in academic hours (45 minutes), e.g. 2 or 1.5, or in "
            "minutes, e.g. 50 min or 1 h 30 min (minutes are counted exactly)."
        ),
        required=True,
        width=10,
        instead="minutes",
    ),
    Column(
        "minutes",
        N_("Minutes"),
        "number",
        N_("Length of the session in minutes, e.g. 50 or 90, instead of academic hours."),
        width=9,
        in_template=False,
    ),
    Column(
        "region",
        N_("Region"),
        "text",
        N_("Region of the library; empty means this computer's region."),
    ),
    Column(
        "library",
        N_("Library"),
        "text",
        N_("Municipal library; empty means this computer's library."),
        width=24,
    ),
    Column(
        "branch",
        N_("Branch"),
        "text",
        N_(
            "Branch or community site that held the session; empty means this computer's "
            "branch. A name not yet known is added."
        ),
        width=22,
    ),
    Column(
        "place",
        N_("Place"),
        "text",
        N_(
            "Where the session took place when not in the branch: a hall, a school, "
            "“Online” or “Home visit”."
        ),
        width=18,
    ),
    Column(
        "programme",
        N_("Programme"),
        "text",
        N_("Title of the training programme. A title not yet known is added."),
        required=True,
        width=30,
    ),
    Column(
        "level",
        N_("Level"),
        "enum",
        N_("Level of a programme that is added."),
        enum=Level,
        width=14,
    ),
    Column(
        "group",
        N_("Group"),
        "text",
        N_("Name of the training group; empty for a one-off seminar."),
        width=18,
    ),
    Column(
        "lecturer",
        N_("Lecturer"),
        "text",
        N_("Given name and family name of the lecturer."),
        width=20,
    ),
    Column(
        "participant_code",
        N_("Participant code"),
        "text",
        N_(
            "Code that identifies the person on every computer (optional). Rows with the same "
            "code are the same person."
        ),
        width=14,
    ),
    Column("given_name", N_("Given name"), "text", N_("Participant's given name."), required=True),
    Column(
        "family_name", N_("Family name"), "text", N_("Participant's family name."), required=True
    ),
    Column("birth_year", N_("Birth year"), "year", N_("Year of birth, e.g. 1957."), width=10),
    Column("gender", N_("Gender"), "enum", N_("Choose from the list."), enum=Gender, width=14),
    Column(
        "labour_status",
        N_("Labour-market status"),
        "enum",
        N_("Choose from the list."),
        enum=LabourStatus,
        width=22,
    ),
    Column(
        "education",
        N_("Education"),
        "enum",
        N_("Highest education completed."),
        enum=Isced,
        width=26,
    ),
    Column(
        "target_groups",
        N_("Target groups"),
        "enums",
        N_("One or more target groups separated by “;”."),
        enum=TargetGroup,
        width=24,
    ),
    Column(
        "referred_by",
        N_("Referred by"),
        "enum",
        N_("Who sent the group (for example the employment service)."),
        enum=Referrer,
        width=22,
    ),
    Column(
        "present",
        N_("Present"),
        "enum",
        N_("Attendance: present, absent or excused; empty means present."),
        enum=AttendanceMark,
        width=10,
    ),
    Column(
        "phone",
        N_("Phone"),
        "phone",
        N_(
            "Participant's phone number, e.g. +371 2912 3456 or +370 612 34567; two numbers "
            "separated by a comma. Given for a person already in the records, it does not "
            "change their record."
        ),
        width=18,
    ),
    Column(
        "email",
        N_("E-mail"),
        "email",
        N_(
            "Participant's e-mail address. Given for a person already in the records, it does "
            "not change their record."
        ),
        width=24,
    ),
)

BY_KEY: Mapping[str, Column] = {c.key: c for c in COLUMNS}
#: the template's columns: a register may also have a Minutes column instead of the hours
TEMPLATE_COLUMNS: tuple[Column, ...] = tuple(c for c in COLUMNS if c.in_template)
ERROR_LABEL = N_("Error")
#: the rows to fix from a workbook of several register sheets: the sheet each row came from
SHEET_LABEL = N_("Sheet")
SHEET_TITLE = N_("Register")
INSTRUCTIONS_TITLE = N_("Instructions")
LISTS_TITLE = "lists"

#: Short forms accepted in any language, besides the three translations of a header.
HEADER_SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "start": ("start", "time", "laikas", "laiks", "pradzia", "sakums"),
    "academic_hours": ("hours", "akad val", "valandos", "ak st", "stundas", "val"),
    "minutes": ("min", "mins", "minutes", "length in minutes", "trukme min", "ilgums min"),
    "participant_code": ("code", "kodas", "kods"),
    "given_name": ("first name", "name"),
    "family_name": ("surname", "last name"),
    "education": ("isced",),
    "present": ("attendance", "mark", "lankomumas", "apmeklejums"),
    "place": ("venue",),
    "target_groups": ("target group", "merka grupas", "merkgrupa", "tiksline grupe"),
    "phone": (
        "tel",
        "tel nr",
        "telephone",
        "phone number",
        "mobile",
        "mob tel",
        "telefono numeris",
        "mobilusis",
        "talr",
        "talr nr",
        "talruna numurs",
        "mobilais",
    ),
    "email": ("email", "e mail", "mail", "el pastas", "epasts"),
}

#: Abbreviations recognised only as written, never as a near spelling of a header: "Eil. Nr."
#: (a row number) is not "Tel. nr.", "Pastabos" (notes) is not an e-mail column
EXACT_ONLY = frozenset({"tel", "tel nr", "talr", "talr nr", "mob tel", "mail"})

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def key_of(text: str) -> str:
    """Comparison key, blind to case, diacritics and punctuation ("Akad. val." → "akad val")."""
    folded = fold(text).strip()
    if folded in ("+", "-"):
        return folded  # attendance ticks
    return " ".join(part for part in _NON_ALNUM.split(folded) if part)


def translator(lang: str) -> Translate:
    """A gettext function for ``lang`` that does not switch the process language."""
    return translations(lang).gettext


@cache
def header_lookup() -> dict[str, str]:
    """Folded header text (any language, code or synonym) → column key; "" for the Error and
    Sheet columns of a file of rows to fix (not read)."""
    lookup: dict[str, str] = {}
    for col in COLUMNS:
        names = [col.key, col.label, *HEADER_SYNONYMS.get(col.key, ())]
        names += [translator(lang)(col.label) for lang in LANGUAGES]
        for name in names:
            lookup.setdefault(key_of(name), col.key)
    for lang in LANGUAGES:
        for label in (ERROR_LABEL, SHEET_LABEL):
            lookup.setdefault(key_of(translator(lang)(label)), "")
    return lookup


@cache
def sheet_headers() -> frozenset[str]:
    """The folded headers of the Sheet column of a file of rows to fix, in any language."""
    return frozenset(key_of(translator(lang)(SHEET_LABEL)) for lang in LANGUAGES) | {"sheet"}


def column_label(key: str, tr: Translate) -> str:
    return tr(BY_KEY[key].label) if key in BY_KEY else key


def _abbreviates(short: list[str], long: list[str]) -> bool:
    """ "gim metai" abbreviates "gimimo metai": word by word, each a beginning of the other's."""
    return (
        len(short) == len(long)
        and len(short[0]) >= 3
        and all(s and w.startswith(s) for s, w in zip(short, long))
    )


def guess_column(header: str, among: Collection[str]) -> str | None:
    """The key of the column (one of ``among``) that an unrecognised ``header`` probably
    names: it begins with the column's name ("Dalyvavo (Taip/Ne)"), abbreviates it
    ("Gim. metai") or is a near spelling of it ("Pavardes"); None when nothing is close."""
    words = key_of(header).split()
    if not words:
        return None
    best: tuple[float, str] | None = None
    for name, key in header_lookup().items():
        if key not in among or not name:
            continue
        known = name.split()
        if words[: len(known)] == known or _abbreviates(words, known):
            return key
        if name in EXACT_ONLY:
            continue
        ratio = difflib.SequenceMatcher(None, " ".join(words), name).ratio()
        if ratio >= 0.8 and (best is None or ratio > best[0]):
            best = (ratio, key)
    return best[1] if best else None
