"""``libtrainer import`` of a Latvian librarian's files: a name with a digit is refused by row
and field, and a Windows-1257 CSV is read and said to be."""

from __future__ import annotations

from pathlib import Path

import pytest

from libtrainer.cli import main
from libtrainer.services.register import legacy
from tests.conftest import make_store

from ..services.register.support import row, write_register


@pytest.fixture
def initialised(data_dir: Path) -> Path:
    make_store(data_dir).close()
    return data_dir


def test_a_name_with_a_digit_is_refused_by_row_and_field(
    initialised: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Ēriks2" in „Vārds”: status 1, "3. rinda, „Vārds”", no new participants."""
    rows = [row(given_name="Ārija"), row(given_name="Ēriks2"), row(given_name="Ūna")]
    path = write_register(tmp_path / "slikts2.xlsx", rows, lang="lv")
    code = main(["--data-dir", str(initialised), "--lang", "lv", "import", "--dry-run", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "3. rinda, „Vārds”" in out and "Ēriks2" in out
    assert "Jauni dalībnieki" not in out


def test_a_windows_1257_csv_is_imported_and_said_to_be(
    initialised: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Latvian Excel's "CSV (semicolon delimited)": read, and the summary names the
    encoding it was read in."""
    monkeypatch.setattr(legacy, "ansi_code_page", lambda: None)
    path = tmp_path / "apr_1257.csv"
    path.write_bytes(
        (
            "Datums;Akadēmiskās stundas;Programma;Vārds;Uzvārds;Tālrunis\r\n"
            "02.04.2025;1,5;Drošs internets;Ņina;Žagare;+371 2000 2222\r\n"
        ).encode("cp1257")
    )
    code = main(["--data-dir", str(initialised), "--lang", "lv", "import", str(path)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Windows-1257" in out
    assert "Tālrunis" not in out  # the phone column is read, not "not recognised"
