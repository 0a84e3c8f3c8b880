"""PDF exports: poppler reads Lithuanian and Latvian names and labels intact, the font is
embedded, long tables repeat their header on every page, wide tables keep every column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from libtrainer.i18n import set_language
from libtrainer.reports.api import export_report, run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.reports.model import Column, Report, Row, Section
from libtrainer.reports.pdfcharts import chart_data
from libtrainer.store.store import Store
from tests.reports.consumers import pdf_fonts, pdf_pages, pdf_text
from tests.reports.known_store import Y2024, known_store_at

NAMES = (
    "Sangrūdos padalinys",
    "Kalvarijos centrinė biblioteka",
    "Aglonas bibliotēka",
    "Marijampolės apskritis",
    "Latgales reģions",
)
KINDS = {
    "summary": ("region", "branch", "target_group", "month"),
    "esf": ("half", "region"),
    "sessions": ("region", "half"),
    "consultations": ("branch", "month"),
    "impact": ("programme",),
}


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with known_store_at(tmp_path_factory.mktemp("known") / "data") as store:
        yield store


def _export(store: Store, kind: str, lang: str, path: Path) -> Path:
    set_language(lang)
    report = run_report(store, kind, ReportFilters(*Y2024), by=KINDS[kind])
    return export_report(report, "pdf", path)


@pytest.mark.parametrize("kind", list(KINDS))
def test_lithuanian_pdf_keeps_names_and_labels(known: Store, tmp_path: Path, kind: str) -> None:
    """Every kind, in Lithuanian: names, labels and "page X of Y" are real text in the PDF."""
    path = _export(known, kind, "lt", tmp_path / f"{kind}.pdf")
    text = pdf_text(path)
    pages = pdf_pages(path)
    assert f"1 psl. iš {pages}" in text and f"{pages} psl. iš {pages}" in text
    assert "Koordinatorės kompiuteris" in text  # the source device, on the title page
    assert "Laikotarpis" in text and "Parengta" in text
    if kind in ("summary", "sessions", "esf"):
        for name in ("Marijampolės apskritis", "Latgales reģions"):
            assert name in text, name
    if kind in ("summary", "consultations"):
        for name in ("Sangrūdos padalinys", "Aglonas bibliotēka"):
            assert name in text, name
    if kind == "summary":
        assert "Unikalūs dalyviai" in text and "Iš viso" in text


def test_latvian_pdf_keeps_latvian_labels(known: Store, tmp_path: Path) -> None:
    """In Latvian: ā ē ī ķ ļ ņ š ū ž come out of the PDF as written."""
    text = pdf_text(_export(known, "summary", "lv", tmp_path / "summary-lv.pdf"))
    for word in (
        "Apmācību kopsavilkums",
        "Unikālie dalībnieki",
        "Kopā",
        "Pa filiālēm",
        "Aglonas bibliotēka",
        "Latgales reģions",
        "lpp. no",
        *NAMES,
    ):
        assert word in text, word


def test_font_is_embedded(known: Store, tmp_path: Path) -> None:
    """The PDF carries its DejaVu fonts (subsets), so any computer prints every letter."""
    fonts = pdf_fonts(_export(known, "esf", "lt", tmp_path / "esf.pdf"))
    lines = [line for line in fonts.splitlines() if "DejaVu" in line]
    assert lines and all(" yes " in line for line in lines)
    listed = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert listed == lines, "no other font (an unembedded Helvetica) is named in the file"


def _synthetic(rows: int, columns: int) -> Report:
    cols = [Column("branch", "Padalinys", "text")]
    cols += [Column(f"c{n}", f"Rodiklis Nr. {n} (žmonės)") for n in range(columns)]
    body = [
        Row(f"r{r}", [f"Padalinys Nr. {r} – Žąsų", *[r * n for n in range(columns)]])
        for r in range(rows)
    ]
    section = Section("branch", "Pagal padalinį", cols, body, ["Iš viso", *[0] * columns])
    return Report(
        "summary",
        "Bandomoji ataskaita",
        "lt",
        {},
        [("Laikotarpis", "2024")],
        dt.datetime(2024, 12, 31, 12, 0).astimezone(),
        [],
        [section],
    )


def test_long_table_repeats_its_header_on_every_page(tmp_path: Path) -> None:
    """150 rows span several pages; each page of the table starts with the column header."""
    set_language("lt")
    path = export_report(_synthetic(150, 3), "pdf", tmp_path / "long.pdf")
    pages = pdf_pages(path)
    assert pages >= 4
    for page in range(3, pages + 1):
        first_line = pdf_text(path, page).strip().splitlines()[0]
        assert "Rodiklis" in first_line, page  # header words only appear in the header
    text = pdf_text(path)
    assert "Padalinys Nr. 149 – Žąsų" in text and "Iš viso" in text


def test_wide_table_is_split_into_column_groups_with_the_label_column(tmp_path: Path) -> None:
    """30 numeric columns do not fit the page: they are printed in groups, none lost."""
    set_language("lt")
    path = export_report(_synthetic(5, 30), "pdf", tmp_path / "wide.pdf")
    text = " ".join(pdf_text(path).split())
    for n in range(30):
        assert f"Nr. {n}" in text, n
    assert text.count("Padalinys Nr. 4 – Žąsų") >= 2


def test_chart_data_orders_places_by_size_and_periods_by_time() -> None:
    """Places are charted largest first; periods keep their order; one row makes no chart."""
    places = Section(
        "branch",
        "t",
        [Column("branch", "B", "text"), Column("participants", "P")],
        [Row("a", ["A", 1]), Row("b", ["B", 5])],
        chart="participants",
    )
    assert chart_data(places) == (["B", "A"], [5.0, 1.0])
    months = Section(
        "month",
        "t",
        [Column("month", "M", "text"), Column("participants", "P")],
        [Row("1", ["sausis", 1]), Row("2", ["vasaris", 5])],
        chart="participants",
    )
    assert chart_data(months) == (["sausis", "vasaris"], [1.0, 5.0])
    places.rows = places.rows[:1]
    assert chart_data(places) is None


def test_indicator_chart_keeps_every_indicator_in_the_tables_order() -> None:
    """The ESF+ indicators' chart (30 rows, not ranked) draws all of them in the table's order,
    the last ones too, and its title does not claim they are the largest; a branch breakdown
    of 30 draws the 25 largest and says so."""
    from libtrainer.reports.pdfcharts import MAX_BARS, bar_chart

    rows = [Row(f"k{n}", [f"Indicator {n}", 30 - n]) for n in range(30)]
    cols = [Column("indicator", "I", "text"), Column("count", "Count")]
    indicators = Section("indicators", "t", cols, rows, chart="count")
    names, _values = chart_data(indicators) or ([], [])
    assert names == [f"Indicator {n}" for n in range(30)]
    titles = [s.text for s in bar_chart(indicators, 500).contents if hasattr(s, "text")]
    assert not any("largest" in t for t in titles)
    branches = Section("branch", "t", [Column("branch", "B", "text"), cols[1]], rows, chart="count")
    assert len((chart_data(branches) or ([], []))[0]) == MAX_BARS
    titles = [s.text for s in bar_chart(branches, 500).contents if hasattr(s, "text")]
    assert any(f"the {MAX_BARS} largest" in t for t in titles)


@pytest.mark.parametrize("lang", ["lt", "lv", "en"])
def test_cell_text_matches_babel_formatting(lang: str) -> None:
    """The fast number formatting of PDF and preview cells equals Babel's, in each language."""
    from babel import numbers

    from libtrainer.i18n import babel_locale
    from libtrainer.i18n.format import format_number
    from libtrainer.reports.cells import cell_text

    set_language(lang)
    for value in (0, 7, 1302, 1699394, 12345678):
        assert cell_text(value, "int") == format_number(value)
    for hours in (0, 1.5, 12, 45.5, 1234.25, 100000.0):
        expected = numbers.format_decimal(hours, format="#,##0.00", locale=babel_locale())
        assert cell_text(hours, "hours") == expected
    assert cell_text(None, "int") == "–"


