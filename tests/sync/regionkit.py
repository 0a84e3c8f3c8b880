"""Test helpers for sync (Y1): a region with a coordinator and branches on one temp share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from libtrainer.domain.ids import new_id
from libtrainer.domain.rules import fold
from libtrainer.store.models import Participant
from libtrainer.store.store import Store
from libtrainer.sync import enroll, identity
from libtrainer.sync.share import Share
from libtrainer.sync.trust import TrustList, load_trust, refresh_trust
from tests.conftest import make_store

NAMES = [
    ("Žydrūnė", "Šimkūnienė"),
    ("Ąžuolas", "Čepulionis"),
    ("Līga", "Ozoliņa"),
    ("Ēriks", "Kļaviņš"),
    ("Ieva", "Įsčiūtė"),
]


@dataclass
class Region:
    root: Path
    coordinator: Store
    branches: list[Store] = field(default_factory=list)

    def share(self, store: Store) -> Share:
        return Share.for_store(self.root, store)

    def trust(self, store: Store) -> TrustList:
        with store.read() as conn:
            return load_trust(conn, self.share(store).region)

    def keys(self, store: Store) -> list:
        return identity.decryption_keys(store)

    def close(self) -> None:
        for store in (self.coordinator, *self.branches):
            store.close()


def make_region(tmp_path: Path, branches: int = 1) -> Region:
    """A coordinator and ``branches`` branch stores, all enrolled on ``tmp_path/share``."""
    root = tmp_path / "share"
    root.mkdir(parents=True, exist_ok=True)
    coordinator = make_store(
        tmp_path / "coord",
        role="coordinator",
        branch="Centrinė biblioteka",
        device_name="Koordinatorė",
    )
    stores = [
        make_store(tmp_path / f"b{i}", branch=f"Padalinys Nr. {i}", device_name=f"PC-{i}")
        for i in range(branches)
    ]
    enroll.bootstrap(coordinator, stores, root)
    return Region(root, coordinator, stores)


def add_coordinator(region: Region, data_dir: Path, name: str = "Koordinatorius 2") -> Store:
    """A second coordinator of the region, approved as one; every device reads the new trust
    list, so bundles published from now on are readable by it too. The caller closes it."""
    second = make_store(
        data_dir, role="coordinator", branch="Centrinė biblioteka", device_name=name
    )
    outcome = enroll.request_enrolment(second, region.share(second))
    coordinator = region.coordinator
    enroll.approve(coordinator, region.share(coordinator), outcome.code, as_coordinator=True)
    for store in (second, *region.branches):
        refresh_trust(store, region.share(store))
    return second


def add_participants(store: Store, names: list[tuple[str, str]] = NAMES) -> list[str]:
    """Insert participants (captured into the outbox); returns their ids."""
    ids = []
    with store.uow() as uow:
        branch = store.meta("branch_id")
        for given, family in names:
            pid = new_id()
            ids.append(pid)
            uow.session.add(
                Participant(
                    id=pid,
                    branch_id=branch,
                    given_name=given,
                    family_name=family,
                    name_key=fold(f"{given} {family}"),
                    phone="+370 600 12345",
                    notes="Pastabos: ąčęėįšųūž",
                )
            )
        uow.commit()
    return ids


def merge_branch_work(region: Region, branch: int = 0) -> Store:
    """Branch ``branch`` records people and publishes; the coordinator merges them (one bundle,
    number 1). Returns the branch's store."""
    from libtrainer.sync import publish  # noqa: PLC0415
    from libtrainer.sync.session import synchronise  # noqa: PLC0415

    store = region.branches[branch]
    add_participants(store)
    publish.publish(store, region.share(store))
    synchronise(region.coordinator, region.root)
    return store


def catalogue_programme(
    region: Region, title: str = "Skaitmeninės technologijos TAU", hours: int = 16
) -> None:
    """The coordinator adds ``title`` to the region's catalogue and every branch receives it,
    as a branch must before it imports a register of that programme (decision 0110)."""
    from libtrainer.services import programmes
    from libtrainer.sync.session import synchronise

    with region.coordinator.uow() as uow:
        programmes.add_programme(uow, hours, title_lt=title, code="TAU-1", level="beginner")
    synchronise(region.coordinator, region.root)
    for branch in region.branches:
        synchronise(branch, region.root)
