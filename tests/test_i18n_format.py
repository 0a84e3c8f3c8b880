"""Dates, numbers and hours in the person's language."""

from __future__ import annotations

import datetime as dt

import pytest

from libtrainer.i18n import set_language
from libtrainer.i18n.format import format_date, format_short_date


@pytest.mark.parametrize(
    ("lang", "expected"), [("lt", "2026-11-03"), ("lv", "03.11.2026"), ("en", "03/11/2026")]
)
def test_a_date_in_a_table_is_short_and_numeric_with_the_whole_year(
    lang: str, expected: str
) -> None:
    """Table cells get the language's short numeric date with a four-digit year, narrower
    than the medium form of sentences ("2026. gada 3. nov.")."""
    set_language(lang)
    day = dt.date(2026, 11, 3)
    assert format_short_date(day) == expected
    assert len(format_short_date(day)) <= len(format_date(day))
