"""One-to-one help at a branch: consultations (by staff or e-scouts) and e-scout visits."""

from __future__ import annotations

import datetime as dt
import random

from libtrainer.domain import rules
from libtrainer.domain.enums import (
    AgeBand,
    Channel,
    ConsultationTopic,
    Gender,
    Outcome,
    VisitStatus,
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
from libtrainer.services.demo.people import register

_TOPICS = tuple((t, w) for t, w in zip(ConsultationTopic, (25, 20, 18, 22, 8, 8, 6, 8, 6, 3)))
_AGE_BANDS = (
    (AgeBand.UNDER_18, 5),
    (AgeBand.AGE_18_29, 8),
    (AgeBand.AGE_30_54, 20),
    (AgeBand.AGE_55_64, 22),
    (AgeBand.AGE_65_PLUS, 40),
    (AgeBand.UNKNOWN, 5),
)
_OUTCOMES = (
    (Outcome.SOLVED, 75),
    (Outcome.PARTLY_SOLVED, 15),
    (Outcome.NOT_SOLVED, 7),
    (Outcome.REFERRED, 3),
)


def consultations(
    rng: random.Random, site: Site, batch: Batch, plan: Plan, everyone: list[Row], ref: dt.date
) -> None:
    """One-to-one help at the branch: by staff or an e-scout, for known or anonymous people."""
    for _ in range(plan.consultations):
        day = weekday(ref - rng.randint(1, 364) * DAY)
        if day > ref:
            day -= 3 * DAY
        by_escout = bool(site.volunteers) and rng.random() < 0.2
        person = rng.choice(everyone) if everyone and rng.random() < 0.45 else None
        if person is not None:
            register(person, day, ref)
        topics = rules.check_enums(
            "topics", ConsultationTopic, [weighted(rng, _TOPICS) for _ in range(rng.randint(1, 3))]
        )
        referred = not by_escout and bool(site.volunteers) and rng.random() < 0.1
        outcome = Outcome.REFERRED if referred else weighted(rng, _OUTCOMES)
        cid = new_id()
        batch.add(
            "consultation",
            {
                "id": cid,
                "branch_id": site.branch_id,
                "date": valid_date("date", day),
                "staff_id": None if by_escout else rng.choice(site.librarians),
                "volunteer_id": rng.choice(site.volunteers) if by_escout else None,
                "participant_id": person["id"] if person else None,
                "age_band": None if person else weighted(rng, _AGE_BANDS).value,
                "gender": None
                if person
                else weighted(
                    rng, ((Gender.FEMALE, 60), (Gender.MALE, 35), (Gender.UNSPECIFIED, 5))
                ).value,
                "topics": ",".join(t.value for t in topics),
                "minutes": rules.check_minutes(
                    "minutes",
                    weighted(
                        rng, ((10, 10), (15, 20), (20, 15), (30, 25), (45, 15), (60, 10), (90, 5))
                    ),
                ),
                "channel": weighted(
                    rng, ((Channel.IN_PERSON, 85), (Channel.PHONE, 10), (Channel.ONLINE, 5))
                ).value,
                "outcome": outcome.value,
                "referred_to_escout": referred,
                "notes": site.words.consultation_notes.get(topics[0].value, "")
                if rng.random() < 0.4
                else "",
            },
        )
        for t in topics:
            batch.add(
                "consultation_topic",
                {"id": fact_id("ctopic", cid, t.value), "consultation_id": cid, "topic": t.value},
            )


def visits(rng: random.Random, site: Site, batch: Batch, plan: Plan, ref: dt.date) -> None:
    """E-scout visits agreed with the branch: done, cancelled, no-show, or still planned."""
    for volunteer in site.volunteers:
        for _ in range(plan.visits_per_escout):
            day = weekday(ref + rng.randint(-330, 30) * DAY)
            if day > ref:
                status, helped = VisitStatus.PLANNED, 0
            else:
                status = weighted(
                    rng,
                    (
                        (VisitStatus.DONE, 80),
                        (VisitStatus.CANCELLED, 10),
                        (VisitStatus.NO_SHOW, 10),
                    ),
                )
                helped = rng.randint(1, 8) if status is VisitStatus.DONE else 0
            halls = site.words.community_halls(site.stem)
            place = rng.choice(halls) if rng.random() < 0.3 else None
            done = status is VisitStatus.DONE
            batch.add(
                "escout_visit",
                {
                    "id": new_id(),
                    "volunteer_id": volunteer,
                    "branch_id": site.branch_id,
                    "date": valid_date("date", day),
                    "start_time": dt.time(rng.choice((15, 16)), rng.choice((0, 30))),
                    "place": place or site.name,
                    "status": status.value,
                    "people_helped": helped,
                    "notes": rng.choice(site.words.visit_notes) if done else "",
                },
            )
