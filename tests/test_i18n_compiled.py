"""The compiled catalogues the app loads (.mo) are current with their .po sources."""

from __future__ import annotations

import sys

from libtrainer import i18n
from libtrainer.i18n import LOCALE_DIR


def test_every_catalogue_has_a_current_mo() -> None:
    """Each .po has a .mo equal to Babel's compilation of it (run scripts/compile-messages)."""
    stale = [
        str(po.relative_to(LOCALE_DIR))
        for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
        if not po.with_suffix(".mo").is_file()
        or po.with_suffix(".mo").read_bytes() != i18n.compile_catalogue(po, po.parts[-3])
    ]
    assert not stale, f"run scripts/compile-messages: {stale}"


def test_loading_a_language_does_not_import_babel_messages() -> None:
    """Translations come from the .mo files through the standard library alone."""
    for name in [m for m in sys.modules if m.startswith("babel.messages")]:
        del sys.modules[name]
    i18n.translations.cache_clear()
    try:
        assert i18n.translations("lt").gettext("Participants") == "Dalyviai"
        assert not [m for m in sys.modules if m.startswith("babel.messages")]
    finally:
        i18n.translations.cache_clear()
