"""The summary's second connection (reports.side): same figures, one snapshot, and it only ever
saves time — when it fails or disagrees, the run's own connection does the work."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.reports.side import Side
from libtrainer.reports.summary import ALLOWED_BY
from libtrainer.reports.work import Workspace
from libtrainer.store.store import Store
from tests.reports.known_store import Y2024, known_store_at

SIDE = "lt-report-side"


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with known_store_at(tmp_path_factory.mktemp("known") / "data") as store:
        yield store


def tables(source: Any) -> list[Any]:
    report = run_report(source, "summary", ReportFilters(*Y2024), by=ALLOWED_BY)
    return [s.table() for s in report.sections]


def one_connection(store: Store) -> list[Any]:
    with store.read() as conn:
        return tables(conn)


def test_paired_run_gives_the_one_connection_figures_and_uses_the_side(
    known: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over a store the side hands over its records and figures; every breakdown equals
    the run on one connection."""
    handed: list[object] = []
    original = Side.records

    def records(self: Side, keys: Any) -> Any:
        rows = original(self, keys)
        handed.append(rows)
        return rows

    monkeypatch.setattr(Side, "records", records)
    paired = tables(known)
    assert len(handed) == 1 and handed[0]  # the side read marks of its half of the buckets
    assert paired == one_connection(known)


def test_a_failing_side_is_replaced_by_the_runs_own_connection(
    known: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An error on the side's thread is logged, and the report is still whole and right."""
    original = Workspace.prepare

    def prepare(self: Workspace) -> None:
        if threading.current_thread().name == SIDE:
            raise RuntimeError("the side broke")
        original(self)

    expected = one_connection(known)
    monkeypatch.setattr(Workspace, "prepare", prepare)
    assert tables(known) == expected
    assert "second connection failed" in caplog.text


def test_buckets_numbered_otherwise_on_the_side_are_not_taken(
    known: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the side numbered the buckets differently, its records are not used."""
    original = Workspace.bucket_keys

    def bucket_keys(self: Workspace) -> list[tuple[Any, ...]]:
        keys = original(self)
        return keys[::-1] if threading.current_thread().name == SIDE else keys

    expected = one_connection(known)
    monkeypatch.setattr(Workspace, "bucket_keys", bucket_keys)
    assert tables(known) == expected


def test_no_work_tables_are_left_on_either_connection(known: Store) -> None:
    """After a paired run, no connection of the pool holds a report work table."""
    tables(known)
    for _ in range(3):
        with known.read_pair() as (first, second):
            for conn in (first, second):
                if conn is not None:
                    left = conn.exec_driver_sql(
                        "SELECT name FROM sqlite_temp_master WHERE name LIKE 'lt_rpt%'"
                    ).all()
                    assert left == []


def test_a_pair_sees_one_snapshot_while_another_thread_commits(known: Store) -> None:
    """While a writer commits as fast as it can, both connections of every pair read the
    same committed value: no commit lands between the start of their snapshots."""
    stop = threading.Event()

    def writer() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            known.set_meta("pair_probe", str(n))

    known.set_meta("pair_probe", "0")
    thread = threading.Thread(target=writer)
    thread.start()
    try:
        seen = set()
        for _ in range(100):
            with known.read_pair() as (first, second):
                assert second is not None
                query = "SELECT value FROM lt_meta WHERE key = 'pair_probe'"
                a = first.exec_driver_sql(query).scalar()
                b = second.exec_driver_sql(query).scalar()
                assert a == b
                seen.add(a)
    finally:
        stop.set()
        thread.join()
    assert len(seen) > 1  # the writer really was committing meanwhile
