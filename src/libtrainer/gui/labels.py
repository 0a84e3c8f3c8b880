"""Labels people read for the codes the store keeps (marked here, translated at use: gui.po)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from libtrainer.domain import namesakes
from libtrainer.domain.errors import N_
from libtrainer.i18n import _
from libtrainer.i18n.labels import AGE_BANDS as AGE_BANDS
from libtrainer.i18n.labels import AUDIENCES as AUDIENCES
from libtrainer.i18n.labels import CHANNELS as CHANNELS
from libtrainer.i18n.labels import CONSENT as CONSENT
from libtrainer.i18n.labels import DEVICE_ROLES as DEVICE_ROLES
from libtrainer.i18n.labels import DIGCOMP_AREAS as DIGCOMP_AREAS
from libtrainer.i18n.labels import ENROLMENT as ENROLMENT
from libtrainer.i18n.labels import GENDERS as GENDERS
from libtrainer.i18n.labels import ISCED as ISCED
from libtrainer.i18n.labels import LABOUR as LABOUR
from libtrainer.i18n.labels import LEVELS as LEVELS
from libtrainer.i18n.labels import MARKS as MARKS
from libtrainer.i18n.labels import OUTCOMES as OUTCOMES
from libtrainer.i18n.labels import PLACES as PLACES
from libtrainer.i18n.labels import REFERRERS as REFERRERS
from libtrainer.i18n.labels import STAFF_ROLES
from libtrainer.i18n.labels import TARGET_GROUPS as TARGET_GROUPS
from libtrainer.i18n.labels import TOPICS as TOPICS

ROLES = STAFF_ROLES
VISITS = {
    "planned": N_("Planned"),
    "done": N_("Done"),
    "cancelled": N_("Cancelled"),
    "no_show": N_("Did not take place"),
}
LANGUAGES = {
    "lt": N_("Lithuanian"),
    "lv": N_("Latvian"),
    "en": N_("English"),
    "ru": N_("Russian"),
    "pl": N_("Polish"),
    "uk": N_("Ukrainian"),
}
BRANCH_KINDS = {
    "central": N_("Central library"),
    "branch": N_("Branch"),
    "community_site": N_("Community site"),
    "mobile": N_("Mobile library"),
}
YES_NO_UNKNOWN = {"yes": N_("Yes"), "no": N_("No"), "unknown": N_("Not known")}

#: Native names of the interface languages (shown untranslated so anyone finds theirs).
UI_LANGUAGES = {"lt": "Lietuvių", "lv": "Latviešu", "en": "English"}


def label(table: dict[str, str], code: str | None) -> str:
    """The translated label of ``code`` (an unknown code shows as itself)."""
    if code is None:
        return ""
    msgid = table.get(code)
    return _(msgid) if msgid else code


def labels(table: dict[str, str], codes: Iterable[str]) -> str:
    """Several codes as one comma-separated line of labels."""
    return ", ".join(label(table, c) for c in codes if c)


def choices(table: dict[str, str]) -> list[tuple[str, str]]:
    """(code, translated label) pairs in the table's order, for combo boxes."""
    return [(code, _(msgid)) for code, msgid in table.items()]


def names_told_apart(
    people: Iterable[Any], name: Callable[[Any], str], *, id_of: str = "participant_id"
) -> dict[str, str]:
    """Each person's name as a list shows it (``name(person)``), with what tells them apart
    in brackets where another person of the list has the same name ("Šimkienė Dalia (born
    1957)"; :mod:`libtrainer.domain.namesakes`). ``people`` have ``given_name``,
    ``family_name`` and maybe ``birth_year``, ``code``, ``phone``; keyed by ``id_of``."""
    listed = list(people)
    found = namesakes.hints(
        namesakes.Namesake(
            getattr(p, id_of),
            p.given_name,
            p.family_name,
            getattr(p, "birth_year", None),
            getattr(p, "code", None),
            getattr(p, "phone", None),
        )
        for p in listed
    )
    return {
        getattr(p, id_of): namesakes.with_hint(name(p), found.get(getattr(p, id_of)), _)
        for p in listed
    }
