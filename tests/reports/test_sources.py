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
