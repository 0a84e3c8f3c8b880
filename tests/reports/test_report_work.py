"""The report work tables' fast paths give the same figures as the plain ones, and the one pass
over attendance reads the report index (docs/decisions/0352). No timings here: the figures are in
``bench/reports.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, func, literal, select

from libtrainer.reports import work
from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters, reads_most
from libtrainer.reports.periods import UNITS, period_key
from libtrainer.reports.work import BUCKET, GKEY, GPERSON, GRAIN, SESSION, Workspace
from libtrainer.store.models import TrainingSession
from libtrainer.store.store import Store
from tests.reports.known_store import Y2024, known_store_at

BY = ("region", "library", "branch", "programme", "target_group", "month", "quarter")


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with known_store_at(tmp_path_factory.mktemp("known") / "data") as store:
        yield store


def _tables(store: Store, kind: str = "summary") -> list[list[list[Any]]]:
    report = run_report(store, kind, ReportFilters(*Y2024), by=BY if kind == "summary" else None)
    return [s.table() for s in report.sections]


def test_store_has_the_report_index(known: Store) -> None:
    """Migration 0006 gives attendance the covering index (session, participant, mark)."""
    with known.read() as conn:
        cols = conn.exec_driver_sql("PRAGMA index_info('ix_attendance_report')").all()
    assert [c[2] for c in cols] == ["session_id", "participant_id", "mark"]


def test_one_pass_reads_sessions_in_bucket_order_and_only_the_index(known: Store) -> None:
    """The record pass walks the sessions and looks each one's marks up in the covering
    index: attendance rows themselves are never read."""
    seen: list[tuple[str, Any]] = []

    def grab(conn: Any, cursor: Any, stmt: str, params: Any, ctx: Any, many: bool) -> None:
        if "INTO lt_rpt_record" in stmt:
            seen.append((stmt, params))

    event.listen(known.engine, "before_cursor_execute", grab)
    try:
        with known.read() as conn, Workspace(conn, ReportFilters(*Y2024)) as ws:
            ws.build()
            stmt, params = seen[0]
            plan = [r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + stmt, params)]
    finally:
        event.remove(known.engine, "before_cursor_execute", grab)
    assert plan[0] == "SCAN lt_rpt_session"
    assert "SEARCH attendance USING COVERING INDEX ix_attendance_report (session_id=?)" in plan


@pytest.mark.parametrize(
    "day", ["2024-01-01", "2024-03-31", "2024-06-30", "2024-07-01", "2025-12-31"]
)
def test_period_keys_on_sqlite_follow_the_calendar(store: Store, day: str) -> None:
    """Month, quarter, half-year and year keys of a date, computed by SQLite, are the
    calendar's (the SQLite month key reads the ISO text, not strftime)."""
    date = dt.date.fromisoformat(day)
    half, quarter = (date.month + 5) // 6, (date.month + 2) // 3
    want = {
        "month": date.year * 100 + date.month,
        "quarter": date.year * 10 + quarter,
        "half": date.year * 10 + half,
        "year": date.year,
    }
    with store.read() as conn:
        got = {u: conn.execute(select(period_key(u, literal(date)))).scalar_one() for u in UNITS}
    assert got == want


