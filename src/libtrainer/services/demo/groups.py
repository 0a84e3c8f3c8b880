"""Training groups of a branch: sessions, enrolments, attendance, assessments, seminars.

Groups are formed with a referrer (the employment service, the University of the Third Age, a
community, the municipality) for a programme; sessions of 2–6 academic hours follow once or twice
a week, in the branch or in a community hall. Attendance is marked for past sessions only;
people drop out now and then; those present for three quarters of the hours complete.
"""

from __future__ import annotations

import datetime as dt
import random

from libtrainer.domain import rules
from libtrainer.domain.enums import (
    AssessmentPhase,
    AttendanceMark,
    EnrolmentStatus,
    PlaceKind,
    Referrer,
)
from libtrainer.domain.ids import fact_id, new_id
from libtrainer.services.demo.model import (
    DAY,
    Batch,
    Plan,
    Row,
    Site,
    valid_date,
    weekday,
    weighted,
)
from libtrainer.services.demo.people import PROFILES, register

GROUP_ORDER = (
    "job_seekers",
    "u3a",
    "community",
    "job_seekers",
    "general",
    "community",
    "u3a",
    "municipal",
    "general",
    "job_seekers",
)
_START_TIMES = {
    "job_seekers": (9, 10),
    "u3a": (11, 13),
    "community": (17, 18),
    "general": (10, 14),
    "municipal": (13, 14),
    "library_staff": (10, 10),
}
_SESSION_HOURS = ((2, 20), (3, 3), (4, 3), (6, 1))


def group_kinds(site: Site, count: int) -> list[str]:
    """The branch's groups; a central library also trains library staff (one in ten groups)."""
    kinds = [GROUP_ORDER[i % len(GROUP_ORDER)] for i in range(count)]
    if site.central and site.guest_lecturers:
        kinds = ["library_staff" if i % 10 == 9 else k for i, k in enumerate(kinds)]
    return kinds


def schedule(rng: random.Random, ref: dt.date, count: int) -> list[dt.date]:
    """Session dates of a group: once or twice a week, weekdays, starting within the year."""
    day = weekday(ref - rng.randint(7, 340) * DAY)
    step = rng.choice((2, 3, 7, 7))
    dates = []
    for _ in range(count):
        dates.append(valid_date("date", day))
        day = weekday(day + step * DAY)
    return dates


def _place(rng: random.Random, site: Site, kind: str) -> tuple[PlaceKind, str]:
    """Community groups meet in their halls; library staff sometimes online."""
    roll = rng.random()
    if kind == "library_staff":
        return (PlaceKind.ONLINE, "Zoom") if roll < 0.3 else (PlaceKind.BRANCH, site.name)
    if roll < (0.8 if kind == "community" else 0.15):
        return PlaceKind.OFF_SITE, rng.choice(site.words.community_halls(site.stem))
    return PlaceKind.BRANCH, site.name


def _referrer_name(site: Site, referrer: Referrer) -> str | None:
    name = site.words.referrers.get(referrer)
    return name(site.stem, site.town, site.library) if name else None


def _group_name(site: Site, kind: str, number: int) -> str:
    """ "TAU grupė Nr. 2", "Seiliūnų bendruomenės grupė Nr. 3"; "TVU grupa Nr. 2" in Latvia."""
    words = site.words
    name = words.community_group.format(stem=site.stem) if kind == "community" else None
    return f"{name or words.group_names[kind]} Nr. {number}"


