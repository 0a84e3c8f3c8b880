"""xlsx exports: the workbook's shape (openpyxl) and what LibreOffice reads from it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from libtrainer.i18n import set_language
from libtrainer.reports.api import export_report, run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.reports.model import Report, Section
from libtrainer.reports.xlsx import sheet_name
from libtrainer.store.store import Store
from tests.reports.consumers import xlsx_to_csv
from tests.reports.known_store import Y2024, known_store_at

KINDS = {
    "summary": ("branch", "target_group", "half"),
    "esf": ("half",),
    "sessions": ("region", "half"),
    "consultations": ("branch", "month"),
    "impact": ("programme",),
}


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with known_store_at(tmp_path_factory.mktemp("known") / "data") as store:
        yield store


@pytest.fixture(scope="module")
def exported(
    known: Store, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Report, Path]]:
    """Every report kind, in Lithuanian, written to xlsx."""
    folder = tmp_path_factory.mktemp("xlsx")
    set_language("lt")
    try:
        out = {}
        for kind, by in KINDS.items():
            report = run_report(known, kind, ReportFilters(*Y2024), by=by)
            out[kind] = (report, export_report(report, "xlsx", folder / f"{kind}.xlsx"))
    finally:
        set_language("en")
    return out


@pytest.fixture(scope="module")
def libreoffice(
    exported: dict[str, tuple[Report, Path]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[list[str]]]:
    """All workbooks converted to CSV by headless LibreOffice in one run."""
    work = tmp_path_factory.mktemp("lo")
    return xlsx_to_csv(
        [path for _report, path in exported.values()], work / "csv", work / "profile"
    )


def _same(section: Section, rows: list[list[str]]) -> None:
    assert rows[0][0] == section.title
    assert rows[1][: len(section.columns)] == section.labels
    body = rows[2 : 2 + len(section.table())]
    assert len(body) == len(section.table())
    for got, want in zip(body, section.table()):
        for column, text, value in zip(section.columns, got, want):
            if value is None:
                assert text == ""
            elif column.numeric:
                number = float(text[:-1]) / 100 if text.endswith("%") else float(text)
                assert number == pytest.approx(float(value)), (column.key, text, value)
            else:
                assert text == value


def test_libreoffice_reads_every_sheet_with_figures_and_diacritics(
    exported: dict[str, tuple[Report, Path]], libreoffice: dict[str, list[list[str]]]
) -> None:
    """Each section sheet, opened by LibreOffice, holds the report's exact labels and numbers."""
    for kind, (report, _path) in exported.items():
        used = {"ataskaita"}
        for section in report.sections:
            name = sheet_name(section.title, used)
            _same(section, libreoffice[f"{kind}-{name}"])


def test_libreoffice_reads_lithuanian_and_latvian_names(
    libreoffice: dict[str, list[list[str]]],
) -> None:
    """Names with ą č ę ė į š ų ū ž ā ē ī ķ ļ ņ survive the round trip through LibreOffice."""
    text = "\n".join(",".join(row) for rows in libreoffice.values() for row in rows)
    for name in (
        "Sangrūdos padalinys",
        "Kalvarijos centrinė biblioteka",
        "Aglonas bibliotēka",
        "Marijampolės apskritis",
        "Latgales reģions",
        "Unikalūs dalyviai",
        "Koordinatorės kompiuteris",
        "E. paslaugos bibliotekininkams",
        "Iš viso",
    ):
        assert name in text, name


def test_first_sheet_states_filters_time_and_sources(
    exported: dict[str, tuple[Report, Path]], libreoffice: dict[str, list[list[str]]]
) -> None:
    """The report sheet names the period, scope, generation time and the source devices."""
    rows = libreoffice["summary-Ataskaita"]
    labels = [row[0] for row in rows]
    assert rows[0][0] == "Mokymų suvestinė"
    for label in (
        "Laikotarpis",
        "Apimtis",
        "Programos",
        "Parengta",
        "Duomenų šaltiniai (įrenginiai)",
    ):
        assert label in labels, label
    assert any(
        row[:3]
        == ["Koordinatorės kompiuteris", "Koordinatoriaus kompiuteris", "Sangrūdos padalinys"]
        for row in rows
    )


