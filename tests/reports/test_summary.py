"""Summary report over the hand-built store: every figure checked against a hand count.

Unique participants in 2024: p17, p18, p29, p30, p54, p55 (+ her duplicate record), pX, pW,
lib1, lib2 = 10. Attendances (session × person, present): S1 4, S2 3 (Ona's two records marked
at one session count once), S3 3, S4 2, S5 3, S6 2, S7 1 = 18. See known_store.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from libtrainer.reports.aggregate import ReportCancelled
from libtrainer.reports.api import run_report
from libtrainer.reports.filters import ReportFilters, Scope, resolve_programmes, resolve_scope
from libtrainer.reports.work import Workspace
from libtrainer.store.store import Store
from tests.reports.known_store import Y2024, D, i, known_store_at


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with known_store_at(tmp_path_factory.mktemp("known") / "data") as store:
        yield store


def summary(store: Store, *by: str, **filters: object) -> dict[str, object]:
    report = run_report(store, "summary", ReportFilters(*Y2024, **filters), by=by or ("year",))
    return {"report": report, "totals": {r.key: r.values[1] for r in report.sections[0].rows}}


def test_totals_count_people_once_and_sessions_as_held(known: Store) -> None:
    """Totals: 10 people, 18 attendances, 8 sessions (one with nobody present), 3 groups."""
    totals = summary(known)["totals"]
    assert totals == {
        "participants": 10,
        "enrolled": 9,
        "attendances": 18,
        "participant_hours": 45.5,
        "groups": 3,
        "sessions": 8,
        "academic_hours": 23.5,
        "completions": 7,
        "consultations": 4,
        "consultation_minutes": 90,
        "escout_visits": 2,
        "people_helped": 5,
    }


def test_confirmed_duplicate_counts_once_in_each_branch_and_in_the_total(known: Store) -> None:
    """Ona attended in two branches under two records: once per branch row, once in total."""
    section = summary(known, "branch")["report"].section("branch")
    assert section.value(i("sangruda"), "participants") == 4
    assert section.value(i("kalvarija"), "participants") == 6
    assert section.value(i("aglona"), "participants") == 2
    assert section.value("total", "participants") == 10
    assert section.value(i("sangruda"), "attendances") == 7
    assert [r.values[0] for r in section.rows] == [
        "Aglonas bibliotēka",
        "Kalvarijos centrinė biblioteka",
        "Sangrūdos padalinys",
    ]


def test_multi_tag_people_count_once_per_tag_and_once_in_total(known: Store) -> None:
    """p30 has three tags and Ona's records two between them: each tag row counts them once."""
    section = summary(known, "target_group")["report"].section("target_group")
    got = {r.key: section.value(r.key, "participants") for r in section.rows}
    assert got == {
        "youth": 2,
        "job_seekers": 4,
        "community": 2,
        "rural_residents": 1,
        "seniors": 1,
        "library_staff": 2,
        "none": 2,
    }
    assert section.value("total", "participants") == 10
    assert "sessions" not in [c.key for c in section.columns]
    assert section.rows[-1].key == "none"


def test_region_rows_and_outreach_figures(known: Store) -> None:
    """Per region: people, sessions, hours, completions, consultations and e-scout visits."""
    section = summary(known, "region")["report"].section("region")
    a, b = i("rA"), i("rB")
    expected_a = {
        "participants": 8,
        "attendances": 15,
        "sessions": 5,
        "groups": 2,
        "academic_hours": 11.5,
        "participant_hours": 33.5,
        "completions": 6,
        "consultations": 3,
        "consultation_minutes": 65,
        "escout_visits": 1,
        "people_helped": 3,
    }
    expected_b = {
        "participants": 2,
        "attendances": 3,
        "sessions": 3,
        "groups": 1,
        "academic_hours": 12,
        "participant_hours": 12,
        "completions": 1,
        "consultations": 1,
        "consultation_minutes": 25,
        "escout_visits": 1,
        "people_helped": 2,
    }
    assert {k: section.value(a, k) for k in expected_a} == expected_a
    assert {k: section.value(b, k) for k in expected_b} == expected_b


def test_group_spanning_two_half_years_counts_in_each_and_once_overall(known: Store) -> None:
    """G2 met in June and July: p30 is in both half-years' rows and once in the total."""
    section = summary(known, "half", "month")["report"].section("half")
    assert section.value("2024-H1", "participants") == 6
    assert section.value("2024-H2", "participants") == 6
    assert section.value("2024-H1", "sessions") == 3
    assert section.value("2024-H2", "sessions") == 5
    assert section.value("2024-H1", "completions") == 3
    assert section.value("2024-H2", "completions") == 4
    assert section.value("total", "participants") == 10
    months = summary(known, "month")["report"].section("month")
    assert [r.key for r in months.rows] == [f"2024-{m:02d}" for m in range(1, 13)]
    assert months.value("2024-03", "participants") == 4
    assert months.value("2024-12", "sessions") == 1
    assert months.value("2024-12", "participants") == 0
    assert months.value("2024-02", "consultations") == 2


