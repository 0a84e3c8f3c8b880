"""SQLAlchemy 2 models of the synced data (DESIGN.md §4) and the local-only bookkeeping tables.

Every synced table has a string primary key ``id`` (UUIDv7, or UUIDv5 for natural-key facts)
and only plain column types (text, integer, real, date, boolean) so that a change record is
plain JSON and the same rows can live in SQLite and PostgreSQL. Enum values are validated in
``domain``; the columns hold their codes. Foreign keys have no cascades: deletes are explicit
and each one is captured as a tombstone.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Time,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(36)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Synced(Base):
    """A table whose changes are captured and travel in bundles."""

    __abstract__ = True
    id: Mapped[str] = mapped_column(ID, primary_key=True)


# --- organisation -------------------------------------------------------------------------


class Region(Synced):
    __tablename__ = "region"
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    country: Mapped[str] = mapped_column(String(2), default="LT")


class Library(Synced):
    __tablename__ = "library"
    region_id: Mapped[str] = mapped_column(ForeignKey("region.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))


class Branch(Synced):
    __tablename__ = "branch"
    library_id: Mapped[str] = mapped_column(ForeignKey("library.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="branch")
    rural: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class Device(Synced):
    __tablename__ = "device"
    branch_id: Mapped[str | None] = mapped_column(ForeignKey("branch.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    public_key: Mapped[str | None] = mapped_column(String(120))
    revoked_after_seq: Mapped[int | None] = mapped_column(Integer)


# --- people who run the training ---------------------------------------------------------


class Staff(Synced):
    __tablename__ = "staff"
    branch_id: Mapped[str | None] = mapped_column(ForeignKey("branch.id"), index=True)
    given_name: Mapped[str] = mapped_column(String(120))
    family_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class Volunteer(Synced):
    """An e-scout: a young volunteer (14–29) who helps residents one to one."""

    __tablename__ = "volunteer"
    branch_id: Mapped[str | None] = mapped_column(ForeignKey("branch.id"), index=True)
    given_name: Mapped[str] = mapped_column(String(120))
    family_name: Mapped[str] = mapped_column(String(120))
    birth_year: Mapped[int] = mapped_column(Integer)
    phone: Mapped[str | None] = mapped_column(String(40))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


# --- what is taught ----------------------------------------------------------------------


class Programme(Synced):
    __tablename__ = "programme"
    code: Mapped[str | None] = mapped_column(String(40))
    title_lt: Mapped[str] = mapped_column(String(300), default="")
    title_lv: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    level: Mapped[str] = mapped_column(String(20), default="beginner")
    academic_hours: Mapped[float] = mapped_column(Float)
    topics: Mapped[str] = mapped_column(String(200), default="")  # comma-separated DigComp areas
    audience: Mapped[str] = mapped_column(String(20), default="residents")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class TrainingGroup(Synced):
    __tablename__ = "training_group"
    programme_id: Mapped[str] = mapped_column(ForeignKey("programme.id"), index=True)
    branch_id: Mapped[str] = mapped_column(ForeignKey("branch.id"), index=True)
    lecturer_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    referrer: Mapped[str] = mapped_column(String(40), default="none")
    referrer_name: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5), default="lt")
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    finished: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class TrainingSession(Synced):
    __tablename__ = "training_session"
    group_id: Mapped[str | None] = mapped_column(ForeignKey("training_group.id"), index=True)
    programme_id: Mapped[str | None] = mapped_column(ForeignKey("programme.id"), index=True)
    branch_id: Mapped[str] = mapped_column(ForeignKey("branch.id"), index=True)
    lecturer_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    academic_hours: Mapped[float] = mapped_column(Float)
    place_kind: Mapped[str] = mapped_column(String(20), default="branch")
    place: Mapped[str | None] = mapped_column(String(200))
    topic: Mapped[str | None] = mapped_column(String(300))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


# --- residents -----------------------------------------------------------------------------


class Participant(Synced):
    __tablename__ = "participant"
    branch_id: Mapped[str | None] = mapped_column(ForeignKey("branch.id"), index=True)
    code: Mapped[str | None] = mapped_column(String(60), index=True)
    given_name: Mapped[str] = mapped_column(String(120))
    family_name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(250), index=True)  # folded "given family"
    birth_year: Mapped[int | None] = mapped_column(Integer)
    gender: Mapped[str] = mapped_column(String(20), default="unspecified")
    rural: Mapped[bool | None] = mapped_column(Boolean)
    labour_status: Mapped[str] = mapped_column(String(30), default="unknown")
    isced: Mapped[str] = mapped_column(String(20), default="unknown")
    disability: Mapped[bool | None] = mapped_column(Boolean)
    third_country_national: Mapped[bool | None] = mapped_column(Boolean)
    foreign_background: Mapped[bool | None] = mapped_column(Boolean)
    minority: Mapped[bool | None] = mapped_column(Boolean)
    homeless: Mapped[bool | None] = mapped_column(Boolean)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    consent_basis: Mapped[str | None] = mapped_column(String(30))
    consent_date: Mapped[dt.date | None] = mapped_column(Date)
    consent_text_version: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class ParticipantTag(Synced):
    """One target-group tag of a participant; id = fact_id("tag", participant, tag)."""

    __tablename__ = "participant_tag"
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    tag: Mapped[str] = mapped_column(String(40))


class ParticipantAlias(Synced):
    """Append-only: the coordinator confirmed ``participant_id`` is ``canonical_id``'s person."""

    __tablename__ = "participant_alias"
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    canonical_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    confirmed_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    confirmed_on: Mapped[dt.date] = mapped_column(Date)


