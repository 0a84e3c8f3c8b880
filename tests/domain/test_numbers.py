"""Numbers typed as text: a decimal comma or point is read, a comma that may separate
thousands is refused showing the value (decision 0409)."""

from __future__ import annotations

import pytest

from libtrainer.domain.errors import ValidationError
from libtrainer.domain.numbers import AMBIGUOUS, GROUPED, NOT_A_NUMBER, number_from_text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12.0),
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("12,25", 12.25),
        (" 1,5 ", 1.5),
        ("0,125", 0.125),  # a group of thousands never begins with 0
        ("1.111", 1.111),  # a point is a decimal point: neither language groups with it
        ("1234,567", 1234.567),  # four digits before the comma are not a group
        ("12,3456", 12.3456),
        ("1 234,5", 1234.5),
        ("1\u00a0234", 1234.0),
        (",5", 0.5),
        ("-1,5", -1.5),
    ],
)
def test_a_decimal_comma_or_point_is_read(text: str, value: float) -> None:
    """ "12,5", "12.5" and "12,25" are what they say; spaces are left out."""
    assert number_from_text("academic_hours", text) == value


@pytest.mark.parametrize(
    ("text", "msgid"),
    [
        ("12,345", AMBIGUOUS),
        ("1,111", AMBIGUOUS),
        ("1.234,5", GROUPED),
        ("1,234.5", GROUPED),
        ("1,234,567", GROUPED),
        ("1.234.567", GROUPED),
        ("1e3", NOT_A_NUMBER),
        ("nan", NOT_A_NUMBER),
        ("", NOT_A_NUMBER),
    ],
)
def test_a_comma_that_may_separate_thousands_is_refused(text: str, msgid: str) -> None:
    """ "12,345" is not silently 12.35: it is refused, naming the field and the value."""
    with pytest.raises(ValidationError) as info:
        number_from_text("academic_hours", text)
    assert info.value.msgid == msgid and info.value.field == "academic_hours"
    if msgid != NOT_A_NUMBER:
        assert info.value.params["value"] == text
