"""Filling a store: what to fill, how much each branch gets, writing, the summary."""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select

from libtrainer.domain import rules
from libtrainer.domain.enums import BranchKind
from libtrainer.domain.errors import N_, ValidationError
from libtrainer.i18n import _
from libtrainer.i18n.format import format_number
from libtrainer.services import setup
from libtrainer.services.demo import catalogue, groups, helpdesk
from libtrainer.services.demo.model import Batch, Plan, Row, Site
from libtrainer.services.demo.people import PROFILES, Profile, gender_deck, participant, tag_rows
from libtrainer.services.demo.places import Target, prepare
from libtrainer.services.demo.vocabulary import Vocabulary, for_country
from libtrainer.store.models import Base, synced_tables
from libtrainer.store.store import Store

log = logging.getLogger(__name__)

SIZES = ("branch", "region")
CHUNK_ROWS = 5_000
BRANCH_PLAN = Plan(
    participants=60,
    groups=6,
    consultations=80,
    seminars=2,
    escouts=3,
    visits_per_escout=4,
    group_size=(9, 14),
)
REGION_TOTAL = Plan(
    participants=20_000,
    groups=1_200,
    consultations=20_000,
    seminars=1_400,
    escouts=0,
    visits_per_escout=6,
    group_size=(13, 21),
)
_WEIGHTS = {
    BranchKind.CENTRAL: 3.0,
    BranchKind.BRANCH: 1.0,
    BranchKind.MOBILE: 0.5,
    BranchKind.COMMUNITY_SITE: 0.5,
}
_ESCOUTS = {
    BranchKind.CENTRAL: 4,
    BranchKind.BRANCH: 2,
    BranchKind.MOBILE: 1,
    BranchKind.COMMUNITY_SITE: 1,
}


@dataclass(frozen=True)
class DemoSummary:
    """What one run added: rows per table, branches filled, how long it took."""

    size: str
    seed: int
    branches: int
    rows: dict[str, int]
    seconds: float

    def count(self, table: str) -> int:
        return self.rows.get(table, 0)


def fill(
    store: Store,
    *,
    size: str = "branch",
    seed: int = 7,
    scale: float = 1.0,
    today: dt.date | None = None,
) -> DemoSummary:
    """Add demonstration data to an initialised store; ``scale`` shrinks the region (tests)."""
    if size not in SIZES:
        raise ValidationError(
            "size", N_("{field_label}: “{value}” is not one of the allowed values."), value=size
        )
    ref = today or rules.today()
    ident = setup.identity(store)
    started = time.perf_counter()
    counts: Counter[str] = Counter()
    with store.uow() as uow:
        words = _vocabulary(uow.connection, ident.region_id)
        targets = _targets(uow.connection, ident, size, words)
        plans = _plans(targets, size, scale)
        sites = prepare(
            uow.connection,
            ident.region_id,
            targets,
            plans,
            ref,
            counts,
            region=size == "region",
            words=words,
        )
        uow.commit()
    for site, plan in zip(sites, plans):
        batch = fill_site(random.Random(f"{seed}:{site.library}:{site.name}"), site, plan, ref)
        with store.uow() as uow:
            write(uow.connection, batch.rows)
            uow.commit()
        counts.update(batch.counts())
    seconds = time.perf_counter() - started
    log.info("demo %s seed %s: %d rows in %.1f s", size, seed, sum(counts.values()), seconds)
    return DemoSummary(size, seed, len(sites), dict(counts), seconds)


def write(conn: Connection, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Insert rows parents first, as Core executemany in chunks (capture triggers fire per row)."""
    for name in synced_tables():
        table_rows = rows.get(name)
        if not table_rows:
            continue
        stmt = insert(Base.metadata.tables[name])
        for start in range(0, len(table_rows), CHUNK_ROWS):
            conn.execute(stmt, table_rows[start : start + CHUNK_ROWS])


# --- what to fill -----------------------------------------------------------------------------


def _vocabulary(conn: Connection, region_id: str) -> Vocabulary:
    """The words of the store's country (its region's): Latvian data for a Latvian store."""
    region = Base.metadata.tables["region"]
    country = conn.execute(select(region.c.country).where(region.c.id == region_id)).scalar()
    return for_country(str(country) if country else None)


def _targets(
    conn: Connection, ident: setup.DeviceIdentity, size: str, words: Vocabulary
) -> list[Target]:
    """The branches to fill: this device's branch, or every branch of the region catalogue
    of the store's country."""
    tables = Base.metadata.tables
    branch, library = tables["branch"], tables["library"]
    name, kind, rural, lib_name = conn.execute(
        select(branch.c.name, branch.c.kind, branch.c.rural, library.c.name)
        .join(library, library.c.id == branch.c.library_id)
        .where(branch.c.id == ident.branch_id)
    ).one()
    own = (str(lib_name), catalogue.BranchSpec(str(name), BranchKind(kind), bool(rural)))
    if size == "branch":
        return [own]
    targets = [(lib.name, spec) for lib in words.libraries for spec in lib.branches]
    return (
        targets
        if any(t[1].name == own[1].name and t[0] == own[0] for t in targets)
        else [*targets, own]
    )


