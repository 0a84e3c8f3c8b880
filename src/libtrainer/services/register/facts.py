"""Sessions, participants, tags, enrolments and attendance of a register, matched against the
store so that importing the same file again adds nothing.

- A session is matched by (group, date, start) — or (programme, branch, date, start) for a
  one-off seminar without a group — else by its natural id (docs/decisions/0005), which a new
  one gets: the same file imported on two devices creates the same sessions.
- A coded participant has the id ``fact_id("participant-code", code)``: the same code on two
  devices is one person after merge (docs/decisions/0400). A participant without a code is
  found, or made under the register id of (branch, folded name, birth year), by the rules of
  ``people.py`` (docs/decisions/0405): the same row of the same branch's register is the same
  person on the coordinator's computer and on the branch's own.
- A row with a code this device gave up when it changed the person's code
  (``store/recoded.py``) is refused on the code's column: its attendance would go back to
  the old record, which is whoever else has that code.
- Attendance, enrolment and target-group tags have deterministic ids (DESIGN §4).
- Nothing deleted in the store is brought back: a group (resolve.py), session, mark,
  enrolment or target group whose id has a tombstone (deleted here, or on another device and
  merged) is left deleted and counted for the summary; bringing a record back is a deliberate
  act, not a side effect of importing an older copy of a register. A mark changed in the
  store after the file was last saved keeps the store's value (the newer one), also counted.
- A person without a code erased from the records here left only a keyed fingerprint of the
  folded name and birth year (``store/erased.py``, docs/decisions/0009). A row without a code
  that matches no person in the store but matches a fingerprint is left out and named for
  the summary (``Plan.erased_rows``); with ``restore_deleted`` it makes the person again and
  the fingerprint goes when the plan is written (``Plan.unerased``). So do rows whose register
  id has a tombstone (erased on any computer, 0405); bringing them back restores that id. A
  coded row is refused by its code's tombstone as before.
- A row without a code is the person with a code who has the same folded name and birth year
  (in this file, or of the row's branch in the store — on every computer) when there is
  exactly one such person and no person without a code of that name and year it could be: a
  register often gives a person's code in some rows only. The rows are named for the
  summary (``Plan.taken_as``). With several such people the row stays its own person, and
  the summary says why (``Plan.not_taken``).
  Re-importing finds the same person again, so nothing is added twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from libtrainer.domain import rules
from libtrainer.domain.enums import PlaceKind
from libtrainer.domain.errors import N_, ValidationError
from libtrainer.domain.ids import fact_id
from libtrainer.i18n.format import format_hours
from libtrainer.services import natural
from libtrainer.services.common import chunks
from libtrainer.services.register.codes import (
    name_key,
    normalise_code,
    participant_id_for_code,
    register_person_id,
)
from libtrainer.services.register.columns import key_of
from libtrainer.services.register.contacts import Contacts
from libtrainer.services.register.people import Key, Uncoded
from libtrainer.services.register.plan import (
    ErasedRows,
    NotTaken,
    Plan,
    TakenAs,
    changed_after,
    deleted_ids,
    existing_ids,
)
from libtrainer.services.register.resolve import Org
from libtrainer.services.register.validate import ImportRow, folded
from libtrainer.services.register.vocab import enum_lookup
from libtrainer.store import erased as erasures
from libtrainer.store import recoded
from libtrainer.store.models import (
    Attendance,
    Enrolment,
    Participant,
    ParticipantTag,
    Staff,
    TrainingSession,
)

SessionKey = tuple[str | None, str | None, str | None, dt.date, dt.time | None]


class Facts:
    """Plans the per-row facts; call :meth:`prepare` once, then :meth:`add` per row."""

    def __init__(self, conn: Connection, plan: Plan, *, saved_hlc: int | None = None) -> None:
        """``saved_hlc``: when the file was last saved, as a clock value (None: unknown)."""
        self.conn = conn
        self.plan = plan
        self.saved_hlc = saved_hlc
        self.deleted_sessions: set[str] = set()
        self.sessions: dict[SessionKey, tuple[str, float]] = {}
        self.session_hours: dict[str, float | None] = {}
        #: a stored or planned session's id → its lecturer's id (None: no lecturer given)
        self.session_lecturer: dict[str, str | None] = {}
        self.people: dict[tuple[str, ...], str] = {}
        self.coded_names: dict[str, str] = {}  # a coded person's id → folded name
        self.attendance: dict[str, dict[str, Any]] = {}
        self.enrolments: dict[str, dict[str, Any]] = {}
        self.tags: dict[str, dict[str, Any]] = {}
        self.erased: set[str] = set()
        #: uncoded people of this file erased here, and the rows of theirs left out
        self.erased_people: dict[erasures.Person, erasures.Erasure] = {}
        self.left_out: dict[erasures.Person, ErasedRows] = {}
        #: coded people of this file this device gave up when it changed their code
        self.given_up: dict[str, recoded.GivenUp] = {}
        #: who rows without a code are (``people.py``, docs/decisions/0405)
        self.uncoded = Uncoded(conn)
        #: rows without a code taken as one coded person, or not (several), by person and branch
        self.taken_notes: dict[tuple[Key, str], TakenAs] = {}
        self.not_taken_notes: dict[tuple[Key, str], NotTaken] = {}
        #: people erased from the records whom this import enters again (asked to)
        self.restored_people: set[Key] = set()
        #: the phones and e-mail addresses of the file's people (``contacts.py``)
        self.contacts = Contacts()

    def prepare(
        self,
        rows: Sequence[ImportRow],
        group_ids: set[str],
        programme_ids: set[str],
        branches: dict[int, str],
    ) -> None:
        """Load the store's sessions of these groups/programmes and the people of this file
        (``branches``: a row's number → the id of its branch)."""
        self._load_sessions(group_ids, programme_ids)
        self._load_people(rows, branches)

    def _load_sessions(self, group_ids: set[str], programme_ids: set[str]) -> None:
        s = TrainingSession
        cols = (
            s.id,
            s.group_id,
            s.programme_id,
            s.branch_id,
            s.date,
            s.start_time,
            s.academic_hours,
            s.lecturer_id,
        )
        queries = [select(*cols).where(s.group_id.in_(part)) for part in chunks(sorted(group_ids))]
        queries += [
            select(*cols).where(s.group_id.is_(None), s.programme_id.in_(part))
            for part in chunks(sorted(programme_ids))
        ]
        for query in queries:
            for r in self.conn.execute(query):
                key = _session_key(r.group_id, r.programme_id, r.branch_id, r.date, r.start_time)
                self.sessions.setdefault(key, (r.id, r.academic_hours))
                self.session_hours[r.id] = r.academic_hours
                self.session_lecturer[r.id] = r.lecturer_id

    def _load_people(self, rows: Sequence[ImportRow], branches: dict[int, str]) -> None:
        self._load_coded({normalise_code(r.code) for r in rows if r.code})
        uncoded = {
            (_key(r), branches[r.number]) for r in rows if not r.code and r.number in branches
        }
        self.erased_people = erasures.erased(self.conn, {key for key, _branch in uncoded})
        self.uncoded.load(uncoded)
        for (named, _year), people in self.uncoded.coded.items():
            for code, person in people.items():
                self.people.setdefault(("code", code), person.id)
                self.coded_names.setdefault(person.id, named)
        wanted = {key for key, _branch in uncoded}
        unusable = self.erased | set(self.given_up)
        for r in rows:
            if r.code and _key(r) in wanted and participant_id_for_code(r.code) not in unusable:
                self.uncoded.file_code(_key(r), r.code)

    def _load_coded(self, codes: set[str]) -> None:
        """Coded people by their code-derived id, by a stored code, and those erased."""
        fact_ids = {participant_id_for_code(c) for c in codes}
        self.given_up = recoded.given_up(self.conn, fact_ids)
        for pid in existing_ids(self.conn, Participant, fact_ids):
            self.people[("id", pid)] = pid
        self.erased.update(deleted_ids(self.conn, "participant", fact_ids))
        stored = select(Participant.id, Participant.code).where(Participant.code.is_not(None))
        for r in self.conn.execute(stored):
            if normalise_code(r.code) in codes:
                self.people.setdefault(("code", normalise_code(r.code)), r.id)
        found = sorted({pid for key, pid in self.people.items() if key[0] in ("id", "code")})
        for part in chunks(found):
            named = select(Participant.id, Participant.name_key).where(Participant.id.in_(part))
            self.coded_names.update({r.id: r.name_key for r in self.conn.execute(named)})

    # -- per row -----------------------------------------------------------------------------

    def add(
        self,
        row: ImportRow,
        org: Org,
        programme_id: str,
        group_id: str | None,
        lecturer_id: str | None,
    ) -> None:
        if self._left_out(row, org.branch_id):
            return
        session_id = self._session(row, org, programme_id, group_id, lecturer_id)
        if session_id is None:
            return
        person = self._person(row, org)
        if person is None:
            return
        self.contacts.add(person, row)
        for tag in row.target_groups:
            tid = fact_id("tag", person, tag)
            self.tags.setdefault(tid, {"id": tid, "participant_id": person, "tag": tag})
        if group_id:
            eid = fact_id("enrolment", group_id, person)
            enrolment = self.enrolments.setdefault(
                eid,
                {
                    "id": eid,
                    "group_id": group_id,
                    "participant_id": person,
                    "status": "enrolled",
                    "enrolled_on": row.date,
                    "certificate_issued": False,
                },
            )
            enrolment["enrolled_on"] = min(enrolment["enrolled_on"], row.date)
        aid = fact_id("attendance", session_id, person)
        self.attendance[aid] = {
            "id": aid,
            "session_id": session_id,
            "participant_id": person,
            "mark": row.mark,
        }

    def _left_out(self, row: ImportRow, branch: str) -> bool:
        """An uncoded row of a person erased from the records — a fingerprint here (0009) or
        a tombstone on the row's register id (0405) — who matches no living person: left out
        and noted (True) — or, when asked to bring records back, entered again and the
        fingerprint marked for removal (False)."""
        if row.code:
            return False
        person = _key(row)
        if self.uncoded.find(person, branch) or len(self.uncoded.codes(person, branch)) == 1:
            return False
        erasure = self.erased_people.get(person)
        on = erasure.on if erasure is not None else self.uncoded.erased_on(person, branch)
        if on is None:
            return False
        if self.plan.restore_deleted:
            if erasure is not None:
                self.plan.unerased.add(erasure.fingerprint)
            if person not in self.restored_people:
                self.restored_people.add(person)
                self.plan.not_restored["people"] += 1
            return False
        if person not in self.left_out:
            self.left_out[person] = ErasedRows([], on)
            self.plan.erased_rows.append(self.left_out[person])
            self.plan.not_restored["people"] += 1
        self.left_out[person].rows.append(row.number)
        return True

    def _session(
        self,
        row: ImportRow,
        org: Org,
        programme_id: str,
        group_id: str | None,
        lecturer_id: str | None,
    ) -> str | None:
        key = _session_key(group_id, programme_id, org.branch_id, row.date, row.start)
        if key not in self.sessions:
            session_id = natural.session_id(
                group_id, programme_id, org.branch_id, row.date, row.start
            )
            if session_id in self.deleted_sessions:
                self.plan.not_restored["attendance"] += 1
                return None
            known = self._known_session(session_id)
            if known is None:
                if deleted_ids(self.conn, "training_session", [session_id]):
                    self.plan.not_restored["sessions"] += 1
                    if not self.plan.restore_deleted:
                        self.deleted_sessions.add(session_id)
                        self.plan.not_restored["attendance"] += 1
                        return None
                return self._new_session(
                    key, session_id, row, org, programme_id, group_id, lecturer_id
                )
            self.sessions[key] = (session_id, known)  # imported from this row, edited since
        session_id, hours = self.sessions[key]
        if not rules.same_length(hours, row.hours):
            self.plan.fail(
                row,
                "academic_hours",
                ValidationError(
                    "academic_hours",
                    N_("This session is already recorded with {hours} academic hours."),
                    hours=format_hours(hours),
                ),
            )
            return None
        stored = self.session_lecturer.get(session_id)
        if stored is not None and lecturer_id is not None and stored != lecturer_id:
            if self._same_name(stored, row.lecturer):
                return session_id  # two staff records of one name: not a second lecturer
            self.plan.fail(
                row,
                "lecturer",
                ValidationError(
                    "lecturer",
                    N_("This session is already recorded with the lecturer {name}."),
                    name=self._staff_name(stored),
                ),
            )
            return None
        return session_id

    def _staff_name(self, staff_id: str) -> str:
        """A lecturer's name as the store has it."""
        query = select(Staff.given_name, Staff.family_name).where(Staff.id == staff_id)
        found = self.conn.execute(query).first()
        return f"{found.given_name} {found.family_name}".strip() if found else "?"

    def _same_name(self, staff_id: str, typed: str) -> bool:
        """Whether the stored lecturer ``staff_id`` is called ``typed`` (either name first)."""
        query = select(Staff.given_name, Staff.family_name).where(Staff.id == staff_id)
        found = self.conn.execute(query).first()
        if found is None:
            return False
        names = {
            folded(f"{found.given_name} {found.family_name}"),
            folded(f"{found.family_name} {found.given_name}"),
        }
        return folded(typed) in names

    def _new_session(
        self,
        key: SessionKey,
        session_id: str,
        row: ImportRow,
        org: Org,
        programme_id: str,
        group_id: str | None,
        lecturer_id: str | None,
    ) -> str:
        kind = enum_lookup(PlaceKind).get(key_of(row.place)) if row.place else None
        session = {
            "id": session_id,
            "group_id": group_id,
            "programme_id": programme_id,
            "branch_id": org.branch_id,
            "lecturer_id": lecturer_id,
            "date": row.date,
            "start_time": row.start,
            "academic_hours": row.hours,
            "place_kind": kind or (PlaceKind.OFF_SITE.value if row.place else "branch"),
            "place": None if kind or not row.place else row.place,
            "topic": None,
            "archived": False,
        }
        self.plan.add("training_session", session)
        self.sessions[key] = (session_id, row.hours)
        self.session_lecturer[session_id] = lecturer_id
        return session_id

    def _known_session(self, session_id: str) -> float | None:
        """The academic hours of the stored session ``session_id``, None when there is none."""
        if session_id not in self.session_hours:
            s = TrainingSession
            query = select(s.academic_hours, s.lecturer_id).where(s.id == session_id)
            found = self.conn.execute(query).first()
            self.session_hours[session_id] = found.academic_hours if found else None
            self.session_lecturer[session_id] = found.lecturer_id if found else None
        return self.session_hours[session_id]

    def _code_fails(self, row: ImportRow, msgid: str, **params: Any) -> str | None:
        """The row's participant code cannot be used: a row error on that column (the row
        gets no person: None)."""
        error = ValidationError("participant_code", msgid, **params)
        self.plan.fail(row, "participant_code", error)
        return None

    def _given_up(self, row: ImportRow, left: recoded.GivenUp) -> str | None:
        """The row's code is one this device gave up when it changed the person's code: its
        attendance must not go back to the old record (another branch's person)."""
        if left.new_code:
            return self._code_fails(
                row,
                N_(
                    "The code “{code}” was changed to “{new_code}” on this computer; correct "
                    "the code in the file."
                ),
                code=row.code,
                new_code=left.new_code,
            )
        return self._code_fails(
            row,
            N_(
                "The code “{code}” was taken off this person on this computer; correct the "
                "code in the file."
            ),
            code=row.code,
        )

    def _person(self, row: ImportRow, org: Org) -> str | None:
        """The participant a row is: found, or planned (None: the row's code cannot be used,
        a row error)."""
        if row.code:
            return self._coded(row, org, row.code)
        person = _key(row)
        found = self.uncoded.find(person, org.branch_id)
        if found:
            return found
        code = self._uncoded(row, org.branch_id)
        if code:
            return self._coded(row, org, code)
        pid = register_person_id(org.branch_id, *person)
        self._new_person(row, org, pid, None)
        self.uncoded.made(person, org.branch_id, pid)
        return pid

    def _coded(self, row: ImportRow, org: Org, code_as_written: str) -> str | None:
        """The person of a participant code (the row's own, or the one an uncoded row is
        taken as: rule 0403)."""
        code = normalise_code(code_as_written)
        pid = participant_id_for_code(code)
        if pid in self.given_up:
            return self._given_up(row, self.given_up[pid])
        if pid in self.erased:
            return self._code_fails(
                row,
                N_(
                    "The person with this code was erased from the records; the row cannot "
                    "bring them back. Remove the row."
                ),
            )
        found = self.people.get(("id", pid)) or self.people.get(("code", code))
        named = self.coded_names.get(found or pid)
        if named is not None and named != name_key(row.given_name, row.family_name):
            return self._code_fails(
                row,
                N_(
                    "This code belongs to a person with another name in the records. "
                    "Check the code and the name."
                ),
            )
        if found:
            return found
        self._new_person(row, org, pid, code_as_written)
        self.people[("code", code)] = pid
        self.coded_names[pid] = name_key(row.given_name, row.family_name)
        return pid

    def _new_person(self, row: ImportRow, org: Org, pid: str, code: str | None) -> None:
        """Plan the participant row ``pid`` from ``row``."""
        values = {
            "id": pid,
            "branch_id": org.branch_id,
            "code": code,
            "given_name": row.given_name,
            "family_name": row.family_name,
            "name_key": name_key(row.given_name, row.family_name),
            "birth_year": row.birth_year,
            "gender": row.gender,
            "rural": True if "rural_residents" in row.target_groups else None,
            "labour_status": row.labour_status,
            "isced": row.education,
            "phone": row.phone,
            "email": row.email,
            "notes": "",
            "archived": False,
        }
        self.contacts.planned(values)
        self.plan.add("participant", values)

    def _uncoded(self, row: ImportRow, branch: str) -> str:
        """The code of the one coded person an uncoded row is taken as ("" for none); the
        row is noted for the summary either way."""
        note_key = (_key(row), branch)
        codes = self.uncoded.codes(_key(row), branch)
        name = f"{row.given_name} {row.family_name}"
        if len(codes) == 1:
            code = next(iter(codes.values()))
            if note_key not in self.taken_notes:
                self.taken_notes[note_key] = TakenAs([], name, code)
                self.plan.taken_as.append(self.taken_notes[note_key])
            self.taken_notes[note_key].rows.append(row.number)
            return code
        if codes:
            if note_key not in self.not_taken_notes:
                self.not_taken_notes[note_key] = NotTaken([], name, sorted(codes.values()))
                self.plan.not_taken.append(self.not_taken_notes[note_key])
            self.not_taken_notes[note_key].rows.append(row.number)
        return ""

    # -- after all rows ----------------------------------------------------------------------

    def finish(self) -> None:
        """Keep only facts the store lacks; note marks that changed and known people whose
        phone or e-mail the file gives otherwise."""
        plan, conn = self.plan, self.conn
        plan.contacts_not_changed = self.contacts.differing(conn)
        for model, table, kind, facts in (
            (ParticipantTag, "participant_tag", "target_groups", self.tags),
            (Enrolment, "enrolment", "enrolments", self.enrolments),
        ):
            have = existing_ids(conn, model, facts)
            gone = deleted_ids(conn, table, (k for k in facts if k not in have))
            plan.not_restored[kind] += len(gone)
            if plan.restore_deleted:
                gone = set()
            plan.inserts[table].extend(
                v for k, v in facts.items() if k not in have and k not in gone
            )
        marks: dict[str, str] = {}
        ids = sorted(self.attendance)
        for part in chunks(ids):
            query = select(Attendance.id, Attendance.mark).where(Attendance.id.in_(part))
            marks.update((r.id, r.mark) for r in conn.execute(query))
        gone = deleted_ids(conn, "attendance", (a for a in ids if a not in marks))
        differ = [a for a in ids if a in marks and marks[a] != self.attendance[a]["mark"]]
        newer = (
            changed_after(conn, "attendance", differ, "mark", self.saved_hlc)
            if self.saved_hlc is not None
            else set()
        )
        for aid, fact in self.attendance.items():
            if aid in gone:
                plan.not_restored["attendance"] += 1
            if aid in gone and not plan.restore_deleted:
                continue
            if aid not in marks:
                plan.add("attendance", fact)
            elif aid in newer:
                plan.marks_kept += 1
            elif marks[aid] != fact["mark"]:
                plan.mark_updates.append({"id": aid, "mark": fact["mark"]})
            else:
                plan.attendance_unchanged += 1


def _session_key(
    group_id: str | None,
    programme_id: str | None,
    branch_id: str | None,
    date: dt.date,
    start: dt.time | None,
) -> SessionKey:
    if group_id:
        return (group_id, None, None, date, start)
    return (None, programme_id, branch_id, date, start)


def _key(row: ImportRow) -> Key:
    """The person a row without a code names: (folded "given family", birth year)."""
    return (name_key(row.given_name, row.family_name), row.birth_year)
