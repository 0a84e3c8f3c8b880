"""Translatable labels of report figures, breakdowns and the codes that appear as row names.

Marked with ``N_`` here and translated with ``_`` when a report is built (catalogue:
``reports.po``), so a report comes out in the language in force when it was run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from libtrainer.domain.errors import N_
from libtrainer.i18n import _, get_language
from libtrainer.i18n.labels import DEVICE_ROLES as DEVICE_ROLES
from libtrainer.i18n.labels import LEVELS as LEVELS
from libtrainer.i18n.labels import REFERRERS as REFERRERS
from libtrainer.i18n.labels import TARGET_GROUPS as TARGET_GROUPS
from libtrainer.i18n.labels import TOPICS as TOPICS

METRICS = {
    "participants": N_("Unique participants"),
    "enrolled": N_("Enrolled participants who attended"),
    "attendances": N_("Attendances"),
    "participant_hours": N_("Participant-hours"),
    "groups": N_("Groups"),
    "sessions": N_("Sessions"),
    "academic_hours": N_("Academic hours"),
    "completions": N_("Completions (each person once per group finished)"),
    "consultations": N_("Consultations"),
    "consultation_minutes": N_("Consultation minutes"),
    "escout_visits": N_("E-scout visits"),
    "people_helped": N_("People helped by e-scouts"),
    "named": N_("Named"),
    "anonymous": N_("Anonymous"),
    "people": N_("Unique named people"),
    "referred": N_("Referred to an e-scout"),
    "count": N_("Participants"),
    "share": N_("Share of total"),
    "pairs": N_("Pre and post assessed"),
    "mean_pre": N_("Mean before"),
    "mean_post": N_("Mean after"),
    "mean_change": N_("Mean change"),
    "improved": N_("Improved"),
    "improved_share": N_("Share improved"),
}

DIMENSIONS = {
    "region": N_("Region"),
    "library": N_("Library"),
    "branch": N_("Branch"),
    "programme": N_("Programme"),
    "level": N_("Level"),
    "referrer": N_("Referred by"),
    "target_group": N_("Target group"),
    "month": N_("Month"),
    "quarter": N_("Quarter"),
    "half": N_("Half-year"),
    "year": N_("Year"),
    "topic": N_("Topic"),
    "helper": N_("Who helped"),
    "indicator": N_("Indicator"),
}

SECTION_TITLES = {
    "region": N_("By region"),
    "library": N_("By library"),
    "branch": N_("By branch"),
    "programme": N_("By programme"),
    "level": N_("By level"),
    "referrer": N_("By who referred the group"),
    "target_group": N_("By target group"),
    "month": N_("By month"),
    "quarter": N_("By quarter"),
    "half": N_("By half-year"),
    "year": N_("By year"),
    "topic": N_("By topic"),
    "helper": N_("By who helped"),
}


HELPERS = {"staff": N_("Library staff"), "escout": N_("E-scout"), "unknown": N_("Not recorded")}

NONE_LABELS = {
    "programme": N_("No programme"),
    "level": N_("No programme"),
    "referrer": N_("No group"),
    "target_group": N_("No target group"),
    "topic": N_("No topic"),
}
UNKNOWN = N_("Unknown")
TOTAL = N_("Total")


def metric(key: str) -> str:
    return _(METRICS[key])


def dimension(key: str) -> str:
    return _(DIMENSIONS[key])


def section_title(key: str) -> str:
    return _(SECTION_TITLES[key])


def code_label(table: dict[str, str], code: str | None, none_key: str = "") -> str:
    """The label of a code (an unknown code shows as itself; None as the "no …" label)."""
    if code is None:
        return _(NONE_LABELS.get(none_key, UNKNOWN))
    msgid = table.get(code)
    return _(msgid) if msgid else code


def programme_title(row: Any, lang: str | None = None) -> str:
    """A programme's title in ``lang`` (else the current language), falling back to the others,
    then to its code."""
    lang = lang or get_language()
    order = {"lt": ("lt", "lv", "en"), "lv": ("lv", "lt", "en")}.get(lang, ("en", "lt", "lv"))
    for code in order:
        title = getattr(row, f"title_{code}", None)
        if title:
            return str(title)
    return str(getattr(row, "code", None) or getattr(row, "id", ""))


def report_period(codes: Mapping[str, Any]) -> str:
    """A report's period as a person reads it ("2025-01-01 – 2025-12-31" in the locale's
    date format), from its filter codes; "" when it has none."""
    from libtrainer.i18n.format import format_date  # noqa: PLC0415

    if not (codes.get("from") and codes.get("to")):
        return ""
    start, end = (dt.date.fromisoformat(codes[k]) for k in ("from", "to"))
    return f"{format_date(start)} – {format_date(end)}"


def total() -> str:
    return _(TOTAL)


def received_until(source: Any) -> str:
    """When a source computer's work in the figures reaches to — when it arrived here, not
    what its own clock said (decision 0332) — and its state, as a person reads them."""
    state = source_state(source)
    return f"{_received(source)}; {state}" if state else _received(source)


def _received(source: Any) -> str:
    if source.own:
        return _("this computer: all its work")
    if getattr(source, "elsewhere", False):
        return _("not on this computer: merged at the coordinator")
    if not source.received_until:
        return _("nothing merged yet")
    arrived = _local(source.received_until)
    if arrived is None:
        return str(source.received_until)
    text = arrived.strftime("%Y-%m-%d %H:%M")
    said = _local(getattr(source, "device_time", "") or "")
    if said is not None and (said - arrived).total_seconds() > _DAY_S:
        text += " " + _("(that computer's clock said {date})").format(
            date=said.strftime("%Y-%m-%d")
        )
    return text


_DAY_S = 24 * 3600


def _local(iso: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(iso).astimezone()
    except (ValueError, OverflowError, OSError):
        return None


def source_state(source: Any) -> str:
    """A source computer's state when it is not plainly enrolled: suspended since a bundle
    (its history split), revoked after one, replaced by a new identity; "" otherwise."""
    parts = []
    suspended = getattr(source, "suspended_since", None)
    if suspended is not None:
        parts.append(
            _("suspended since its bundle {n} (its history split): later work set aside").format(
                n=suspended
            )
        )
    revoked = getattr(source, "revoked_after", None)
    if revoked is not None:
        parts.append(_("revoked after its bundle {n}").format(n=revoked))
    if getattr(source, "replaced_by", ""):
        parts.append(
            _("replaced by its new identity “{name}” ({code})").format(
                name=source.replaced_by, code=getattr(source, "replaced_by_code", "")
            )
        )
    return "; ".join(parts)
