"""The temporary tables of a report run (see ``work``): definitions only.

They live in a MetaData of their own (never in the store's schema, never migrated, never
synced), are created ``TEMPORARY`` (private to one connection) and, on SQLite, ``WITHOUT
ROWID`` so the primary key is the storage order.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

WORK = MetaData()
ID = String(36)


def _temp(name: str, *cols: Any, rowid: bool = False) -> Table:
    return Table(name, WORK, *cols, prefixes=["TEMPORARY"], sqlite_with_rowid=rowid)


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


#: What makes a bucket: sessions of one group, branch, programme, month and length.
BUCKET_KEY = ("group_key", "branch_id", "programme_key", "month", "hours")


def _bucket_key() -> list[Column[Any]]:
    """The bucket key's columns (a missing group or programme is ``''``), never NULL."""
    types: dict[str, Any] = {"month": Integer, "hours": Float}
    return [Column(name, types.get(name, ID), nullable=False) for name in BUCKET_KEY]


#: participant → canonical person (aliased records only). Indexed by person too: the ESF+
#: facts of a person are looked up among their records (``personfacts.fill``), once per fact
#: and person; without the index each lookup read the whole table (quadratic in the pairs).
ALIAS = _temp(
    "lt_rpt_alias",
    Column("participant_id", ID, primary_key=True),
    Column("canonical_id", ID, nullable=False),
    Index("ix_lt_rpt_alias_canonical", "canonical_id"),
)
#: Sessions in scope, in no order, with their bucket's key (a missing group or programme is
#: ``''`` so that equal keys compare equal).
SCOPED = _temp("lt_rpt_scoped", Column("sid", ID, nullable=False), *_bucket_key(), rowid=True)
#: Sessions in a component of "same session" pairs (``twins``), with the component's smallest
#: session id, the session's group (NULL: none) and that group's number of sessions (0: none).
#: Over the whole store: a few rows.
COMPONENT = _temp(
    "lt_rpt_component",
    Column("sid", ID, primary_key=True),
    Column("comp", ID, nullable=False),
    Column("grp", ID),
    Column("size", Integer, nullable=False),
)
#: The sessions of COMPONENT that are in scope, with their bucket keys (as in SCOPED) and,
#: once numbered, their bucket.
MEMBER = _temp(
    "lt_rpt_member",
    Column("sid", ID, primary_key=True),
    Column("comp", ID, nullable=False),
    Column("size", Integer, nullable=False),
    *_bucket_key(),
    Column("b", Integer),  # its bucket, once SESSION is filled
)
#: In-scope sessions counted as another (their component's representative ``rep``): they
#: go into the representative's bucket, and are not counted as held.
TWIN = _temp("lt_rpt_twin", Column("sid", ID, primary_key=True), Column("rep", ID, nullable=False))
#: A twin's group → its representative's group: enrolments in the one count in the other.
LINK = _temp(
    "lt_rpt_link",
    Column("group_id", ID, primary_key=True),
    Column("as_group", ID, primary_key=True),
)
#: Groups linked to others by sessions typed twice → the linked group whose completions count
#: (most sessions, then smallest id): a person completes such groups once.
ABSORBED = _temp(
    "lt_rpt_absorbed",
    Column("group_id", ID, primary_key=True),
    Column("as_group", ID, nullable=False),
)
#: Bucket keys, numbered ``b`` as they are first met: one row per distinct (group, branch,
#: programme, month, length). Inserting a key twice is ignored (its unique constraint), so
#: numbering buckets needs no sort (a window function over the sessions cost twice as much).
BKEY = _temp(
    "lt_rpt_bkey",
    Column("b", Integer, primary_key=True, autoincrement=True),
    *_bucket_key(),
    UniqueConstraint(*BUCKET_KEY),
    rowid=True,
)
#: Sessions in scope, each in its bucket ``b`` (one branch, programme, group, month and
#: length in academic hours — the bucket's key in BKEY: sessions of a bucket are alike, so
#: hours = marks × length). Keyed bucket first: the one pass reads the sessions in bucket
#: order, so the marks of a bucket arrive together (see ``work``).
SESSION = _temp(
    "lt_rpt_session",
    Column("b", Integer, primary_key=True),
    Column("sid", ID, primary_key=True),
)
#: Buckets, with the sessions held in each and their academic hours (so the "held" figures
#: of every breakdown read these few rows, not the sessions).
BUCKET = _temp(
    "lt_rpt_bucket",
    Column("b", Integer, primary_key=True),
    Column("gk", Integer, nullable=False),
    *_place(),
    Column("hours", Float),
    Column("sessions", Integer, nullable=False),
    Column("session_hours", Float, nullable=False),
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
#: Canonical person × bucket: what every people figure comes from. Keyed person, then group
#: key ``gk`` (buckets of one branch, programme and group share it), then bucket: GPERSON is a
#: GROUP BY that streams (no sort), and a breakdown's distinct people arrive in order, which
#: SQLite's distinct sets take much faster. Narrow on purpose (SQLite's cost per row grows with
#: its columns): the bucket's place columns other than the month are one join away, in BUCKET.
GRAIN = _temp(
    "lt_rpt_grain",
    Column("person", ID, primary_key=True),
    Column("gk", Integer, primary_key=True),
    Column("b", Integer, primary_key=True),
    Column("n", Integer, nullable=False),
    Column("hours", Float, nullable=False),
    Column("enrolled", Integer, nullable=False),
    Column("month", Integer),
)
#: Group keys: the place of each ``gk`` (one branch, programme and group).
GKEY = _temp("lt_rpt_gkey", Column("gk", Integer, primary_key=True), *_place()[:-1])
#: Canonical person × group key: the grain without months, about half its rows; the region,
#: library, branch and programme breakdowns read this (joined to GKEY), and PERSON sums it.
#: Keyed person first: PERSON is then a GROUP BY that streams, and each breakdown's distinct
#: people arrive in order.
GPERSON = _temp(
    "lt_rpt_gperson",
    Column("person", ID, primary_key=True),
    Column("gk", Integer, primary_key=True),
    Column("n", Integer, nullable=False),
    Column("hours", Float, nullable=False),
    Column("enrolled", Integer, nullable=False),
    Column("entry_month", Integer, nullable=False),
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
#: One row per person of PERSON: the ESF+ characteristics counted for them (the kept record's,
#: each unknown one from another record of the person: ``personfacts``).
FACTS = _temp(
    "lt_rpt_facts",
    Column("person", ID, primary_key=True),
    Column("birth_year", Integer),
    Column("gender", String(20)),
    Column("labour_status", String(30)),
    Column("isced", String(20)),
    *[
        Column(name, Boolean)
        for name in (
            "disability",
            "third_country_national",
            "foreign_background",
            "minority",
            "homeless",
            "rural",
        )
    ],
)
#: (person, tag) over every record of a person.
TAGS = _temp(
    "lt_rpt_tags",
    Column("person", ID, primary_key=True),
    Column("tag", String(40), primary_key=True),
)
#: Groups in scope whose end (end date, else last session) falls in the period, placed at
#: their branch and end month, with their completions (counted from DONE once filled).
ENDED = _temp(
    "lt_rpt_ended",
    Column("group_id", ID, primary_key=True),
    *_place()[:3],
    Column("programme_id", ID),
    Column("month", Integer),
    Column("completions", Integer, nullable=False),
)
#: Completed enrolments (group × person) of those groups.
DONE = _temp(
    "lt_rpt_done",
    Column("group_id", ID, primary_key=True),
    Column("person", ID, primary_key=True),
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
    SCOPED,
    COMPONENT,
    MEMBER,
    TWIN,
    LINK,
    ABSORBED,
    BKEY,
    SESSION,
    BUCKET,
    RECORD,
    EXTRA,
    TWINS,
    ENROLLED,
    GRAIN,
    GKEY,
    GPERSON,
    PERSON,
    FACTS,
    TAGS,
    ENDED,
    DONE,
    OUTREACH,
)
