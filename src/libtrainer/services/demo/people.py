"""Demonstration people: residents with ESF+ characteristics, e-scouts and staff names.

Every value is drawn from the caller's ``random.Random`` (so a seed gives the same people) and
passes the domain rules before it becomes a row. Ids are fresh (UUIDv7): running the demo twice
adds a second batch of the same people, which is also good material for deduplication.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from libtrainer.domain import rules
from libtrainer.domain.enums import (
    ConsentBasis,
    Gender,
    Isced,
    LabourStatus,
    Referrer,
    TargetGroup,
)
from libtrainer.domain.ids import fact_id, new_id
from libtrainer.services.demo import catalogue, names
from libtrainer.services.demo.model import Row, valid_date, weighted
from libtrainer.services.demo.vocabulary import LT, Vocabulary

_LS, _IS, _TG = LabourStatus, Isced, TargetGroup


@dataclass(frozen=True)
class Profile:
    """Who comes to a kind of group: ages, labour status, education, tags and programmes."""

    kind: str
    ages: tuple[int, int]
    labour: tuple[tuple[LabourStatus, int], ...]
    isced: tuple[tuple[Isced, int], ...]
    tags: tuple[TargetGroup, ...]
    referrer: Referrer
    programmes: tuple[str, ...]
    latvian_share: float = 0.08  # in Lithuania; in Latvia a few have Lithuanian names
    rural_share: float = 0.5


_WORKING = (
    (_LS.EMPLOYED, 55),
    (_LS.SELF_EMPLOYED, 8),
    (_LS.UNEMPLOYED, 12),
    (_LS.INACTIVE, 10),
    (_LS.RETIRED, 12),
    (_LS.UNKNOWN, 3),
)
_SCHOOL = ((_IS.ISCED_0_2, 25), (_IS.ISCED_3_4, 50), (_IS.ISCED_5_8, 22), (_IS.UNKNOWN, 3))
_HIGHER = ((_IS.ISCED_3_4, 25), (_IS.ISCED_5_8, 75))

PROFILES = {
    p.kind: p
    for p in (
        Profile(
            "job_seekers",
            (19, 62),
            ((_LS.UNEMPLOYED, 65), (_LS.LONG_TERM_UNEMPLOYED, 35)),
            _SCHOOL,
            (_TG.JOB_SEEKERS,),
            Referrer.EMPLOYMENT_SERVICE,
            ("PL-SAVE", "PL-VPIK", "PL-PRIST", "PL-PRAD"),
        ),
        Profile(
            "u3a",
            (60, 88),
            ((_LS.RETIRED, 90), (_LS.EMPLOYED, 10)),
            ((_IS.ISCED_0_2, 15), (_IS.ISCED_3_4, 50), (_IS.ISCED_5_8, 35)),
            (_TG.SENIORS_U3A, _TG.SENIORS),
            Referrer.UNIVERSITY_OF_THIRD_AGE,
            ("PL-TAU", "PL-PIRK", "PL-VPIK", "PL-FOTO"),
        ),
        Profile(
            "community",
            (30, 82),
            _WORKING,
            _SCHOOL,
            (_TG.COMMUNITY, _TG.RURAL_RESIDENTS),
            Referrer.COMMUNITY,
            ("PL-LAIS", "PL-FOTO", "PL-TEL", "PL-VPIK"),
            rural_share=0.95,
        ),
        Profile(
            "general",
            (18, 90),
            _WORKING,
            _SCHOOL,
            (),
            Referrer.NONE,
            ("PL-PRAD", "PL-TEL", "PL-TAU", "PL-PIRK"),
        ),
        Profile(
            "municipal",
            (26, 63),
            ((_LS.EMPLOYED, 100),),
            _HIGHER,
            (_TG.MUNICIPAL_STAFF,),
            Referrer.MUNICIPALITY,
            ("PL-VPIK", "PL-PRIST"),
        ),
        Profile(
            "library_staff",
            (24, 64),
            ((_LS.EMPLOYED, 100),),
            _HIGHER,
            (_TG.LIBRARY_STAFF,),
            Referrer.NONE,
            ("LV-EPAK", "LV-PORT"),
            latvian_share=0.7,
        ),
        Profile(
            "youth",
            (14, 17),
            ((_LS.IN_EDUCATION, 100),),
            ((_IS.ISCED_0_2, 100),),
            (_TG.YOUTH,),
            Referrer.NONE,
            ("PL-SAUG",),
        ),
    )
}

#: residents of a Latvian branch with Lithuanian names
LITHUANIAN_IN_LATVIA = 0.03
_GENDER_SHARES = ((Gender.NON_BINARY, 0.02), (Gender.UNSPECIFIED, 0.02), (Gender.FEMALE, 0.58))


def gender_deck(rng: random.Random, count: int) -> list[Gender]:
    """Genders for ``count`` people in realistic shares (most trainees are women), shuffled;
    from 20 people on, at least one non-binary person and one who did not say."""
    deck: list[Gender] = []
    for gender, share in _GENDER_SHARES:
        least = 1 if count >= 20 and gender is not Gender.FEMALE else 0
        deck += [gender] * max(least, round(count * share))
    deck = deck[:count] + [Gender.MALE] * (count - len(deck))
    rng.shuffle(deck)
    return deck


def full_name(
    rng: random.Random, gender: Gender, age: int, origin: str, *, home: bool = False
) -> tuple[str, str]:
    """Given and family name in the forms a person of that origin, gender and age would carry.
    ``home``: the person lives in their own country (a Latvian in Latvia draws from all the
    Latvian names; a Latvian in Lithuania from the common ones)."""
    female = gender is Gender.FEMALE or (gender not in (Gender.MALE,) and rng.random() < 0.5)
    if origin == "lv":
        wide = names.LV_MORE if home else names.LV_NONE
        masculine, feminine = rng.choice(names.LV_FAMILY + wide.family)
        given = rng.choice(names.LV_FEMALE + wide.female if female else names.LV_MALE + wide.male)
        return given, feminine if female else masculine
    if origin == "ua":
        return rng.choice(names.UA_FEMALE if female else names.UA_MALE), rng.choice(names.UA_FAMILY)
    family = rng.choice(names.LT_FAMILY)
    if female:
        married = age >= 24 and rng.random() < 0.75
        return rng.choice(names.LT_FEMALE), names.lt_female_family(family, married=married)
    return rng.choice(names.LT_MALE), family


def _origin(rng: random.Random, profile: Profile, words: Vocabulary) -> str:
    if profile.kind in ("job_seekers", "general") and rng.random() < 0.04:
        return "ua"
    share = profile.latvian_share if words.origin == "lt" else LITHUANIAN_IN_LATVIA
    return words.neighbour if rng.random() < share else words.origin


def _maybe(rng: random.Random, share: float, unknown: float = 0.03) -> bool | None:
    """True with ``share``, unknown (declined to say) with ``unknown``, otherwise False."""
    roll = rng.random()
    return True if roll < share else None if roll < share + unknown else False


def participant(
    rng: random.Random,
    profile: Profile,
    gender: Gender,
    branch_id: str,
    ref: dt.date,
    words: Vocabulary = LT,
) -> Row:
    """One resident as a participant row (registration and consent dates set by enrolment)."""
    age = rng.randint(*profile.ages)
    origin = _origin(rng, profile, words)
    given, family = full_name(rng, gender, age, origin, home=origin == words.origin)
    labour = (
        LabourStatus.RETIRED if age >= 66 and rng.random() < 0.9 else weighted(rng, profile.labour)
    )
    if profile.kind == "general" and age < 25 and rng.random() < 0.5:
        labour = LabourStatus.IN_EDUCATION
    disability = _maybe(rng, 0.12 if age >= 65 else 0.06)
    row: Row = {
        "id": new_id(),
        "branch_id": branch_id,
        "code": None,
        "given_name": rules.clean_person_name("given_name", given),
        "family_name": rules.clean_person_name("family_name", family),
        "name_key": rules.fold(f"{given} {family}"),
        "birth_year": rules.check_birth_year("birth_year", ref.year - age, on=ref),
        "gender": rules.check_enum("gender", Gender, gender).value,
        "rural": rng.random() < profile.rural_share,
        "labour_status": rules.check_enum("labour_status", LabourStatus, labour).value,
        "isced": rules.check_enum("isced", Isced, weighted(rng, profile.isced)).value,
        "disability": disability,
        "third_country_national": True if origin == "ua" else _maybe(rng, 0.0),
        "foreign_background": True if origin != words.origin else _maybe(rng, 0.02),
        "minority": _maybe(rng, 0.04),
        "homeless": profile.kind == "job_seekers" and rng.random() < 0.01,
        "phone": words.phone(rng) if rng.random() < 0.7 else None,
        "email": _email(rng, given, family, words) if rng.random() < 0.35 else None,
        "consent_basis": weighted(
            rng, ((ConsentBasis.CONSENT.value, 85), (ConsentBasis.PUBLIC_TASK.value, 15))
        ),
        "consent_date": ref,
        "consent_text_version": catalogue.CONSENT_VERSIONS[-1],
        "notes": rules.clean_text("notes", rng.choice(words.participant_notes))
        if rng.random() < 0.1
        else "",
        "archived": False,
    }
    return row


def _email(rng: random.Random, given: str, family: str, words: Vocabulary) -> str:
    local = f"{rules.fold(given)}.{rules.fold(family)}".replace(" ", "")
    return f"{local}{rng.randint(1, 99)}@{words.mail_domain}"


def register(person: Row, on: dt.date, ref: dt.date) -> None:
    """Move a participant's consent to ``on`` when they first came earlier than recorded.

    People who registered more than half a year before ``ref`` signed the older consent text.
    """
    if on < person["consent_date"]:
        person["consent_date"] = valid_date("consent_date", on)
        older = on < ref - dt.timedelta(days=180)
        person["consent_text_version"] = catalogue.CONSENT_VERSIONS[0 if older else -1]


def tag_rows(person: Row, profile: Profile, ref: dt.date) -> list[Row]:
    """Target-group tags: the group's own, plus seniors, rural residents, disability."""
    tags = list(profile.tags)
    age = rules.age_on(person["birth_year"], ref)
    if age is not None and age >= 65:
        tags.append(TargetGroup.SENIORS)
    if person["rural"] and profile.kind in ("job_seekers", "u3a", "general"):
        tags.append(TargetGroup.RURAL_RESIDENTS)
    if person["disability"]:
        tags.append(TargetGroup.PEOPLE_WITH_DISABILITIES)
    if not tags:
        tags.append(TargetGroup.OTHER)
    pid = person["id"]
    return [
        {"id": fact_id("tag", pid, t.value), "participant_id": pid, "tag": t.value}
        for t in rules.check_enums("tag", TargetGroup, tags)
    ]


def escout(rng: random.Random, branch_id: str, ref: dt.date, words: Vocabulary = LT) -> Row:
    """A young volunteer aged 15–24 (the rule allows 14–29)."""
    gender = Gender.FEMALE if rng.random() < 0.6 else Gender.MALE
    age = rng.randint(15, 24)
    origin = words.neighbour if rng.random() < 0.05 else words.origin
    given, family = full_name(rng, gender, age, origin, home=origin == words.origin)
    return {
        "id": new_id(),
        "branch_id": branch_id,
        "given_name": rules.clean_person_name("given_name", given),
        "family_name": rules.clean_person_name("family_name", family),
        "birth_year": rules.check_escout_age("birth_year", ref.year - age, on=ref),
        "phone": words.phone(rng),
        "archived": False,
    }


def staff_name(rng: random.Random, *, origin: str = "lt", home: bool = False) -> tuple[str, str]:
    """A staff member's name: library staff are mostly women, as in the seed reports."""
    gender = Gender.FEMALE if rng.random() < 0.85 else Gender.MALE
    return full_name(rng, gender, rng.randint(30, 62), origin, home=home)
