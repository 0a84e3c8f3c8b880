"""The app's appearance kept with the records: language, high contrast, text size.

These are per-user settings (``gui.settings``), kept in the Windows profile. On a PC whose
profile is put back at every restart they are forgotten every morning, and the librarian
meets English and small text again. So the window also keeps them in the data folder's
``store.json`` (``storefile.keep_appearance``): nothing personal, no secret, only what the app
looked like when last used on these records. When a profile that has none of its own opens
the records, they are put back (``gui.kept_appearance``); a per-user setting always wins.

Pure Python and light (json only): the app reads this at start, before the window is shown.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CONFIG_FILE = "store.json"  # as services.storefile names it (importing it loads SQLAlchemy)
#: The languages of the app (as ``i18n`` knows them).
LANGUAGES = ("lt", "lv", "en")
#: The largest text size Settings offers (points; 0 = the system's size).
MAX_FONT_POINTS = 28
#: What is kept, in this order.
KEYS = ("language", "high_contrast", "font_points")


def clean(raw: Any) -> dict[str, Any] | None:
    """The appearance settings in ``raw`` that are known and sensible: ``language`` (lt, lv,
    en), ``high_contrast`` (true/false), ``font_points`` (0 = the system's size, up to 28).
    Anything else is left out; None when nothing is left."""
    if not isinstance(raw, dict):
        return None
    kept: dict[str, Any] = {}
    language = raw.get("language")
    if isinstance(language, str) and language in LANGUAGES:
        kept["language"] = language
    contrast = raw.get("high_contrast")
    if isinstance(contrast, bool):
        kept["high_contrast"] = contrast
    points = raw.get("font_points")
    if isinstance(points, int) and not isinstance(points, bool) and 0 <= points <= MAX_FONT_POINTS:
        kept["font_points"] = points
    return kept or None


def of(raw: Any) -> dict[str, Any] | None:
    """The appearance kept in a ``store.json`` read as JSON (None: none, or damaged)."""
    return clean(raw.get("appearance")) if isinstance(raw, dict) else None


def read(folder: Path) -> dict[str, Any] | None:
    """The appearance kept with the records in ``folder`` (None: none, no store, unreadable)."""
    try:
        raw = json.loads((folder / CONFIG_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return of(raw)


def common(kept: list[dict[str, Any] | None]) -> dict[str, Any] | None:
    """The settings all of ``kept`` agree on (records found in several places: only what is
    the same everywhere is worth putting back); None when there is nothing."""
    present = [k for k in kept if k]
    if not present:
        return None
    first, *others = present
    agreed = {k: v for k, v in first.items() if all(other.get(k) == v for other in others)}
    return agreed or None
