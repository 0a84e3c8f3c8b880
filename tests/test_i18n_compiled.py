"""The compiled catalogues the app loads (.mo) are current with their .po sources."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from libtrainer import i18n
from libtrainer.i18n import LOCALE_DIR

ROOT = Path(__file__).resolve().parent.parent


def _compiler():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_loader(
        "compile_messages",
        importlib.machinery.SourceFileLoader(
            "compile_messages", str(ROOT / "scripts" / "compile-messages")
        ),
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_catalogue_has_a_current_mo() -> None:
    """Each .po has a .mo equal to Babel's compilation of it (run scripts/compile-messages)."""
    compiler = _compiler()
    stale = [
        str(po.relative_to(LOCALE_DIR))
        for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
        if not po.with_suffix(".mo").is_file()
        or po.with_suffix(".mo").read_bytes() != compiler.compiled(po)
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
