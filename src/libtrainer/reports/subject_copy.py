"""A resident's copy of their data as a file: a PDF to read, or JSON for another program.

The JSON (data portability, GDPR Art. 20) has stable English keys — the field names of
:mod:`libtrainer.services.subject_access_rows` — and the values as stored: codes, not
labels; dates, times and the moment it was made in ISO 8601. ``format`` and ``version`` say
what it is; a later version only adds keys. Both files are written whole or not at all
(:mod:`.atomic`). Decision 0410.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

from libtrainer.reports.atomic import temp_then_rename
from libtrainer.services.subject_access_rows import SubjectAccess

FORMAT = "libtrainer-personal-data"
VERSION = 1
FORMATS = ("pdf", "json")


def format_for(path: Path, given: str | None = None) -> str:
    """The file format: ``given`` when set, else by the file's ending (``.json``: JSON;
    anything else: PDF)."""
    if given:
        return given
    return "json" if path.suffix.lower() == ".json" else "pdf"


def write_copy(copy: SubjectAccess, out: Path, *, fmt: str, lang: str) -> Path:
    """Write ``copy`` to ``out`` as ``fmt`` ("pdf" or "json"), headings in ``lang``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt}")
    with temp_then_rename(out) as tmp:
        if fmt == "json":
            tmp.write_text(to_json(copy, lang), encoding="utf-8")
        else:
            from libtrainer.reports.subject_copy_pdf import render  # noqa: PLC0415

            render(copy, tmp, lang=lang)
    return out


def as_data(copy: SubjectAccess, lang: str) -> dict[str, Any]:
    """The copy as plain JSON-ready data (see the module docstring)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "made_at": copy.made_at.isoformat(timespec="seconds"),
        "language": lang,
        "kept_by": _plain(copy.keeper),
        "person_id": copy.person_id,
        "records": [_plain(record) for record in copy.records],
        "computers": [_plain(computer) for computer in copy.computers],
    }


def to_json(copy: SubjectAccess, lang: str) -> str:
    """:func:`as_data` as UTF-8 JSON text (letters as they are, not escaped)."""
    return json.dumps(as_data(copy, lang), ensure_ascii=False, indent=2) + "\n"


def _plain(value: Any) -> Any:
    """Dataclasses to dicts (their field order), tuples to lists, dates and times to ISO."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value
