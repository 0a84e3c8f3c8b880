"""Sessions typed on two computers: which of them a report counts (docs/decisions/0402).

A coordinator decides that two sessions are one (a synced ``session_twin`` row per unordered
pair, its ``decision`` merged last-writer-wins). Here the decisions become work tables:

- *components*: sessions linked by "same" pairs, undirected and transitive (a recursive CTE;
  ``UNION`` stops the walk on a cycle), each named by its smallest session id. A pair counts
  only while its two sessions are on the same date (a session moved to another day since the
  decision is no longer the same event). The same on SQLite and PostgreSQL.
- the *representative* of a component, in a report: of its sessions in scope, the first by
  (has no group, group id, session id) — a session of a group before a one-off one, and of
  two groups always the same group, so a group typed twice keeps all its sessions on one side
  and the other group has none left (it is not counted). The representative is counted: once,
  with its length; the others (*twins*) go into its bucket, so their marks count there, and
  a person marked at two sessions of a component is present once.
- *absorbed groups*, for completions: a group all of whose sessions are twins of sessions of
  another group (the whole group typed twice) counts its completions under that group.

Nothing here reads the attendance marks: the resolution works on the few pairs and on the
sessions in scope; when nobody has decided a pair, it costs one empty look-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, case, delete, func, insert, select, union_all
from sqlalchemy.orm import aliased

from libtrainer.domain.enums import TwinDecision
from libtrainer.reports.worktables import (
    ABSORBED,
    BUCKET_KEY,
    COMPONENT,
    LINK,
    MEMBER,
    SCOPED,
    TWIN,
)
from libtrainer.store.models import SessionTwin, TrainingSession

if TYPE_CHECKING:
    from libtrainer.reports.work import Workspace


def same_edges(name: str = "tw") -> Any:
    """(a, b): the "same" pairs whose sessions both exist and are on the same date."""
    t = SessionTwin
    x = aliased(TrainingSession, name=f"{name}_x")
    y = aliased(TrainingSession, name=f"{name}_y")
    return (
        select(t.session_id.label("a"), t.other_id.label("b"))
        .join(x, x.id == t.session_id)
        .join(y, y.id == t.other_id)
        .where(t.decision == TwinDecision.SAME.value, x.date == y.date)
    )


def components(name: str = "tw") -> Any:
    """(sid, comp): every session in a component of "same" pairs, and the component's
    smallest session id. A component of n sessions walks n² rows: components are small."""
    edges = same_edges(name).cte(f"{name}_edges")
    both = union_all(
        select(edges.c.a.label("a"), edges.c.b.label("b")),
        select(edges.c.b, edges.c.a),
    ).cte(f"{name}_both")
    reach = select(both.c.a.label("node"), both.c.b.label("other")).cte(
        f"{name}_reach", recursive=True
    )
    step = aliased(both, name=f"{name}_step")
    reach = reach.union(select(reach.c.node, step.c.b).join(step, step.c.a == reach.c.other))
    # Every node reaches itself (a → b → a), so min(other) covers the node too.
    return select(reach.c.node.label("sid"), func.min(reach.c.other).label("comp")).group_by(
        reach.c.node
    )


def rank_order(group: Any, sid: Any) -> tuple[Any, ...]:
    """The order that picks a component's representative: sessions of a group first, then
    by group id, then by session id. (``group`` may be ``''`` or NULL for no group.)"""
    none = case((func.coalesce(group, "") == "", 1), else_=0)
    return (none, func.coalesce(group, ""), sid)


def representatives(member: Any) -> Any:
    """(sid, rep) for every session of ``member`` (sid, comp, group_key …): the component's
    representative among ``member``'s rows."""
    c = member.c
    return select(
        c.sid,
        func.first_value(c.sid)
        .over(partition_by=c.comp, order_by=rank_order(c.group_key, c.sid))
        .label("rep"),
    )