class ParticipantDistinct(Synced):
    """A coordinator's "not the same person" for two look-alike records, so the pair is not
    offered again. ``participant_id`` < ``other_id``; id = fact_id("distinct", both)."""

    __tablename__ = "participant_distinct"
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    other_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    decided_on: Mapped[dt.date] = mapped_column(Date)


class ParticipantCodeDecision(Synced):
    """A coordinator's decision on one participant code given to two people (a note in
    ``lt_code_clash``): ``decision`` is ``different`` (waits for the branch's correction) or
    ``dismissed`` (the same person, or corrected). ``device_a`` < ``device_b`` are the two
    devices whose inserts of the code's record disagree; id = fact_id("code-decision",
    participant, device_a, device_b), so every coordinator's computer finds the decision for
    its own note, whichever insert it merged first. Ids and the decision only, nothing more."""

    __tablename__ = "participant_code_decision"
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    device_a: Mapped[str] = mapped_column(ID)
    device_b: Mapped[str] = mapped_column(ID)
    decision: Mapped[str] = mapped_column(String(12))
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    decided_on: Mapped[dt.date] = mapped_column(Date)


class Enrolment(Synced):
    """Participant in a group; id = fact_id("enrolment", group, participant)."""

    __tablename__ = "enrolment"
    group_id: Mapped[str] = mapped_column(ForeignKey("training_group.id"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="enrolled")
    enrolled_on: Mapped[dt.date | None] = mapped_column(Date)
    certificate_issued: Mapped[bool] = mapped_column(Boolean, default=False)


class Attendance(Synced):
    """Session × participant; id = fact_id("attendance", session, participant)."""

    __tablename__ = "attendance"
    # Looked up by session through ix_attendance_report (session_id first), defined below.
    session_id: Mapped[str] = mapped_column(ForeignKey("training_session.id"))
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    mark: Mapped[str] = mapped_column(String(20), default="present")


class SessionTwin(Synced):
    """A coordinator's decision about two sessions that may be one session typed on two
    computers. One row per unordered pair: ``session_id`` < ``other_id``, id =
    ``fact_id("same-session", both)``, so coordinators deciding the same pair write one row and
    the latest ``decision`` wins field by field: ``same`` (reports count the two as one
    session), ``different`` (not the same: not offered again) or ``separate`` (a "same" undone:
    counted apart, offered again). Never deleted by a decision (docs/decisions/0402)."""

    __tablename__ = "session_twin"
    session_id: Mapped[str] = mapped_column(ForeignKey("training_session.id"), index=True)
    other_id: Mapped[str] = mapped_column(ForeignKey("training_session.id"), index=True)
    decision: Mapped[str] = mapped_column(String(12))
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    decided_on: Mapped[dt.date] = mapped_column(Date)


class Consultation(Synced):
    __tablename__ = "consultation"
    branch_id: Mapped[str] = mapped_column(ForeignKey("branch.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), index=True)
    volunteer_id: Mapped[str | None] = mapped_column(ForeignKey("volunteer.id"), index=True)
    participant_id: Mapped[str | None] = mapped_column(ForeignKey("participant.id"), index=True)
    age_band: Mapped[str | None] = mapped_column(String(20))
    gender: Mapped[str | None] = mapped_column(String(20))
    topics: Mapped[str] = mapped_column(String(300), default="")  # comma-separated topic codes
    minutes: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(20), default="in_person")
    outcome: Mapped[str] = mapped_column(String(20), default="solved")
    referred_to_escout: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")


class ConsultationTopicRow(Synced):
    """One topic of a consultation, for SQL aggregation.

    id = fact_id("ctopic", consultation, topic)."""

    __tablename__ = "consultation_topic"
    consultation_id: Mapped[str] = mapped_column(ForeignKey("consultation.id"), index=True)
    topic: Mapped[str] = mapped_column(String(40))


class EScoutVisit(Synced):
    __tablename__ = "escout_visit"
    volunteer_id: Mapped[str] = mapped_column(ForeignKey("volunteer.id"), index=True)
    branch_id: Mapped[str] = mapped_column(ForeignKey("branch.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    place: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="planned")
    people_helped: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")


class Assessment(Synced):
    """Pre/post self-assessment for an enrolment; id = fact_id("assessment", enrolment, phase)."""

    __tablename__ = "assessment"
    enrolment_id: Mapped[str] = mapped_column(ForeignKey("enrolment.id"), index=True)
    phase: Mapped[str] = mapped_column(String(10))
    score: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date | None] = mapped_column(Date)


# --- local-only bookkeeping (never synced) -------------------------------------------------


class Meta(Base):
    """Key/value facts about this store: device id, region, HLC floor, demo flag."""

    __tablename__ = "lt_meta"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Outbox(Base):
    """One captured change of one row, in capture order; pruned only after a coordinator ack."""

    __tablename__ = "lt_outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tbl: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(ID)
    op: Mapped[str] = mapped_column(String(1))  # i(nsert) u(pdate) d(elete)
    cl: Mapped[int] = mapped_column(Integer)
    hlc: Mapped[int] = mapped_column(BigInteger)
    device: Mapped[str] = mapped_column(ID)
    data: Mapped[str | None] = mapped_column(Text)  # JSON object of the fields written


class Clock(Base):
    """Per-field version of every synced row; ``field='*'`` holds the row's causal length.

    A row's fields without their own entry carry the ``'*'`` entry's HLC (set at insert).
    A row whose ``'*'`` entry has an even causal length is deleted: that entry is its tombstone.
    """

    __tablename__ = "lt_clock"
    # One B-tree keyed by (tbl, row_id, field): no rowid table plus index (bench/capture.py).
    __table_args__ = {"sqlite_with_rowid": False}
    tbl: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(ID, primary_key=True)
    field: Mapped[str] = mapped_column(String(60), primary_key=True)
    cl: Mapped[int] = mapped_column(Integer, default=1)
    hlc: Mapped[int] = mapped_column(BigInteger)
    device: Mapped[str] = mapped_column(ID)


class Account(Base):
    """A staff member's sign-in on this device (scrypt hash). Local: passwords never travel."""

    __tablename__ = "lt_account"
    staff_id: Mapped[str] = mapped_column(ID, primary_key=True)
    login: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    #: An administrator set this password (decision 0519): its owner chooses their own at
    #: the next sign-in in the window. About this computer's sign-in only: never synced.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )


class TrustVersion(Base):
    """A trust-list version this device accepted (sync/trust.py); the newest one is in force."""

    __tablename__ = "lt_trust"
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    doc: Mapped[bytes] = mapped_column(LargeBinary)
    accepted_wall: Mapped[str] = mapped_column(String(40))


class Published(Base):
    """A bundle this device made (sync/publish.py): its seq chain; bytes kept until written."""

    __tablename__ = "lt_published"
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    bundle_hash: Mapped[str] = mapped_column(String(64))
    first_outbox: Mapped[int] = mapped_column(Integer)
    last_outbox: Mapped[int] = mapped_column(Integer)
    changes: Mapped[int] = mapped_column(Integer)
    created_wall: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(80))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)


class Held(Base):
    """A synced row that exists but refers to a row not here (yet): kept until it can link."""

    __tablename__ = "lt_held"
    tbl: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(ID, primary_key=True)
    data: Mapped[str] = mapped_column(Text)  # JSON object of every field, as in change records
    wait_tbl: Mapped[str] = mapped_column(String(40))
    wait_id: Mapped[str] = mapped_column(ID, index=True)


class Pending(Base):
    """A received change for a row generation not seen yet (apply said DEFERRED): retried."""

    __tablename__ = "lt_pending"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tbl: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(ID)
    op: Mapped[str] = mapped_column(String(1))
    cl: Mapped[int] = mapped_column(Integer)
    hlc: Mapped[int] = mapped_column(BigInteger)
    device: Mapped[str] = mapped_column(ID)
    data: Mapped[str | None] = mapped_column(Text)


class Ingested(Base):
    """A bundle merged into this store (sync/ingest.py), identified by its content hash."""

    __tablename__ = "lt_ingested"
    bundle_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    device: Mapped[str] = mapped_column(ID)
    kind: Mapped[str] = mapped_column(String(12))
    seq: Mapped[int] = mapped_column(Integer)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    created_hlc: Mapped[int] = mapped_column(BigInteger)
    changes: Mapped[int] = mapped_column(Integer)
    restamped: Mapped[bool] = mapped_column(Boolean, default=False)
    ingested_wall: Mapped[str] = mapped_column(String(40))
    acked: Mapped[bool] = mapped_column(Boolean, default=False)  # a coordinator's ack written


class Quarantined(Base):
    """A bundle refused by ingest, with the reason a person reads; nothing of it was applied."""

    __tablename__ = "lt_quarantine"
    bundle_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    device: Mapped[str | None] = mapped_column(ID)
    seq: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(20))
    params: Mapped[str] = mapped_column(Text, default="{}")
    first_wall: Mapped[str] = mapped_column(String(40))
    last_wall: Mapped[str] = mapped_column(String(40))
    restamp: Mapped[bool] = mapped_column(Boolean, default=False)


