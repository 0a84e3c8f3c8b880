"""A value outside a choice column's list: the words people write for a value are taken, and a
near miss is answered with the value it probably is ("did you mean …?")."""

from __future__ import annotations

from pathlib import Path

import pytest

from libtrainer.domain.enums import Gender, LabourStatus, TargetGroup
from libtrainer.domain.errors import ValidationError
from libtrainer.i18n import set_language
from libtrainer.services.register import cells, import_register
from libtrainer.services.register.columns import key_of
from libtrainer.services.register.validate import message
from libtrainer.services.register.vocab import VALUE_SYNONYMS, closest, enum_lookup
from libtrainer.store.store import Store

from .support import row, write_register


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Nezināms", "unknown"),
        ("nežinomas", "unknown"),
        ("Pensionāre", "retired"),
        ("Pensininkė", "retired"),
        ("Bezdarbniece", "unemployed"),
        ("Bedarbė", "unemployed"),
        ("Nodarbināta", "employed"),
        ("Dirbanti", "employed"),
    ],
)
def test_words_people_write_for_a_status_are_taken(typed: str, code: str) -> None:
    """ "Nezināms" is "Nav zināms"; a woman's "Pensionāre" is "Pensionārs"."""
    assert cells.to_code("labour_status", LabourStatus, typed) == code


def test_synonyms_never_take_another_values_label() -> None:
    """Every synonym reads as its own value: none is hidden by a label of another value."""
    for enum, words in VALUE_SYNONYMS.items():
        lookup = enum_lookup(enum)
        for word, code in words.items():
            assert lookup[key_of(word)] == code, (enum, word)


@pytest.mark.parametrize(
    ("enum", "typed", "code"),
    [
        (LabourStatus, "Nezinām", "unknown"),
        (LabourStatus, "Pensonārs", "retired"),
        (LabourStatus, "Bezdarbnieki", "unemployed"),
        (LabourStatus, "Pens", "retired"),
        (Gender, "Sievete", "female"),
        (TargetGroup, "Senjorai.", "seniors"),  # a label: no hint needed, taken as it is
    ],
)
def test_a_near_miss_has_one_value_it_probably_is(enum: type, typed: str, code: str) -> None:
    """Accents and case do not count; a typo or a beginning points at one value."""
    assert closest(enum, typed) == code


@pytest.mark.parametrize(
    ("enum", "typed"),
    [
        (LabourStatus, "Skolotājs"),  # nothing close enough
        (LabourStatus, "xyz"),
        (LabourStatus, "Ne"),  # too short to say
        (Gender, "2"),
        (TargetGroup, "A" * 5000),
    ],
)
def test_nothing_close_gives_no_hint(enum: type, typed: str) -> None:
    """Far from every value (or too short to tell): no guess."""
    assert closest(enum, typed) is None


def test_the_refusal_asks_did_you_mean_in_latvian() -> None:
    """ "Pensonārs" is refused with „Pensionārs” offered, and the allowed values listed."""
    set_language("lv")
    with pytest.raises(ValidationError) as err:
        cells.to_code("labour_status", LabourStatus, "Pensonārs")
    text = message(err.value, "Statuss darba tirgū")
    assert "„Pensionārs”" in text and "„Pensonārs”" in text
    assert "Nav zināms" in text  # the list is still there


def test_a_register_with_nezinams_imports(store: Store, tmp_path: Path) -> None:
    """The tester's "Nezināms" in the labour-market column is "Nav zināms"."""
    path = write_register(
        tmp_path / "r.xlsx", [row(labour_status="Nezināms"), row(given_name="Ona")], lang="lv"
    )
    result = import_register(store, path)
    assert result.written, result.errors


def test_a_register_typo_is_named_with_its_hint(store: Store, tmp_path: Path) -> None:
    """In the import report the row's reason carries the hint."""
    set_language("en")
    path = write_register(tmp_path / "r.csv", [row(labour_status="Retird")])
    result = import_register(store, path, dry_run=True)
    assert [(e.row, e.column) for e in result.errors] == [(2, "labour_status")]
    assert "Did you mean “Retired”?" in result.errors[0].reason
