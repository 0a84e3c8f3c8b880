"""Sessions decided "same" (decision 0402) after one of them changes: a moved day or branch
makes it a session of its own again, in the reports and in the coordinator's choices alike;
the counted session of a pair keeps its programme."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import insert, update

from libtrainer.domain.ids import fact_id
from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters, Scope
from libtrainer.services import session_twins
from libtrainer.store import models as m
from libtrainer.store.capture import capture_suspended
from libtrainer.store.store import Store
from tests.reports.known_store import Y2024, i, known_store_at, twin_pair

DAY = dt.date(2024, 9, 10)


def _write(store: Store, stmt: Any) -> None:
    with store.engine.begin() as conn, capture_suspended(conn):
        conn.execute(stmt)


def _one_off(
    store: Store, key: str, *, programme: str | None = "P1", marks: tuple[str, ...] = ("p17", "p30")
) -> None:
    """A one-off session at Kalvarija on DAY (like S5), with people present."""
    _write(
        store,
        insert(m.TrainingSession).values(
            id=i(key),
            group_id=None,
            programme_id=i(programme) if programme else None,
            branch_id=i("kalvarija"),
            lecturer_id=None,
            date=DAY,
            start_time=None,
            academic_hours=1.5,
            place_kind="branch",
            place=None,
            topic=None,
            archived=False,
        ),
    )
    for p in marks:
        _write(
            store,
            insert(m.Attendance).values(
                id=fact_id("attendance", i(key), i(p)),
                session_id=i(key),
                participant_id=i(p),
                mark="present",
            ),
        )


def _same(store: Store, a: str, b: str) -> None:
    _write(store, insert(m.SessionTwin).values(**twin_pair(a, b)))


def _move(store: Store, key: str, **values: Any) -> None:
    _write(store, update(m.TrainingSession).where(m.TrainingSession.id == i(key)).values(**values))


def _sessions(store: Store, **extra: Any) -> Any:
    report = run_report(store, "summary", ReportFilters(*Y2024, **extra), by=("year",))
    return {r.key: r.values[1] for r in report.sections[0].rows}["sessions"]


def test_a_chain_whose_middle_moved_keeps_its_ends_apart_until_decided_again(
    tmp_path: Path,
) -> None:
    """S5 = S5b and S5b = S5c; S5b moves to the next day: three sessions are counted (S5, S5b
    and S5c apart), and the coordinator may now decide S5 = S5c, which counts them as one."""
    with known_store_at(tmp_path / "d") as store:
        base = _sessions(store)
        _one_off(store, "S5b")
        _one_off(store, "S5c")
        _same(store, "S5", "S5b")
        _same(store, "S5b", "S5c")
        assert _sessions(store) == base
        _move(store, "S5b", date=DAY + dt.timedelta(days=1))
        assert _sessions(store) == base + 2
        with store.uow() as uow:
            session_twins.same_session(uow, i("S5"), i("S5c"))
        assert _sessions(store) == base + 1


def test_a_session_moved_to_another_branch_counts_on_its_own(tmp_path: Path) -> None:
    """S5 = S5b (both at Kalvarija); S5b then moves to Sangrūda: the whole region's report
    counts both, and equals the sum of the branches' own reports."""
    with known_store_at(tmp_path / "d") as store:
        _one_off(store, "S5b")
        _same(store, "S5", "S5b")
        _move(store, "S5b", branch_id=i("sangruda"))
        whole = _sessions(store)
        parts = [
            _sessions(store, scope=Scope("branch", i(b)))
            for b in ("kalvarija", "sangruda", "aglona")
        ]
        assert whole == sum(parts)


def test_the_counted_session_of_a_pair_is_the_one_with_a_programme(tmp_path: Path) -> None:
    """A copy without a programme (its id sorting first) decided "same" as S5 (programme P1):
    the programme's row in the breakdown still equals the report filtered to the programme."""
    with known_store_at(tmp_path / "d") as store:
        copy = "S5x13"
        assert i(copy) < i("S5")
        _one_off(store, copy, programme=None, marks=("p17", "p30", "pW"))
        _same(store, "S5", copy)
        report = run_report(store, "summary", ReportFilters(*Y2024), by=("programme",))
        section = report.section("programme")
        cols = [c.key for c in section.columns]
        rows = {r.key: dict(zip(cols, r.values)) for r in section.rows}
        filtered = _sessions(store, programme_ids=(i("P1"),))
        assert rows[i("P1")]["sessions"] == filtered