class Suspended(Base):
    """A device whose bundles are no longer merged (a fork: restored backup or cloned disk)."""

    __tablename__ = "lt_suspended"
    device: Mapped[str] = mapped_column(ID, primary_key=True)
    reason: Mapped[str] = mapped_column(String(20))
    seq: Mapped[int] = mapped_column(Integer)
    bundle_hash: Mapped[str] = mapped_column(String(64))
    since_wall: Mapped[str] = mapped_column(String(40))


class SeenFile(Base):
    """A share file already read, by path, size and mtime: spares re-reading it every sync."""

    __tablename__ = "lt_seen_file"
    path: Mapped[str] = mapped_column(String(500), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int] = mapped_column(BigInteger)
    bundle_hash: Mapped[str] = mapped_column(String(64))


class CodeClash(Base):
    """One participant code given to two people: a device inserted a coded participant that
    another device had inserted with another name or birth year (noticed while merging,
    ``store/codeclash.py``). ``first_*`` is the version the store held, ``device`` the device
    whose insert found it, ``held_device`` the device that inserted the row held here (None in
    notes taken before upgrade 0010: ``first_device``). ``status``: open | different |
    dismissed, decided here before decisions travelled (or on a central store); a synced
    ``participant_code_decision`` for the note overrides it. Local, never synced."""

    __tablename__ = "lt_code_clash"
    participant_id: Mapped[str] = mapped_column(ID, primary_key=True)
    device: Mapped[str] = mapped_column(ID, primary_key=True)
    code: Mapped[str] = mapped_column(String(60))
    given_name: Mapped[str] = mapped_column(String(120))
    family_name: Mapped[str] = mapped_column(String(120))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    branch_id: Mapped[str | None] = mapped_column(ID)
    first_device: Mapped[str] = mapped_column(ID)
    first_given_name: Mapped[str] = mapped_column(String(120))
    first_family_name: Mapped[str] = mapped_column(String(120))
    first_birth_year: Mapped[int | None] = mapped_column(Integer)
    first_branch_id: Mapped[str | None] = mapped_column(ID)
    held_device: Mapped[str | None] = mapped_column(ID)
    noticed_wall: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12), default="open")
    decided_wall: Mapped[str | None] = mapped_column(String(40))