def test_a_long_span_charts_its_latest_periods() -> None:
    """48 months: the chart draws the last 40 (the latest months), titled so."""
    from libtrainer.reports.pdfcharts import MAX_ORDERED_BARS, bar_chart

    rows = [Row(f"m{n}", [f"month {n}", n + 1]) for n in range(48)]
    months = Section(
        "month", "t", [Column("month", "M", "text"), Column("p", "P")], rows, chart="p"
    )
    names, _values = chart_data(months) or ([], [])
    assert names[-1] == "month 47" and len(names) == MAX_ORDERED_BARS
    titles = [s.text for s in bar_chart(months, 500).contents if hasattr(s, "text")]
    assert any(f"the last {MAX_ORDERED_BARS}" in t for t in titles)


@pytest.mark.parametrize("lang", ["lt", "lv", "en"])
def test_hours_and_shares_read_as_in_the_xlsx(lang: str) -> None:
    """Hours show two decimals (9,00 next to 26,33, as the xlsx format) and shares are rounded
    once, half up, as a spreadsheet rounds them: 6/11 is 54,5 %, 5/11 is 45,5 %."""
    from libtrainer.reports.cells import cell_text
    from libtrainer.reports.xlsx import FORMATS

    set_language(lang)
    point = "." if lang == "en" else ","
    assert cell_text(9, "hours") == f"9{point}00" and FORMATS["hours"] == "#,##0.00"
    assert cell_text(6 / 11, "percent").startswith(f"54{point}5")
    assert cell_text(5 / 11, "percent").startswith(f"45{point}5")
    assert cell_text(0.0625, "percent").startswith(f"6{point}3")


def test_every_page_names_the_reports_period(known: Store, tmp_path: Path) -> None:
    """Pages after the first carry the period in their footer, next to the title."""
    from libtrainer.i18n.format import format_date

    path = _export(known, "summary", "lt", tmp_path / "summary.pdf")
    period = f"{format_date(Y2024[0])} – {format_date(Y2024[1])}"
    pages = pdf_pages(path)
    assert pages > 2
    for page in (2, pages):
        assert period in pdf_text(path, page), page


def test_totals_show_counts_whole_and_hours_with_two_decimals(known: Store) -> None:
    """The totals table mixes counts and hours in one column: each row reads as its kind."""
    from libtrainer.reports.cells import section_texts

    set_language("en")
    report = run_report(known, "summary", ReportFilters(*Y2024), by=("year",))
    totals = report.section("totals")
    texts = {row.key: text[1] for row, text in zip(totals.rows, section_texts(totals))}
    assert texts["participants"] == "10"
    assert len(texts["participant_hours"].split(".")[1]) == 2
