"""ESF+ participant indicators over the hand-built store (Regulation (EU) 2021/1057 Annex I).

People present in 2024 and their details at entry (their canonical record; age = entry year −
birth year): p17 f 17 in education ISCED 0–2 rural; p18 m 18 unemployed 3–4; p29 f 29 long-term
unemployed 3–4 disability; p30 non-binary 30 employed 5–8 rural third-country; p54 m 54
self-employed 5–8 minority; Ona (p55, two records) f 55 retired 0–2 foreign background; pX
nothing recorded; pW m 34 employed 3–4 homeless; lib1 f 44 and lib2 m 49 employed 5–8.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from libtrainer.reports.api import FORMATS, run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.store.store import Store
from tests.reports.known_store import Y2024, i, known_store_at


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with known_store_at(tmp_path_factory.mktemp("known") / "data") as store:
        yield store


def indicators(
    store: Store, start: dt.date = Y2024[0], end: dt.date = Y2024[1], **kw: object
) -> dict[str, object]:
    report = run_report(store, "esf", ReportFilters(start, end, **kw))
    return {r.key: r.values[1] for r in report.section("indicators").rows}


def test_indicators_2021_rules(known: Store) -> None:
    """Every indicator is a count of unique people; the total equals unique participants."""
    assert indicators(known) == {
        "total": 10,
        "women": 4,
        "men": 4,
        "non_binary": 1,
        "gender_unknown": 1,
        "unemployed": 2,
        "long_term_unemployed": 1,
        "inactive": 2,
        "employed": 5,
        "labour_unknown": 1,
        "age_under_18": 1,
        "age_18_29": 2,
        "age_30_54": 5,
        "age_55_plus": 1,
        "age_unknown": 1,
        "isced_0_2": 2,
        "isced_3_4": 3,
        "isced_5_8": 4,
        "isced_unknown": 1,
        "disability": 1,
        "disability_unknown": 0,
        "third_country": 1,
        "third_country_unknown": 0,
        "foreign_background": 1,
        "foreign_background_unknown": 0,
        "minority": 1,
        "minority_unknown": 0,
        "homeless": 1,
        "homeless_unknown": 0,
        "rural": 2,
        "rural_unknown": 0,
    }


def test_every_characteristic_adds_up_to_the_total(known: Store) -> None:
    """Gender, labour status, age (with 30–54 and unknown) and education each cover every
    participant exactly once; each yes/no flag has its "not recorded" count."""
    got = indicators(known)
    total = got["total"]
    for group in (
        ("women", "men", "non_binary", "gender_unknown"),
        ("unemployed", "inactive", "employed", "labour_unknown"),
        ("age_under_18", "age_18_29", "age_30_54", "age_55_plus", "age_unknown"),
        ("isced_0_2", "isced_3_4", "isced_5_8", "isced_unknown"),
    ):
        assert sum(got[k] for k in group) == total, group  # type: ignore[misc]
    assert all(f"{flag}_unknown" in got for flag in ("disability", "minority", "rural"))


def test_total_equals_summary_unique_participants(known: Store) -> None:
    """The ESF+ total and the summary's unique participants are the same people."""
    summary = run_report(known, "summary", ReportFilters(*Y2024), by=("year",))
    assert summary.sections[0].rows[0].values[1] == indicators(known)["total"]


def test_age_bands_at_17_18_29_30_54_55(known: Store) -> None:
    """17 is under 18; 18 and 29 are 18–29; 30 and 54 are in no band; 55 is 55 and over."""
    got = indicators(known)
    assert (got["age_under_18"], got["age_18_29"], got["age_55_plus"]) == (1, 2, 1)


def test_age_rules_2014_use_under_25_and_over_54(known: Store) -> None:
    """The 2014–2020 bands: under 25 (p17, p18) and over 54 (Ona at 55; p54 is not over 54)."""
    got = indicators(known, age_rules="2014")
    assert (got["age_under_25"], got["age_over_54"]) == (2, 1)
    assert "age_under_18" not in got


