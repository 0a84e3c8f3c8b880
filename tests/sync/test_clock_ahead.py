"""A clock that ran ahead once (decision 0002, eleventh session): a device never refuses its own
bundles, branches take a coordinator's catalogue dated ahead in their own time (told once), and
the computer whose clock ran ahead is told how its bundles are treated."""

from __future__ import annotations

from sqlalchemy import select

from libtrainer.services import programmes
from libtrainer.store.apply import Change
from libtrainer.store.hlc import pack, wall_ms
from libtrainer.store.models import Programme
from libtrainer.store.store import Store
from libtrainer.sync.ingest import Quarantine, merge_one
from libtrainer.sync.merge import Incoming, Merged
from libtrainer.sync.session import synchronise
from libtrainer.sync.summary import as_json, describe
from libtrainer.sync.target import StoreTarget
from tests.sync.regionkit import Region, add_participants

YEAR_MS = 365 * 86_400_000
DAY_MS = 86_400_000


def _programme(store: Store, title: str, code: str) -> None:
    with store.uow() as uow:
        programmes.create_programme(uow, 8, title_lt=title, code=code)


def _titles(store: Store) -> set[str]:
    with store.read() as conn:
        return {str(t) for t in conn.execute(select(Programme.title_lt)).scalars()}


def _coordinator_ran_ahead(region: Region) -> Store:
    """The coordinator's date was a year ahead while it added a programme; now it is right."""
    coordinator = region.coordinator
    coordinator.identity.clock.observe(pack(wall_ms() + YEAR_MS))
    _programme(coordinator, "Ateities kursas", "P-F")
    return coordinator


def test_a_coordinator_never_refuses_its_own_bundle_and_is_told_its_clock_ran_ahead(
    region: Region,
) -> None:
    """Its own bundle dated a year ahead merges (and is acknowledged); the summary says so."""
    coordinator = _coordinator_ran_ahead(region)
    summary = synchronise(coordinator, region.root)
    assert summary.ingest is not None and summary.ingest.quarantined == []
    assert summary.acked >= 1
    text = "\n".join(describe(summary))
    assert "clock ran ahead" in text and "365 days ahead" in text
    assert "Branches take its catalogue with their own time" in text
    assert as_json(summary)["clock_ahead_days"] == 365


def test_a_branch_takes_a_catalogue_dated_ahead_in_its_own_time_told_once(
    region: Region,
) -> None:
    """The catalogue merges, the branch's clock stays right, the note comes once; the branch's
    later bundles still reach the coordinator."""
    coordinator = _coordinator_ran_ahead(region)
    synchronise(coordinator, region.root)
    branch = region.branches[0]
    first = synchronise(branch, region.root)
    assert first.ingest is not None and first.ingest.quarantined == []
    assert "Ateities kursas" in _titles(branch)
    assert branch.identity.clock.last < pack(wall_ms() + DAY_MS)
    notes = [line for line in describe(first) if "The catalogue from" in line]
    assert len(notes) == 1 and "365 days ahead" in notes[0] and "restamp" not in notes[0]
    _programme(coordinator, "Normalus kursas", "P-N")
    synchronise(coordinator, region.root)
    second = synchronise(branch, region.root)
    assert second.ingest is not None and second.ingest.quarantined == []
    assert "Normalus kursas" in _titles(branch)
    assert not [line for line in describe(second) if "The catalogue from" in line]
    add_participants(branch)
    synchronise(branch, region.root)
    merged = synchronise(coordinator, region.root)
    assert merged.ingest is not None and merged.ingest.quarantined == []
    assert merged.ingest.changes_applied > 0


def test_a_branch_whose_clock_ran_ahead_is_not_told_to_run_a_coordinator_command(
    region: Region,
) -> None:
    """The branch learns its bundles wait for the coordinator's approval, without --restamp."""
    branch = region.branches[0]
    branch.identity.clock.observe(pack(wall_ms() + YEAR_MS))
    add_participants(branch)
    summary = synchronise(branch, region.root)
    text = "\n".join(describe(summary))
    assert "clock ran ahead" in text and "tell the coordinator" in text
    assert "--restamp" not in text


def _catalogue(device: str, *changes: Change) -> Incoming:
    created = max(c.hlc for c in changes)
    return Incoming("c" * 64, device, "catalogue", 1, None, created, list(changes))


