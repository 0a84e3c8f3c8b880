"""End to end with the command line: a coordinator, three branches, one shared folder.

Each computer is set up with ``libtrainer init``, enrolled with ``enroll`` / ``trust approve``,
the branches get demonstration data (``libtrainer demo``), and everyone runs ``libtrainer sync``
until nothing moves. The coordinator then holds, table by table, exactly the sum of what each
branch created plus its own rows, and every record can be traced to the device that made it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from libtrainer.cli import main
from libtrainer.services import storefile
from libtrainer.store.models import Base, Clock, synced_tables
from libtrainer.store.store import Store

REGION = "Alytaus apskritis"
BRANCHES = ["Būdviečio padalinys", "Kapčiamiesčio padalinys", "Šeštokų padalinys"]


def cli(data: Path, *args: str) -> int:
    return main(["--data-dir", str(data), "--lang", "en", *args])


def _init(data: Path, branch: str, name: str, role: str) -> None:
    assert (
        cli(
            data,
            "init",
            "--region",
            REGION,
            "--library",
            "Lazdijų r. savivaldybės viešoji biblioteka",
            "--branch",
            branch,
            "--device-name",
            name,
            "--role",
            role,
        )
        == 0
    )


def _made_by(store: Store) -> dict[tuple[str, str], str]:
    """(table, id) → the device whose insert made the row, for every live synced row."""
    found: dict[tuple[str, str], str] = {}
    with store.read() as conn:
        for name in synced_tables():
            table = Base.metadata.tables[name]
            rows = conn.execute(
                select(table.c.id, Clock.device)
                .join(Clock, (Clock.row_id == table.c.id) & (Clock.tbl == name))
                .where(Clock.field == "*")
            )
            found.update({(name, row_id): device for row_id, device in rows})
    return found


def _counts(store: Store) -> Counter[str]:
    with store.read() as conn:
        return Counter(
            {
                name: len(conn.execute(select(Base.metadata.tables[name].c.id)).all())
                for name in synced_tables()
            }
        )


def test_coordinator_holds_the_sum_of_three_branches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """sync everywhere: the coordinator's records equal the branches' records, each traceable."""
    share = tmp_path / "share"
    share.mkdir()
    coord = tmp_path / "coordinator"
    _init(coord, "Centrinė biblioteka", "Koordinatorė", "coordinator")
    assert cli(coord, "enroll", str(share)) == 0
    branches = [tmp_path / f"branch{i}" for i in range(3)]
    for i, (data, branch) in enumerate(zip(branches, BRANCHES)):
        _init(data, branch, f"Skaitykla PC-{i + 1}", "branch")
        assert cli(data, "enroll", str(share)) == 0
    capsys.readouterr()
    assert cli(coord, "trust", "list", "--json", "--share", str(share)) == 0
    pending = json.loads(capsys.readouterr().out)["pending"]
    assert len(pending) == 3
    for request in pending:
        assert cli(coord, "trust", "approve", request["code"], "--share", str(share)) == 0
    for seed, data in enumerate(branches, start=1):
        assert cli(data, "demo", "--seed", str(seed)) == 0
    for _round in range(2):
        for data in branches:
            assert cli(data, "sync", str(share)) == 0
        assert cli(coord, "sync", str(share)) == 0
    capsys.readouterr()
    assert cli(coord, "sync", str(share), "--json") == 0
    last = json.loads(capsys.readouterr().out)
    assert last["quarantined"] == [] and last["gaps"] == [] and last["held"] == 0

    stores = [storefile.open_store(d) for d in (coord, *branches)]
    try:
        coordinator, *branch_stores = stores
        merged = _made_by(coordinator)
        makers: dict[tuple[str, str], set[str]] = {}
        for store in stores:
            for key, device in _made_by(store).items():
                if device == store.device_id:  # made here, not received
                    makers.setdefault(key, set()).add(device)
        assert set(merged) == set(makers)  # nothing missing, nothing extra
        for key, device in merged.items():
            assert device in makers[key]  # every record traced to a device that made it
        own = Counter(key[0] for key, who in makers.items() if len(who) == 1)
        shared = Counter(key[0] for key, who in makers.items() if len(who) > 1)
        for table in ("participant", "training_session", "attendance", "consultation"):
            assert own[table] > 0 and shared[table] == 0
            per_branch = [
                sum(1 for key, who in makers.items() if key[0] == table and s.device_id in who)
                for s in branch_stores
            ]
            assert _counts(coordinator)[table] == sum(per_branch)  # the sum of the branches
        assert +_counts(coordinator) == +(own + shared)
    finally:
        for store in stores:
            store.close()


def test_unreachable_share_keeps_changes_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No shared folder: the plain message with the count of changes kept; not a failure."""
    data = tmp_path / "branch"
    _init(data, BRANCHES[0], "Skaitykla PC-1", "branch")
    capsys.readouterr()
    assert cli(data, "sync", str(tmp_path / "no-such-usb-stick")) == 0
    out = capsys.readouterr().out
    assert "The shared folder is not reachable." in out
    assert "changes are safe on this computer and will be sent next time." in out
    assert cli(data, "sync", str(tmp_path / "no-such-usb-stick"), "--json") == 0
    info = json.loads(capsys.readouterr().out)
    assert info["reachable"] is False and info["unsent"] > 0


def test_only_a_coordinator_may_restamp(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--restamp`` on a branch is refused in plain words with a non-zero status."""
    data = tmp_path / "branch"
    _init(data, BRANCHES[0], "Skaitykla PC-1", "branch")
    (tmp_path / "share").mkdir()
    assert cli(data, "sync", str(tmp_path / "share"), "--restamp", "abcdef012345") == 2
    assert "Only a coordinator" in capsys.readouterr().err


def test_restamp_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bundle ten years ahead is set aside by ``sync``; ``sync --restamp CODE`` merges it."""
    from libtrainer.store.hlc import pack, wall_ms
    from libtrainer.sync.session import synchronise
    from tests.sync.regionkit import add_participants, make_region

    region = make_region(tmp_path, branches=1)
    branch = region.branches[0]
    branch.identity.clock.observe(pack(wall_ms() + 10 * 365 * 86_400_000))
    add_participants(branch)
    synchronise(branch, region.root)
    coord = Path(region.coordinator.path).parent
    region.close()
    capsys.readouterr()
    assert cli(coord, "sync", str(region.root), "--json") == 0
    refused = json.loads(capsys.readouterr().out)["quarantined"]
    assert [q["reason"] for q in refused] == ["future_clock"]
    ref = refused[0]["message"].split("--restamp ")[1].split("”")[0]
    assert cli(coord, "sync", str(region.root), "--restamp", ref) == 0
    assert "Merged 1 bundle" in capsys.readouterr().out
