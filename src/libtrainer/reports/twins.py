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
    """(a, b): the "same" pairs whose sessions both exist and are still on the same date at
    the same branch (one moved since is a session of its own again)."""
    t = SessionTwin
    x = aliased(TrainingSession, name=f"{name}_x")
    y = aliased(TrainingSession, name=f"{name}_y")
    return (
        select(t.session_id.label("a"), t.other_id.label("b"))
        .join(x, x.id == t.session_id)
        .join(y, y.id == t.other_id)
        .where(
            t.decision == TwinDecision.SAME.value,
            x.date == y.date,
            x.branch_id == y.branch_id,  # one moved to another branch since: two sessions
        )
    )


def components(edges: Any, name: str) -> Any:
    """(node, comp): every node of the undirected ``edges`` (a select of ``a``, ``b``) and
    the smallest node of its component. ``UNION`` stops the walk on a cycle; a component of
    n nodes walks n² rows (components here are a few sessions or groups)."""
    e = edges.cte(f"{name}_edges")
    both = union_all(select(e.c.a.label("a"), e.c.b.label("b")), select(e.c.b, e.c.a)).cte(
        f"{name}_both"
    )
    reach = select(both.c.a.label("node"), both.c.b.label("other")).cte(
        f"{name}_reach", recursive=True
    )
    step = aliased(both, name=f"{name}_step")
    reach = reach.union(select(reach.c.node, step.c.b).join(step, step.c.a == reach.c.other))
    # Every node reaches itself (a → b → a), so min(other) covers the node too.
    return select(reach.c.node.label("node"), func.min(reach.c.other).label("comp")).group_by(
        reach.c.node
    )


def group_size(group: Any) -> Any:
    """The number of sessions of ``group`` (0 for none): the bigger group keeps its sessions."""
    s = aliased(TrainingSession, name="tw_sized")
    count = select(func.count()).where(s.group_id == group).scalar_subquery()
    return case((group.is_(None), 0), else_=count)


def rank_order(size: Any, group: Any, node: Any = None) -> tuple[Any, ...]:
    """The order that picks a component's representative: the session (or group) of the group
    with most sessions, then the smaller group id, then the smaller id (no group: last)."""
    order = (size.desc(), func.coalesce(group, ""))
    return order if node is None else (*order, node)


def representatives(member: Any) -> Any:
    """(sid, rep) for every session of ``member`` (sid, comp, size, group_key …): the
    component's representative among ``member``'s rows."""
    c = member.c
    return select(
        c.sid,
        func.first_value(c.sid)
        .over(
            partition_by=c.comp,
            # a session with a programme before one without: the component stays in its
            # programme's row of a breakdown
            order_by=(
                *rank_order(c.size, c.group_key),
                case((func.coalesce(c.programme_key, "") == "", 1), else_=0),
                c.sid,
            ),
        )
        .label("rep"),
    )


def group_edges(component: Any) -> Any:
    """(a, b): two groups with sessions in one component (of the COMPONENT work table)."""
    x, y = aliased(component, name="tw_gx"), aliased(component, name="tw_gy")
    return (
        select(x.c.grp.label("a"), y.c.grp.label("b"))
        .join(y, and_(y.c.comp == x.c.comp, y.c.grp > x.c.grp))
        .where(x.c.grp.is_not(None))
        .distinct()
    )


def copied_groups(component: Any) -> Any:
    """(group_id, as_group): groups linked to others by sessions typed twice, each with the
    linked group that keeps the completions (most sessions, then the smaller id), when that
    is another group."""
    comp = components(group_edges(component), "tw_g").subquery("tw_gcomp")
    sized = (
        select(component.c.grp, func.max(component.c.size).label("size"))
        .where(component.c.grp.is_not(None))
        .group_by(component.c.grp)
        .subquery("tw_gsize")
    )
    ranked = (
        select(
            comp.c.node.label("group_id"),
            func.first_value(comp.c.node)
            .over(partition_by=comp.c.comp, order_by=rank_order(sized.c.size, comp.c.node))
            .label("as_group"),
        )
        .join(sized, sized.c.grp == comp.c.node)
        .subquery("tw_granked")
    )
    return select(ranked.c.group_id, ranked.c.as_group).where(
        ranked.c.group_id != ranked.c.as_group
    )


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


def fill_components(ws: Workspace) -> bool:
    """COMPONENT: every session in a "same" pair, its component, group and group size;
    whether there is any."""
    comp = components(same_edges(), "tw").subquery("tw_comp")
    s = TrainingSession
    ws.fill(
        COMPONENT,
        select(
            comp.c.node.label("sid"),
            comp.c.comp,
            s.group_id.label("grp"),
            group_size(s.group_id).label("size"),
        ).join(s, s.id == comp.c.node),
    )
    return ws.conn.execute(select(COMPONENT.c.sid).limit(1)).first() is not None


def resolve(ws: Workspace) -> bool:
    """After SCOPED is filled: components (COMPONENT), their sessions in scope (MEMBER), the twins
    (TWIN) moved into their representative's bucket key in SCOPED, and group links (LINK).
    False (and nothing else done) when no pair of sessions is counted as one."""
    conn = ws.conn
    if not fill_components(ws):
        return False
    sc, sm = SCOPED.c, COMPONENT.c
    ws.fill(
        MEMBER,
        select(sc.sid, sm.comp, sm.size, *[sc[name] for name in BUCKET_KEY]).join(
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
    ws.fill(ABSORBED, copied_groups(COMPONENT))
    return ws.conn.execute(select(ABSORBED.c.group_id).limit(1)).first() is not None
