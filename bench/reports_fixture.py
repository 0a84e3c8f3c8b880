"""The benchmark's region store: Core bulk inserts of a whole region's training records.

200 branches in 10 libraries, 40 programmes, ~62k participants (1–3 target-group tags, 2,000
confirmed duplicates), 2,500 groups of 20 meeting 20 times (50k sessions, 1M attendance marks,
85 % present), completions and pre/post self-assessments, 40k consultations, 5k e-scout visits,
over 2024–2025. A benchmark fixture only: it writes under ``capture_suspended`` with foreign-key
checks off for the load (its rows are consistent by construction), not the way records are
normally entered.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from sqlalchemy import Connection, insert

from libtrainer.store import models as m
from libtrainer.store.capture import capture_suspended

START = dt.date(2024, 1, 1)
DAYS = 730
GIVEN = ["Rūta", "Jonas", "Žydrūnė", "Česlovas", "Aušra", "Ilze", "Jānis", "Līga", "Ķēniņš"]
FAMILY = ["Kazlauskienė", "Petraitis", "Šimkus", "Ežerinskas", "Bērziņa", "Ozoliņš", "Kļaviņa"]
TAGS = ["job_seekers", "seniors_u3a", "community", "seniors", "youth", "rural_residents"]
TOPICS = ["e_government", "e_health", "banking", "smartphone", "email", "safety"]
STATUS = [
    "employed",
    "self_employed",
    "unemployed",
    "long_term_unemployed",
    "inactive",
    "retired",
    "unknown",
]
ISCED = ["isced_0_2", "isced_3_4", "isced_5_8", "unknown"]
PER_GROUP = 20  # people per group, and sessions per group


class Fixture:
    """Rows of one region, built in memory, then bulk-inserted table by table."""

    def __init__(self, region_id: str, attendance: int, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.n = 0x0190_0000_0000_7000_8000_0000_0000_0000
        self.region_id = region_id
        self.attendance = attendance
        self.rows: dict[Any, list[dict[str, Any]]] = {}

    def new(self) -> str:
        """Unique, time-ordered ids (cheap: a counter formatted as a UUID)."""
        self.n += 1
        return str(uuid.UUID(int=self.n))

    def day(self, within: int = DAYS) -> dt.date:
        return START + dt.timedelta(days=self.rnd.randrange(within))

    def add(self, model: Any, **row: Any) -> dict[str, Any]:
        row.setdefault("id", self.new())
        self.rows.setdefault(model, []).append(row)
        return row

    def organisation(self) -> None:
        libs = [
            self.add(m.Library, region_id=self.region_id, name=f"Biblioteka {i} – Šiaulių")
            for i in range(10)
        ]
        for i in range(200):
            self.add(
                m.Branch,
                library_id=libs[i % 10]["id"],
                name=f"Padalinys Nr. {i} ąčę",
                kind="branch",
                rural=i % 3 == 0,
                archived=False,
            )
        for i in range(40):
            self.add(
                m.Programme,
                code=f"P{i:02d}",
                title_lt=f"Programa „Skaitmeninė“ {i}",
                title_lv=f"Programma {i}",
                title_en=f"Programme {i}",
                level="beginner",
                academic_hours=8.0,
                topics="",
                archived=False,
                audience="library_staff" if i % 4 == 0 else "residents",
            )
        branches = self.rows[m.Branch]
        for i in range(120):
            self.add(
                m.Staff,
                branch_id=self.rnd.choice(branches)["id"],
                given_name="Asta",
                family_name=f"Mickevičienė {i}",
                role="lecturer",
                archived=False,
            )
        for i in range(100):
            self.add(
                m.Volunteer,
                branch_id=self.rnd.choice(branches)["id"],
                given_name="Ūla",
                family_name=f"Žemaitytė {i}",
                birth_year=2005,
                archived=False,
            )

    def people(self) -> None:
        rnd, branches = self.rnd, self.rows[m.Branch]
        for _ in range(max(1000, self.attendance // 16)):
            person = self.add(
                m.Participant,
                branch_id=rnd.choice(branches)["id"],
                code=None,
                given_name=rnd.choice(GIVEN),
                family_name=rnd.choice(FAMILY),
                name_key="x",
                birth_year=rnd.randint(1935, 2008),
                gender=rnd.choice(["female", "male", "female"]),
                labour_status=rnd.choice(STATUS),
                isced=rnd.choice(ISCED),
                rural=rnd.random() < 0.4,
                disability=rnd.random() < 0.08,
                notes="",
                archived=False,
            )
            for tag in rnd.sample(TAGS, rnd.choice([0, 1, 1, 2, 3])):
                self.add(m.ParticipantTag, participant_id=person["id"], tag=tag)
        people = self.rows[m.Participant]
        for i in range(0, min(4000, len(people) - 1), 2):
            self.add(
                m.ParticipantAlias,
                participant_id=people[i]["id"],
                canonical_id=people[i + 1]["id"],
                confirmed_on=START,
            )

    def training(self) -> None:
        rnd, people = self.rnd, self.rows[m.Participant]
        for i in range(max(1, self.attendance // (PER_GROUP * PER_GROUP))):
            group = self.add(
                m.TrainingGroup,
                programme_id=rnd.choice(self.rows[m.Programme])["id"],
                branch_id=rnd.choice(self.rows[m.Branch])["id"],
                lecturer_id=rnd.choice(self.rows[m.Staff])["id"],
                name=f"Grupė {i}",
                referrer="none",
                language="lt",
                finished=True,
                archived=False,
                end_date=self.day(),
            )
            members = rnd.sample(people, PER_GROUP)
            for person in members:
                self.enrol(group, person)
            first = rnd.randrange(DAYS - 60)
            for k in range(PER_GROUP):
                session = self.add(
                    m.TrainingSession,
                    group_id=group["id"],
                    programme_id=None,
                    branch_id=group["branch_id"],
                    lecturer_id=group["lecturer_id"],
                    date=START + dt.timedelta(days=first + 2 * k),
                    academic_hours=2.0,
                    place_kind="branch",
                    archived=False,
                )
                for person in members:
                    mark = "present" if rnd.random() < 0.85 else "absent"
                    self.add(
                        m.Attendance,
                        session_id=session["id"],
                        participant_id=person["id"],
                        mark=mark,
                    )

    def enrol(self, group: dict[str, Any], person: dict[str, Any]) -> None:
        rnd = self.rnd
        status = "completed" if rnd.random() < 0.8 else "dropped"
        enrolment = self.add(
            m.Enrolment,
            group_id=group["id"],
            participant_id=person["id"],
            status=status,
            certificate_issued=False,
        )
        if rnd.random() < 0.5:
            pre = rnd.randint(1, 4)
            self.add(m.Assessment, enrolment_id=enrolment["id"], phase="pre", score=pre)
            self.add(
                m.Assessment,
                enrolment_id=enrolment["id"],
                phase="post",
                score=min(5, pre + rnd.randint(0, 2)),
            )

    def outreach(self) -> None:
        rnd, branches = self.rnd, self.rows[m.Branch]
        staff, volunteers, people = (
            self.rows[m.Staff],
            self.rows[m.Volunteer],
            self.rows[m.Participant],
        )
        for _ in range(self.attendance // 25):
            named = rnd.random() < 0.6
            consultation = self.add(
                m.Consultation,
                branch_id=rnd.choice(branches)["id"],
                date=self.day(),
                staff_id=rnd.choice(staff)["id"] if rnd.random() < 0.7 else None,
                volunteer_id=rnd.choice(volunteers)["id"] if rnd.random() < 0.3 else None,
                participant_id=rnd.choice(people)["id"] if named else None,
                age_band=None if named else "65_plus",
                gender=None,
                topics="",
                minutes=rnd.randint(5, 90),
                channel="in_person",
                outcome="solved",
                referred_to_escout=rnd.random() < 0.1,
                notes="",
            )
            for topic in rnd.sample(TOPICS, rnd.randint(1, 2)):
                self.add(m.ConsultationTopicRow, consultation_id=consultation["id"], topic=topic)
        for _ in range(5000):
            self.add(
                m.EScoutVisit,
                volunteer_id=rnd.choice(volunteers)["id"],
                branch_id=rnd.choice(branches)["id"],
                date=self.day(),
                status="done",
                people_helped=rnd.randint(1, 6),
                notes="",
            )

    def insert(self, conn: Connection, chunk: int = 50_000) -> None:
        for table in m.Base.metadata.sorted_tables:
            model = next((k for k in self.rows if k.__table__ is table), None)
            rows = self.rows.get(model, []) if model is not None else []
            for start in range(0, len(rows), chunk):
                conn.execute(insert(table), rows[start : start + chunk])


def fill(store: Any, region_id: str, attendance: int, seed: int = 11) -> dict[str, int]:
    """Generate and bulk-load the region; returns how many rows of the main kinds."""
    fixture = Fixture(region_id, attendance, seed)
    fixture.organisation()
    fixture.people()
    fixture.training()
    fixture.outreach()
    with store.engine.connect() as conn:
        raw = conn.connection.driver_connection
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin(), capture_suspended(conn):
                fixture.insert(conn)
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
    rows = fixture.rows
    return {
        "participants": len(rows[m.Participant]),
        "sessions": len(rows[m.TrainingSession]),
        "attendance": len(rows[m.Attendance]),
        "consultations": len(rows[m.Consultation]),
        "groups": len(rows[m.TrainingGroup]),
    }