def test_age_is_taken_at_entry_into_the_period(known: Store) -> None:
    """Over 2024–2025 p17 entered in 2024 at 17; counted in 2025 alone she enters at 18."""
    both = indicators(known, Y2024[0], dt.date(2025, 12, 31))
    assert both["age_under_18"] == 1
    only_2025 = indicators(known, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert only_2025["total"] == 2
    assert only_2025["age_under_18"] == 0
    assert only_2025["age_18_29"] == 2


def test_duplicate_record_details_do_not_leak_into_indicators(known: Store) -> None:
    """Ona's duplicate record (gender and status unknown) does not add an unknown person."""
    got = indicators(known)
    assert got["gender_unknown"] == 1  # pX only
    assert got["women"] == 4


def test_breakdown_tables_count_people_per_key(known: Store) -> None:
    """By half-year and by region: one row per key, the totals row from the whole period."""
    report = run_report(known, "esf", ReportFilters(*Y2024), by=("half", "region"))
    half = report.section("half")
    assert half.value("2024-H1", "total") == 6
    assert half.value("2024-H2", "total") == 6
    assert half.value("2024-H1", "age_55_plus") == 1
    assert half.value("total", "total") == 10
    region = report.section("region")
    assert region.value(i("rB"), "women") == 1
    assert region.value(i("rA"), "total") == 8


def test_share_column_is_a_fraction_of_the_total(known: Store) -> None:
    """Women are 4 of 10 participants: share 0.4."""
    report = run_report(known, "esf", ReportFilters(*Y2024))
    assert report.section("indicators").value("women", "share") == 0.4


def test_shares_keep_the_exact_fraction(known: Store) -> None:
    """Shares are stored unrounded (rounded once, when shown): in the first half-year of six
    participants each share is its count over six, exactly."""
    filters = ReportFilters(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    rows = run_report(known, "esf", filters).section("indicators").rows
    assert rows[0].key == "total" and rows[0].values[1] == 6
    assert any(r.values[1] in (1, 5) for r in rows)
    for row in rows:
        assert row.values[2] == row.values[1] / 6  # type: ignore[operator]


def test_new_entrants_are_counted_in_the_period_they_entered(known: Store) -> None:
    """With new entrants only, the two half-years add up to the year (everyone counted once,
    when they entered); a 2025 report leaves out whoever already attended in 2024."""
    h1 = indicators(known, Y2024[0], dt.date(2024, 6, 30), new_entrants=True)
    h2 = indicators(known, dt.date(2024, 7, 1), Y2024[1], new_entrants=True)
    year = indicators(known, new_entrants=True)
    assert year == indicators(known)  # nothing in scope before 2024
    assert h1["total"] + h2["total"] == year["total"]
    assert h1["women"] + h2["women"] == year["women"]
    plain_h2 = indicators(known, dt.date(2024, 7, 1), Y2024[1])
    assert plain_h2["total"] > h2["total"]
    only_2025 = indicators(known, dt.date(2025, 1, 1), dt.date(2025, 12, 31), new_entrants=True)
    assert only_2025["total"] == 0  # p17 and p18 both entered in 2024: left out
    report = run_report(
        known, "esf", ReportFilters(Y2024[0], dt.date(2024, 6, 30), new_entrants=True)
    )
    assert "new entrants only" in dict(report.filter_lines)["Participants"]


@pytest.mark.parametrize("by", ["half", "quarter", "month"])
def test_new_entrants_by_period_count_each_person_in_their_period_of_entry(
    known: Store, by: str
) -> None:
    """A year's new-entrants report broken down by half, quarter or month puts each person in
    the period they entered only: the periods add up to the total, and the second half's
    column equals the second half's own report."""
    report = run_report(known, "esf", ReportFilters(*Y2024, new_entrants=True), by=(by,))
    section = report.section(by)
    periods = [r for r in section.rows if r.key != "total"]
    for key in ("total", "women", "age_55_plus"):
        assert (
            sum(section.value(r.key, key) or 0 for r in periods)
            == indicators(known, new_entrants=True)[key]
        )
    assert not section.note, "the rows add up here: no note that they may not"
    if by == "half":
        h2 = indicators(known, dt.date(2024, 7, 1), Y2024[1], new_entrants=True)
        assert (section.value("2024-H2", "total") or 0) == h2["total"]


def test_new_entrants_belong_to_the_esf_report_only(known: Store) -> None:
    """Asking the summary for new entrants is refused rather than silently ignored."""
    from libtrainer.domain.errors import ValidationError

    with pytest.raises(ValidationError):
        run_report(known, "summary", ReportFilters(*Y2024, new_entrants=True))


@pytest.mark.parametrize("audience", [None, "residents", "library_staff"])
def test_every_format_names_the_audience_in_its_heading(
    known: Store, tmp_path: Path, audience: str | None
) -> None:
    """Whose training "Total participants" counts is in the title of every export."""
    import json
    import subprocess

    from openpyxl import load_workbook

    from libtrainer.i18n import set_language
    from libtrainer.reports.api import export_report
    from libtrainer.reports.filters import audience_text

    set_language("en")
    report = run_report(known, "esf", ReportFilters(*Y2024, audience=audience))
    heading = audience_text(audience)
    assert report.title.endswith(heading)
    paths = {fmt: export_report(report, fmt, tmp_path / f"esf.{fmt}") for fmt in FORMATS}
    assert json.loads(paths["json"].read_text("utf-8"))["title"].endswith(heading)
    assert paths["csv"].read_text("utf-8-sig").splitlines()[0].endswith(heading)
    assert str(load_workbook(paths["xlsx"]).worksheets[0]["A1"].value).endswith(heading)
    text = subprocess.run(
        ["pdftotext", str(paths["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert heading in " ".join(text.split())


def test_breakdown_notes_speak_of_people_only(known: Store) -> None:
    """ESF+ counts people, not groups: its breakdown note does not mention groups."""
    from libtrainer.i18n import set_language

    set_language("en")
    report = run_report(known, "esf", ReportFilters(*Y2024), by=("branch",))
    note = report.section("branch").note
    assert note.startswith("People active in several rows") and "group" not in note