def test_only_the_catalogue_fields_dated_ahead_are_restamped(region: Region) -> None:
    """A field the coordinator edited while its clock was right keeps its own date."""
    branch = region.branches[0]
    now = wall_ms()
    pid = "0190f0e0-0000-7000-8000-000000000001"
    data = {"id": pid, "title_lt": "Kursas", "code": "P-X", "academic_hours": 8}
    ahead = pack(now + YEAR_MS)
    right = pack(now - DAY_MS)
    device = region.coordinator.device_id
    incoming = _catalogue(
        device,
        Change("programme", pid, "i", 1, right, device, data),
        Change("programme", pid, "u", 1, ahead, device, {"title_lt": "Naujas"}),
    )
    result = merge_one(StoreTarget(branch), incoming, now_ms=now)
    assert isinstance(result, Merged) and result.restamped and result.ahead_ms >= YEAR_MS
    assert branch.identity.clock.last < pack(now + DAY_MS)
    with branch.read() as conn:
        from libtrainer.store.models import Clock  # noqa: PLC0415

        clocks = dict(conn.execute(select(Clock.field, Clock.hlc).where(Clock.row_id == pid)).all())
    assert clocks.get("title_lt", 0) < pack(now + DAY_MS)
    assert all(hlc < pack(now + DAY_MS) for hlc in clocks.values())
    assert "Naujas" in _titles(branch)


def test_a_changes_bundle_of_another_device_dated_ahead_is_still_refused(region: Region) -> None:
    """Only the store's own bundles and catalogues are taken: others wait for an approval."""
    coordinator = region.coordinator
    branch = region.branches[0]
    now = wall_ms()
    pid = "0190f0e0-0000-7000-8000-000000000002"
    data = {"id": pid, "branch_id": branch.meta("branch_id"), "given_name": "Ona"}
    change = Change("participant", pid, "i", 1, pack(now + YEAR_MS), branch.device_id, data)
    incoming = Incoming("d" * 64, branch.device_id, "changes", 1, None, change.hlc, [change])
    result = merge_one(StoreTarget(coordinator), incoming, now_ms=now)
    assert isinstance(result, Quarantine) and result.reason == "future_clock"


def _clock_lines(summary: object) -> list[str]:
    return [line for line in describe(summary) if "clock ran ahead" in line]  # type: ignore[arg-type]


def test_a_branch_stops_being_asked_to_call_once_the_coordinator_approved(
    region: Region,
) -> None:
    """Until a coordinator's ack shows it merged a bundle dated ahead, every send asks to tell
    the coordinator; the sync that learns of the approval says so once (no call, keep the
    date right); later sends say nothing about the clock."""
    from libtrainer.sync import quarantine  # noqa: PLC0415

    branch, coordinator = region.branches[0], region.coordinator
    branch.identity.clock.observe(pack(wall_ms() + YEAR_MS))  # ran ahead, corrected since
    add_participants(branch, [("Zane", "Ļoļa")])
    (asked,) = _clock_lines(synchronise(branch, region.root))
    assert "tell the coordinator" in asked and "correct them" in asked
    refused = synchronise(coordinator, region.root)
    assert refused.ingest is not None
    (entry,) = [q for q in refused.ingest.quarantined if q.reason == "future_clock"]
    add_participants(branch, [("Valdis", "Žagars")])
    again = synchronise(branch, region.root)  # not approved yet: still asked
    assert ["tell the coordinator" in line for line in _clock_lines(again)] == [True]
    assert as_json(again)["clock_ahead_approved"] is False
    with StoreTarget(coordinator).transaction() as conn:
        quarantine.approve_restamp(conn, entry.bundle_hash[:12])
    merged = synchronise(coordinator, region.root)
    assert merged.ingest is not None and merged.acked >= 2
    add_participants(branch, [("Ērika", "Ūdre")])
    told = synchronise(branch, region.root)
    (line,) = _clock_lines(told)
    assert "approved" in line and "no need to call" in line and "tell the coordinator" not in line
    assert as_json(told)["clock_ahead_approved"] is True
    add_participants(branch, [("Anna", "Bērziņa")])
    later = synchronise(branch, region.root)
    assert later.published_bundles and later.clock_ahead_ms > 0
    assert _clock_lines(later) == []
    assert as_json(later)["clock_ahead_approved"] is True


def test_a_coordinators_own_acks_are_no_approval(region: Region) -> None:
    """A coordinator merges its own bundles dated ahead and acknowledges them: that says
    nothing about the others, so the line stays."""
    coordinator = _coordinator_ran_ahead(region)
    synchronise(coordinator, region.root)
    _programme(coordinator, "Dar vienas", "P-D")
    second = synchronise(coordinator, region.root)
    assert second.clock_approved is None
    assert any("Branches take its catalogue" in line for line in _clock_lines(second))


def test_the_window_names_the_restamp_button_instead_of_the_command(region: Region) -> None:
    """A coordinator's computer told of its clock in the window reads the Sync screen's button;
    the command line keeps the command."""
    from libtrainer.sync.summary import clock_lines  # noqa: PLC0415

    coordinator = _coordinator_ran_ahead(region)
    summary = synchronise(coordinator, region.root)
    (window,) = clock_lines(summary, window=True)
    assert "“Re-stamp and merge”" in window and "libtrainer" not in window
    (cli,) = clock_lines(summary)
    assert "--restamp" in cli
