"""``libtrainer template`` and ``libtrainer import``: exit codes, reports and files written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from libtrainer.cli import main
from libtrainer.services import storefile
from libtrainer.store.store import Store
from tests.conftest import make_store

from ..services.register.support import counts, row, write_register


@pytest.fixture
def initialised(data_dir: Path) -> Path:
    make_store(data_dir).close()
    return data_dir


def make_store_open(data_dir: Path) -> Store:
    return storefile.open_store(data_dir)


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_template_command_writes_a_latvian_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``template --lang lv`` writes Latvian headers; no store is needed for it."""
    out = tmp_path / "veidne.xlsx"
    assert main(["template", str(out), "--lang", "lv"]) == 0
    assert "Uzvārds" in [c.value for c in load_workbook(out).worksheets[0][1]]
    assert str(out) in capsys.readouterr().out


def test_template_must_be_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A template name without .xlsx is refused with a message and status 2."""
    assert main(["template", str(tmp_path / "t.csv")]) == 2
    assert ".xlsx" in capsys.readouterr().err


def test_import_with_bad_rows_reports_them_and_exits_1(
    initialised: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad rows: status 1, each row/column/reason printed in Lithuanian, nothing written."""
    rows = [
        row(given_name="Rita"),
        row(given_name="Vitas", birth_year=2090),
        row(given_name="Ėglė", gender="?"),
    ]
    path = write_register(tmp_path / "r.csv", rows, lang="lt")
    assert run(initialised, "--lang", "lt", "import", str(path)) == 1
    out = capsys.readouterr().out
    assert "niekas neimportuota" in out
    assert "3 eilutė, „Gimimo metai“" in out and "4 eilutė, „Lytis“" in out
    store = make_store_open(initialised)
    assert counts(store)["attendance"] == 0
    store.close()


def test_import_skip_bad_writes_good_rows_and_the_bad_rows_file(
    initialised: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--skip-bad --bad-rows-out`` imports good rows, saves the bad one, lists what was new."""
    rows = [row(given_name="Rita", branch="Verstaminų skyrius"), row(birth_year="x")]
    path = write_register(tmp_path / "r.xlsx", rows)
    bad = tmp_path / "taisyti.xlsx"
    assert run(initialised, "import", str(path), "--skip-bad", "--bad-rows-out", str(bad)) == 0
    out = capsys.readouterr().out
    assert "New branches (1): Verstaminų skyrius" in out
    assert "Attendance records written: 1" in out
    assert load_workbook(bad).worksheets[0].max_row == 2


def test_bad_rows_out_needs_skip_bad(
    initialised: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--bad-rows-out`` alone is refused before anything is read."""
    path = write_register(tmp_path / "r.csv", [row()])
    assert run(initialised, "import", str(path), "--bad-rows-out", str(tmp_path / "b.csv")) == 2
    assert "--skip-bad" in capsys.readouterr().err


def test_dry_run_json_says_what_would_be_added(
    initialised: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--dry-run --json`` prints the plan and writes nothing."""
    path = write_register(tmp_path / "r.csv", [row(), row(given_name="Rita")])
    assert run(initialised, "import", str(path), "--dry-run", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["written"] is False and report["dry_run"] is True
    assert report["attendance_written"] == 2 and report["participants_created"] == 2
    assert report["created"]["lecturers"] == ["Asta Mickevičienė"]
    store = make_store_open(initialised)
    assert counts(store)["participant"] == 0
    store.close()


def test_dry_run_names_rows_taken_as_a_coded_person_and_a_branch_like_a_known_one(
    initialised: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The check says which uncoded rows are the coded person and which new branch looks like a
    known one, in words and in --json."""
    ona = {"given_name": "Ona", "family_name": "Petraitienė", "birth_year": 1952}
    rows = [
        row(**ona),
        row(**ona, start="14:00", participant_code="LZ-7"),
        row(given_name="Rita", branch="Budvieco padalinys"),
    ]
    path = write_register(tmp_path / "r.xlsx", rows)
    assert run(initialised, "import", "--dry-run", str(path)) == 0
    out = capsys.readouterr().out
    assert "Row 2 without a code is taken as Ona Petraitienė, code LZ-7" in out
    assert "New branches (1): Budvieco padalinys" in out
    assert "has a name close to Būdviečio padalinys" in out
    assert run(initialised, "import", "--dry-run", "--json", str(path)) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["taken_as"] == [{"rows": [2], "name": "Ona Petraitienė", "code": "LZ-7"}]
    assert data["similar_places"][0]["close"] == ["Būdviečio padalinys"]


def test_a_region_computer_refuses_an_unknown_branch_with_the_closest_name(
    initialised: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a computer of a region a typo in the branch is a row error, in Lithuanian too."""
    store = make_store_open(initialised)
    try:
        store.set_meta("sync_join_pending", "1")
        before = counts(store)
    finally:
        store.close()
    path = write_register(tmp_path / "r.xlsx", [row(branch="Budvieco padalinys")], lang="lt")
    assert run(initialised, "import", str(path)) == 1
    out = capsys.readouterr().out
    assert "Row 2, “Branch”:" in out and "Did you mean Būdviečio padalinys?" in out
    store = make_store_open(initialised)
    try:
        assert counts(store) == before
    finally:
        store.close()


def test_a_look_alike_header_is_refused_with_status_and_the_column_named(
    initialised: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Gim. metai" holding years: refused (status 2) naming „Gimimo metai“, nothing written."""
    from ..services.register.support import KEYS, headers

    header = headers("lt")
    header[KEYS.index("birth_year")] = "Gim. metai"
    path = write_register(tmp_path / "r.xlsx", [row()], header=header)
    assert run(initialised, "--lang", "lt", "import", "--skip-bad", str(path)) != 0
    err = capsys.readouterr().err
    assert "„Gim. metai“" in err and "„Gimimo metai“" in err
    store = make_store_open(initialised)
    assert counts(store)["attendance"] == 0
    store.close()
