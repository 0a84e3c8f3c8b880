"""Sorting names as Lithuanian and Latvian readers expect (CLDR tailorings, no ICU needed).

Lithuanian: č, š, ž are letters of their own after c, s, z; y sorts with i; ą ę ė į ų ū sort
with their base letter (a secondary difference). Latvian: č ģ ķ ļ ņ š ž are letters of their
own; ā ē ī ū sort with their base letter. English: diacritics are secondary everywhere.
"""

from __future__ import annotations

import unicodedata

from libtrainer.i18n import get_language

_PRIMARY = {
    "lt": {"č": "c\uffff", "š": "s\uffff", "ž": "z\uffff", "y": "i"},
    "lv": {
        "č": "c\uffff",
        "ģ": "g\uffff",
        "ķ": "k\uffff",
        "ļ": "l\uffff",
        "ņ": "n\uffff",
        "š": "s\uffff",
        "ž": "z\uffff",
    },
    "en": {},
}


def _primary(text: str, lang: str) -> str:
    table = _PRIMARY.get(lang, {})
    out = []
    for ch in unicodedata.normalize("NFC", text.casefold()):
        mapped = table.get(ch)
        if mapped is None:
            base = unicodedata.normalize("NFKD", ch)
            mapped = "".join(c for c in base if not unicodedata.combining(c))
        out.append(mapped)
    return "".join(out)


def sort_key(text: str, lang: str | None = None) -> tuple[str, str, str]:
    """A key that orders ``text`` by the language's alphabet, then accents, then case."""
    language = lang or get_language()
    folded = unicodedata.normalize("NFC", text.casefold())
    return (_primary(text, language), folded, text)


def sorted_names(names: list[str], lang: str | None = None) -> list[str]:
    return sorted(names, key=lambda n: sort_key(n, lang))
