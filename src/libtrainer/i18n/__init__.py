"""Translations (lt, lv, en) and locale formatting, for the core and the GUI alike.

Catalogues are gettext ``.po`` files under ``resources/locale/<lang>/LC_MESSAGES/`` — one file
per area (core, sync, gui, reports) so areas do not collide — with their compiled ``.mo``.
English is the source language. The language comes from ``--lang``, ``LIBTRAINER_LANG`` or the
language of the computer's menus (:mod:`.system`), in that order. Thread rule: switch
languages only from the main thread.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

from libtrainer.domain.errors import N_, LibtrainerError, ValidationError

LANGUAGES = ("lt", "lv", "en")
DEFAULT_LANGUAGE = "en"
ENV_LANG = "LIBTRAINER_LANG"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "locale"
BABEL_LOCALES = {"lt": "lt_LT", "lv": "lv_LV", "en": "en_GB"}

_current = DEFAULT_LANGUAGE

__all__ = [
    "N_",
    "_",
    "gendered",
    "ngettext",
    "set_language",
    "get_language",
    "detect_language",
    "render",
]


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """Every catalogue of ``lang`` merged into one translations object.

    The app loads the compiled ``.mo`` next to each ``.po`` with the standard library, so
    start-up imports no Babel (``scripts/compile-messages`` writes them; a test keeps them
    current). A ``.po`` without its ``.mo`` (a catalogue being edited) is compiled in memory.
    """
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    result: gettext.NullTranslations = gettext.NullTranslations()
    for po_path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        mo_path = po_path.with_suffix(".mo")
        data = mo_path.read_bytes() if mo_path.is_file() else compile_catalogue(po_path, lang)
        part = gettext.GNUTranslations(io.BytesIO(data))
        part.add_fallback(result)
        result = part
    return result


def compile_catalogue(po_path: Path, lang: str) -> bytes:
    """The ``.mo`` bytes of one ``.po`` (Babel; fuzzy and untranslated messages left out).
    The same ``.po`` always gives the same bytes: without a POT-Creation-Date of its own, Babel
    would stamp the current time (``scripts/compile-messages`` compares the results)."""
    import datetime as dt  # noqa: PLC0415 - only without a .mo

    from babel.messages.mofile import write_mo  # noqa: PLC0415
    from babel.messages.pofile import read_po  # noqa: PLC0415

    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    if b"POT-Creation-Date:" not in po_path.read_bytes():
        catalog.creation_date = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def normalise(lang: str | None) -> str | None:
    """``"lt_LT.UTF-8"`` → ``"lt"``; unknown languages → None."""
    if not lang:
        return None
    code = lang.replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else None


def detect_language(
    explicit: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    ui_language: Callable[[], int | None] | None = None,
) -> str:
    """--lang, then LIBTRAINER_LANG, then the language of the computer's menus (Windows: the
    user's display language; elsewhere LANGUAGE, LC_ALL, LC_MESSAGES, LANG), then English.
    ``environ``, ``platform`` and ``ui_language`` (a Windows LANGID) are for tests."""
    from libtrainer.i18n import system  # noqa: PLC0415 - small; keeps this module's imports few

    env = os.environ if environ is None else environ
    for candidate in (explicit, env.get(ENV_LANG)):
        found = normalise(candidate)
        if found:
            return found
    found = system.system_language(
        normalise,
        environ=env,
        platform=platform,
        ui_language=ui_language or system.windows_ui_language,
    )
    return found or DEFAULT_LANGUAGE


def set_language(lang: str) -> str:
    """Switch the language for the whole process; returns the language in force."""
    global _current
    _current = normalise(lang) or DEFAULT_LANGUAGE
    return _current


def get_language() -> str:
    return _current


def babel_locale(lang: str | None = None) -> str:
    return BABEL_LOCALES[lang or _current]


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return translations(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current).ngettext(singular, plural, n)


#: the pgettext contexts of messages that agree with a person's gender (decision 0360)
GENDERS = ("female", "male")


def gendered(gender: str | None, message: str) -> str:
    """``message`` in the form for a person of ``gender``: Latvian and Lithuanian words agree
    with it. Catalogues hold the forms under the contexts "female" and "male"; the plain
    translation (mark ``message`` with ``N_``) is worded for anyone, and is used for any other
    gender, an unknown one, or a language without the form."""
    t = translations(_current)
    if gender in GENDERS:
        found = t.pgettext(gender, message)
        if found != message:
            return found
    return t.gettext(message)


def render(error: LibtrainerError) -> str:
    """An error's message in the current language, with its field named in that language."""
    from libtrainer.domain.rules import shown
    from libtrainer.i18n.labels import field_label

    text = _(error.msgid)
    # Parameters often come from outside (a cell, a file name, another computer's name).
    params = {key: shown(value) for key, value in error.params.items()}
    if isinstance(error, ValidationError):
        params.setdefault("field_label", field_label(error.field))
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text