def test_quarter_and_programme_breakdowns(known: Store) -> None:
    """Quarters split G2 between Q2 and Q3; the programmes split residents from librarians."""
    report = summary(known, "quarter", "programme")["report"]
    quarters = report.section("quarter")
    assert quarters.value("2024-Q2", "participants") == 3
    assert quarters.value("2024-Q3", "participants") == 4  # p30, pX, p17, pW
    programmes = report.section("programme")
    assert programmes.value(i("P1"), "participants") == 8
    assert programmes.value(i("P2"), "participants") == 2
    assert programmes.value(i("P1"), "sessions") == 5
    assert "consultations" not in [c.key for c in programmes.columns]


def test_audience_filter_keeps_library_staff_training_only(known: Store) -> None:
    """Audience library_staff: the seminar for librarians only; consultations are left out."""
    result = summary(known, audience="library_staff")
    assert result["totals"] == {
        "participants": 2,
        "enrolled": 2,
        "attendances": 3,
        "participant_hours": 12,
        "groups": 1,
        "sessions": 3,
        "academic_hours": 12,
        "completions": 1,
    }
    assert result["report"].notes


def test_programme_and_scope_filters_resolve_names(known: Store) -> None:
    """A programme named by its code and a branch named without diacritics narrow the report."""
    with known.read() as conn:
        ids, names = resolve_programmes(conn, ["sr-1"])
        scope = resolve_scope(conn, "branch:sangrudos")
        own = resolve_scope(conn, "library")
    assert ids == (i("P1"),) and names == ("Digital literacy",)
    assert scope == Scope("branch", i("sangruda"), "Sangrūdos padalinys")
    assert own is not None and own.id == i("lA")
    totals = summary(known, scope=scope)["totals"]
    assert totals["participants"] == 4
    assert totals["attendances"] == 7
    assert totals["consultations"] == 2
    assert summary(known, programme_ids=ids)["totals"]["participants"] == 8
    assert summary(known, scope=Scope("region", i("rB")))["totals"]["participants"] == 2


def test_another_period_counts_only_its_sessions(known: Store) -> None:
    """2025 holds one session of G1 with p17 and p18, and one consultation."""
    filters = ReportFilters(
        ReportFilters(*Y2024).date_to.replace(year=2025, month=1, day=1),
        Y2024[1].replace(year=2025),
    )
    report = run_report(known, "summary", filters, by=("branch",))
    totals = {r.key: r.values[1] for r in report.sections[0].rows}
    assert (totals["participants"], totals["sessions"], totals["consultations"]) == (2, 1, 1)


def test_progress_is_reported_and_cancel_stops_the_run(known: Store) -> None:
    """A GUI worker sees progress up to the last step, and a cancel raises ReportCancelled."""
    seen: list[tuple[int, int]] = []
    run_report(
        known,
        "summary",
        ReportFilters(*Y2024),
        progress=lambda step, steps, _label: seen.append((step, steps)),
    )
    assert seen and seen[-1][0] == seen[-1][1]
    with pytest.raises(ReportCancelled):
        run_report(known, "summary", ReportFilters(*Y2024), cancelled=lambda: True)


