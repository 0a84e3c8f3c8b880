"""Human labels of fields and enum codes, marked for translation (rendered by the i18n layer)."""

from __future__ import annotations

from libtrainer.domain.errors import N_

FIELD_LABELS: dict[str, str] = {
    "given_name": N_("Given name"),
    "family_name": N_("Family name"),
    "name": N_("Name"),
    "birth_year": N_("Birth year"),
    "gender": N_("Gender"),
    "labour_status": N_("Labour-market status"),
    "isced": N_("Education"),
    "target_groups": N_("Target groups"),
    "consent_basis": N_("Consent basis"),
    "consent_date": N_("Consent date"),
    "consent_text_version": N_("Consent text version"),
    "notes": N_("Notes"),
    "academic_hours": N_("Academic hours"),
    "date": N_("Date"),
    "start_date": N_("Start date"),
    "end_date": N_("End date"),
    "start_time": N_("Start time"),
    "title": N_("Title"),
    "level": N_("Level"),
    "audience": N_("Audience"),
    "topics": N_("Topics"),
    "referrer": N_("Referred by"),
    "language": N_("Language of instruction"),
    "place_kind": N_("Place"),
    "place": N_("Place"),
    "minutes": N_("Minutes"),
    "channel": N_("Channel"),
    "outcome": N_("Outcome"),
    "age_band": N_("Age band"),
    "mark": N_("Attendance"),
    "status": N_("Status"),
    "people_helped": N_("People helped"),
    "score": N_("Score"),
    "phase": N_("Phase"),
    "role": N_("Role"),
    "region": N_("Region"),
    "library": N_("Library"),
    "branch": N_("Branch"),
    "device_name": N_("Device name"),
    "programme": N_("Programme"),
    "group": N_("Group"),
    "session": N_("Session"),
    "participant": N_("Participant"),
    "lecturer": N_("Lecturer"),
    "staff": N_("Staff member"),
    "volunteer": N_("E-scout"),
    "code": N_("Code"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "password": N_("Password"),
    "login": N_("Login name"),
}


def field_label(field: str) -> str:
    """The translated label of a field (falls back to the field name)."""
    from libtrainer.i18n import _

    msgid = FIELD_LABELS.get(field)
    return _(msgid) if msgid else field
