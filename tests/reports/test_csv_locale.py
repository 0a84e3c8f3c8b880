"""CSV for the reader's spreadsheet: the computer's list separator and decimal symbol when
known, else ";" and a decimal comma for lt and lv, "," and a point for en; overridable; text
that looks like a number stays text (decision 0358)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from libtrainer.cli import build_parser, main
from libtrainer.domain.errors import ValidationError
from libtrainer.i18n import set_language, system
from libtrainer.i18n.system import NumberFormat
from libtrainer.reports.api import export_report, run_report
from libtrainer.reports.cells_safe import csv_cell, csv_unescape, number_like
from libtrainer.reports.filters import ReportFilters
from libtrainer.reports.model import Report
from libtrainer.store import models as m
from libtrainer.store.capture import capture_suspended
from libtrainer.store.store import Store
from tests.reports.consumers import need
from tests.reports.known_store import Y2024, i, known_store_at

#: Branch and programme names that a spreadsheet would read as a number or a date.
CODE_LIKE = "0012"
DATE_LIKE = "1-2"


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The known store with the Kalvarija branch named 0012 and programme P1 titled 1-2."""
    with known_store_at(tmp_path_factory.mktemp("known") / "data") as store:
        with store.engine.begin() as conn, capture_suspended(conn):
            conn.execute(
                update(m.Branch).where(m.Branch.id == i("kalvarija")).values(name=CODE_LIKE)
            )
            conn.execute(
                update(m.Programme)
                .where(m.Programme.id == i("P1"))
                .values(title_lt=DATE_LIKE, title_lv=DATE_LIKE, title_en=DATE_LIKE)
            )
        yield store


def _summary(store: Store, language: str) -> Report:
    set_language(language)
    return run_report(store, "summary", ReportFilters(*Y2024), by=("region", "branch", "programme"))