def _plans(targets: list[Target], size: str, scale: float) -> list[Plan]:
    """Each branch's share of the region: a central library does about three branches' work."""
    if size == "branch":
        return [BRANCH_PLAN]
    weights = [_WEIGHTS[spec.kind] * (1.0 if spec.rural else 1.5) for _lib, spec in targets]
    total = REGION_TOTAL

    def split(amount: int) -> list[int]:
        return _split(max(len(targets), round(amount * scale)), weights)

    columns = zip(
        split(total.participants),
        split(total.groups),
        split(total.consultations),
        split(total.seminars),
    )
    return [
        Plan(
            participants=p,
            groups=g,
            consultations=c,
            seminars=s,
            escouts=_ESCOUTS[spec.kind],
            visits_per_escout=total.visits_per_escout,
            group_size=total.group_size,
        )
        for (p, g, c, s), (_lib, spec) in zip(columns, targets)
    ]


def _split(amount: int, weights: list[float]) -> list[int]:
    """``amount`` shared by ``weights`` in whole numbers that add up (largest remainder)."""
    exact = [amount * w / sum(weights) for w in weights]
    shares = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: shares[i] - exact[i])
    for i in order[: amount - sum(shares)]:
        shares[i] += 1
    return shares


# --- places, programmes, staff and e-scouts (found or added) ---------------------------------


def fill_site(rng: random.Random, site: Site, plan: Plan, ref: dt.date) -> Batch:
    """A year of one branch's work up to ``ref`` (plus a few planned sessions and visits)."""
    batch = Batch()
    kinds = groups.group_kinds(site, plan.groups)
    sizes = [rng.randint(*plan.group_size) for _kind in kinds]
    pools = people(rng, site, plan, kinds, sizes, ref)
    for i, (kind, size) in enumerate(zip(kinds, sizes)):
        groups.group(rng, site, batch, kind, site.first_group_number + i, pools[kind], size, ref)
    groups.seminars(rng, site, batch, plan, pools, ref)
    everyone = [p for kind in sorted(pools) for p in pools[kind]]
    helpdesk.consultations(rng, site, batch, plan, everyone, ref)
    helpdesk.visits(rng, site, batch, plan, ref)
    for kind in sorted(pools):
        for person in pools[kind]:
            batch.add("participant", person)
            for tag in tag_rows(person, PROFILES[kind], ref):
                batch.add("participant_tag", tag)
    return batch


def people(
    rng: random.Random, site: Site, plan: Plan, kinds: list[str], sizes: list[int], ref: dt.date
) -> dict[str, list[Row]]:
    """Participants by profile: enough for the groups (some take two courses), then walk-ins."""
    demand = Counter[str]()
    for kind, size in zip(kinds, sizes):
        demand[kind] += size
    wanted = {kind: max(1, round(n * 0.8)) for kind, n in sorted(demand.items())}
    extras = max(4, plan.participants - sum(wanted.values()))
    if sum(wanted.values()) + extras > plan.participants:
        factor = max(plan.participants - extras, 1) / sum(wanted.values())
        wanted = {k: max(1, round(n * factor)) for k, n in wanted.items()}
    youth = max(2, round(extras * 0.15))
    wanted["youth"] = wanted.get("youth", 0) + youth
    wanted["general"] = wanted.get("general", 0) + extras - youth
    deck = iter(gender_deck(rng, sum(wanted.values())))
    return {
        kind: [
            participant(
                rng, _local(PROFILES[kind], site), next(deck), site.branch_id, ref, site.words
            )
            for _n in range(n)
        ]
        for kind, n in sorted(wanted.items())
    }


def _local(profile: Profile, site: Site) -> Profile:
    """Town branches have fewer rural residents than village branches."""
    if site.rural or profile.kind == "community":
        return profile
    return Profile(**{**profile.__dict__, "rural_share": 0.15})


# --- what a person reads ----------------------------------------------------------------------

_SUMMARY = (
    ("participant", N_("participants: {n}")),
    ("training_group", N_("groups: {n}")),
    ("training_session", N_("sessions: {n}")),
    ("attendance", N_("attendance marks: {n}")),
    ("consultation", N_("consultations: {n}")),
    ("escout_visit", N_("e-scout visits: {n}")),
)


def describe(summary: DemoSummary) -> str:
    """One line: what was added, in how many branches, from which seed."""
    counts = [_("branches: {n}").format(n=format_number(summary.branches))]
    counts += [_(label).format(n=format_number(summary.count(table))) for table, label in _SUMMARY]
    return _("{counts} (seed {seed}, {seconds} s)").format(
        counts=", ".join(counts),
        seed=summary.seed,
        seconds=format_number(round(summary.seconds, 1)),
    )


# --- ``libtrainer demo --start`` ----------------------------------------------------------------
