"""Read-only queries about participants: the name index behind search-as-you-type, the
rows of the lazy participant list, and one person's history. Rules as in
:mod:`libtrainer.gui.queries` (worker thread only; Core statements, bound parameters).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from libtrainer.domain import namesakes as told_apart
from libtrainer.domain import rules
from libtrainer.domain.namesakes import Namesake
from libtrainer.i18n import _, get_language
from libtrainer.i18n.collation import sort_key
from libtrainer.i18n.format import format_short_date
from libtrainer.store import recoded
from libtrainer.store.models import (
    Attendance,
    Branch,
    Consultation,
    Enrolment,
    Participant,
    Programme,
    TrainingGroup,
    TrainingSession,
)

from libtrainer.gui import labels as L
from libtrainer.gui.queries import chunks, programme_title

# --- participants ----------------------------------------------------------------------------


@dataclass
class NameIndex:
    """Every participant's id and folded name, in the language's alphabetical order, with
    posting lists (row numbers, ascending) of each letter and letter pair that occurs, so a
    search only checks the rows that contain the rarest pair of what was typed."""

    ids: list[str]
    keys: list[str]
    grams: dict[str, array[int]] = field(default_factory=dict)

    def build(self) -> NameIndex:
        """Fill the posting lists (reader thread, after the list is shown; ~2 s at 100,000
        people). Until then :meth:`search` looks at every name, which is slower but right."""
        grams: dict[str, array[int]] = {}
        for row, key in enumerate(self.keys):
            for gram in {*key, *(key[i : i + 2] for i in range(len(key) - 1))}:
                posting = grams.get(gram)
                if posting is None:
                    posting = grams[gram] = array("i")
                posting.append(row)
        self.grams = grams
        return self

    def search(self, text: str) -> list[str]:
        """Ids whose folded name contains every word of ``text`` (diacritics ignored), in
        the index's order."""
        words = rules.fold(text).split()
        if not words:
            return list(self.ids)
        if not self.grams:  # posting lists not built yet: look at every name
            keys = self.keys
            return [self.ids[row] for row, key in enumerate(keys) if all(w in key for w in words)]
        best: array[int] | None = None
        for word in words:
            for gram in [word[i : i + 2] for i in range(len(word) - 1)] or [word]:
                posting = self.grams.get(gram)
                if posting is None:
                    return []
                if best is None or len(posting) < len(best):
                    best = posting
        assert best is not None
        ids, keys = self.ids, self.keys
        if len(words) == 1 and len(words[0]) <= 2:
            if len(best) == len(ids):
                return list(ids)
            return list(itemgetter(*best)(ids)) if len(best) > 1 else [ids[r] for r in best]
        if len(words) == 1:
            word = words[0]
            return [ids[row] for row in best if word in keys[row]]
        return [ids[row] for row in best if all(w in keys[row] for w in words)]


def participant_index(db: Session, *, include_archived: bool = False) -> NameIndex:
    """Load the name index of all (not archived) participants, less the records given up
    when their person's code was changed here (``store/recoded.py``). Names repeat a lot (a
    region has a few hundred distinct family names), so each distinct name is keyed once."""
    stmt = select(
        Participant.id, Participant.given_name, Participant.family_name, Participant.code
    ).where(recoded.hidden(Participant.id))
    if not include_archived:
        stmt = stmt.where(Participant.archived.is_(False))
    lang = get_language()
    sort_keys: dict[str, tuple[str, str, str]] = {}
    folded: dict[str, str] = {}

    def keyed(name: str) -> tuple[str, str, str]:
        found = sort_keys.get(name)
        if found is None:
            found = sort_keys[name] = sort_key(name, lang)
        return found

    def fold(name: str) -> str:
        found = folded.get(name)
        if found is None:
            found = folded[name] = rules.fold(name)
        return found

    rows = [
        (
            keyed(family),
            keyed(given),
            pid,
            f"{fold(given)} {fold(family)} {fold(code) if code else ''}".rstrip(),
        )
        for pid, given, family, code in db.connection().execute(stmt)
    ]
    rows.sort()
    return NameIndex([r[2] for r in rows], [r[3] for r in rows])


