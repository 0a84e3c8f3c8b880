"""Benchmark: reading a register (``read_register``) against openpyxl reading the same file.

    .venv/bin/python bench/register_read.py [--rows 60000] [--bomb-rows 5000] [--repeat 3]

Writes two workbooks in a temp folder and times, best of ``--repeat``, in CPU seconds:

- **normal**: a valid register of ``--rows`` rows of the template's columns. Baseline: openpyxl
  read-only ``iter_rows(values_only=True)`` over the same sheet, measured in the same run; the
  ratio (ours / baseline) is what our reading loop costs beyond openpyxl's (target ≤ 1.5);
- **bomb**: 3 register rows, then ``--bomb-rows`` rows of 250 blank text cells each (the
  tester's 0.9 MB file that unpacked to 240 MB was this with 26,000 rows). Baseline: the same
  openpyxl read, which is what reading cost before (every cell parsed). The ratio is expected
  far below 1: cells are parsed only up to the header's width, and the sheet ends after
  ``BLANK_RUN`` blank rows.

Cells parsed are printed too (the figure the tests check; seconds depend on the machine).
Ends with ONE JSON line of figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from libtrainer.services.register.columns import BY_KEY, TEMPLATE_COLUMNS, translator
from libtrainer.services.register.read import read_register


def _headers() -> list[str]:
    tr = translator("en")
    return [tr(BY_KEY[c.key].label) for c in TEMPLATE_COLUMNS]


def _row(n: int) -> list[Any]:
    values: dict[str, Any] = {
        "date": dt.date(2025, 3, 1) + dt.timedelta(days=n % 28),
        "start": dt.time(10, 0),
        "academic_hours": 2,
        "programme": "Skaitmeninės technologijos TAU",
        "level": "Beginner",
        "group": f"TAU {n % 50}",
        "lecturer": "Asta Mickevičienė",
        "given_name": f"Ona{n}",
        "family_name": "Petraitytė",
        "birth_year": 1940 + n % 40,
        "gender": "Female",
        "labour_status": "Retired",
        "target_groups": "Seniors",
        "present": "Yes",
    }
    return [values.get(c.key) for c in TEMPLATE_COLUMNS]


def write_normal(path: Path, rows: int) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Register")
    ws.append(_headers())
    for n in range(rows):
        ws.append(_row(n))
    wb.save(path)
    return path


def write_bomb(path: Path, rows: int) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Register")
    ws.append(_headers())
    for n in range(3):
        ws.append(_row(n))
    blank = [" "] * 250
    for _ in range(rows):
        ws.append(blank)
    wb.save(path)
    return path


def openpyxl_read(path: Path) -> int:
    """The baseline: every row of the sheet, values only, as openpyxl reads it."""
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in wb.active.iter_rows(values_only=True))
    finally:
        wb.close()


def best_cpu(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.process_time()
        result = fn()
        times.append(time.process_time() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--bomb-rows", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    figures: dict[str, Any] = {"rows": args.rows, "bomb_rows": args.bomb_rows}
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "normal": write_normal(Path(tmp) / "normal.xlsx", args.rows),
            "bomb": write_bomb(Path(tmp) / "bomb.xlsx", args.bomb_rows),
        }
        for name, path in files.items():
            base, _lines = best_cpu(lambda p=path: openpyxl_read(p), args.repeat)
            ours, table = best_cpu(lambda p=path: read_register(p), args.repeat)
            figures[f"{name}_baseline_cpu_s"] = round(base, 3)
            figures[f"{name}_cpu_s"] = round(ours, 3)
            figures[f"{name}_ratio"] = round(ours / base, 3)
            figures[f"{name}_rows_read"] = len(table.rows)
            figures[f"{name}_cells_parsed"] = table.cells_read
            print(
                f"{name}: openpyxl {base:.2f} s, read_register {ours:.2f} s CPU, ratio "
                f"{ours / base:.2f}; {len(table.rows)} rows, {table.cells_read} cells parsed"
            )
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
