"""Labels people read for the codes the store keeps (marked here, translated at use: gui.po)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from libtrainer.domain import namesakes
from libtrainer.domain.errors import N_
from libtrainer.i18n import _
from libtrainer.i18n.labels import AUDIENCES as AUDIENCES
from libtrainer.i18n.labels import DEVICE_ROLES as DEVICE_ROLES
from libtrainer.i18n.labels import DIGCOMP_AREAS as DIGCOMP_AREAS
from libtrainer.i18n.labels import LEVELS as LEVELS
from libtrainer.i18n.labels import REFERRERS as REFERRERS
from libtrainer.i18n.labels import STAFF_ROLES
from libtrainer.i18n.labels import TARGET_GROUPS as TARGET_GROUPS
from libtrainer.i18n.labels import TOPICS as TOPICS

ROLES = STAFF_ROLES
GENDERS = {
    "female": N_("Female"),
    "male": N_("Male"),
    "non_binary": N_("Non-binary"),
    "unspecified": N_("Not stated"),
}
LABOUR = {
    "employed": N_("Employed"),
    "self_employed": N_("Self-employed"),
    "unemployed": N_("Unemployed"),
    "long_term_unemployed": N_("Long-term unemployed"),
    "inactive": N_("Inactive"),
    "in_education": N_("In education or training"),
    "retired": N_("Retired"),
    "unknown": N_("Not known"),
}
ISCED = {
    "isced_0_2": N_("Basic (ISCED 0–2)"),
    "isced_3_4": N_("Secondary (ISCED 3–4)"),
    "isced_5_8": N_("Higher (ISCED 5–8)"),
    "unknown": N_("Not known"),
}
CONSENT = {
    "consent": N_("Consent"),
    "public_task": N_("Public task"),
    "contract": N_("Contract"),
    "legitimate_interest": N_("Legitimate interest"),
}
ENROLMENT = {
    "enrolled": N_("Enrolled"),
    "completed": N_("Completed"),
    "dropped": N_("Dropped out"),
}
MARKS = {"present": N_("Present"), "absent": N_("Absent"), "excused": N_("Excused")}
PLACES = {
    "branch": N_("At the branch"),
    "off_site": N_("Off-site"),
    "home_visit": N_("Home visit"),
    "online": N_("Online"),
}
CHANNELS = {"in_person": N_("In person"), "phone": N_("By phone"), "online": N_("Online")}
OUTCOMES = {
    "solved": N_("Solved"),
    "partly_solved": N_("Partly solved"),
    "referred": N_("Referred elsewhere"),
    "not_solved": N_("Not solved"),
}
AGE_BANDS = {
    "under_18": N_("Under 18"),
    "18_29": N_("18–29"),
    "30_54": N_("30–54"),
    "55_64": N_("55–64"),
    "65_plus": N_("65 and over"),
    "unknown": N_("Not known"),
}
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