def participant_rows(db: Session, ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """Display rows: family name, given name, birth year, code, branch."""
    found: dict[str, tuple[Any, ...]] = {}
    for part in chunks(ids):
        stmt = (
            select(
                Participant.id,
                Participant.family_name,
                Participant.given_name,
                Participant.birth_year,
                Participant.code,
                Branch.name,
            )
            .outerjoin(Branch, Branch.id == Participant.branch_id)
            .where(Participant.id.in_(part))
        )
        for pid, family, given, year, code, branch in db.execute(stmt):
            found[pid] = (family, given, year or "", code or "", branch or "")
    return found


@dataclass(frozen=True)
class History:
    groups: list[tuple[str, str, str]]  # group, programme, status
    sessions: list[tuple[str, str, str]]  # date, group/topic, mark
    consultations: list[tuple[str, str, str]]  # date, topics, minutes


def participant_history(db: Session, participant_id: str) -> History:
    """Groups, sessions and consultations of one participant (newest first)."""
    groups = [
        (name, programme_title(prog), L.label(L.ENROLMENT, status))
        for name, prog, status in db.execute(
            select(TrainingGroup.name, Programme, Enrolment.status)
            .join(TrainingGroup, TrainingGroup.id == Enrolment.group_id)
            .join(Programme, Programme.id == TrainingGroup.programme_id)
            .where(Enrolment.participant_id == participant_id)
            .order_by(TrainingGroup.start_date.desc())
        )
    ]
    sessions = [
        (format_short_date(day), group or topic or "", L.label(L.MARKS, mark))
        for day, group, topic, mark in db.execute(
            select(TrainingSession.date, TrainingGroup.name, TrainingSession.topic, Attendance.mark)
            .join(TrainingSession, TrainingSession.id == Attendance.session_id)
            .outerjoin(TrainingGroup, TrainingGroup.id == TrainingSession.group_id)
            .where(Attendance.participant_id == participant_id)
            .order_by(TrainingSession.date.desc())
        )
    ]
    consultations = [
        (format_short_date(day), L.labels(L.TOPICS, topics.split(",")), str(minutes))
        for day, topics, minutes in db.execute(
            select(Consultation.date, Consultation.topics, Consultation.minutes)
            .where(Consultation.participant_id == participant_id)
            .order_by(Consultation.date.desc())
        )
    ]
    return History(groups, sessions, consultations)


def person_choices(rows: dict[str, tuple[Any, ...]], ids: Sequence[str]) -> dict[str, str]:
    """ "Ona Čepienė (1950)" → id for a person picker, from :func:`participant_rows`, in the
    order of ``ids``. Two people of one name and birth year (or none) would read alike — and
    one of them could not be chosen at all — so what tells them apart follows the year ("Ona
    Čepienė (1950, code …4521)"; :mod:`libtrainer.domain.namesakes`)."""
    people = [
        Namesake(pid, rows[pid][1], rows[pid][0], rows[pid][2] or None, rows[pid][3] or None)
        for pid in ids
        if pid in rows
    ]
    hints = told_apart.hints(people)
    choices: dict[str, str] = {}
    for p in people:
        shown = str(p.birth_year or "?")
        hint = hints.get(p.id)
        if hint is not None and hint.kind != "year":
            shown += ", " + told_apart.hint_text(hint, _)
        choices[f"{p.given_name} {p.family_name} ({shown})"] = p.id
    return choices


def namesakes(found: Sequence[Any], limit: int = 3) -> str:
    """ "Ona Čepienė (1950), Ona Čepienė (?)": the likely namesakes a warning names."""
    return ", ".join(
        f"{p.given_name} {p.family_name} ({p.birth_year or '?'})" for p in found[:limit]
    )