def group(
    rng: random.Random,
    site: Site,
    batch: Batch,
    kind: str,
    number: int,
    pool: list[Row],
    size: int,
    ref: dt.date,
) -> None:
    """One training group with its sessions, enrolments, attendance and assessments."""
    profile = PROFILES[kind]
    programme_id, spec = site.programmes[rng.choice(profile.programmes)]
    length = weighted(rng, tuple((h, w) for h, w in _SESSION_HOURS if spec.hours % h == 0))
    dates = schedule(rng, ref, spec.hours // length)
    staff = site.guest_lecturers if kind == "library_staff" else site.lecturers
    lecturer = rng.choice(staff or site.librarians)
    place_kind, place = _place(rng, site, kind)
    start = dt.time(rng.choice(_START_TIMES[kind]), 0)
    gid = new_id()
    topics = site.words.topics(spec)
    batch.add(
        "training_group",
        {
            "id": gid,
            "programme_id": programme_id,
            "branch_id": site.branch_id,
            "lecturer_id": lecturer,
            "name": rules.clean_name("name", _group_name(site, kind, number)),
            "referrer": profile.referrer.value,
            "referrer_name": _referrer_name(site, profile.referrer),
            "language": site.words.group_language(spec),
            "start_date": dates[0],
            "end_date": dates[-1],
            "finished": dates[-1] <= ref,
            "archived": False,
        },
    )
    sessions = []
    for i, day in enumerate(dates):
        sessions.append(
            {
                "id": new_id(),
                "group_id": gid,
                "programme_id": programme_id,
                "branch_id": site.branch_id,
                "lecturer_id": rng.choice(staff) if staff and rng.random() < 0.05 else lecturer,
                "date": day,
                "start_time": rules.check_time("start_time", start),
                "academic_hours": rules.check_hours("academic_hours", length),
                "place_kind": place_kind.value,
                "place": place,
                "topic": topics[i % len(topics)],
                "archived": False,
            }
        )
        batch.add("training_session", sessions[-1])
    for person in rng.sample(pool, min(size, len(pool))):
        enrol(rng, batch, gid, sessions, person, spec.hours, ref)


def _mark(rng: random.Random, reliability: float) -> AttendanceMark:
    if rng.random() < reliability:
        return AttendanceMark.PRESENT
    return AttendanceMark.EXCUSED if rng.random() < 0.35 else AttendanceMark.ABSENT


def enrol(
    rng: random.Random,
    batch: Batch,
    gid: str,
    sessions: list[Row],
    person: Row,
    hours: float,
    ref: dt.date,
) -> None:
    """A participant in a group: attendance of every past session until they drop out."""
    pid = person["id"]
    eid = fact_id("enrolment", gid, pid)
    first, last = sessions[0]["date"], sessions[-1]["date"]
    enrolled_on = valid_date("enrolled_on", first - rng.randint(0, 10) * DAY)
    register(person, enrolled_on, ref)
    reliability = rng.uniform(0.78, 1.0)
    drop_at = (
        rng.randint(1, len(sessions) - 1) if len(sessions) > 1 and rng.random() < 0.08 else None
    )
    present = 0.0
    for i, session in enumerate(sessions):
        if session["date"] > ref or (drop_at is not None and i >= drop_at):
            break
        mark = rules.check_enum("mark", AttendanceMark, _mark(rng, reliability))
        batch.add(
            "attendance",
            {
                "id": fact_id("attendance", session["id"], pid),
                "session_id": session["id"],
                "participant_id": pid,
                "mark": mark.value,
            },
        )
        present += session["academic_hours"] if mark is AttendanceMark.PRESENT else 0
    if drop_at is not None and sessions[drop_at]["date"] <= ref:
        status = EnrolmentStatus.DROPPED
    elif last <= ref:
        status = EnrolmentStatus.COMPLETED if present >= 0.75 * hours else EnrolmentStatus.DROPPED
    else:
        status = EnrolmentStatus.ENROLLED
    done = status is EnrolmentStatus.COMPLETED
    batch.add(
        "enrolment",
        {
            "id": eid,
            "group_id": gid,
            "participant_id": pid,
            "status": status.value,
            "enrolled_on": enrolled_on,
            "certificate_issued": done and rng.random() < 0.92,
        },
    )
    if first <= ref and rng.random() < 0.6:
        assess(rng, batch, eid, first, last if done else None)


def assess(
    rng: random.Random, batch: Batch, eid: str, first: dt.date, last: dt.date | None
) -> None:
    """Self-assessment (1–5) at the first session and, when completed, at the last."""
    pre = weighted(rng, ((1, 25), (2, 40), (3, 30), (4, 5)))
    scores = [(AssessmentPhase.PRE, pre, first)]
    if last is not None:
        scores.append(
            (AssessmentPhase.POST, min(5, pre + weighted(rng, ((0, 10), (1, 50), (2, 40)))), last)
        )
    for phase, score, day in scores:
        batch.add(
            "assessment",
            {
                "id": fact_id("assessment", eid, phase.value),
                "enrolment_id": eid,
                "phase": phase.value,
                "score": rules.check_score("score", score),
                "date": day,
            },
        )


def _one_off(
    site: Site,
    batch: Batch,
    rng: random.Random,
    day: dt.date,
    hours: int,
    place: tuple[PlaceKind, str],
    topic: str,
    programme: str | None,
    attendees: list[Row],
    ref: dt.date,
) -> None:
    sid = new_id()
    batch.add(
        "training_session",
        {
            "id": sid,
            "group_id": None,
            "programme_id": programme,
            "branch_id": site.branch_id,
            "lecturer_id": rng.choice(site.lecturers or site.librarians),
            "date": day,
            "start_time": dt.time(rng.choice((10, 12, 15)), 0),
            "academic_hours": rules.check_hours("academic_hours", hours),
            "place_kind": place[0].value,
            "place": place[1],
            "topic": topic,
            "archived": False,
        },
    )
    for person in attendees:
        register(person, day, ref)
        batch.add(
            "attendance",
            {
                "id": fact_id("attendance", sid, person["id"]),
                "session_id": sid,
                "participant_id": person["id"],
                "mark": AttendanceMark.PRESENT.value,
            },
        )


def seminars(
    rng: random.Random,
    site: Site,
    batch: Batch,
    plan: Plan,
    pools: dict[str, list[Row]],
    ref: dt.date,
) -> None:
    """One-off seminars (no group): safety for school pupils, topical talks for residents,
    and a home visit to a participant who cannot come to the library."""
    adults = pools.get("general", []) + pools.get("u3a", [])
    safety = site.programmes["PL-SAUG"][0]
    for k in range(plan.seminars):
        day = weekday(ref - rng.randint(3, 330) * DAY)
        pupils = k % 2 == 0 and pools.get("youth")
        pool = pools["youth"] if pupils else adults
        topic = rng.choice(site.words.youth_topics if pupils else site.words.seminar_topics)
        attendees = rng.sample(pool, min(len(pool), rng.randint(5, 15)))
        _one_off(
            site,
            batch,
            rng,
            day,
            rng.choice((2, 2, 3)),
            (PlaceKind.BRANCH, site.name),
            topic,
            safety if pupils else None,
            attendees,
            ref,
        )
    housebound = [p for kind in sorted(pools) for p in pools[kind] if p["disability"]]
    if housebound:
        person = rng.choice(housebound)
        day = weekday(ref - rng.randint(3, 200) * DAY)
        _one_off(
            site,
            batch,
            rng,
            day,
            2,
            (PlaceKind.HOME_VISIT, site.words.home_visit[0]),
            site.words.home_visit[1],
            None,
            [person],
            ref,
        )
