"""A hand-built store with known answers for the report tests (not the demo generator).

Two regions, three branches, two programmes (residents; library staff), ten people present in
2024, one confirmed duplicate (Ona's second record, marked present next to her first one at one
session), people aged 17/18/29/30/54/55 at entry, a group spanning two half-years, a one-off
seminar with a walk-in, consultations named and anonymous, helped by staff and by e-scouts.
The expected figures are worked out by hand in the tests that use it. Core inserts only, so the
same rows go into an encrypted SQLite store or a PostgreSQL database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert

from libtrainer.domain.ids import fact_id
from libtrainer.services import setup, storefile
from libtrainer.store import models as m
from libtrainer.store.capture import capture_suspended
from libtrainer.store.store import Store

D = dt.date
Y2024 = (D(2024, 1, 1), D(2024, 12, 31))


def i(name: str) -> str:
    """The id of a named test row."""
    return fact_id("known", name)


def _people() -> list[dict[str, Any]]:
    base = {
        "phone": None,
        "email": None,
        "code": None,
        "notes": "",
        "archived": False,
        "rural": False,
        "disability": False,
        "third_country_national": False,
        "foreign_background": False,
        "minority": False,
        "homeless": False,
    }
    rows = [
        # key, given, family, birth, gender, labour, isced, branch, extra
        (
            "p17",
            "Gabija",
            "Žukauskaitė",
            2007,
            "female",
            "in_education",
            "isced_0_2",
            "sangruda",
            {"rural": True},
        ),
        ("p18", "Mantas", "Šimkus", 2006, "male", "unemployed", "isced_3_4", "sangruda", {}),
        (
            "p29",
            "Rūta",
            "Čepaitė",
            1995,
            "female",
            "long_term_unemployed",
            "isced_3_4",
            "sangruda",
            {"disability": True},
        ),
        (
            "p30",
            "Alex",
            "Ąžuolas",
            1994,
            "non_binary",
            "employed",
            "isced_5_8",
            "kalvarija",
            {"rural": True, "third_country_national": True},
        ),
        (
            "p54",
            "Jonas",
            "Ėmužis",
            1970,
            "male",
            "self_employed",
            "isced_5_8",
            "kalvarija",
            {"minority": True},
        ),
        (
            "p55",
            "Ona",
            "Žemaitienė",
            1969,
            "female",
            "retired",
            "isced_0_2",
            "sangruda",
            {"foreign_background": True},
        ),
        # Ona's second record, made at another branch: different, wrong details on purpose.
        ("p55dup", "Ona", "Zemaitiene", 1970, "unspecified", "unknown", "unknown", "kalvarija", {}),
        ("pX", "Nežinomas", "Įrašas", None, "unspecified", "unknown", "unknown", "kalvarija", {}),
        (
            "pW",
            "Vytautas",
            "Ūsas",
            1990,
            "male",
            "employed",
            "isced_3_4",
            "kalvarija",
            {"homeless": True},
        ),
        ("pAbs", "Petras", "Niekada", 1980, "male", "employed", "isced_3_4", "sangruda", {}),
        ("lib1", "Līga", "Bērziņa", 1980, "female", "employed", "isced_5_8", "aglona", {}),
        ("lib2", "Jānis", "Ozoliņš", 1975, "male", "employed", "isced_5_8", "aglona", {}),
    ]
    out = []
    for key, given, family, birth, gender, labour, isced, branch, extra in rows:
        out.append(
            {
                **base,
                "id": i(key),
                "given_name": given,
                "family_name": family,
                "name_key": f"{given} {family}".lower(),
                "birth_year": birth,
                "gender": gender,
                "labour_status": labour,
                "isced": isced,
                "branch_id": i(branch),
                **extra,
            }
        )
    return out


TAGS = {
    "p17": ["youth"],
    "p18": ["youth", "job_seekers"],
    "p29": ["job_seekers"],
    "p30": ["job_seekers", "community", "rural_residents"],
    "p55": ["seniors"],
    "p55dup": ["job_seekers"],
    "pW": ["community"],
    "lib1": ["library_staff"],
    "lib2": ["library_staff"],
}

# session key: (group, programme, branch, date, hours, {person: mark})
SESSIONS: dict[str, tuple[str | None, str | None, str, dt.date, float, dict[str, str]]] = {
    "S1": (
        "G1",
        None,
        "sangruda",
        D(2024, 3, 5),
        2.0,
        {"p17": "present", "p18": "present", "p29": "present", "p55": "present", "pAbs": "absent"},
    ),
    "S2": (
        "G1",
        None,
        "sangruda",
        D(2024, 3, 12),
        2.0,
        {
            "p17": "present",
            "p18": "absent",
            "p29": "present",
            "p55": "present",
            "p55dup": "present",
            "pAbs": "excused",
        },
    ),
    "S3": (
        "G2",
        None,
        "kalvarija",
        D(2024, 6, 20),
        3.0,
        {"p30": "present", "p54": "present", "p55dup": "present"},
    ),
    "S4": (
        "G2",
        None,
        "kalvarija",
        D(2024, 7, 4),
        3.0,
        {"p30": "present", "pX": "present", "p54": "absent"},
    ),
    "S5": (
        None,
        "P1",
        "kalvarija",
        D(2024, 9, 10),
        1.5,
        {"p17": "present", "p30": "present", "pW": "present"},
    ),
    "S6": ("G3", None, "aglona", D(2024, 10, 1), 4.0, {"lib1": "present", "lib2": "present"}),
    "S7": ("G3", None, "aglona", D(2024, 11, 15), 4.0, {"lib1": "present", "lib2": "absent"}),
    "S8": ("G1", None, "sangruda", D(2025, 2, 1), 2.0, {"p17": "present", "p18": "present"}),
    "S9": ("G3", None, "aglona", D(2024, 12, 1), 4.0, {"lib1": "absent", "lib2": "absent"}),
}

ENROLMENTS = {
    "G1": {
        "p17": "completed",
        "p18": "dropped",
        "p29": "completed",
        "p55": "completed",
        "pAbs": "dropped",
    },
    "G2": {"p30": "completed", "p54": "completed", "p55dup": "completed", "pX": "enrolled"},
    "G3": {"lib1": "completed", "lib2": "enrolled"},
}
ASSESSMENTS = {
    ("G1", "p17"): (2, 4),
    ("G1", "p29"): (3, 3),
    ("G1", "p55"): (1, None),
    ("G2", "p30"): (2, 3),
    ("G3", "lib1"): (3, 5),
}


def build(conn: Connection, *, twins: bool = False) -> None:
    """Insert the known rows (the caller owns the transaction); ``twins``: also the
    sessions typed twice (:func:`build_twins`)."""
    ins = conn.execute
    ins(
        insert(m.Region),
        [
            {"id": i("rA"), "code": "MAR", "name": "Marijampolės apskritis", "country": "LT"},
            {"id": i("rB"), "code": "LAT", "name": "Latgales reģions", "country": "LV"},
        ],
    )
    ins(
        insert(m.Library),
        [
            {"id": i("lA"), "region_id": i("rA"), "name": "Kalvarijos viešoji biblioteka"},
            {"id": i("lB"), "region_id": i("rB"), "name": "Preiļu galvenā bibliotēka"},
        ],
    )
    ins(
        insert(m.Branch),
        [
            {
                "id": i("sangruda"),
                "library_id": i("lA"),
                "name": "Sangrūdos padalinys",
                "kind": "branch",
                "rural": True,
                "archived": False,
            },
            {
                "id": i("kalvarija"),
                "library_id": i("lA"),
                "name": "Kalvarijos centrinė biblioteka",
                "kind": "central",
                "rural": False,
                "archived": False,
            },
            {
                "id": i("aglona"),
                "library_id": i("lB"),
                "name": "Aglonas bibliotēka",
                "kind": "branch",
                "rural": True,
                "archived": False,
            },
        ],
    )
    ins(
        insert(m.Programme),
        [
            {
                "id": i("P1"),
                "code": "SR-1",
                "title_lt": "Skaitmeninis raštingumas",
                "title_lv": "Digitālā pratība",
                "title_en": "Digital literacy",
                "level": "beginner",
                "academic_hours": 8.0,
                "topics": "",
                "audience": "residents",
                "archived": False,
            },
            {
                "id": i("P2"),
                "code": "EP-2",
                "title_lt": "E. paslaugos bibliotekininkams",
                "title_lv": "E-pakalpojumi bibliotekāriem",
                "title_en": "E-services for librarians",
                "level": "advanced",
                "academic_hours": 8.0,
                "topics": "",
                "audience": "library_staff",
                "archived": False,
            },
        ],
    )
    ins(
        insert(m.Staff),
        [
            {
                "id": i("st1"),
                "branch_id": i("sangruda"),
                "given_name": "Asta",
                "family_name": "Mickevičienė",
                "role": "lecturer",
                "email": None,
                "archived": False,
            }
        ],
    )
    ins(
        insert(m.Volunteer),
        [
            {
                "id": i(v),
                "branch_id": i(b),
                "given_name": g,
                "family_name": f,
                "birth_year": 2006,
                "phone": None,
                "archived": False,
            }
            for v, b, g, f in (
                ("v1", "sangruda", "Ūla", "Kazlauskaitė"),
                ("v2", "aglona", "Kārlis", "Ļaviņš"),
            )
        ],
    )
    ins(
        insert(m.TrainingGroup),
        [
            {
                "id": i(g),
                "programme_id": i(p),
                "branch_id": i(b),
                "lecturer_id": i("st1"),
                "name": n,
                "referrer": r,
                "referrer_name": None,
                "language": lang,
                "start_date": s,
                "end_date": e,
                "finished": e is not None,
                "archived": False,
            }
            for g, p, b, n, r, lang, s, e in (
                (
                    "G1",
                    "P1",
                    "sangruda",
                    "Sangrūdos pradedantieji",
                    "employment_service",
                    "lt",
                    D(2024, 3, 5),
                    D(2024, 3, 12),
                ),
                (
                    "G2",
                    "P1",
                    "kalvarija",
                    "Vasaros grupė",
                    "community",
                    "lt",
                    D(2024, 6, 20),
                    D(2024, 7, 4),
                ),
                ("G3", "P2", "aglona", "Bibliotekāru seminārs", "none", "lv", D(2024, 10, 1), None),
            )
        ],
    )
    ins(insert(m.Participant), _people())
    ins(
        insert(m.ParticipantTag),
        [
            {"id": fact_id("tag", i(p), t), "participant_id": i(p), "tag": t}
            for p, tags in TAGS.items()
            for t in tags
        ],
    )
    ins(
        insert(m.ParticipantAlias),
        [
            {
                "id": i("alias1"),
                "participant_id": i("p55dup"),
                "canonical_id": i("p55"),
                "confirmed_by": None,
                "confirmed_on": D(2024, 12, 20),
            }
        ],
    )
    ins(
        insert(m.TrainingSession),
        [
            {
                "id": i(s),
                "group_id": i(g) if g else None,
                "programme_id": i(p) if p else None,
                "branch_id": i(b),
                "lecturer_id": i("st1"),
                "date": day,
                "start_time": None,
                "academic_hours": h,
                "place_kind": "branch",
                "place": None,
                "topic": None,
                "archived": False,
            }
            for s, (g, p, b, day, h, _marks) in SESSIONS.items()
        ],
    )
    ins(
        insert(m.Enrolment),
        [
            {
                "id": fact_id("enrolment", i(g), i(p)),
                "group_id": i(g),
                "participant_id": i(p),
                "status": st,
                "enrolled_on": None,
                "certificate_issued": False,
            }
            for g, people in ENROLMENTS.items()
            for p, st in people.items()
        ],
    )
    ins(
        insert(m.Attendance),
        [
            {
                "id": fact_id("attendance", i(s), i(p)),
                "session_id": i(s),
                "participant_id": i(p),
                "mark": mark,
            }
            for s, (*_rest, marks) in SESSIONS.items()
            for p, mark in marks.items()
        ],
    )
    assessments = []
    for (g, p), (pre, post) in ASSESSMENTS.items():
        enrolment = fact_id("enrolment", i(g), i(p))
        for phase, score in (("pre", pre), ("post", post)):
            if score is not None:
                assessments.append(
                    {
                        "id": fact_id("assessment", enrolment, phase),
                        "enrolment_id": enrolment,
                        "phase": phase,
                        "score": score,
                        "date": None,
                    }
                )
    ins(insert(m.Assessment), assessments)
    _consultations(conn)
    if twins:
        build_twins(conn)


#: The lecturer's laptop copy of G1: the same cohort typed in again, its sessions decided
#: "same" as G1's. Marks and completions repeat what G1 has (Ona once under her second
#: record), so every report must come out exactly as without these rows.
TWIN_SESSIONS = {
    "S1b": ("S1", {"p17": "present", "p29": "present", "p55dup": "present", "p18": "absent"}),
    "S2b": ("S2", {"p17": "present", "p29": "present", "p55": "present"}),
}
TWIN_ENROLMENTS = {"p17": "completed", "p29": "completed", "p55dup": "completed"}


def twin_pair(a: str, b: str, decision: str = "same") -> dict[str, Any]:
    """A ``session_twin`` row for the known sessions ``a`` and ``b``."""
    low, high = sorted((i(a), i(b)))
    return {
        "id": fact_id("same-session", low, high),
        "session_id": low,
        "other_id": high,
        "decision": decision,
        "decided_by": None,
        "decided_on": D(2025, 1, 10),
    }


def build_twins(conn: Connection, decision: str = "same") -> None:
    """G1b, a copy of G1 with S1b and S2b, and the pairs S1–S1b and S2–S2b (``decision``)."""
    ins = conn.execute
    ins(
        insert(m.TrainingGroup),
        [
            {
                "id": i("G1b"),
                "programme_id": i("P1"),
                "branch_id": i("sangruda"),
                "lecturer_id": i("st1"),
                "name": "Sangrūdos pradedantieji (nešiojamas)",
                "referrer": "employment_service",
                "referrer_name": None,
                "language": "lt",
                "start_date": D(2024, 3, 5),
                "end_date": D(2024, 3, 12),
                "finished": True,
                "archived": False,
            }
        ],
    )
    sessions, marks = [], []
    for twin, (original, people) in TWIN_SESSIONS.items():
        _g, _p, branch, day, hours, _marks = SESSIONS[original]
        sessions.append(
            {
                "id": i(twin),
                "group_id": i("G1b"),
                "programme_id": None,
                "branch_id": i(branch),
                "lecturer_id": i("st1"),
                "date": day,
                "start_time": None,
                "academic_hours": hours,
                "place_kind": "branch",
                "place": None,
                "topic": None,
                "archived": False,
            }
        )
        marks += [
            {
                "id": fact_id("attendance", i(twin), i(p)),
                "session_id": i(twin),
                "participant_id": i(p),
                "mark": mark,
            }
            for p, mark in people.items()
        ]
    ins(insert(m.TrainingSession), sessions)
    ins(insert(m.Attendance), marks)
    ins(
        insert(m.Enrolment),
        [
            {
                "id": fact_id("enrolment", i("G1b"), i(p)),
                "group_id": i("G1b"),
                "participant_id": i(p),
                "status": st,
                "enrolled_on": None,
                "certificate_issued": False,
            }
            for p, st in TWIN_ENROLMENTS.items()
        ],
    )
    ins(
        insert(m.SessionTwin),
        [twin_pair(a, twin, decision) for twin, (a, _people) in TWIN_SESSIONS.items()],
    )


def _consultations(conn: Connection) -> None:
    rows = [
        # key, branch, date, staff, volunteer, participant, topics, minutes, referred
        (
            "C1",
            "sangruda",
            D(2024, 2, 10),
            "st1",
            None,
            "p55dup",
            ["e_government", "e_health"],
            30,
            True,
        ),
        ("C2", "sangruda", D(2024, 2, 11), None, "v1", "p55", ["smartphone"], 20, False),
        ("C3", "kalvarija", D(2024, 5, 3), "st1", None, None, ["banking"], 15, False),
        ("C4", "aglona", D(2024, 8, 20), None, "v2", None, ["smartphone", "safety"], 25, False),
        ("C5", "aglona", D(2025, 1, 5), "st1", None, None, ["email"], 10, False),
    ]
    conn.execute(
        insert(m.Consultation),
        [
            {
                "id": i(c),
                "branch_id": i(b),
                "date": day,
                "staff_id": i(st) if st else None,
                "volunteer_id": i(v) if v else None,
                "participant_id": i(p) if p else None,
                "age_band": None if p else "65_plus",
                "gender": None if p else "female",
                "topics": ",".join(topics),
                "minutes": minutes,
                "channel": "in_person",
                "outcome": "solved",
                "referred_to_escout": referred,
                "notes": "",
            }
            for c, b, day, st, v, p, topics, minutes, referred in rows
        ],
    )
    conn.execute(
        insert(m.ConsultationTopicRow),
        [
            {"id": fact_id("ctopic", i(c), t), "consultation_id": i(c), "topic": t}
            for c, _b, _d, _s, _v, _p, topics, _m, _r in rows
            for t in topics
        ],
    )
    conn.execute(
        insert(m.EScoutVisit),
        [
            {
                "id": i(v),
                "volunteer_id": i(vol),
                "branch_id": i(b),
                "date": day,
                "start_time": None,
                "place": None,
                "status": status,
                "people_helped": helped,
                "notes": "",
            }
            for v, vol, b, day, status, helped in (
                ("V1", "v1", "sangruda", D(2024, 4, 1), "done", 3),
                ("V2", "v1", "sangruda", D(2024, 4, 2), "planned", 0),
                ("V3", "v2", "aglona", D(2024, 9, 1), "done", 2),
            )
        ],
    )


@contextmanager
def known_store_at(folder: Path, *, twins: bool = False) -> Iterator[Store]:
    """An encrypted coordinator store in ``folder`` holding the known rows (demo key: no
    keyring needed, so a module-scoped fixture can share it). Its own device sits at
    Sangrūdos padalinys, Kalvarijos viešoji biblioteka, Marijampolės apskritis."""
    store = storefile.create(folder, demo=True)
    try:
        with store.engine.begin() as conn, capture_suspended(conn):
            build(conn, twins=twins)
        setup.initialise(
            store,
            region="Marijampolės apskritis",
            library="Kalvarijos viešoji biblioteka",
            branch="Sangrūdos padalinys",
            device_name="Koordinatorės kompiuteris",
            role="coordinator",
        )
        yield store
    finally:
        store.close()
