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
    "keep": N_("Record whose details are kept"),
    "lecturer": N_("Lecturer"),
    "staff": N_("Staff member"),
    "volunteer": N_("E-scout"),
    "code": N_("Code"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "password": N_("Password"),
    "login": N_("Login name"),
    # record services (participants, groups, sessions, consultations, e-scouts)
    "kind": N_("Kind of branch"),
    "rural": N_("Rural area"),
    "disability": N_("Disability"),
    "third_country_national": N_("Third-country national"),
    "foreign_background": N_("Foreign background"),
    "minority": N_("Minority"),
    "homeless": N_("Homeless or excluded from housing"),
    "title_lt": N_("Title (Lithuanian)"),
    "title_lv": N_("Title (Latvian)"),
    "title_en": N_("Title (English)"),
    "referrer_name": N_("Referring organisation"),
    "enrolled_on": N_("Enrolment date"),
    "country": N_("Country"),
    "topic": N_("Topic"),
    "referred_to_escout": N_("Referred to an e-scout"),
    "branch_id": N_("Branch"),
    "programme_id": N_("Programme"),
    "group_id": N_("Group"),
    "session_id": N_("Session"),
    "participant_id": N_("Participant"),
    "lecturer_id": N_("Lecturer"),
    "staff_id": N_("Staff member"),
    "volunteer_id": N_("E-scout"),
}

# Enum labels shared by the app window and the reports.
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
TARGET_GROUPS = {
    "job_seekers": N_("Job seekers"),
    "seniors_u3a": N_("University of the Third Age"),
    "community": N_("Community members"),
    "seniors": N_("Seniors"),
    "youth": N_("Young people"),
    "people_with_disabilities": N_("People with disabilities"),
    "rural_residents": N_("Rural residents"),
    "library_staff": N_("Library staff"),
    "municipal_staff": N_("Municipal staff"),
    "other": N_("Other"),
}

TOPICS = {
    "e_government": N_("E-government"),
    "e_health": N_("E-health"),
    "banking": N_("Online banking"),
    "smartphone": N_("Smartphone"),
    "email": N_("E-mail"),
    "safety": N_("Online safety"),
    "job_search": N_("Job search"),
    "social_media": N_("Social media"),
    "office_software": N_("Office software"),
    "other": N_("Other"),
}

REFERRERS = {
    "none": N_("Nobody"),
    "employment_service": N_("Employment service"),
    "university_of_third_age": N_("University of the Third Age"),
    "community": N_("Community"),
    "municipality": N_("Municipality"),
    "other": N_("Other"),
}
LEVELS = {"beginner": N_("Beginner"), "advanced": N_("Advanced")}
AUDIENCES = {"residents": N_("Residents"), "library_staff": N_("Library staff")}
#: The five competence areas of DigComp 2.2, as the EU framework names them.
DIGCOMP_AREAS = {
    "information": N_("Information and data literacy"),
    "communication": N_("Communication and collaboration"),
    "content": N_("Digital content creation"),
    "safety": N_("Safety"),
    "problem_solving": N_("Problem solving"),
}

#: A staff member's role (what they do; an account's role is what they may do when signed in).
STAFF_ROLES = {
    "librarian": N_("Librarian"),
    "lecturer": N_("Lecturer"),
    "coordinator": N_("Coordinator"),
    "admin": N_("Administrator"),
    "consultant": N_("Digital consultant"),
}
DEVICE_ROLES = {
    "branch": N_("Branch computer"),
    "lecturer": N_("Lecturer's laptop"),
    "coordinator": N_("Coordinator's computer"),
}


def field_label(field: str) -> str:
    """The translated label of a field (falls back to the field name)."""
    from libtrainer.i18n import _

    msgid = FIELD_LABELS.get(field)
    return _(msgid) if msgid else field
