"""The real programs that read our exports in the tests: LibreOffice and poppler.

They run in CI (``.ci/run`` installs them); on a developer machine without them the tests that
need them are skipped, but only when ``CI`` is unset: in CI a missing program is a failure.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest

#: LibreOffice's CSV filter: comma, double quotes, UTF-8, raw values (not "as shown"), every
#: sheet to its own file (``<stem>-<sheet>.csv``).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def need(binary: str) -> str:
    """The path of ``binary``; skip the test without it, unless running in CI."""
    path = shutil.which(binary)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{binary} is missing in CI (scripts/install-system-deps installs it)")
        pytest.skip(f"{binary} is not installed (scripts/install-system-deps installs it)")
    return path


def xlsx_to_csv(files: list[Path], outdir: Path, profile: Path) -> dict[str, list[list[str]]]:
    """Convert workbooks with headless LibreOffice; ``{"<stem>-<sheet>": rows}``."""
    soffice = need("soffice")
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    out = {}
    for path in sorted(outdir.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            out[path.stem] = list(csv.reader(fh))
    return out


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """The text of a PDF (or of pages ``first``..``last``) as ``pdftotext`` reads it."""
    cmd = [need("pdftotext"), "-layout"]
    if first is not None:
        cmd += ["-f", str(first), "-l", str(last if last is not None else first)]
    result = subprocess.run([*cmd, str(path), "-"], check=True, capture_output=True, timeout=60)
    return result.stdout.decode("utf-8")


def pdf_pages(path: Path) -> int:
    info = subprocess.run(
        [need("pdfinfo"), str(path)], check=True, capture_output=True, timeout=60
    ).stdout.decode("utf-8")
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_fonts(path: Path) -> str:
    return subprocess.run(
        [need("pdffonts"), str(path)], check=True, capture_output=True, timeout=60
    ).stdout.decode("utf-8")
