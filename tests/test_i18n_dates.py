"""Dates in lists and messages: Latvian ones are numeric ("19.03.2026"), one form for every
month, never the nominative month name where a sentence needs another case (decision 0360)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from libtrainer.i18n import get_language, set_language
from libtrainer.i18n.format import format_date, format_datetime
from libtrainer.reports.printables_style import Words


@pytest.fixture
def latvian() -> Iterator[None]:
    before = get_language()
    set_language("lv")
    yield
    set_language(before)


def test_latvian_list_dates_are_numeric_for_every_month(latvian: None) -> None:
    """March and April look alike: "19.03.2026", "09.04.2026" (not "marts" beside "apr.")."""
    assert format_date(dt.date(2026, 3, 19)) == "19.03.2026"
    assert format_date(dt.date(2026, 4, 9)) == "09.04.2026"
    assert Words("lv").date(dt.date(2026, 3, 5), "medium") == "05.03.2026"
    assert format_datetime(dt.datetime(2026, 3, 19, 14, 5)).startswith("19.03.2026 14:05")


def test_other_languages_keep_their_formats() -> None:
    """Lithuanian and English dates are as before."""
    before = get_language()
    try:
        set_language("lt")
        assert format_date(dt.date(2026, 3, 19)) == "2026-03-19"
        set_language("en")
        assert format_date(dt.date(2026, 3, 19)) == "19 Mar 2026"
    finally:
        set_language(before)
    assert Words("lv").date(dt.date(2026, 3, 5)) == "2026. gada 5. marts"
