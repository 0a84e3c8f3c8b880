"""CSV (UTF-8 with BOM, blocks per section) and JSON (codes next to labels) exports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from libtrainer.i18n import set_language
from libtrainer.reports.api import export_report, run_report
from libtrainer.reports.filters import ReportFilters
from libtrainer.store.store import Store
from tests.reports.known_store import Y2024, i, known_store_at


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with known_store_at(tmp_path_factory.mktemp("known") / "data") as store:
        yield store


def test_csv_starts_with_a_bom_and_keeps_diacritics(known: Store, tmp_path: Path) -> None:
    """The file begins with EF BB BF; lt labels (;-separated) and lv names read back intact."""
    set_language("lt")
    report = run_report(known, "summary", ReportFilters(*Y2024), by=("branch",))
    path = export_report(report, "csv", tmp_path / "summary.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Mokymų suvestinė"]
    branch = rows.index(["Pagal padalinį"])
    assert rows[branch + 1] == report.section("branch").labels
    body = {r[0]: r for r in rows[branch + 2 : branch + 6]}
    assert body["Aglonas bibliotēka"][1] == "2"
    assert body["Iš viso"][1] == "10"
    assert not list(tmp_path.glob(".*.part"))


def test_csv_writes_raw_numbers_and_a_block_per_section(known: Store, tmp_path: Path) -> None:
    """Hours keep a decimal point; each section is title, header, rows, totals, blank line."""
    report = run_report(known, "summary", ReportFilters(*Y2024), by=("region", "half"))
    path = export_report(report, "csv", tmp_path / "s.csv")
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    titles = [s.title for s in report.sections]
    starts = [rows.index([t]) for t in titles]
    assert starts == sorted(starts)
    totals = {r[0]: r[1] for r in rows[starts[0] + 2 : starts[1] - 1]}
    assert totals["Participant-hours"] == "45.5"
    assert rows[starts[1] - 1] == []


def test_json_has_codes_ids_labels_and_filters(known: Store, tmp_path: Path) -> None:
    """Scripts get row keys (ids, period codes), column keys, raw numbers and the filters."""
    filters = ReportFilters(*Y2024, audience="residents")
    report = run_report(known, "sessions", filters)
    data = json.loads(export_report(report, "json", tmp_path / "s.json").read_text("utf-8"))
    assert data["format"] == "libtrainer-report/1"
    assert data["kind"] == "sessions" and data["language"] == "en"
    assert data["filters"] == {
        "from": "2024-01-01",
        "to": "2024-12-31",
        "counted_to": "2024-12-31",
        "scope": None,
        "programmes": [],
        "audience": "residents",
        "age_rules": "2021",
        "new_entrants": False,
    }
    section = data["sections"][0]
    row = next(r for r in section["rows"] if r["key"] == i("rA"))
    assert row["2024-H1:sessions"] == 3 and row["participants"] == 8
    assert section["total"]["participants"] == 8
    assert {s["name"] for s in data["sources"]} == {"Koordinatorės kompiuteris"}


def test_unknown_format_is_refused(known: Store, tmp_path: Path) -> None:
    """Asking for a format that does not exist names the ones that do."""
    from libtrainer.domain.errors import ValidationError
    from libtrainer.i18n import render

    report = run_report(known, "impact", ReportFilters(*Y2024))
    with pytest.raises(ValidationError) as err:
        export_report(report, "docx", tmp_path / "x.docx")
    assert "json, csv, xlsx, pdf" in render(err.value)