def test_grain_by_group_by_equals_grain_by_upsert(
    known: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The portable GROUP BY build of the grain gives the same report as SQLite's upsert."""
    by = ("region", "branch", "programme", "target_group", "month")
    fast = run_report(known, "summary", ReportFilters(*Y2024), by=by)
    monkeypatch.setattr(Workspace, "upsert", False)
    plain = run_report(known, "summary", ReportFilters(*Y2024), by=by)
    assert [s.table() for s in plain.sections] == [s.table() for s in fast.sections]


def test_work_tables_are_gone_after_a_run_on_the_callers_connection(known: Store) -> None:
    """A run on a GUI worker's connection leaves no temporary tables behind on it."""
    with known.read() as conn:
        run_report(conn, "esf", ReportFilters(*Y2024), by=("target_group",))
        run_report(conn, "sessions", ReportFilters(*Y2024))
        left = conn.exec_driver_sql(
            "SELECT name FROM sqlite_temp_master WHERE name LIKE 'lt_rpt%'"
        ).all()
    assert left == []


def test_labels_follow_the_language(known: Store, tmp_path: Path) -> None:
    """Run in Lithuanian, the columns and the totals row are Lithuanian."""
    from libtrainer.i18n import set_language

    set_language("lt")
    section = summary(known, "region")["report"].section("region")
    assert section.total is not None and section.total[0] == "Iš viso"
    assert "Unikalūs dalyviai" in section.labels


def test_sessions_after_the_report_day_are_planned_not_held(known: Store) -> None:
    """A year's report made on 20 Nov counts what a report to 20 Nov counts, and says so."""
    made = D(2024, 11, 20)
    late = run_report(known, "summary", ReportFilters(*Y2024, as_of=made), by=("month",))
    cut = run_report(known, "summary", ReportFilters(Y2024[0], made), by=("month",))
    assert [r.values for r in late.sections[0].rows] == [r.values for r in cut.sections[0].rows]
    totals = {r.key: r.values[1] for r in late.sections[0].rows}
    assert totals["sessions"] == 7  # S9 (1 Dec) is not held yet
    assert all("12" not in row.key for row in late.section("month").rows), "no December row"
    labels = dict(late.filter_lines)
    assert "Counted up to" in labels and "20 Nov 2024" in labels["Counted up to"]
    assert late.filters["to"] == "2024-12-31" and late.filters["counted_to"] == "2024-11-20"
    whole = run_report(known, "summary", ReportFilters(*Y2024, as_of=D(2025, 1, 5)))
    assert "Counted up to" not in dict(whole.filter_lines)


def test_breakdowns_say_why_their_rows_add_up_to_more(known: Store) -> None:
    """Under a target-group table a note says people with several groups are in each row;
    under a branch table, that people active in several rows count in each."""
    report = summary(known, "target_group", "branch")["report"]
    assert "several target groups" in report.section("target_group").note
    assert "once in the total" in report.section("branch").note


def test_breakdown_by_who_referred_the_group_and_by_level(known: Store) -> None:
    """By referrer: the employment service's group and the community's group have their own
    rows (as the seeds report "job seekers with the Employment Service"); by level each
    programme's level gives a row; people count once in the total."""
    report = summary(known, "referrer", "level")["report"]
    referrer = report.section("referrer")
    assert {r.key for r in referrer.rows} >= {"employment_service", "community"}
    assert referrer.value("employment_service", "groups") == 1
    labels = {r.key: r.values[0] for r in referrer.rows}
    assert labels["employment_service"] == "Employment service"
    assert referrer.value("total", "participants") == 10
    keys = [r.key for r in referrer.rows]
    assert len(keys) == len(set(keys)), "every row has its own key ('none' vs 'no_group')"
    level = report.section("level")
    assert sum(r.values[level.index("groups")] for r in level.rows) == 3
    assert "outreach" not in {c.key for c in referrer.columns}


def test_every_period_of_the_range_is_a_row_and_a_bar(known: Store) -> None:
    """January 2024 had no activity: it is a row of zeros (in every export, which read the
    rows) and a bar of its own, in time order; the sessions report has a column for it."""
    from libtrainer.reports.pdfcharts import chart_data

    report = summary(known, "month", "quarter")["report"]
    months = report.section("month")
    assert months.rows[0].key == "2024-01"
    assert months.value("2024-01", "participants") == 0
    assert months.value("2024-01", "academic_hours") == 0
    names, values = chart_data(months) or ([], [])
    assert len(names) == 12 and values[0] == 0
    assert [r.key for r in report.section("quarter").rows] == [f"2024-Q{q}" for q in range(1, 5)]
    sessions = run_report(known, "sessions", ReportFilters(*Y2024), by=("region", "month"))
    keys = [c.key for c in sessions.sections[0].columns]
    assert "2024-01:sessions" in keys and "2024-01:participants" in keys


def test_periods_cut_by_the_range_name_their_days(known: Store) -> None:
    """15 Feb – 14 Aug by quarter: Q1 and Q3 name the days they hold, Q2 is whole; months
    after the last counted day (the period has not come) are not rows."""
    from libtrainer.i18n import set_language

    set_language("en")
    filters = ReportFilters(D(2024, 2, 15), D(2024, 8, 14))
    report = run_report(known, "summary", filters, by=("quarter",))
    # Babel's interval may use thin spaces around the dash
    names = [str(r.values[0]).replace("\u2009", " ") for r in report.section("quarter").rows]
    assert names == [
        "2024 Q1 (15 Feb – 31 Mar)",
        "2024 Q2",
        "2024 Q3 (1 Jul – 14 Aug)",
    ]
    early = ReportFilters(*Y2024, as_of=D(2024, 3, 20))
    months = run_report(known, "summary", early, by=("month",)).section("month")
    assert [r.key for r in months.rows] == ["2024-01", "2024-02", "2024-03"]
    assert str(months.rows[-1].values[0]).replace("\u2009", "") == "March 2024 (1–20 Mar)"


def test_a_period_not_begun_says_so(known: Store) -> None:
    """A report for a period that starts after the day it is made says plainly that the
    period has not begun, instead of "counted up to" a day before it."""
    from libtrainer.i18n import set_language

    set_language("en")
    filters = ReportFilters(D(2025, 1, 1), D(2025, 12, 31), as_of=D(2024, 11, 20))
    lines = dict(filters.lines())
    assert lines["Counted up to"].startswith("nothing: the period has not begun")
    report = run_report(known, "summary", filters, by=("month",))
    assert report.section("month").rows == []
    assert report.section("totals").value("participants", "value") == 0
