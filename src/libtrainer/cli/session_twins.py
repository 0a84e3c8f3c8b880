"""Sessions entered twice (coordinators): ``duplicates sessions [--same A B | --not-same A B |
--separate A B] [--json]`` — the pairs to decide and the pairs counted as one session."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlalchemy import or_, select

from libtrainer.cli.context import Context
from libtrainer.domain.errors import N_, LibtrainerError, NotFoundError
from libtrainer.i18n import _, ngettext
from libtrainer.i18n.format import format_hours
from libtrainer.services import session_twins
from libtrainer.store.models import TrainingSession
from libtrainer.store.uow import UnitOfWork

#: A session may be named by the start or the end of its id, at least this long.
MIN_PART = 6

ACTIONS = {
    "same": ("same_session", N_("Decided: the two sessions count as one session in reports.")),
    "not_same": ("not_same", N_("Noted: two different sessions; they will not be offered again.")),
    "separate": ("separate", N_("Separated: the two sessions count as two again.")),
}


def register(dsub: Any) -> None:
    """The ``sessions`` action of ``duplicates``."""
    p = dsub.add_parser(
        "sessions", help=_("sessions entered twice (on two computers): pairs and decisions")
    )
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    decision = p.add_mutually_exclusive_group()
    for name, flag, text in (
        ("same", "--same", _("the two sessions are one session entered twice")),
        ("not_same", "--not-same", _("the two look-alike sessions are different sessions")),
        ("separate", "--separate", _("count two sessions decided as one as two again")),
    ):
        decision.add_argument(
            flag, dest=name, nargs=2, metavar=(_("SESSION"), _("SESSION")), help=text
        )
    p.set_defaults(handler=cmd_sessions)


def cmd_sessions(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    if store.meta("role") != "coordinator":
        raise LibtrainerError(
            N_(
                "Sessions entered twice are decided on the coordinator's computer, where every "
                "computer's sessions arrive."
            )
        )
    for name, (action, done) in ACTIONS.items():
        pair = getattr(args, name)
        if pair is None:
            continue
        with store.uow() as uow:
            first, second = find_session(uow, pair[0]), find_session(uow, pair[1])
            getattr(session_twins, action)(uow, first, second)
        print(_(done))
        return 0
    with store.uow() as uow:
        found = session_twins.candidates(uow)
        counted = session_twins.counted_as_one(uow)
    if args.json:
        doc = {
            "pairs": [_pair(p) for p in found.pairs],
            "more": found.more,
            "counted_as_one": [_pair(p) for p in counted],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    _print_lists(found, counted)
    return 0


def _print_lists(found: session_twins.Candidates, counted: list[session_twins.SessionPair]) -> None:
    if not found.pairs:
        print(_("No sessions look like one session entered twice."))
    else:
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
            _print_pair(number, pair)
        if found.more:
            print()
            print(_("More pairs wait: decide these, then list again."))
    if counted:
        print()
        print(_("Counted as one session:"))
        for number, pair in enumerate(counted, 1):
            print()
            _print_pair(number, pair)
    print()
    print(
        _(
            "Decide with: libtrainer duplicates sessions --same SESSION SESSION, "
            "--not-same SESSION SESSION or --separate SESSION SESSION"
        )
    )


def _print_pair(number: int, pair: session_twins.SessionPair) -> None:
    head = pair.first
    print(f"{number}. {head.date.isoformat()}, {head.branch or _('no branch')}")
    print(f"   a) {_line(pair.first)}")
    print(f"   b) {_line(pair.second)}")
    print("   " + _("People marked present at both: {count}").format(count=pair.shared))


def find_session(uow: UnitOfWork, ref: str) -> str:
    """The session ``ref`` names: its id, or the unique start or end of its id."""
    ref = ref.strip()
    s = TrainingSession
    if ref and uow.session.get(s, ref) is not None:
        return ref
    found: list[str] = []
    if len(ref) >= MIN_PART:
        part = ref.lower().replace("%", "").replace("_", "")
        found = list(
            uow.session.execute(
                select(s.id).where(or_(s.id.like(part + "%"), s.id.like("%" + part))).limit(2)
            ).scalars()
        )
    if len(found) == 1:
        return found[0]
    if found:
        raise LibtrainerError(N_("“{ref}” matches several sessions; give more of the id."), ref=ref)
    raise NotFoundError(N_("No session “{ref}” was found."), ref=ref)


def _time(s: session_twins.Session) -> str:
    if s.start is None or s.end is None:
        return _("time not recorded")
    return f"{s.start:%H:%M}–{s.end:%H:%M}"


def _line(s: session_twins.Session) -> str:
    what = s.group or s.topic or s.programme or _("one-off session")
    present = ngettext("{count} present", "{count} present", s.present).format(count=s.present)
    device = s.device or _("computer not known")
    return _("{what}, {time}, {hours} h, {present}; entered on “{device}” [{id}]").format(
        what=what,
        time=_time(s),
        hours=format_hours(s.hours),
        present=present,
        device=device,
        id=s.id,
    )


def _session(s: session_twins.Session) -> dict[str, Any]:
    return {
        "id": s.id,
        "date": s.date.isoformat(),
        "start": s.start.strftime("%H:%M") if s.start else None,
        "end": s.end.strftime("%H:%M") if s.end else None,
        "academic_hours": s.hours,
        "branch": s.branch,
        "group": s.group,
        "programme": s.programme,
        "topic": s.topic,
        "entered_on": s.device,
        "present": s.present,
    }


def _pair(p: session_twins.SessionPair) -> dict[str, Any]:
    return {"first": _session(p.first), "second": _session(p.second), "shared": p.shared}
