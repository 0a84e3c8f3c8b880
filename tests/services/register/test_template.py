"""The blank register template: translated headers, drop-downs, instructions, frozen header."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from libtrainer.services.register import write_template
from libtrainer.services.register.columns import TEMPLATE_COLUMNS, translator
from libtrainer.services.register.read import read_register


@pytest.mark.parametrize("lang", ["lt", "lv", "en"])
def test_template_headers_are_in_the_chosen_language(tmp_path: Path, lang: str) -> None:
    """Row 1 holds every column's label in the template's language, and stays frozen."""
    path = write_template(tmp_path / f"register-{lang}.xlsx", lang)
    ws = load_workbook(path).worksheets[0]
    tr = translator(lang)
    assert [c.value for c in ws[1]] == [tr(c.label) for c in TEMPLATE_COLUMNS]
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 1


def test_lithuanian_template_has_diacritics_and_instructions(tmp_path: Path) -> None:
    """The lt template names columns with Lithuanian letters and explains each column."""
    wb = load_workbook(write_template(tmp_path / "t.xlsx", "lt"))
    assert "Pavardė" in [c.value for c in wb.worksheets[0][1]]
    instructions = wb.worksheets[1]
    text = " ".join(str(c.value) for row in instructions.iter_rows() for c in row if c.value)
    assert "Kaip pildyti registrą" in text
    assert "Gimimo metai" in text


def test_template_drop_downs_list_translated_labels(tmp_path: Path) -> None:
    """Vocabulary columns get list validations whose source cells hold translated labels."""
    wb = load_workbook(write_template(tmp_path / "t.xlsx", "lv"))
    ws = wb.worksheets[0]
    lists = wb["lists"]
    assert lists.sheet_state == "hidden"
    validations = ws.data_validations.dataValidation
    assert len(validations) == sum(1 for c in TEMPLATE_COLUMNS if c.enum is not None)
    assert all(v.type == "list" and v.formula1.startswith("=lists!") for v in validations)
    values = {c.value for col in lists.iter_cols() for c in col}
    assert {"Sieviete", "Vīrietis", "Iesācējiem"} <= values


def test_blank_template_is_recognised_by_the_reader(tmp_path: Path) -> None:
    """Every header of a template (in any language) maps back to its column."""
    for lang in ("lt", "lv", "en"):
        path = write_template(tmp_path / f"{lang}.xlsx", lang)
        wb = load_workbook(path)
        wb.worksheets[0].append(["2025-03-14"])
        wb.save(path)
        table = read_register(path)
        assert table.keys == [c.key for c in TEMPLATE_COLUMNS]
        assert [r.number for r in table.rows] == [2]
