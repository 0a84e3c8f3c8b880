"""Per-run work tables: the attendance marks are read ONCE, every breakdown comes from a grain.

A region store holds millions of attendance marks; counting distinct people per branch, per
programme, per month… each over the raw marks would read them once per breakdown. A run
instead fills temporary tables (``worktables``; private to its connection, dropped at the end):

1. the sessions in scope, each in a *bucket* (one branch, programme, group, month and session
   length; buckets are numbered as their keys are first met, without a sort) — every
   breakdown key of an attendance (region, library, branch, programme, month, quarter, half,
   year) is a property of its bucket; buckets count their sessions and hours, and share a
   *group key* ``gk`` with the other buckets of their branch, programme and group; a session
   typed twice and decided "same" goes into its representative's bucket without being
   counted as held (``twins``, docs/decisions/0402);
2. ONE pass over the attendance marks: present marks and hours per participant record ×
   bucket. On PostgreSQL an ``INSERT … SELECT … GROUP BY`` (hash aggregate); on SQLite, whose
   GROUP BY always sorts, an upsert into the keyed table, walking the sessions in bucket order
   and reading their marks from the covering index ``ix_attendance_report`` (no table rows);
3. the grain: records folded into canonical persons through the alias map, with whether the
   person is enrolled in the bucket's group. Two records of one person marked present at the
   same session are one attendance: only people with two records in one bucket are looked up
   again, and their double marks are taken off;
4. the grain without months (person × group key, GPERSON) and per person (PERSON), each a
   GROUP BY that streams in key order.

Every people figure is then ``count(DISTINCT person)`` / ``sum`` over the narrowest of these
that still holds its breakdown key — exact, because a bucket (and a group key, for places and
programmes) sits inside every breakdown key. Completions and consultations/e-scout visits get
small tables of their own so each breakdown reads only those (docs/decisions/0351, 0352).
"""

from __future__ import annotations

import contextlib
from typing import Any

from sqlalchemy import (
    Connection,
    Table,
    and_,
    case,
    exists,
    func,
    insert,
    literal,
    select,
    union,
    update,
)
from sqlalchemy.dialects import sqlite

from libtrainer.domain.enums import AttendanceMark
from libtrainer.reports import twins
from libtrainer.reports.facts import alias_rows, person_of, sessions_in_scope, tag_rows
from libtrainer.reports.filters import ReportFilters, reads_most, unindexed
from libtrainer.reports.workqueries import (
    completions,
    copied_completions,
    ended_groups,
    outreach,
    placed,
    twin_records,
)
from libtrainer.reports.worktables import (
    ALIAS,
    BKEY,
    BUCKET,
    BUCKET_KEY,
    DONE,
    ENDED,
    ENROLLED,
    EXTRA,
    GKEY,
    GPERSON,
    GRAIN,
    LINK,
    MEMBER,
    OUTREACH,
    PERSON,
    RECORD,
    SCOPED,
    SESSION,
    TABLES,
    TAGS,
    TWIN,
    TWINS,
)
from libtrainer.store.models import (
    Attendance,
    Consultation,
    Enrolment,
    EScoutVisit,
    TrainingSession,
)

__all__ = [
    "BUCKET",
    "DONE",
    "GKEY",
    "GPERSON",
    "GRAIN",
    "OUTREACH",
    "PERSON",
    "SESSION",
    "Workspace",
]
PLACE = ("region_id", "library_id", "branch_id", "programme_id", "group_id", "month")


