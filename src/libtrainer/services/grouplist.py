"""Every group this store holds, with its branch, for finding one: ``libtrainer groups list``.

On a coordinator's computer the groups of every branch of the region are here, and several
branches often name their groups alike ("Užimtumo tarnybos grupė Nr. 4"); the list gives each
group's branch, programme, dates, counts and id, so the person can name the one they mean by
its id (or the end of it). Read only; plain data. :func:`kept_here` says which groups a
coordinator's computer changes (its own branch's) and which it only prints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from libtrainer.domain.errors import N_, LibtrainerError, NotFoundError
from libtrainer.domain.rules import fold
from libtrainer.i18n.collation import sort_key
from libtrainer.store.models import Branch, Enrolment, Programme, TrainingGroup, TrainingSession
from libtrainer.store.store import read_meta
from libtrainer.store.uow import UnitOfWork


@dataclass(frozen=True)
class GroupLine:
    """One group as the list shows it."""

    id: str
    name: str
    branch_id: str
    branch: str  # the branch's name
    programme_id: str
    programme: str  # its title in the language asked for (or another one it has)
    start_date: dt.date | None
    end_date: dt.date | None
    finished: bool
    archived: bool
    people: int  # enrolled, completed or dropped
    sessions: int


def counts() -> tuple[Any, Any]:
    """Correlated counts of a ``TrainingGroup`` row: its people (enrolments) and its sessions
    (those not archived, as the session lists show them)."""
    people = (
        select(func.count())
        .select_from(Enrolment)
        .where(Enrolment.group_id == TrainingGroup.id)
        .scalar_subquery()
    )
    sessions = (
        select(func.count())
        .select_from(TrainingSession)
        .where(TrainingSession.group_id == TrainingGroup.id, TrainingSession.archived.is_(False))
        .scalar_subquery()
    )
    return people, sessions


def list_groups(
    uow: UnitOfWork,
    *,
    branch: str | None = None,
    include_archived: bool = False,
    lang: str = "en",
) -> list[GroupLine]:
    """The groups (of the branches ``branch`` names, else of all), by branch name, then the
    newest start first, then name. ``branch`` is a branch's id, the start of one, or part of
    its name (diacritics and case do not matter); a text no branch has is refused."""
    people, sessions = counts()
    stmt = (
        select(TrainingGroup, Branch.name, Programme, people, sessions)
        .join(Branch, Branch.id == TrainingGroup.branch_id)
        .join(Programme, Programme.id == TrainingGroup.programme_id)
    )
    if not include_archived:
        stmt = stmt.where(TrainingGroup.archived.is_(False))
    if branch is not None:
        stmt = stmt.where(TrainingGroup.branch_id.in_(branch_ids(uow, branch)))
    found = [
        GroupLine(
            g.id,
            g.name,
            g.branch_id,
            str(branch_name or ""),
            g.programme_id,
            _title(p, lang),
            g.start_date,
            g.end_date,
            g.finished,
            g.archived,
            int(n_people),
            int(n_sessions),
        )
        for g, branch_name, p, n_people, n_sessions in uow.session.execute(stmt)
    ]
    found.sort(key=lambda g: (g.start_date or dt.date.min, g.id), reverse=True)
    found.sort(key=lambda g: sort_key(g.branch, lang))
    return found


def branch_ids(uow: UnitOfWork, ref: str) -> list[str]:
    """The branches ``ref`` names: the one with that id (or id start), else every branch
    whose name contains it (diacritics and case aside)."""
    text = ref.strip()
    rows = uow.session.execute(select(Branch.id, Branch.name)).all()
    lowered = text.lower()
    by_id = [bid for bid, _name in rows if len(lowered) >= 4 and bid.startswith(lowered)]
    if by_id:
        return by_id
    needle = fold(text)
    by_name = [bid for bid, name in rows if needle and needle in fold(name)]
    if not by_name:
        raise NotFoundError(N_("No branch “{ref}” was found."), ref=ref)
    return by_name


def _title(p: Programme, lang: str) -> str:
    titles = {"lt": p.title_lt, "lv": p.title_lv, "en": p.title_en}
    return titles.get(lang) or p.title_lt or p.title_lv or p.title_en or p.code or ""


def check_certificates(conn: Connection, ref: str) -> None:
    """Before certificates are printed for the group ``ref`` (id, start or end of it, name):
    on a coordinator's computer, another branch's group in which nobody is marked as having
    completed it is refused naming that branch. Only the branch finishes its group (who
    completed is its lecturer's judgement, decision 0102) and a coordinator's computer does
    not change another branch's group (0114), so "finish the group first" is a step the
    coordinator cannot take there. Anything else is left to the printing, which says what
    is missing."""
    from libtrainer.reports.printables import find_id  # noqa: PLC0415 - printing only

    if read_meta(conn, "role") != "coordinator":
        return
    g = TrainingGroup
    group_id = find_id(conn, g, ref)
    name, branch_id, branch = conn.execute(
        select(g.name, g.branch_id, Branch.name)
        .outerjoin(Branch, Branch.id == g.branch_id)
        .where(g.id == group_id)
    ).one()
    if kept_here("coordinator", read_meta(conn, "branch_id"), branch_id):
        return
    completed = conn.execute(
        select(func.count())
        .select_from(Enrolment)
        .where(Enrolment.group_id == group_id, Enrolment.status == "completed")
    ).scalar_one()
    if not completed:
        raise LibtrainerError(
            N_(
                "Nobody in the group “{group}” is marked as having completed it yet, so there "
                "is no certificate to print. The group belongs to {branch}: that branch "
                "finishes it on its own computer (Groups & sessions, “Finish group”). When its "
                "changes have arrived here, print the certificates again."
            ),
            group=name,
            branch=branch or "—",
        )


def kept_here(device_role: str, home_branch: str | None, branch_id: str | None) -> bool:
    """Whether a group of ``branch_id`` (its details, people, sessions and attendance) is
    changed on this computer (docs/decisions/0114). A coordinator's computer changes its own
    branch's groups only: another branch's groups arrive there in that branch's bundles, and a
    change made there would never reach the branch (branches receive only the catalogue), so
    they are printed there, not changed. Every other computer changes every group it holds."""
    return device_role != "coordinator" or branch_id is None or branch_id == home_branch
