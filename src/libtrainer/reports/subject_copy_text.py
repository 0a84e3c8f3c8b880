"""The sentences and labelled values of a resident's copy (:mod:`.subject_copy_pdf`), in the
document's language: codes become labels, yes/no/unknown flags words, dates the language's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from libtrainer.domain.errors import N_
from libtrainer.i18n import labels as L
from libtrainer.reports.printables_style import Words
from libtrainer.services.subject_access_rows import Computer, Keeper, Link, RecordCopy

#: The labels of the personal fields, in the copy's order (``PERSONAL_FIELDS``), and branch.
FIELD_LABELS = {
    "given_name": N_("Given name"),
    "family_name": N_("Family name"),
    "code": N_("Code"),
    "birth_year": N_("Birth year"),
    "gender": N_("Gender"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "branch": N_("Branch"),
    "target_groups": N_("Target groups"),
    "rural": N_("Lives in a rural area"),
    "labour_status": N_("Labour-market status"),
    "isced": N_("Education"),
    "disability": N_("Has a disability"),
    "third_country_national": N_("Third-country national"),
    "foreign_background": N_("Foreign background"),
    "minority": N_("Belongs to a minority"),
    "homeless": N_("Homeless or excluded from housing"),
    "consent_basis": N_("Legal basis"),
    "consent_date": N_("Consent date"),
    "consent_text_version": N_("Consent text version"),
    "notes": N_("Notes"),
    "archived": N_("In the archive"),
}
CODES: dict[str, dict[str, str]] = {
    "gender": L.GENDERS,
    "labour_status": L.LABOUR,
    "isced": L.ISCED,
    "consent_basis": L.CONSENT,
}
DECISIONS = {
    "different": N_("two different people; the branch corrects the code"),
    "dismissed": N_("the same person, or corrected"),
}
TABLES = {
    "attendance": N_("an attendance mark"),
    "enrolment": N_("a place in a group"),
    "consultation": N_("a consultation"),
    "participant_tag": N_("a target group"),
    "participant_alias": N_("a coordinator's decision"),
    "participant_distinct": N_("a coordinator's decision"),
    "participant_code_decision": N_("a coordinator's decision"),
}


def detail_rows(record: RecordCopy, w: Words) -> list[tuple[str, str]]:
    """(label msgid, value as read) of every personal field; empty values as "—"."""
    rows = []
    for key, value in record.details.items():
        rows.append((FIELD_LABELS.get(key, key), _value(key, value, w)))
        if key == "email":
            rows.append((FIELD_LABELS["branch"], record.branch.name if record.branch else "—"))
            tags = ", ".join(w(L.TARGET_GROUPS.get(t, t)) for t in record.target_groups)
            rows.append((FIELD_LABELS["target_groups"], tags or "—"))
    return rows


def _value(key: str, value: Any, w: Words) -> str:
    if value is None or value == "":
        return w(N_("Not known")) if isinstance(value, bool) or key in FLAGS else "—"
    if isinstance(value, bool):
        return w(N_("Yes")) if value else w(N_("No"))
    if isinstance(value, dt.date):
        return w.date(value, "long")
    if key in CODES:
        return w(CODES[key].get(str(value), str(value)))
    return str(value)


FLAGS = frozenset(
    {"rural", "disability", "third_country_national", "foreign_background", "minority", "homeless"}
)


def receivers_text(keeper: Keeper, w: Words) -> str:
    """Who else gets the records: the region's coordinator (from a branch or a laptop)."""
    if keeper.role == "coordinator":
        return w(
            N_(
                "This is the region's coordinator's computer: the branches send their records "
                "here for reports to the programmes' funders."
            )
        )
    return w(
        N_(
            "The records are sent to the region's coordinator ({region}) for reports to the "
            "programmes' funders."
        )
    ).format(region=keeper.region or "—")


def computers_text(computers: Sequence[Computer], w: Words) -> str:
    """The computers that recorded anything of the copy, this one named as such."""
    parts = []
    for c in computers:
        name = c.name or w(N_("another computer ({id})")).format(id=c.id[-8:])
        if c.branch:
            name += f" ({c.branch})"
        if c.this:
            name += " — " + w(N_("this computer"))
        parts.append(name)
    return "; ".join(parts) or "—"


def link_text(link: Link, w: Words) -> str:
    """A decision about the record as a sentence."""
    day = w.date(link.date, "long") if link.date else "—"
    if link.kind == "same_person":
        return w(
            N_(
                "On {date} a coordinator confirmed that record [{record}] is the same person "
                "as record [{kept}]."
            )
        ).format(date=day, record=_end(link.record_id), kept=_end(link.kept_record_id))
    if link.kind == "not_the_same":
        return w(N_("On {date} a record of a similar name was marked as another person's.")).format(
            date=day
        )
    if link.kind == "code_decision":
        decision = w(DECISIONS.get(link.decision or "", link.decision or "—"))
        return w(
            N_("On {date} a coordinator looked at a code given to two people: {decision}.")
        ).format(date=day, decision=decision)
    return w(
        N_("On {date} the code was changed; the earlier code “{code}” no longer names them.")
    ).format(date=day, code=link.decision or "—")


def waiting_text(record: RecordCopy, w: Words) -> list[str]:
    """Rows received from another computer that wait for a record not here yet."""
    found = []
    for row in record.waiting:
        kind = w(TABLES.get(row.table, row.table))
        values = ", ".join(
            f"{w(L.FIELD_LABELS.get(key, key))}: {_waiting_value(key, value, w)}"
            for key, value in row.fields.items()
            if key != "id" and not key.endswith("_id") and value not in (None, "")
        )
        text = w(
            N_(
                "Received from another computer, waiting for a record not here yet: {kind} "
                "({values})."
            )
        )
        found.append(text.format(kind=kind, values=values or "—"))
    return found


#: Codes of the rows that may wait (:func:`waiting_text`), shown as labels.
WAITING_CODES: dict[str, dict[str, str]] = {
    "mark": L.MARKS,
    "status": L.ENROLMENT,
    "tag": L.TARGET_GROUPS,
    "channel": L.CHANNELS,
    "outcome": L.OUTCOMES,
}


def _waiting_value(key: str, value: Any, w: Words) -> str:
    if key in WAITING_CODES:
        return w(WAITING_CODES[key].get(str(value), str(value)))
    if isinstance(value, bool):
        return w(N_("Yes")) if value else w(N_("No"))
    return str(value)


def _end(record_id: str | None) -> str:
    return (record_id or "")[-8:] or "—"