def _rows(path: Path, delimiter: str) -> list[list[str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _hours(report: Report, rows: list[list[str]]) -> str:
    """The participant-hours cell of the totals section."""
    label = next(r[0] for r in report.section("totals").table() if r[1] == 45.5)
    return next(r[1] for r in rows if r and r[0] == label)


@pytest.mark.parametrize("language", ["lt", "lv"])
def test_lithuanian_and_latvian_csv_use_semicolons_and_a_decimal_comma(
    known: Store, tmp_path: Path, language: str
) -> None:
    """An lt or lv report is ;-separated with 45,5 hours, UTF-8 with a BOM."""
    report = _summary(known, language)
    path = export_report(report, "csv", tmp_path / "s.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    first = path.read_text(encoding="utf-8-sig").splitlines()
    assert all("," not in line for line in first if line.startswith(report.title))
    rows = _rows(path, ";")
    assert _hours(report, rows) == "45,5"
    header = report.section("branch").labels
    assert header in rows  # one cell per column: the separator is ;


def test_english_csv_keeps_commas_and_a_decimal_point(known: Store, tmp_path: Path) -> None:
    """An en report is ,-separated with 45.5 hours."""
    report = _summary(known, "en")
    rows = _rows(export_report(report, "csv", tmp_path / "s.csv"), ",")
    assert _hours(report, rows) == "45.5"
    assert report.section("branch").labels in rows


@pytest.mark.parametrize(
    ("language", "separator", "delimiter", "hours"),
    [("lt", "comma", ",", "45.5"), ("en", "semicolon", ";", "45,5"), ("lv", "auto", ";", "45,5")],
)
def test_the_separator_can_be_chosen(
    known: Store, tmp_path: Path, language: str, separator: str, delimiter: str, hours: str
) -> None:
    """csv_separator=comma / semicolon overrides the language's choice, decimals with it."""
    report = _summary(known, language)
    path = export_report(report, "csv", tmp_path / "s.csv", csv_separator=separator)
    rows = _rows(path, delimiter)
    assert _hours(report, rows) == hours
    assert report.section("branch").labels in rows


LITHUANIAN_PC = NumberFormat(";", ",")
ENGLISH_PC = NumberFormat(",", ".")


@pytest.mark.parametrize(
    ("language", "regional", "delimiter", "hours"),
    [
        ("en", LITHUANIAN_PC, ";", "45,5"),
        ("lt", ENGLISH_PC, ",", "45.5"),
        ("lv", LITHUANIAN_PC, ";", "45,5"),
        ("en", NumberFormat(";", "."), ";", "45.5"),
    ],
)
def test_auto_follows_the_computers_regional_settings(
    known: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    regional: NumberFormat,
    delimiter: str,
    hours: str,
) -> None:
    """An English report on a Lithuanian PC is ;-separated with 45,5 (and the reverse): the
    computer's list separator and decimal symbol, not the report's language, decide."""
    monkeypatch.setattr(system, "number_format", lambda: regional)
    report = _summary(known, language)
    rows = _rows(export_report(report, "csv", tmp_path / "s.csv"), delimiter)
    assert _hours(report, rows) == hours
    assert report.section("branch").labels in rows


@pytest.mark.parametrize(("separator", "delimiter"), [("comma", ","), ("semicolon", ";")])
def test_a_chosen_separator_wins_over_the_computers(
    known: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    separator: str,
    delimiter: str,
) -> None:
    """csv_separator=comma or semicolon is written whatever the regional settings say."""
    other = LITHUANIAN_PC if separator == "comma" else ENGLISH_PC
    monkeypatch.setattr(system, "number_format", lambda: other)
    report = _summary(known, "lt")
    path = export_report(report, "csv", tmp_path / "s.csv", csv_separator=separator)
    assert report.section("branch").labels in _rows(path, delimiter)


def test_an_unknown_separator_is_refused(known: Store, tmp_path: Path) -> None:
    """A separator other than auto, comma or semicolon is refused and nothing is written."""
    report = _summary(known, "en")
    with pytest.raises(ValidationError):
        export_report(report, "csv", tmp_path / "s.csv", csv_separator="tab")
    assert not list(tmp_path.iterdir())


def test_percentages_are_fractions_with_a_decimal_comma(known: Store, tmp_path: Path) -> None:
    """The impact report's shares and mean scores are written with a comma in lt."""
    set_language("lt")
    report = run_report(known, "impact", ReportFilters(*Y2024), by=("programme",))
    rows = _rows(export_report(report, "csv", tmp_path / "i.csv"), ";")
    section = report.section("programme")
    share = section.index("improved_share")
    written = {r[0]: r for r in rows if r}
    fractions = [v for v in section.table() if isinstance(v[share], float)]
    assert fractions
    for values in fractions:
        cell = written[csv_cell(str(values[0]))][share]
        assert "." not in cell
        assert float(cell.replace(",", ".")) == values[share]


def test_text_that_looks_like_a_number_or_date_is_quoted(known: Store, tmp_path: Path) -> None:
    """Branch 0012 and programme 1-2 are written '0012 and '1-2; counts stay bare numbers."""
    report = _summary(known, "lt")
    rows = _rows(export_report(report, "csv", tmp_path / "s.csv"), ";")
    cells = [c for r in rows for c in r]
    assert "'" + CODE_LIKE in cells and CODE_LIKE not in cells
    branch = next(r for r in rows if r and r[0] == "'" + CODE_LIKE)
    assert branch[1].isdigit()


def test_generated_is_an_iso_date_and_time(known: Store, tmp_path: Path) -> None:
    """The "Generated" line reads 2024-12-31 14:05 in every language."""
    report = _summary(known, "lv")
    rows = _rows(export_report(report, "csv", tmp_path / "s.csv"), ";")
    generated = next(r for r in rows if r and r[0] == "Sagatavots")
    assert dt.datetime.strptime(generated[1], "%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("0012", True),
        ("1-2", True),
        ("1.5", True),
        ("1,5", True),
        ("12:30", True),
        ("2024-01", True),
        ("1E5", True),
        ("50%", True),
        ("123456789012", True),
        ("2024", False),
        ("860012345", False),
        ("18–29", False),
        ("2024 Q1", False),
        ("Žemaitė", False),
    ],
)
def test_number_like_text_is_quoted_and_unquoted_again(text: str, quoted: bool) -> None:
    """Text a spreadsheet would change gets a ', which the import takes off; other text not."""
    assert number_like(text) is quoted
    assert csv_cell(text) == ("'" + text if quoted else text)
    assert csv_unescape(csv_cell(text)) == text
    assert csv_cell(text, as_text=False) == text


def test_report_help_names_the_csv_separator() -> None:
    """`libtrainer report --help` explains --csv-separator and its choices."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")  # noqa: SLF001
    text = " ".join(sub.choices["report"].format_help().split())  # type: ignore[union-attr]
    assert "--csv-separator {auto,comma,semicolon}" in text
    assert "decimal comma" in text and "regional settings" in text


def test_cli_writes_the_separator_asked_for(known: Store, tmp_path: Path) -> None:
    """`--lang lt report … --csv-separator comma` writes commas and a decimal point."""
    out = tmp_path / "s.csv"
    code = main(
        [
            "--data-dir",
            str(known.path.parent),
            "--lang",
            "lt",
            "report",
            "summary",
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
            "--csv-separator",
            "comma",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    rows = _rows(out, ",")
    assert any(r[1:] == ["45.5"] for r in rows)


def test_cli_follows_the_computer_unless_told(
    known: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--lang en report … --out s.csv` on a Lithuanian PC writes ";" and 45,5;
    `--csv-separator comma` still writes "," and 45.5."""
    monkeypatch.setattr(system, "number_format", lambda: LITHUANIAN_PC)
    base = ["--data-dir", str(known.path.parent), "--lang", "en", "report", "summary"]
    period = ["--from", "2024-01-01", "--to", "2024-12-31"]
    auto, comma = tmp_path / "auto.csv", tmp_path / "comma.csv"
    assert main([*base, *period, "--out", str(auto)]) == 0
    assert main([*base, *period, "--csv-separator", "comma", "--out", str(comma)]) == 0
    assert any(r[1:] == ["45,5"] for r in _rows(auto, ";"))
    assert any(r[1:] == ["45.5"] for r in _rows(comma, ","))


def test_libreoffice_with_lithuanian_settings_reads_numbers_and_text(
    known: Store, tmp_path: Path
) -> None:
    """LibreOffice opening the lt CSV as lt Excel would: 45,5 is the number 45.5, the share a
    number, the date a date, and 0012 and 1-2 are text, not 12 and 2 January."""
    soffice = need("soffice")
    set_language("lt")
    report = run_report(known, "impact", ReportFilters(*Y2024), by=("programme", "branch"))
    summary = _summary(known, "lt")
    files = [
        export_report(report, "csv", tmp_path / "impact.csv"),
        export_report(summary, "csv", tmp_path / "summary.csv"),
    ]
    # ; separator, " quotes, UTF-8, from line 1, standard columns, Lithuanian (1063); quoted
    # cells not forced to text and special numbers (dates) detected, as Excel does
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--infilter=CSV:59,34,76,1,,1063,false,true",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    cells = {
        name: {
            c.value: c
            for row in load_workbook(tmp_path / "out" / f"{name}.xlsx").active.iter_rows()
            for c in row
        }
        for name in ("impact", "summary")
    }
    hours = cells["summary"][45.5]
    assert hours.data_type == "n"
    for text in ("'" + CODE_LIKE, "'" + DATE_LIKE):
        assert cells["summary"][text].data_type == "s"
    assert not [v for v in cells["summary"] if isinstance(v, dt.datetime) and v.month == 2]
    section = report.section("programme")
    share = section.index("improved_share")
    shares = [v[share] for v in section.table() if isinstance(v[share], float)]
    numbers = [v for v in cells["impact"] if isinstance(v, int | float)]
    # a spreadsheet keeps 15 significant digits: 2/3 comes back as 0.666666666666667
    assert all(any(v == pytest.approx(s, rel=1e-14) for v in numbers) for s in shares)
    generated = [v for v in cells["summary"] if isinstance(v, dt.datetime)]
    assert len(generated) == 1


def test_long_digit_runs_are_judged_in_one_pass() -> None:
    """A long run of digits ending in a letter (from a file or a synced free text) is not
    number-like and is judged without backtracking (a linear check, not a nested pattern)."""
    from libtrainer.reports.cells_safe import number_like  # noqa: PLC0415

    assert not number_like("1" * 50_000 + "x")
    assert number_like("0" + "1" * 50_000)