class Recoded(Base):
    """A coded participant whose code this device changed (``services/recode.py``): the record
    under the old code's id stays (at the coordinator it may also be another branch's
    person) but this device gave it up, so its lists and searches no longer show it and a
    register row with the old code is refused. ``new_code`` is None when the code was taken
    off. Local: this device's own correction, never synced, not in the canonical dump."""

    __tablename__ = "lt_recoded"
    old_id: Mapped[str] = mapped_column(ID, primary_key=True)
    new_id: Mapped[str] = mapped_column(ID)
    old_code: Mapped[str] = mapped_column(String(60))
    new_code: Mapped[str | None] = mapped_column(String(60))
    recoded_wall: Mapped[str] = mapped_column(String(40))


class Erased(Base):
    """A person erased from the records on this device, kept only as a keyed fingerprint of
    how the register import recognises an uncoded person (folded name and birth year;
    ``store/erased.py``), so that an old register does not enter them again. The key is in
    ``lt_meta`` and never leaves the store. Local: never synced, not in the canonical dump."""

    __tablename__ = "lt_erased"
    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    erased_wall: Mapped[str] = mapped_column(String(40))


Index("ix_lt_pending_tbl_row", Pending.tbl, Pending.row_id)
Index("ix_lt_ingested_device", Ingested.device, Ingested.kind, Ingested.seq)
#: The reports' one pass over attendance reads only this index; it also serves every look-up by
#: session, so it replaced the single-column session index (migration 0006_report_indexes).
Index("ix_attendance_report", Attendance.session_id, Attendance.participant_id, Attendance.mark)


def synced_tables() -> list[str]:
    """Names of the synced tables, parents before children (foreign-key order)."""
    names = {m.class_.__tablename__ for m in Base.registry.mappers if issubclass(m.class_, Synced)}
    return [t.name for t in Base.metadata.sorted_tables if t.name in names]


def synced_table(name: str) -> Table:
    """The synced table ``name`` (:class:`ValueError` for any other name)."""
    if name not in synced_tables():
        raise ValueError(f"not a synced table: {name}")
    return Base.metadata.tables[name]


def synced_columns(table: str) -> list[str]:
    """Column names of a synced table, ``id`` first."""
    return [c.name for c in Base.metadata.tables[table].columns]