def test_sheets_have_frozen_panes_formats_widths_and_a_bold_total(
    exported: dict[str, tuple[Report, Path]],
) -> None:
    """Header styled and frozen, numbers formatted, widths fitted, totals row bold."""
    report, path = exported["summary"]
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Ataskaita"
    ws = wb.worksheets[2]  # by branch
    section = report.sections[1]
    assert ws.freeze_panes == "B3"
    assert ws["A2"].font.bold and ws["A2"].fill.fgColor.rgb.endswith("1F4E79")
    assert ws["B3"].number_format == "#,##0"
    hours = section.index("participant_hours") + 1
    assert ws.cell(3, hours).number_format == "#,##0.00"
    assert ws.column_dimensions["A"].width >= len("Kalvarijos centrinė biblioteka")
    last = 2 + len(section.table())
    assert ws.cell(last, 1).value == "Iš viso" and ws.cell(last, 2).font.bold
    assert ws.auto_filter.ref == f"A2:{ws.cell(2, len(section.columns)).column_letter}{last - 1}"
    esf = load_workbook(exported["esf"][1]).worksheets[1]
    assert esf["C3"].number_format == "0.0%"


def test_totals_keep_counts_whole_and_pages_say_what_they_are(
    exported: dict[str, tuple[Report, Path]],
) -> None:
    """In the totals sheet people and groups print as 10, hours as 45.50; printed pages carry
    the title and period above and page x / y below."""
    report, path = exported["summary"]
    ws = load_workbook(path).worksheets[1]
    formats = {row[0].value: row[1].number_format for row in ws.iter_rows(min_row=3)}
    assert formats["Unikalūs dalyviai"] == "#,##0"
    assert formats["Dalyvių valandos"] == "#,##0.00"
    assert report.title in ws.oddHeader.left.text and "2024" in ws.oddHeader.left.text
    assert ws.oddFooter.center.text == "&P / &N"
    cover = load_workbook(path).worksheets[0]
    assert cover.page_setup.fitToWidth == 1 and cover.oddFooter.center.text == "&P / &N"


def test_long_sheet_names_keep_the_breakdown() -> None:
    """A long title gives the sheet the part after its colon, or a cut at a word with "…"."""
    assert sheet_name("Sessions and unique participants: Region × Month", set()) == (
        "Region × Month"
    )
    cut = sheet_name("Nodarbības un unikālie dalībnieki pa reģioniem un mēnešiem", set())
    assert cut == "Nodarbības un unikālie…" and len(cut) <= 31


def test_sheet_names_are_valid_and_unique() -> None:
    """Sheet names lose []:*?/\\, stay within 31 characters and never repeat."""
    used: set[str] = set()
    first = sheet_name("Sessions: region × half-year / 2024 [draft]", used)
    second = sheet_name("Sessions: region × half-year / 2024 [draft]", used)
    assert len(first) <= 31 and len(second) <= 31
    assert not set("[]:*?/\\") & set(first + second)
    assert first != second


def test_long_names_wrap_instead_of_being_cut(tmp_path: Path) -> None:
    """A branch name longer than the widest column wraps in its cell; numbers do not."""
    import datetime as dt

    from libtrainer.reports.model import Column, Row
    from libtrainer.reports.xlsx import write_xlsx

    name = "Lazdijų rajono savivaldybės viešosios bibliotekos " * 3
    section = Section(
        "branch",
        "By branch",
        [Column("branch", "Branch", "text"), Column("participants", "Participants")],
        [Row("b1", [name, 3])],
    )
    report = Report("summary", "t", "lt", {}, [], dt.datetime.now().astimezone(), [], [section])
    write_xlsx(report, tmp_path / "long.xlsx")
    ws = load_workbook(tmp_path / "long.xlsx").worksheets[1]
    assert ws.cell(3, 1).alignment.wrap_text is True
    assert not ws.cell(3, 2).alignment.wrap_text
    assert ws.column_dimensions["A"].width <= 62
    assert (ws.row_dimensions[3].height or 0) >= 30  # room for its lines
