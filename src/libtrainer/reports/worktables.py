"""The temporary tables of a report run (see ``work``): definitions only.

They live in a MetaData of their own (never in the store's schema, never migrated, never
synced), are created ``TEMPORARY`` (private to one connection) and, on SQLite, ``WITHOUT
ROWID`` so the primary key is the storage order.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table

WORK = MetaData()
ID = String(36)


def _temp(name: str, *cols: Column[Any]) -> Table:
    return Table(name, WORK, *cols, prefixes=["TEMPORARY"], sqlite_with_rowid=False)


def _place() -> list[Column[Any]]:
    """Where and when a bucket is: every breakdown key of an attendance is one of these."""
    return [
        Column("region_id", ID),
        Column("library_id", ID),
        Column("branch_id", ID),
        Column("programme_id", ID),
        Column("group_id", ID),
        Column("month", Integer),
    ]


#: participant → canonical person (aliased records only).
ALIAS = _temp(
    "lt_rpt_alias",
    Column("participant_id", ID, primary_key=True),
    Column("canonical_id", ID, nullable=False),
)
#: Sessions in scope, each in its bucket ``b`` (one branch, programme, group, month and
#: length in academic hours: sessions of a bucket are alike, so hours = marks × length).
SESSION = _temp(
    "lt_rpt_session",
    Column("sid", ID, primary_key=True),
    Column("b", Integer, nullable=False),
    Column("branch_id", ID),
    Column("programme_id", ID),
    Column("group_id", ID),
    Column("month", Integer),
    Column("hours", Float),
)
BUCKET = _temp(
    "lt_rpt_bucket", Column("b", Integer, primary_key=True), *_place(), Column("hours", Float)
)
#: Present marks per bucket × participant RECORD (the one pass over attendance). The key
#: starts with the bucket: marks arrive roughly session by session, so inserts stay local.
RECORD = _temp(
    "lt_rpt_record",
    Column("b", Integer, primary_key=True),
    Column("participant_id", ID, primary_key=True),
    Column("n", Integer, nullable=False),
)
#: Double marks: two records of one person present at one session (per person × bucket).
EXTRA = _temp(
    "lt_rpt_extra",
    Column("person", ID, primary_key=True),
    Column("b", Integer, primary_key=True),
    Column("n", Integer, nullable=False),
    Column("hours", Float, nullable=False),
)
#: Records of people who have two records present in one bucket (candidates for EXTRA).
TWINS = _temp("lt_rpt_twins", Column("participant_id", ID, primary_key=True))
#: (group, person) of every enrolment, through the alias map.
ENROLLED = _temp(
    "lt_rpt_enrolled",
    Column("group_id", ID, primary_key=True),
    Column("person", ID, primary_key=True),
)
#: Canonical person × bucket, with the bucket's place: what every people figure reads.
GRAIN = _temp(
    "lt_rpt_grain",
    Column("b", Integer, primary_key=True),
    Column("person", ID, primary_key=True),
    Column("n", Integer, nullable=False),
    Column("hours", Float, nullable=False),
    Column("enrolled", Integer, nullable=False),
    *_place(),
)
#: One row per person: totals over the grain, and the month of entry (first present
#: attendance in scope, for ESF+ ages at entry).
PERSON = _temp(
    "lt_rpt_person",
    Column("person", ID, primary_key=True),
    Column("n", Integer, nullable=False),
    Column("hours", Float, nullable=False),
    Column("enrolled", Integer, nullable=False),
    Column("entry_month", Integer, nullable=False),
)
#: (person, tag) over every record of a person.
TAGS = _temp(
    "lt_rpt_tags",
    Column("person", ID, primary_key=True),
    Column("tag", String(40), primary_key=True),
)
#: Completed enrolments (group × person), placed at the group's branch and end month.
DONE = _temp(
    "lt_rpt_done",
    Column("group_id", ID, primary_key=True),
    Column("person", ID, primary_key=True),
    Column("region_id", ID),
    Column("library_id", ID),
    Column("branch_id", ID),
    Column("programme_id", ID),
    Column("month", Integer),
)
#: Consultations and e-scout visits done, summed per branch × month (all additive).
OUTREACH = _temp(
    "lt_rpt_outreach",
    Column("branch_id", ID, primary_key=True),
    Column("month", Integer, primary_key=True),
    Column("region_id", ID),
    Column("library_id", ID),
    Column("consultations", Integer, nullable=False),
    Column("consultation_minutes", Integer, nullable=False),
    Column("escout_visits", Integer, nullable=False),
    Column("people_helped", Integer, nullable=False),
)
TABLES = (
    ALIAS,
    SESSION,
    BUCKET,
    RECORD,
    EXTRA,
    TWINS,
    ENROLLED,
    GRAIN,
    PERSON,
    TAGS,
    DONE,
    OUTREACH,
)
