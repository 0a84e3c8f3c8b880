"""Reading registers: xlsx and CSV, BOM or not, ``;`` or ``,``, headers in lt, lv or en."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from libtrainer.domain.errors import LibtrainerError
from libtrainer.i18n import LANGUAGES
from libtrainer.services.register.columns import key_of, translator
from libtrainer.services.register.read import read_register
from libtrainer.services.register.vocab import ENUM_LABELS

from .support import KEYS, row, write_register


@pytest.mark.parametrize(("delimiter", "bom"), [(";", True), (",", False), ("\t", True)])
def test_csv_separators_and_bom_are_handled(tmp_path: Path, delimiter: str, bom: bool) -> None:
    """A CSV with or without BOM and with ; , or tab separators reads the same cells."""
    path = write_register(
        tmp_path / "r.csv", [row(family_name="Čiurlionienė")], delimiter=delimiter, bom=bom
    )
    table = read_register(path)
    assert table.keys == KEYS
    assert table.rows[0].values["family_name"] == "Čiurlionienė"
    assert table.rows[0].number == 2


@pytest.mark.parametrize("lang", ["lt", "lv", "en"])
def test_headers_in_each_language_are_recognised(tmp_path: Path, lang: str) -> None:
    """Headers written in lt, lv or en all map to the same column keys."""
    table = read_register(write_register(tmp_path / "r.xlsx", [row()], lang=lang))
    assert table.keys == KEYS


def test_headers_match_without_case_diacritics_or_punctuation(tmp_path: Path) -> None:
    """ "AKADEMINES VALANDOS", "pavarde" and "Gimimo-metai" are still the right columns."""
    header = ["DATA", "akademines valandos", "PROGRAMA", "vardas", "pavarde", "Gimimo-metai"]
    keys = ["date", "academic_hours", "programme", "given_name", "family_name", "birth_year"]
    table = read_register(write_register(tmp_path / "r.csv", [row()], keys=keys, header=header))
    assert table.keys == keys


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    """A file without the family-name column is refused, naming that column."""
    keys = [k for k in KEYS if k != "family_name"]
    with pytest.raises(LibtrainerError) as err:
        read_register(write_register(tmp_path / "r.csv", [row()], keys=keys))
    assert "Family name" in str(err.value.params["columns"])


def test_row_numbers_are_those_of_the_sheet(tmp_path: Path) -> None:
    """Blank rows are skipped but the numbers reported are the sheet's own row numbers."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Date", "Academic hours", "Programme", "Given name", "Family name"])
    ws.append(["2025-03-14", 2, "P", "Rita", "Ūsaitė"])
    ws.append([None] * 5)
    ws.append(["2025-03-14", 2, "P", "Vitas", "Ąžuolas"])
    wb.save(tmp_path / "r.xlsx")
    table = read_register(tmp_path / "r.xlsx")
    assert [r.number for r in table.rows] == [2, 4]


def test_unknown_and_error_columns_are_kept_apart(tmp_path: Path) -> None:
    """An extra column is reported as unknown; a "Klaida" column from a bad-rows file is not."""
    header = ["Data", "Akademinės valandos", "Programa", "Vardas", "Pavardė", "Pastabos", "Klaida"]
    path = tmp_path / "r.csv"
    path.write_text(";".join(header) + "\n2025-03-14;2;P;Rita;Ūsaitė;x;old\n", encoding="utf-8")
    table = read_register(path)
    assert table.unknown_headers == ["Pastabos"]
    assert table.keys[-1] == ""


def test_other_file_kinds_are_refused(tmp_path: Path) -> None:
    """Only .xlsx and .csv registers are read."""
    path = tmp_path / "r.ods"
    path.write_bytes(b"x")
    with pytest.raises(LibtrainerError):
        read_register(path)


def test_vocabulary_labels_are_unambiguous_across_languages() -> None:
    """No label (in any language, folded) names two different codes of one vocabulary."""
    for enum, labels in ENUM_LABELS.items():
        seen: dict[str, str] = {}
        for code, msgid in labels.items():
            for lang in LANGUAGES:
                key = key_of(translator(lang)(msgid))
                assert seen.setdefault(key, code) == code, (enum.__name__, key)