class Workspace:
    """The work tables of one run on one connection; a context manager that drops them.

    ``upsert``: build the record pass by upsert (default: on SQLite only; tests force it).
    """

    upsert: bool | None = None

    def __init__(self, conn: Connection, filters: ReportFilters) -> None:
        self.conn = conn
        self.filters = filters
        self._built: set[str] = set()
        self.twins = False  # some sessions in scope are counted as another (``twins``)

    def __enter__(self) -> Workspace:
        self.drop()
        for table in TABLES:
            table.create(self.conn)
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.drop()
            return
        # The run failed and its transaction may be unusable: never hide that error; rolling
        # the transaction back removes the tables anyway.
        with contextlib.suppress(Exception):
            self.drop()

    def drop(self) -> None:
        for table in reversed(TABLES):
            table.drop(self.conn, checkfirst=True)

    def fill(self, table: Table, query: Any) -> None:
        self.conn.execute(
            insert(table).from_select([c.name for c in query.selected_columns], query)
        )

    def fill_unique(self, table: Table, query: Any) -> None:
        """Fill ``table`` with the DISTINCT rows of ``query``, whose columns are the table's
        whole primary key. On SQLite ``INSERT OR IGNORE`` lets the key drop repeats as they
        come (one B-tree instead of a DISTINCT sort and then the key)."""
        if self.conn.dialect.name != "sqlite":
            self.fill(table, query.distinct())
            return
        names = [c.name for c in query.selected_columns]
        self.conn.execute(insert(table).prefix_with("OR IGNORE").from_select(names, query))

    def add_unique(self, table: Table, query: Any) -> None:
        """Add the DISTINCT rows of ``query`` that ``table`` (keyed by all of ``query``'s
        columns, as for :meth:`fill_unique`) does not hold yet."""
        if self.conn.dialect.name == "sqlite":
            self.fill_unique(table, query)
            return
        more = query.subquery("more")
        same = and_(*[table.c[c.name] == c for c in more.c])
        self.fill(table, select(*more.c).distinct().where(~exists().where(same)))

    # -- the attendance grain ---------------------------------------------------------------

    def build(self) -> None:
        """Sessions, buckets, the one pass over attendance, and the person grain."""
        self.fill(ALIAS, alias_rows())
        self._fill_sessions()
        s, k = SESSION.c, BKEY.c
        # A twin is in its representative's bucket (its marks count there) but not held.
        held_from = SESSION.outerjoin(TWIN, TWIN.c.sid == s.sid) if self.twins else SESSION
        counted = func.count() - func.count(TWIN.c.sid) if self.twins else func.count()
        held = (
            select(s.b, counted.label("sessions"))
            .select_from(held_from)
            .group_by(s.b)
            .subquery("held")
        )
        # Every session of a bucket has the bucket's length: its hours are sessions × length.
        kinds = select(
            k.b,
            k.branch_id,
            func.nullif(k.programme_key, "").label("programme_id"),
            func.nullif(k.group_key, "").label("group_id"),
            k.month,
            k.hours,
            held.c.sessions,
            (held.c.sessions * k.hours).label("session_hours"),
        ).join_from(BKEY, held, held.c.b == k.b)
        d = kinds.subquery("kinds")
        joined, region, library = placed(d, d.c.branch_id)
        self.fill(
            BUCKET,
            select(
                d.c.b,
                func.dense_rank()
                .over(order_by=(d.c.branch_id, d.c.programme_id, d.c.group_id))
                .label("gk"),
                region.label("region_id"),
                library.label("library_id"),
                *[d.c[name] for name in (*PLACE[2:], "hours", "sessions", "session_hours")],
            ).select_from(joined),
        )
        bk = BUCKET.c
        # The buckets of one group key share its place: min() just picks it.
        self.fill(
            GKEY,
            select(bk.gk, *[func.min(bk[name]).label(name) for name in PLACE[:-1]]).group_by(bk.gk),
        )
        self._fill_records()
        self._fill_enrolled()
        self._fill_grain()
        self._take_off_double_marks()
        g = GRAIN.c
        self.fill(
            GPERSON,
            select(
                g.gk,
                g.person,
                func.sum(g.n).label("n"),
                func.sum(g.hours).label("hours"),
                func.max(g.enrolled).label("enrolled"),
                func.min(g.month).label("entry_month"),
            ).group_by(g.gk, g.person),
        )
        gp = GPERSON.c
        self.fill(
            PERSON,
            select(
                gp.person,
                func.sum(gp.n).label("n"),
                func.sum(gp.hours).label("hours"),
                func.max(gp.enrolled).label("enrolled"),
                func.min(gp.entry_month).label("entry_month"),
            ).group_by(gp.person),
        )

    def _fill_sessions(self) -> None:
        """Sessions in scope (SCOPED; a session typed twice takes its representative's bucket
        key, ``twins``), their bucket keys numbered as met (BKEY), then each session with its
        bucket number (SESSION, keyed bucket first)."""
        scan = reads_most(self.conn, self.filters, TrainingSession.date)
        self.fill(SCOPED, sessions_in_scope(self.filters, scan=scan))
        self.twins = twins.resolve(self)
        sc, k = SCOPED.c, BKEY.c
        keys = BUCKET_KEY
        self.fill_unique(BKEY, select(*[sc[name] for name in keys]))
        self.fill(
            SESSION,
            select(k.b, sc.sid)
            .select_from(SCOPED)
            .join(BKEY, and_(*[k[name] == sc[name] for name in keys])),
        )
        if self.twins:
            m = MEMBER.c
            self.conn.execute(update(MEMBER).values(b=SESSION.c.b).where(m.sid == SESSION.c.sid))

    def _fill_enrolled(self) -> None:
        """(group, person) of the enrolments in the buckets' groups, and, for a session typed
        twice, an enrolment in the twin's group as one in its representative's group."""
        e = Enrolment
        person = person_of(ALIAS, e.participant_id).label("person")
        plain = (
            select(e.group_id, person)
            .select_from(e)
            .outerjoin(ALIAS, ALIAS.c.participant_id == e.participant_id)
            .where(e.group_id.in_(select(BUCKET.c.group_id)))
        )
        if not self.twins:
            self.fill_unique(ENROLLED, plain)
            return
        linked = (
            select(LINK.c.as_group.label("group_id"), person)
            .select_from(LINK)
            .join(e, e.group_id == LINK.c.group_id)
            .outerjoin(ALIAS, ALIAS.c.participant_id == e.participant_id)
        )
        self.fill_unique(ENROLLED, plain)
        self.add_unique(ENROLLED, linked)

    def _fill_records(self) -> None:
        a = Attendance
        if self._uses_upsert():
            # Sessions outside, in bucket order (``+sid``: SQLite may not look sessions up by
            # id, so it cannot turn the join around), each session's marks from the covering
            # index ix_attendance_report: no table rows read, and a bucket's upserts stay local.
            marks = (
                select(SESSION.c.b, a.participant_id, literal(1).label("n"))
                .select_from(SESSION)
                .join(a, a.session_id == unindexed(SESSION.c.sid))
                .where(a.mark == AttendanceMark.PRESENT.value)
            )
            stmt = sqlite.insert(RECORD).from_select(["b", "participant_id", "n"], marks)
            stmt = stmt.on_conflict_do_update(
                index_elements=[RECORD.c.b, RECORD.c.participant_id],
                set_={"n": RECORD.c.n + stmt.excluded.n},
            )
            self.conn.execute(stmt)
            return
        marks = (
            select(SESSION.c.b, a.participant_id, literal(1).label("n"))
            .select_from(a)
            .join(SESSION, SESSION.c.sid == a.session_id)
            .where(a.mark == AttendanceMark.PRESENT.value)
        )
        m = marks.subquery("marks")
        self.fill(
            RECORD,
            select(m.c.b, m.c.participant_id, func.count().label("n")).group_by(
                m.c.b, m.c.participant_id
            ),
        )

    def _uses_upsert(self) -> bool:
        return self.conn.dialect.name == "sqlite" if self.upsert is None else self.upsert

    def _fill_grain(self) -> None:
        """Fold records into persons: on SQLite in one upsert (the records of one person in
        one bucket add up as they come); elsewhere records of people without aliases go
        straight in and only aliased people's records are grouped."""
        if self._uses_upsert():
            self._upsert_grain()
            return
        r, bk, e = RECORD.c, BUCKET.c, ENROLLED.c
        involved = union(select(ALIAS.c.participant_id), select(ALIAS.c.canonical_id))
        enrolled = case((e.person.is_not(None), 1), else_=0)
        plain = (
            select(
                bk.gk,
                r.b,
                r.participant_id.label("person"),
                r.n,
                (r.n * bk.hours).label("hours"),
                enrolled.label("enrolled"),
                bk.month,
            )
            .select_from(RECORD)
            .join(BUCKET, bk.b == r.b)
            .outerjoin(ENROLLED, and_(e.group_id == bk.group_id, e.person == r.participant_id))
            .where(r.participant_id.not_in(involved))
        )
        self.fill(GRAIN, plain)
        person = person_of(ALIAS, r.participant_id)
        folded = (
            select(
                r.b,
                person.label("person"),
                func.sum(r.n).label("n"),
                func.sum(r.n * bk.hours).label("hours"),
                func.max(enrolled).label("enrolled"),
            )
            .select_from(RECORD)
            .join(BUCKET, bk.b == r.b)
            .outerjoin(ALIAS, ALIAS.c.participant_id == r.participant_id)
            .outerjoin(ENROLLED, and_(e.group_id == bk.group_id, e.person == person))
            .where(r.participant_id.in_(involved))
            .group_by(person, r.b)
            .subquery("folded")
        )
        f = folded.c
        self.fill(
            GRAIN,
            select(bk.gk, f.b, f.person, f.n, f.hours, f.enrolled, bk.month)
            .select_from(folded)
            .join(BUCKET, bk.b == f.b),
        )

    def _upsert_grain(self) -> None:
        r, bk, e, g = RECORD.c, BUCKET.c, ENROLLED.c, GRAIN.c
        person = person_of(ALIAS, r.participant_id)
        rows = (
            select(
                bk.gk,
                r.b,
                person.label("person"),
                r.n,
                (r.n * bk.hours).label("hours"),
                case((e.person.is_not(None), 1), else_=0).label("enrolled"),
                bk.month,
            )
            .select_from(RECORD)
            .join(BUCKET, bk.b == r.b)
            .outerjoin(ALIAS, ALIAS.c.participant_id == r.participant_id)
            .outerjoin(ENROLLED, and_(e.group_id == bk.group_id, e.person == person))
            # SQLite's grammar: an INSERT … SELECT … ON CONFLICT needs a WHERE before the
            # ON CONFLICT, or the parser reads it as the join's ON.
            .where(r.n > 0)
        )
        stmt = sqlite.insert(GRAIN).from_select([c.name for c in rows.selected_columns], rows)
        x = stmt.excluded
        stmt = stmt.on_conflict_do_update(
            index_elements=[g.person, g.gk, g.b],
            set_={
                "n": g.n + x.n,
                "hours": g.hours + x.hours,
                "enrolled": case((x.enrolled > g.enrolled, x.enrolled), else_=g.enrolled),
            },
        )
        self.conn.execute(stmt)

    def _take_off_double_marks(self) -> None:
        """One attendance per session × person even when two of their records were marked,
        and per component of sessions typed twice when the person was marked at two of them."""
        self.fill_unique(TWINS, twin_records())
        doubled = self.conn.execute(select(TWINS.c.participant_id).limit(1)).first() is not None
        if not doubled and not self.twins:
            return  # the usual case: nobody has two records marked in one bucket
        a, bk = Attendance, BUCKET.c
        start, s = self._double_mark_source(doubled)
        mark_person = person_of(ALIAS, a.participant_id)
        session = func.coalesce(TWIN.c.rep, a.session_id) if self.twins else a.session_id
        doubles = (
            select(
                mark_person.label("person"),
                s.b,
                (func.count() - 1).label("extra"),
                ((func.count() - 1) * bk.hours).label("extra_hours"),
            )
            .select_from(start)
            .join(BUCKET, bk.b == s.b)
            .outerjoin(ALIAS, ALIAS.c.participant_id == a.participant_id)
            .where(a.mark == AttendanceMark.PRESENT.value)
        )
        if self.twins:
            doubles = doubles.outerjoin(TWIN, TWIN.c.sid == a.session_id)
        d = (
            doubles.group_by(mark_person, s.b, session, bk.hours)
            .having(func.count() > 1)
            .subquery("doubles")
        )
        self.fill(
            EXTRA,
            select(
                d.c.person,
                d.c.b,
                func.sum(d.c.extra).label("n"),
                func.sum(d.c.extra_hours).label("hours"),
            ).group_by(d.c.person, d.c.b),
        )
        x = EXTRA.c
        match = and_(x.person == GRAIN.c.person, x.b == GRAIN.c.b)
        self.conn.execute(
            update(GRAIN)
            .where(exists().where(match))
            .values(
                n=GRAIN.c.n - select(x.n).where(match).scalar_subquery(),
                hours=GRAIN.c.hours - select(x.hours).where(match).scalar_subquery(),
            )
        )

    def _double_mark_source(self, doubled: bool) -> tuple[Any, Any]:
        """The marks that can be a double, joined to their session's bucket number: those of
        the twin records (participant index) and, with sessions typed twice, those at the
        components' sessions (session index) — never every session in scope. Returns (the
        FROM clause, the columns with ``sid`` and ``b``)."""
        a = Attendance
        by_record = TWINS.join(a, a.participant_id == TWINS.c.participant_id)
        # ``+sid`` on SQLite: the few member sessions outside, their marks through the session
        # index (else SQLite scans every mark and looks each session up among the members).
        member = unindexed(MEMBER.c.sid) if self.conn.dialect.name == "sqlite" else MEMBER.c.sid
        if not doubled:  # sessions typed twice only: the covering index, MEMBER's buckets
            return MEMBER.join(a, a.session_id == member), MEMBER.c
        if self.twins:
            present = a.mark == AttendanceMark.PRESENT.value
            ids = [
                select(a.id).select_from(MEMBER).join(a, a.session_id == member).where(present),
                select(a.id).select_from(by_record).where(present),
            ]
            marked = union(*ids).subquery("marked")
            by_record = marked.join(a, a.id == marked.c.id)
        return by_record.join(SESSION, SESSION.c.sid == a.session_id), SESSION.c

    # -- on demand ----------------------------------------------------------------------------

    def tags(self) -> Table:
        """The (person, tag) table, filled on first use."""
        if "tags" not in self._built:
            self.fill_unique(TAGS, tag_rows(ALIAS, distinct=False))
            self._built.add("tags")
        return TAGS

    def done(self) -> tuple[Table, Table]:
        """Completed enrolments of groups in scope whose end (end date, else last session)
        falls in the period: one row per group × person (DONE), and per group its place at
        the group's end with its number of completions (ENDED); returns (DONE, ENDED)."""
        if "done" not in self._built:
            absorbed = twins.fill_absorbed(self)
            self.fill(ENDED, ended_groups(self.filters, absorbed=absorbed))
            self.fill_unique(DONE, completions())
            if absorbed:
                self.add_unique(DONE, copied_completions())
            d = DONE.c
            per_group = select(func.count()).where(d.group_id == ENDED.c.group_id).scalar_subquery()
            self.conn.execute(update(ENDED).values(completions=per_group))
            self._built.add("done")
        return DONE, ENDED

    def outreach(self) -> Table:
        """Consultations and e-scout visits done in scope, summed per branch × month."""
        if "outreach" not in self._built:
            scan = (
                reads_most(self.conn, self.filters, Consultation.date),
                reads_most(self.conn, self.filters, EScoutVisit.date),
            )
            self.fill(OUTREACH, outreach(self.filters, scan=scan))
            self._built.add("outreach")
        return OUTREACH
