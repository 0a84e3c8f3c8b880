"""Numbers typed as text: academic hours, lengths, minutes (decision 0409).

Lithuanian and Latvian write a decimal comma ("12,5"), English a decimal point ("12.5") and a
thousands comma ("12,345"). A comma followed by exactly three digits may be either, so
"12,345" is refused rather than guessed (as 12.345 it was stored as 12.35 without a word).
So are numbers with thousands separators ("1.234,5", "1,234.5", "1,234,567"): the values
typed here are never that large, and a separator that is read wrongly changes a figure.
Spaces (also no-break and thin spaces) are left out, as before ("1 234,5" is 1234.5). A
point followed by three digits is a decimal point ("1.111"): neither language groups
thousands with a point.
"""

from __future__ import annotations

import re

from libtrainer.domain.errors import N_, ValidationError

_WHOLE = re.compile(r"[+-]?\d+", re.ASCII)
_DECIMAL = re.compile(r"([+-]?)(\d*)([.,])(\d*)", re.ASCII)
#: digits grouped in threes by "," or "." (a last group of any length after the other one)
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*(?:[.,]\d*)?", re.ASCII)

AMBIGUOUS = N_(
    "{field_label}: “{value}” can be read in two ways: the comma may separate decimals or "
    "thousands. Write at most two decimals (such as 12,5 or 12,25), or the number without "
    "the comma."
)
GROUPED = N_(
    "{field_label}: “{value}” has a thousands separator. Write the number without it, "
    "with one decimal comma or point (such as 12,5 or 12.5)."
)
NOT_A_NUMBER = N_("{field_label} must be a number.")


def number_from_text(field: str, text: str) -> float:
    """The number ``text`` writes: "12", "12,5", "12.5", "12,25", "0,125", "1.111"; refused,
    naming ``text``, when a comma may be a thousands separator ("12,345") or the number is
    written with thousands separators ("1.234,5", "1,234.5")."""
    raw = "".join(text.split())
    if _WHOLE.fullmatch(raw):
        return float(raw)
    match = _DECIMAL.fullmatch(raw)
    if match is not None and (match.group(2) or match.group(4)):
        sign, whole, separator, decimals = match.groups()
        if separator == "," and len(decimals) == 3 and 0 < len(whole) <= 3 and whole[0] != "0":
            raise ValidationError(field, AMBIGUOUS, value=text.strip())
        return float(f"{sign}{whole or 0}.{decimals or 0}")
    if _GROUPED.fullmatch(raw):
        raise ValidationError(field, GROUPED, value=text.strip())
    raise ValidationError(field, NOT_A_NUMBER)


#: the refusals a caller must pass on rather than try the text another way (as a length in
#: minutes, say): the text is a number, written unclearly
UNCLEAR = frozenset({AMBIGUOUS, GROUPED})
