"""A report lists the computers whose work it holds, and how recent each one's work is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters, Scope
from libtrainer.reports.labels import received_until
from tests.sync.regionkit import make_region, merge_branch_work


def test_sources_show_when_each_branch_last_sent_and_follow_the_scope(tmp_path: Path) -> None:
    """The branch whose bundle was merged shows the time it was made; an enrolled branch that
    sent nothing is listed as such; a report scoped to one branch lists only its computers and
    coordinators."""
    region = make_region(tmp_path, branches=2)
    try:
        sent = merge_branch_work(region, 0)
        coord = region.coordinator
        year = ReportFilters(dt.date(2020, 1, 1), dt.date.today())
        report = run_report(coord, "summary", year)
        by_name = {s.name: s for s in report.sources}
        assert by_name["PC-0"].received_until and not by_name["PC-0"].own
        assert by_name["PC-1"].received_until == "" and not by_name["PC-1"].own
        assert received_until(by_name["PC-1"]) == "nothing merged yet"  # enrolled, silent
        assert by_name["Koordinatorė"].own
        assert received_until(by_name["Koordinatorė"]) == "this computer: all its work"
        made = dt.datetime.fromisoformat(by_name["PC-0"].received_until)
        assert abs((dt.datetime.now(dt.UTC) - made).total_seconds()) < 3600
        branch = sent.meta("branch_id") or ""
        scoped = ReportFilters(year.date_from, year.date_to, Scope("branch", branch))
        names = {s.name for s in run_report(coord, "summary", scoped).sources}
        assert names == {"PC-0", "Koordinatorė"}
    finally:
        region.close()


def test_sources_are_dated_by_arrival_not_by_a_clock_that_ran_ahead(tmp_path: Path) -> None:
    """A branch whose clock ran a year ahead sends; the coordinator re-stamps and merges it:
    its work is "received up to" when it arrived here, not the year its clock claimed; the
    claimed time stays only as a note beside it."""
    from libtrainer.store.hlc import pack, wall_ms  # noqa: PLC0415
    from libtrainer.sync import quarantine  # noqa: PLC0415
    from libtrainer.sync.session import synchronise  # noqa: PLC0415
    from libtrainer.sync.target import StoreTarget  # noqa: PLC0415
    from tests.sync.regionkit import add_participants  # noqa: PLC0415

    region = make_region(tmp_path)
    try:
        branch, coord = region.branches[0], region.coordinator
        branch.identity.clock.observe(pack(wall_ms() + 365 * 86_400_000))
        add_participants(branch)
        synchronise(branch, region.root)
        refused = synchronise(coord, region.root)
        assert refused.ingest is not None
        (entry,) = [q for q in refused.ingest.quarantined if q.reason == "future_clock"]
        with StoreTarget(coord).transaction() as conn:
            quarantine.approve_restamp(conn, entry.bundle_hash[:12])
        synchronise(coord, region.root)
        year = ReportFilters(dt.date(2020, 1, 1), dt.date.today())
        (pc,) = [s for s in run_report(coord, "summary", year).sources if s.name == "PC-0"]
    finally:
        region.close()
    arrived = dt.datetime.fromisoformat(pc.received_until)
    assert abs((dt.datetime.now(dt.UTC) - arrived).total_seconds()) < 3600
    said = dt.datetime.fromisoformat(pc.device_time)
    assert (said - arrived).days >= 364
    shown = received_until(pc)
    assert shown.startswith(arrived.astimezone().strftime("%Y-%m-%d %H:%M"))
    assert str(said.year) in shown and "clock" in shown


def test_a_branch_report_says_the_other_computers_work_is_merged_at_the_coordinator(
    tmp_path: Path,
) -> None:
    """On a branch computer only its own work is in the figures: the region's other computers
    are listed as merged at the coordinator, never as "nothing merged yet"."""
    from libtrainer.sync.session import synchronise  # noqa: PLC0415

    region = make_region(tmp_path, branches=2)
    try:
        merge_branch_work(region, 0)
        synchronise(region.coordinator, region.root)
        branch = region.branches[1]
        synchronise(branch, region.root)
        year = ReportFilters(dt.date(2020, 1, 1), dt.date.today())
        by_name = {s.name: s for s in run_report(branch, "summary", year).sources}
    finally:
        region.close()
    assert set(by_name) == {"PC-0", "PC-1", "Koordinatorė"}
    assert by_name["PC-1"].own
    assert received_until(by_name["PC-1"]) == "this computer: all its work"
    for name in ("PC-0", "Koordinatorė"):
        assert by_name[name].elsewhere and not by_name[name].received_until
        assert received_until(by_name[name]) == "not on this computer: merged at the coordinator"
