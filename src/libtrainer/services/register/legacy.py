"""Text of a CSV register that is not UTF-8 (decision 0411).

Excel's "CSV (semicolon delimited)" writes the computer's Windows ("ANSI") code page: on a
Lithuanian or Latvian Windows that is Windows-1257 (Baltic). Such bytes are read when they make
plausible text:

- UTF-8 (with or without its byte-order mark) first; UTF-16 when the file starts with its
  byte-order mark (Excel's "Unicode Text").
- Else Windows-1257, the region's code page, and the computer's own ANSI code page when it is
  another Latin one (1250 Central European, 1252 Western): each that decodes every byte to
  text without control characters is a candidate, and the one with the most Lithuanian and
  Latvian letters wins (on a tie the computer's own). Cyrillic (1251) and other code pages are
  not tried: their letters in a Baltic register would be a wrong guess that reads as text.
- Else the file is refused, as before, with the advice to save it as "CSV UTF-8".

The summary names the code page read, so the person can check the names.
"""

from __future__ import annotations

import codecs
import locale
import sys
import unicodedata

from libtrainer.domain.errors import N_

#: the region's code page: Lithuanian and Latvian Windows
REGIONAL = "cp1257"
#: the Windows code pages of Latin letters that may be this computer's ANSI code page
LATIN_ANSI = frozenset({"cp1250", "cp1252", "cp1257"})
BALTIC_LETTERS = frozenset("ąčęėįšųūžāēģīķļņ" + "ąčęėįšųūžāēģīķļņ".upper())
#: controls allowed in text: tab and line ends
TEXT_CONTROLS = frozenset("\t\r\n")
NAMES = {
    "cp1257": N_("Windows-1257 (Baltic)"),
    "cp1252": N_("Windows-1252 (Western European)"),
    "cp1250": N_("Windows-1250 (Central European)"),
    "utf-16": "UTF-16",
}


def ansi_code_page() -> str | None:
    """This computer's Windows ANSI code page ("cp1257"), None elsewhere or when unknown (a
    seam for tests)."""
    if sys.platform != "win32":
        return None
    try:
        return codecs.lookup(locale.getencoding()).name
    except (LookupError, ValueError):
        return None


def decode(data: bytes) -> tuple[str, str] | None:
    """The text of ``data`` and the codec it was read with ("" for UTF-8), or None when it is
    no plausible text in any codec tried."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
        return (text, "utf-16") if plausible(text) else None
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    best: tuple[int, str, str] | None = None
    for codec in candidates():
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not plausible(text):
            continue
        score = sum(1 for ch in text if ch in BALTIC_LETTERS)
        if best is None or score > best[0]:
            best = (score, text, codec)
    return None if best is None else (best[1], best[2])


def candidates() -> list[str]:
    """The code pages tried, the computer's own first."""
    own = ansi_code_page()
    first = [own] if own in LATIN_ANSI else []
    return first + [REGIONAL] if own != REGIONAL else first


def plausible(text: str) -> bool:
    """Whether ``text`` can be a register: no control characters but tab and line ends (a
    binary file, or UTF-16 read as single bytes, has NULs and other controls)."""
    return not any(unicodedata.category(ch) == "Cc" and ch not in TEXT_CONTROLS for ch in text)


def display_name(codec: str) -> str:
    """The code page as a person knows it ("Windows-1257 (Baltic)"), in their language."""
    from libtrainer.i18n import _

    name = NAMES.get(codec, codec)
    return _(name) if codec in NAMES and codec != "utf-16" else name


def json_name(codec: str) -> str:
    """The codec's standard name for scripts: "utf-8", "windows-1257", "utf-16"."""
    if not codec:
        return "utf-8"
    return codec.replace("cp", "windows-", 1) if codec.startswith("cp") else codec
