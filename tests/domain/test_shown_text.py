"""Text from outside (a cell, a file name, another computer) is shown safely in messages, and
names cannot hide invisible or text-direction characters."""

from __future__ import annotations

import pytest

from libtrainer.domain import rules
from libtrainer.domain.errors import LibtrainerError, ValidationError
from libtrainer.i18n import render


def test_messages_lose_line_breaks_escape_codes_and_direction_marks() -> None:
    """A file name with a newline, an ESC sequence and U+202E cannot fake a line, colour the
    terminal or reverse the text; a 10,000-character value is cut."""
    error = LibtrainerError(
        "{path} could not be read.", path="a\nOK: all merged\x1b[2J\u202efdp.ltb"
    )
    text = render(error)
    assert "\n" not in text and "\x1b" not in text and "\u202e" not in text
    assert text.startswith("a OK: all merged")
    long = render(LibtrainerError("Bad value {value}.", value="x" * 10_000))
    assert len(long) < 400 and long.endswith("….")
    assert rules.shown(12) == 12


@pytest.mark.parametrize(
    "name", ["\u200b\u200b", "\u2060", " \ufeff ", "Ona\u202e", "\u200fPetras", "Jo\u2066nas"]
)
def test_names_of_invisible_or_direction_characters_are_refused(name: str) -> None:
    """Names made only of zero-width characters, or holding direction marks, are errors."""
    with pytest.raises(ValidationError):
        rules.clean_name("given_name", name)


def test_ordinary_names_with_joiners_still_pass() -> None:
    """Lithuanian and Latvian letters pass, and a zero-width non-joiner inside a Persian name
    (part of its spelling) is kept."""
    assert rules.clean_name("given_name", "  Žydrūnė  Ķēniņa ") == "Žydrūnė Ķēniņa"
    assert rules.clean_name("given_name", "Mehr\u200cdad") == "Mehr\u200cdad"
