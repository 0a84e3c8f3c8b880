"""Every region, library and branch in a report's scope is a row, zeros included (decision
0357, update): a funder's table lists them all. Archived branches only when they have figures."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert

from libtrainer.domain.errors import ValidationError
from libtrainer.i18n import _, set_language
from libtrainer.reports.api import KINDS, check_by, export_report, run_report
from libtrainer.reports.filters import ReportFilters, Scope
from libtrainer.store import models as m
from libtrainer.store.capture import capture_suspended
from libtrainer.store.store import Store
from tests.reports.known_store import Y2024, i, known_store_at

EMPTY = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
OPEN_BRANCHES = {i("sangruda"), i("kalvarija"), i("aglona")}


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The known store plus two archived branches: one closed long ago with nothing in it,
    one with a consultation in 2024."""
    with known_store_at(tmp_path_factory.mktemp("known") / "data") as store:
        with store.engine.begin() as conn, capture_suspended(conn):
            conn.execute(
                insert(m.Branch),
                [
                    {
                        "id": i(key),
                        "library_id": i("lA"),
                        "name": name,
                        "kind": "branch",
                        "rural": True,
                        "archived": True,
                    }
                    for key, name in (("closed", "Uždarytas"), ("moved", "Perkeltas"))
                ],
            )
            conn.execute(
                insert(m.Consultation).values(
                    id=i("C9"),
                    branch_id=i("moved"),
                    date=dt.date(2024, 3, 1),
                    staff_id=i("st1"),
                    age_band="65_plus",
                    gender="female",
                    topics="email",
                    minutes=10,
                    channel="in_person",
                    outcome="solved",
                    referred_to_escout=False,
                    notes="",
                )
            )
        yield store


def keys(report: object, section: str) -> set[str]:
    return {r.key for r in report.section(section).rows}  # type: ignore[attr-defined]


def test_empty_period_lists_every_place_with_zeros(known: Store) -> None:
    """A year with nothing recorded still has a row per region, library and open branch."""
    report = run_report(known, "summary", ReportFilters(*EMPTY))
    assert keys(report, "branch") == OPEN_BRANCHES
    assert keys(report, "library") == {i("lA"), i("lB")}
    assert keys(report, "region") == {i("rA"), i("rB")}
    row = report.section("branch").value(i("aglona"), "participants")
    assert row == 0
    assert report.section("programme").rows == []


def test_scope_limits_the_rows_to_its_places(known: Store) -> None:
    """A region's report lists its own branches only, and one region row."""
    scope = Scope("region", i("rA"), "Marijampolės apskritis")
    report = run_report(known, "summary", ReportFilters(*EMPTY, scope=scope))
    assert keys(report, "branch") == {i("sangruda"), i("kalvarija")}
    assert keys(report, "region") == {i("rA")}


def test_archived_branch_is_a_row_only_with_figures(known: Store) -> None:
    """The archived branch with a 2024 consultation is a row in 2024; the other never is."""
    in_2024 = run_report(known, "consultations", ReportFilters(*Y2024), by=("branch",))
    assert keys(in_2024, "branch") == OPEN_BRANCHES | {i("moved")}
    in_2023 = run_report(known, "consultations", ReportFilters(*EMPTY), by=("branch",))
    assert keys(in_2023, "branch") == OPEN_BRANCHES


def test_consultations_list_branches_without_any(known: Store) -> None:
    """A quarter with consultations at one branch only has zero rows for the others."""
    q3 = ReportFilters(dt.date(2024, 7, 1), dt.date(2024, 9, 30))
    section = run_report(known, "consultations", q3, by=("branch",)).section("branch")
    assert {r.key: r.values[1] for r in section.rows} == {
        i("sangruda"): 0,
        i("kalvarija"): 0,
        i("aglona"): 1,
    }


def test_sessions_report_lists_every_branch(known: Store) -> None:
    """The sessions × period table has a zero row for a branch without sessions."""
    report = run_report(known, "sessions", ReportFilters(*EMPTY), by=("branch", "half"))
    section = report.sections[0]
    assert {r.key for r in section.rows} == OPEN_BRANCHES
    assert section.value(i("kalvarija"), "sessions") == 0


def test_json_export_has_the_zero_rows(known: Store, tmp_path: Path) -> None:
    """The exports read the same rows: the JSON of an empty year lists every branch."""
    report = run_report(known, "summary", ReportFilters(*EMPTY), by=("branch",))
    path = export_report(report, "json", tmp_path / "r.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    branch = next(s for s in data["sections"] if s["key"] == "branch")
    assert len(branch["rows"]) == len(OPEN_BRANCHES)


def test_wrong_breakdown_lists_translated_names_with_codes() -> None:
    """The error names each breakdown in the reader's language, with the code to type."""
    set_language("lv")
    with pytest.raises(ValidationError) as caught:
        check_by(KINDS["consultations"], ["topic"])
    text = str(caught.value)
    assert f"{_('Region')} (region)" in text
    assert "(branch)" in text
    assert ", library," not in text


def test_scope_line_does_not_speak_of_a_store() -> None:
    """A report over everything says what it covers in a librarian's words."""
    lines = dict(ReportFilters(*EMPTY).lines())
    assert lines["Scope"] == "Everything recorded on this computer"
