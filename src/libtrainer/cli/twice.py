"""Sessions entered twice (coordinators): ``duplicates sessions [--json]``,
``duplicates sessions --merge KEEP DROP`` and ``duplicates sessions --different A B``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlalchemy import select

from libtrainer.cli.context import Context
from libtrainer.domain.errors import N_, LibtrainerError, NotFoundError
from libtrainer.i18n import _, ngettext
from libtrainer.i18n.format import format_hours
from libtrainer.services import twice, twice_merge
from libtrainer.store.models import TrainingSession
from libtrainer.store.store import Store
from libtrainer.store.uow import UnitOfWork


def register(dsub: Any) -> None:
    """The ``sessions`` action of ``libtrainer duplicates``."""
    p = dsub.add_parser(
        "sessions",
        help=_("sessions that may be one session entered twice: list, merge or keep apart"),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    decision = p.add_mutually_exclusive_group()
    decision.add_argument(
        "--merge",
        nargs=2,
        metavar=(_("KEEP"), _("DROP")),
        help=_(
            "merge session DROP into session KEEP: its marks move there and DROP is deleted "
            "(ids, or the start of an id)"
        ),
    )
    decision.add_argument(
        "--different",
        nargs=2,
        metavar=(_("SESSION"), _("SESSION")),
        help=_("two different sessions: do not list them as a pair again"),
    )
    p.set_defaults(handler=cmd_sessions)


def cmd_sessions(args: argparse.Namespace, ctx: Context) -> int:
    store = _coordinator_store(ctx)
    if args.merge:
        return _merge(store, *args.merge)
    if args.different:
        with store.uow() as uow:
            first, second = _find(uow, args.different[0]), _find(uow, args.different[1])
            twice.mark_different(uow.connection, first, second)
            uow.commit()
        print(_("Noted: these are different sessions; they will not be offered again."))
        return 0
    with store.read() as conn:
        found = twice.find(conn)
    if args.json:
        doc = {
            "pairs": [
                {
                    "sessions": [_side(p.first), _side(p.second)],
                    "shared": p.shared,
                    "suggested_keep": p.suggested.id,
                }
                for p in found.pairs
            ],
            "more": found.more,
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    _print_pairs(found)
    return 0


def _merge(store: Store, keep_ref: str, drop_ref: str) -> int:
    with store.uow() as uow:
        keep, drop = _find(uow, keep_ref), _find(uow, drop_ref)
        planned = twice_merge.plan_merge(uow, keep, drop)
        twice_merge.merge_sessions(uow, keep, drop)
    print(_("Merged: the session entered twice was deleted; reports count one session."))
    moved = planned.moved + planned.made_present
    print(
        ngettext(
            "{count} mark was recorded at the kept session {id}.",
            "{count} marks were recorded at the kept session {id}.",
            moved,
        ).format(count=moved, id=keep)
    )
    if planned.enrolled:
        print(
            ngettext(
                "{count} person was enrolled in its group.",
                "{count} people were enrolled in its group.",
                planned.enrolled,
            ).format(count=planned.enrolled)
        )
    return 0


def _print_pairs(found: twice.TwiceList) -> None:
    if not found.pairs:
        print(_("No sessions look like one session entered twice."))
        return
    count = len(found.pairs)
    print(
        ngettext(
            "{count} pair of sessions may be one session entered twice:",
            "{count} pairs of sessions may be one session entered twice:",
            count,
        ).format(count=count)
    )
    for number, pair in enumerate(found.pairs, 1):
        print()
        head = pair.first
        what = head.programme or pair.second.programme or _("no programme")
        print(f"{number}. {head.date.isoformat()}, {head.branch} — {what}")
        for letter, side in (("a", pair.first), ("b", pair.second)):
            what, done = _lines(side)
            print(f"   {letter}) {what}")
            print(f"      {done}")
        print("   " + _("People marked at both: {count}").format(count=pair.shared))
        print("   " + _("Suggested to keep: {id}").format(id=pair.suggested.id))
    if found.more:
        print()
        print(_("More pairs wait: decide these, then list again."))
    print()
    print(
        _(
            "Decide with: libtrainer duplicates sessions --merge KEEP DROP, or --different "
            "SESSION SESSION"
        )
    )


def _lines(s: twice.SessionSide) -> tuple[str, str]:
    """What the session is, then what was recorded at it and where."""
    time = s.start_time.strftime("%H:%M") if s.start_time else _("no start time")
    what = [time, _("{hours} acad. h").format(hours=format_hours(s.academic_hours))]
    if s.group:
        what.append(_("group “{group}”").format(group=s.group))
    if s.lecturer:
        what.append(_("lecturer {name}").format(name=s.lecturer))
    done = [
        ngettext(
            "{count} mark ({present} present)",
            "{count} marks ({present} present)",
            s.marks,
        ).format(count=s.marks, present=s.present)
    ]
    if s.device:
        where = _("entered on “{device}”").format(device=s.device)
        if s.entered:
            where += " " + s.entered.astimezone().date().isoformat()
        done.append(where)
    return ", ".join(what), ", ".join(done) + f" [{s.id}]"


def _side(s: twice.SessionSide) -> dict[str, Any]:
    return {
        "id": s.id,
        "branch": s.branch,
        "date": s.date.isoformat(),
        "start_time": s.start_time.strftime("%H:%M") if s.start_time else None,
        "academic_hours": s.academic_hours,
        "group": s.group or None,
        "programme": s.programme or None,
        "lecturer": s.lecturer or None,
        "topic": s.topic or None,
        "marks": s.marks,
        "present": s.present,
        "device": s.device or None,
        "entered": s.entered.isoformat(timespec="seconds") if s.entered else None,
    }


def _coordinator_store(ctx: Context) -> Store:
    """The store, when this is a coordinator's computer: only there do every device's
    sessions arrive."""
    store = ctx.store()
    if store.meta("role") != "coordinator":
        raise LibtrainerError(
            N_(
                "Sessions entered twice are decided on the coordinator's computer, where every "
                "branch's and lecturer's sessions arrive."
            )
        )
    return store


def _find(uow: UnitOfWork, ref: str) -> str:
    """The session ``ref`` names: its id, or the unique start of an id."""
    ref = ref.strip().lower()
    s = TrainingSession
    if ref and uow.session.get(s, ref) is not None:
        return ref
    found: list[str] = []
    if ref:
        found = list(
            uow.session.execute(
                select(s.id).where(s.id.startswith(ref, autoescape=True)).order_by(s.id).limit(2)
            ).scalars()
        )
    if len(found) == 1:
        return found[0]
    if found:
        raise LibtrainerError(N_("“{ref}” matches several sessions; give more of the id."), ref=ref)
    raise NotFoundError(N_("No session “{ref}” was found."), ref=ref)
