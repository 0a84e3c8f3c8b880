"""A CSV register saved by Excel in the Windows code page ("CSV (semicolon delimited)" on a
Latvian or Lithuanian PC is Windows-1257) is read as such, and the summary says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from libtrainer.domain.errors import LibtrainerError
from libtrainer.i18n import set_language
from libtrainer.services.register import import_register, legacy
from libtrainer.services.register.read import read_register
from libtrainer.services.register.summary import describe, to_json
from libtrainer.store.models import Participant
from libtrainer.store.store import Store

LV_HEADER = "Datums;Sākuma laiks;Akadēmiskās stundas;Programma;Grupa;Lektors;Vārds;Uzvārds\r\n"
LV_ROW = "02.04.2025;10:00;1,5;Drošs internets;Elejas senioriem;Inese Kalniņa;Ņina;Žagare\r\n"
LT_TEXT = (
    "Data;Akademinės valandos;Programa;Vardas;Pavardė\r\n"
    "2025-03-14;2;Skaitmeninis raštingumas;Šarūnas;Čiurlionis\r\n"
)


@pytest.fixture(autouse=True)
def no_ansi_code_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """The computer's ANSI code page is not known unless a test says it is."""
    monkeypatch.setattr(legacy, "ansi_code_page", lambda: None)


def _write(tmp_path: Path, text: str, encoding: str, name: str = "apr_1257.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_a_latvian_windows_1257_csv_is_read_with_its_letters(tmp_path: Path) -> None:
    """Ņ, ā, ē, ī, ļ, ž come out as they were typed; the table knows it was Windows-1257."""
    table = read_register(_write(tmp_path, LV_HEADER + LV_ROW, "cp1257"))
    assert table.encoding == "cp1257"
    values = table.rows[0].values
    assert (values["given_name"], values["family_name"]) == ("Ņina", "Žagare")
    assert values["lecturer"] == "Inese Kalniņa"


def test_a_lithuanian_windows_1257_csv_is_read(tmp_path: Path) -> None:
    """Š, ū, Č of a Lithuanian Excel's CSV are read right."""
    table = read_register(_write(tmp_path, LT_TEXT, "cp1257"))
    assert table.rows[0].values["given_name"] == "Šarūnas"
    assert table.rows[0].values["family_name"] == "Čiurlionis"


def test_the_summary_says_the_file_was_read_as_windows_1257(store: Store, tmp_path: Path) -> None:
    """The import works and says in the librarian's words which encoding was read."""
    set_language("en")
    path = _write(tmp_path, LV_HEADER + LV_ROW, "cp1257")
    result = import_register(store, path)
    assert result.written, result.errors
    with store.read() as conn:
        names = set(conn.execute(select(Participant.family_name)).scalars())
    assert names == {"Žagare"}
    text = "\n".join(describe(result))
    assert "read as Windows-1257" in text and "apr_1257.csv" in text
    assert to_json(result)["encoding"] == "windows-1257"


def test_a_utf8_file_says_nothing_about_its_encoding(store: Store, tmp_path: Path) -> None:
    """UTF-8, with or without a BOM, is the normal case: no line about it."""
    for encoding in ("utf-8", "utf-8-sig"):
        path = _write(tmp_path, LT_TEXT, encoding, f"{encoding}.csv")
        result = import_register(store, path, dry_run=True)
        assert read_register(path).encoding == ""
        assert not any("read as" in line for line in describe(result))
        assert to_json(result)["encoding"] == "utf-8"


def test_the_computers_code_page_is_used_when_it_reads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a Windows whose ANSI code page is Windows-1252, a file whose letters read the same
    in both ("Müller", "Renée") is said to be Windows-1252; a Latvian file there is still read
    as Windows-1257, its letters being Latvian only so."""
    monkeypatch.setattr(legacy, "ansi_code_page", lambda: "cp1252")
    western = "Date;Academic hours;Programme;Given name;Family name\r\n"
    western += "2025-03-14;2;Excel;Renée;Müller\r\n"
    table = read_register(_write(tmp_path, western, "cp1252", "w.csv"))
    assert table.encoding == "cp1252"
    assert table.rows[0].values["given_name"] == "Renée"
    table = read_register(_write(tmp_path, LV_HEADER + LV_ROW, "cp1257"))
    assert table.encoding == "cp1257"
    assert table.rows[0].values["given_name"] == "Ņina"


def test_a_cyrillic_code_page_is_not_tried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only Latin Windows code pages are tried: on a Russian Windows (1251) a Baltic file is
    still read as Windows-1257."""
    monkeypatch.setattr(legacy, "ansi_code_page", lambda: "cp1251")
    table = read_register(_write(tmp_path, LV_HEADER + LV_ROW, "cp1257"))
    assert table.encoding == "cp1257"


def test_a_utf16_file_from_excels_unicode_text_is_read(tmp_path: Path) -> None:
    """Excel's "Unicode Text" is UTF-16 with a byte-order mark, separated by tabs."""
    text = LT_TEXT.replace(";", "\t")
    table = read_register(_write(tmp_path, text, "utf-16", "u.txt"))
    assert table.encoding == "utf-16"
    assert table.rows[0].values["given_name"] == "Šarūnas"


@pytest.mark.parametrize(
    "data",
    [
        b"Data;Vardas;Pavard\x81\r\n",  # a byte no Windows-1257 letter has
        b"Data;Vardas;Pavard\xeb\x01\x02\x03\r\n",  # control characters are no text
        bytes(range(256)),
    ],
)
def test_bytes_that_read_as_no_plausible_text_are_refused(tmp_path: Path, data: bytes) -> None:
    """No guessing where the result is not text: the file is refused with the advice to save
    it as CSV UTF-8, naming it."""
    path = tmp_path / "kovas.csv"
    path.write_bytes(data)
    with pytest.raises(LibtrainerError) as err:
        read_register(path)
    assert "CSV UTF-8" in err.value.msgid
    assert err.value.params["path"] == str(path)


def test_the_names_of_code_pages_read_as_a_person_knows_them() -> None:
    """cp1257 is "Windows-1257 (Baltic)" in the summary, and its JSON name windows-1257."""
    assert legacy.json_name("cp1257") == "windows-1257"
    assert legacy.json_name("") == "utf-8"
    assert "Windows-1257" in legacy.display_name("cp1257")
