"""Closed vocabularies of the domain.

Values are stored as these short ASCII codes; their labels live in the i18n catalogues
(``libtrainer.i18n.labels``). Adding a value is a schema decision: old readers must accept it.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    BRANCH = "branch"
    LECTURER = "lecturer"
    COORDINATOR = "coordinator"


class StaffRole(StrEnum):
    LIBRARIAN = "librarian"
    LECTURER = "lecturer"
    CONSULTANT = "consultant"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class BranchKind(StrEnum):
    CENTRAL = "central"
    BRANCH = "branch"
    COMMUNITY_SITE = "community_site"
    MOBILE = "mobile"


class Level(StrEnum):
    BEGINNER = "beginner"
    ADVANCED = "advanced"


class Audience(StrEnum):
    RESIDENTS = "residents"
    LIBRARY_STAFF = "library_staff"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    NON_BINARY = "non_binary"
    UNSPECIFIED = "unspecified"


class LabourStatus(StrEnum):
    EMPLOYED = "employed"
    SELF_EMPLOYED = "self_employed"
    UNEMPLOYED = "unemployed"
    LONG_TERM_UNEMPLOYED = "long_term_unemployed"
    INACTIVE = "inactive"
    IN_EDUCATION = "in_education"
    RETIRED = "retired"
    UNKNOWN = "unknown"


class Isced(StrEnum):
    """Education level grouped as the ESF+ indicators need it."""

    ISCED_0_2 = "isced_0_2"
    ISCED_3_4 = "isced_3_4"
    ISCED_5_8 = "isced_5_8"
    UNKNOWN = "unknown"


class TargetGroup(StrEnum):
    JOB_SEEKERS = "job_seekers"
    SENIORS_U3A = "seniors_u3a"
    COMMUNITY = "community"
    SENIORS = "seniors"
    YOUTH = "youth"
    PEOPLE_WITH_DISABILITIES = "people_with_disabilities"
    RURAL_RESIDENTS = "rural_residents"
    LIBRARY_STAFF = "library_staff"
    MUNICIPAL_STAFF = "municipal_staff"
    OTHER = "other"


class Referrer(StrEnum):
    NONE = "none"
    EMPLOYMENT_SERVICE = "employment_service"
    UNIVERSITY_OF_THIRD_AGE = "university_of_third_age"
    COMMUNITY = "community"
    MUNICIPALITY = "municipality"
    OTHER = "other"


class ConsentBasis(StrEnum):
    CONSENT = "consent"
    PUBLIC_TASK = "public_task"
    CONTRACT = "contract"
    LEGITIMATE_INTEREST = "legitimate_interest"


class EnrolmentStatus(StrEnum):
    ENROLLED = "enrolled"
    COMPLETED = "completed"
    DROPPED = "dropped"


class AttendanceMark(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


class PlaceKind(StrEnum):
    BRANCH = "branch"
    OFF_SITE = "off_site"
    HOME_VISIT = "home_visit"
    ONLINE = "online"


class ConsultationTopic(StrEnum):
    E_GOVERNMENT = "e_government"
    E_HEALTH = "e_health"
    BANKING = "banking"
    SMARTPHONE = "smartphone"
    EMAIL = "email"
    SAFETY = "safety"
    JOB_SEARCH = "job_search"
    SOCIAL_MEDIA = "social_media"
    OFFICE_SOFTWARE = "office_software"
    OTHER = "other"


class Channel(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    ONLINE = "online"


class Outcome(StrEnum):
    SOLVED = "solved"
    PARTLY_SOLVED = "partly_solved"
    REFERRED = "referred"
    NOT_SOLVED = "not_solved"


class AgeBand(StrEnum):
    UNDER_18 = "under_18"
    AGE_18_29 = "18_29"
    AGE_30_54 = "30_54"
    AGE_55_64 = "55_64"
    AGE_65_PLUS = "65_plus"
    UNKNOWN = "unknown"


class VisitStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class AssessmentPhase(StrEnum):
    PRE = "pre"
    POST = "post"


class DigCompArea(StrEnum):
    """DigComp 2.2 competence areas."""

    INFORMATION = "information"
    COMMUNICATION = "communication"
    CONTENT = "content"
    SAFETY = "safety"
    PROBLEM_SOLVING = "problem_solving"


class TwinDecision(StrEnum):
    """A coordinator's decision on two sessions that may be one typed twice (``session_twin``)."""

    SAME = "same"  # one session: reports count it once
    DIFFERENT = "different"  # two sessions: not offered again
    SEPARATE = "separate"  # a "same" undone: two sessions, offered again
