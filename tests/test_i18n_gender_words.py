"""Latvian and Lithuanian wording checks: no "(-a)" forms next to a person's name, the zero
plural agrees with its verb, and import messages put a date where its case is right
(decision 0360)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from libtrainer.i18n import get_language, ngettext, set_language, translations


@pytest.fixture
def latvian() -> Iterator[None]:
    before = get_language()
    set_language("lv")
    yield
    set_language(before)


@pytest.mark.parametrize("lang", ["lv", "lt"])
def test_no_both_gender_forms_next_to_a_name(lang: str) -> None:
    """No translation that names a person ({name}) writes both endings ("pievienots(-a)"):
    it is worded for anyone, or chosen by the person's gender."""
    both, part = [], translations(lang)
    while part is not None:  # every catalogue of the language (chained as fallbacks)
        catalog = getattr(part, "_catalog", {})
        both += [
            text
            for key, text in catalog.items()
            if isinstance(key, str) and "{name}" in key and "(-" in text
        ]
        part = part._fallback  # type: ignore[attr-defined]
    assert both == []


def test_latvian_zero_agrees_with_its_verb(latvian: None) -> None:
    """0 people present: "neviena persona nav atzīmēta", not "0 personu atzīmētas"."""
    text = ngettext("{count} person marked present", "{count} people marked present", 0)
    assert text.format(count=0) == "neviena persona nav atzīmēta kā klātesoša"
    assert (
        ngettext("{count} person marked present", "{count} people marked present", 10).format(
            count=10
        )
        == "10 personas atzīmētas kā klātesošas"
    )


def test_latvian_status_bar_is_worded_for_anyone(latvian: None) -> None:
    """The signed-in line names the user without a gendered participle."""
    from libtrainer.i18n import _

    assert _("Signed in: {name} ({role})").startswith("Lietotājs: ")


def test_latvian_group_dates_after_import_read_right(latvian: None) -> None:
    """ "Grupas … beigu datums tagad ir 19.03.2026": the date stands where the nominative
    (or a number) is right, not after "beidzas"."""
    from libtrainer.i18n import _

    text = _("Group “{name}” now ends on {end}").format(name="Elejas senioriem", end="19.03.2026")
    assert text == "Grupas „Elejas senioriem” beigu datums tagad ir 19.03.2026"