def test_group_key_grain_gives_the_same_people_as_the_bucket_grain(known: Store) -> None:
    """Per region, library, branch and programme, the person × group-key table (GPERSON) holds
    exactly the people, attendances and hours of the person × bucket grain."""
    pairs = {
        "region_id": (BUCKET.c.region_id, GKEY.c.region_id),
        "library_id": (BUCKET.c.library_id, GKEY.c.library_id),
        "branch_id": (BUCKET.c.branch_id, GKEY.c.branch_id),
        "programme_id": (BUCKET.c.programme_id, GKEY.c.programme_id),
    }
    g, gp = GRAIN.c, GPERSON.c
    with known.read() as conn, Workspace(conn, ReportFilters(*Y2024)) as ws:
        ws.build()
        for fine, coarse in pairs.values():
            by_bucket = conn.execute(
                select(fine, func.count(func.distinct(g.person)), func.sum(g.n), func.sum(g.hours))
                .select_from(GRAIN.join(BUCKET, BUCKET.c.b == g.b))
                .group_by(fine)
                .order_by(fine)
            ).all()
            by_group = conn.execute(
                select(
                    coarse, func.count(func.distinct(gp.person)), func.sum(gp.n), func.sum(gp.hours)
                )
                .select_from(GPERSON.join(GKEY, GKEY.c.gk == gp.gk))
                .group_by(coarse)
                .order_by(coarse)
            ).all()
            assert by_group == by_bucket and by_bucket


def test_insert_or_ignore_fills_like_distinct(
    known: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Filling the keyed work tables with INSERT OR IGNORE gives the same reports as the
    portable DISTINCT fill (the one PostgreSQL uses)."""
    fast = [_tables(known, kind) for kind in ("summary", "esf", "sessions")]

    def plain(self: Workspace, table: Any, query: Any) -> None:
        self.fill(table, query.distinct())

    monkeypatch.setattr(Workspace, "fill_unique", plain)
    assert [_tables(known, kind) for kind in ("summary", "esf", "sessions")] == fast


def test_reads_most_compares_the_period_with_the_dates_held(known: Store) -> None:
    """A period spanning most of the sessions' dates reads the table whole; a day reads the
    date index; a period with no sessions at all never scans."""
    with known.read() as conn:
        first, last = conn.execute(
            select(func.min(TrainingSession.date), func.max(TrainingSession.date))
        ).one()
        wide = ReportFilters(first - dt.timedelta(days=400), last)
        assert reads_most(conn, wide, TrainingSession.date)
        assert not reads_most(conn, ReportFilters(first, first), TrainingSession.date)
        past = ReportFilters(dt.date(1990, 1, 1), dt.date(1990, 12, 31))
        assert not reads_most(conn, past, TrainingSession.date)


def test_reading_tables_whole_gives_the_same_reports_as_the_date_index(
    known: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether sessions, consultations and visits are read whole or through their date index,
    every report is the same."""
    kinds = ("summary", "esf", "sessions")
    monkeypatch.setattr(work, "reads_most", lambda *args: True)
    whole = [_tables(known, kind) for kind in kinds]
    monkeypatch.setattr(work, "reads_most", lambda *args: False)
    assert [_tables(known, kind) for kind in kinds] == whole


def test_sessions_of_one_bucket_share_its_number(known: Store) -> None:
    """Each bucket number stands for one (group, branch, programme, month, length), sessions
    without a group included, and every session in scope is in the bucket of its own key."""
    s, bk, ts = SESSION.c, BUCKET.c, TrainingSession
    with known.read() as conn, Workspace(conn, ReportFilters(*Y2024)) as ws:
        ws.build()
        rows = conn.execute(
            select(
                s.sid,
                bk.group_id,
                bk.branch_id,
                bk.month,
                bk.hours,
                ts.group_id,
                ts.branch_id,
                ts.date,
                ts.academic_hours,
            )
            .select_from(SESSION)
            .join(BUCKET, bk.b == s.b)
            .join(ts, ts.id == s.sid)
        ).all()
        buckets = conn.execute(
            select(bk.group_id, bk.branch_id, bk.programme_id, bk.month, bk.hours)
        ).all()
        in_scope = conn.execute(
            select(func.count()).select_from(ts).where(ts.date.between(*Y2024))
        ).scalar_one()
    assert len(rows) == len({r.sid for r in rows}) == in_scope
    for r in rows:
        month = r.date.year * 100 + r.date.month
        assert (r[1], r[2], r[3], r[4]) == (r[5], r[6], month, r.academic_hours)
    assert len(set(buckets)) == len(buckets)
    assert any(b.group_id is None for b in buckets)
