"""Telling apart people who share a name in a list a librarian picks from.

Two "Dalia Šimkienė" in one group look identical on an attendance sheet, so the wrong one gets
ticked (and the wrong one gets the certificate). Where names collide in a list — the same
folded given and family name, diacritics and case ignored — each of those people gets a
short hint, the first of these that no other person of that name in the list shares:

1. the birth year ("born 1957");
2. the last characters of their participant code ("code …4521"; never the whole code: at
   most four characters, and at most half of it);
3. the last four digits of their phone ("phone …4567");
4. else their place among the namesakes, in the list's order ("2").

People whose name is not shared get no hint, so an ordinary list looks as it always did.
Pure and standard-library only: the GUI and the printed sheets render the hint in their own
language (:func:`hint_text`, given a gettext-like callable).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from libtrainer.domain.errors import N_
from libtrainer.domain.rules import fold

#: characters of a code or digits of a phone shown at most
TAIL = 4


@dataclass(frozen=True)
class Namesake:
    """What a list knows of one person (``id`` is whatever the list keys its rows by)."""

    id: str
    given_name: str
    family_name: str
    birth_year: int | None = None
    code: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Hint:
    """What tells a person apart: ``kind`` is year, code, phone or number."""

    kind: str
    value: str


MESSAGES = {
    "year": N_("born {value}"),
    "code": N_("code …{value}"),
    "phone": N_("phone …{value}"),
}


def name_key(given_name: str, family_name: str) -> tuple[str, str]:
    """The folded given and family name, spaces normalised: equal keys collide."""
    return fold(" ".join(given_name.split())), fold(" ".join(family_name.split()))


def code_tail(code: str | None) -> str:
    """The last characters of a code (letters and digits only): four at most, and never more
    than half of it; "" for a code too short to show any of it."""
    chars = "".join(ch for ch in (code or "") if ch.isalnum())
    shown = min(TAIL, len(chars) // 2)
    return chars[-shown:] if shown else ""


def phone_tail(phone: str | None) -> str:
    """The last four digits of a phone (the last one, when several are written); "" for none."""
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    return digits[-TAIL:] if len(digits) > TAIL else ""


def hints(people: Iterable[Namesake]) -> dict[str, Hint]:
    """The hint of each person of ``people`` whose name another person of the list shares
    (keyed by ``id``); people with a name of their own are left out."""
    by_name: dict[tuple[str, str], list[Namesake]] = {}
    for person in people:
        by_name.setdefault(name_key(person.given_name, person.family_name), []).append(person)
    found: dict[str, Hint] = {}
    for same in by_name.values():
        if len(same) > 1:
            found.update(_apart(same))
    return found


def _apart(same: list[Namesake]) -> dict[str, Hint]:
    """Hints for people who share one name (in the list's order)."""
    values: dict[str, list[str]] = {
        "year": [str(p.birth_year) if p.birth_year else "" for p in same],
        "code": [code_tail(p.code) for p in same],
        "phone": [phone_tail(p.phone) for p in same],
    }
    found: dict[str, Hint] = {}
    for place, person in enumerate(same):
        for kind, column in values.items():
            value = column[place]
            if value and column.count(value) == 1:
                found[person.id] = Hint(kind, value)
                break
        else:
            found[person.id] = Hint("number", str(place + 1))
    return found


def hint_text(hint: Hint, translate: Callable[[str], str]) -> str:
    """The hint as shown, without brackets ("born 1957", "code …4521", "2")."""
    if hint.kind == "number":
        return hint.value
    return translate(MESSAGES[hint.kind]).format(value=hint.value)


def with_hint(name: str, hint: Hint | None, translate: Callable[[str], str]) -> str:
    """``name``, followed by its hint in brackets when it has one."""
    return name if hint is None else f"{name} ({hint_text(hint, translate)})"