def absorbed_groups(same: Any) -> Any:
    """(group_id, as_group): groups every session of which is a twin whose component's
    representative (over all its sessions) belongs to another group; ``as_group`` is that
    group (the smallest, if several). ``same`` is the work table of :func:`components`
    with each session's group (``grp``)."""
    c = same.c
    ranked = select(
        c.sid,
        c.grp,
        func.first_value(c.grp)
        .over(partition_by=c.comp, order_by=rank_order(c.grp, c.sid))
        .label("rep_grp"),
    ).subquery("tw_ranked")
    r = ranked.c
    away = (
        select(
            r.grp.label("group_id"),
            func.count().label("away"),
            func.min(r.rep_grp).label("as_group"),
        )
        .where(r.grp.is_not(None), r.rep_grp.is_not(None), r.rep_grp != r.grp)
        .group_by(r.grp)
        .subquery("tw_away")
    )
    s = TrainingSession
    total = select(func.count()).where(s.group_id == away.c.group_id).scalar_subquery()
    return select(away.c.group_id, away.c.as_group).where(away.c.away == total)


def twin_pairs(member: Any, twin: Any) -> Any:
    """(twin sid, rep sid) joined to both sessions' member rows: (tw, rp) aliases."""
    tw = aliased(member, name="tw_twin")
    rp = aliased(member, name="tw_rep")
    joined = twin.join(tw, tw.c.sid == twin.c.sid).join(rp, rp.c.sid == twin.c.rep)
    return joined, tw, rp


def group_links(member: Any, twin: Any) -> Any:
    """(group_id, as_group): a twin's group and its representative's group, when they
    differ — an enrolment in the one counts as an enrolment in the other."""
    joined, tw, rp = twin_pairs(member, twin)
    return (
        select(tw.c.group_key.label("group_id"), rp.c.group_key.label("as_group"))
        .select_from(joined)
        .where(and_(tw.c.group_key != "", rp.c.group_key != "", tw.c.group_key != rp.c.group_key))
    )


# -- the work-table steps (called by ``work.Workspace``) --------------------------------------


def resolve(ws: Workspace) -> bool:
    """After SCOPED is filled: components (COMPONENT), their sessions in scope (MEMBER), the twins
    (TWIN) moved into their representative's bucket key in SCOPED, and group links (LINK).
    False (and nothing else done) when no pair of sessions is counted as one."""
    conn = ws.conn
    comp = components().subquery("tw_comp")
    s = TrainingSession
    ws.fill(
        COMPONENT,
        select(comp.c.sid, comp.c.comp, s.group_id.label("grp")).join(s, s.id == comp.c.sid),
    )
    if conn.execute(select(COMPONENT.c.sid).limit(1)).first() is None:
        return False
    sc, sm = SCOPED.c, COMPONENT.c
    ws.fill(
        MEMBER,
        select(sc.sid, sm.comp, *[sc[name] for name in BUCKET_KEY]).join(
            COMPONENT, sm.sid == sc.sid
        ),
    )
    reps = representatives(MEMBER).subquery("tw_reps")
    ws.fill(TWIN, select(reps.c.sid, reps.c.rep).where(reps.c.sid != reps.c.rep))
    if conn.execute(select(TWIN.c.sid).limit(1)).first() is None:
        return False
    conn.execute(delete(SCOPED).where(sc.sid.in_(select(TWIN.c.sid))))
    joined, _tw, rp = twin_pairs(MEMBER, TWIN)
    keys = [rp.c[name] for name in BUCKET_KEY]
    conn.execute(
        insert(SCOPED).from_select(
            ["sid", *BUCKET_KEY], select(TWIN.c.sid, *keys).select_from(joined)
        )
    )
    ws.fill_unique(LINK, group_links(MEMBER, TWIN))
    return True


def fill_absorbed(ws: Workspace) -> bool:
    """ABSORBED from COMPONENT (filled by :func:`resolve`); whether any group is absorbed."""
    if ws.conn.execute(select(COMPONENT.c.sid).limit(1)).first() is None:
        return False
    ws.fill(ABSORBED, absorbed_groups(COMPONENT))
    return ws.conn.execute(select(ABSORBED.c.group_id).limit(1)).first() is not None
