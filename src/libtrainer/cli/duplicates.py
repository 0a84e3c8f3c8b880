"""People recorded twice (coordinators): ``duplicates list|same|different|confirmed|separate``,
``duplicates codes``: one participant code given to two people, and ``duplicates sessions``:
sessions entered twice (``cli/session_twins.py``)."""

from __future__ import annotations

import argparse
import json
from contextlib import ExitStack
from typing import Any

from sqlalchemy import or_, select

from libtrainer.cli import session_twins
from libtrainer.cli.context import Context
from libtrainer.cli.sync import central_option, open_target
from libtrainer.domain.errors import N_, LibtrainerError, NotFoundError
from libtrainer.i18n import _, ngettext
from libtrainer.i18n.labels import field_label
from libtrainer.reports.personfacts import FACTS
from libtrainer.services import codeclash, duplicates
from libtrainer.store.models import Participant
from libtrainer.store.store import Store
from libtrainer.store.uow import UnitOfWork
from libtrainer.sync.target import StoreTarget
from libtrainer.sync.trust import load_trust

#: A record may be named by the start or the end of its id, at least this long.
MIN_PART = 6


def register(sub: Any) -> None:
    d = sub.add_parser(
        "duplicates", help=_("people recorded twice: look-alike records and decisions")
    )
    dsub = d.add_subparsers(dest="duplicates_command", metavar=_("ACTION"), required=True)

    p = dsub.add_parser("list", help=_("records that may be the same person, not decided yet"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(handler=cmd_list)

    p = dsub.add_parser("same", help=_("confirm that two records are one person"))
    _pair(p)
    p.add_argument(
        "--keep",
        metavar=_("RECORD"),
        help=_("the record whose details count (default: the one with more sessions)"),
    )
    p.set_defaults(handler=cmd_same)

    p = dsub.add_parser("different", help=_("two look-alike records are different people"))
    _pair(p)
    p.set_defaults(handler=cmd_different)

    p = dsub.add_parser("confirmed", help=_("records counted as another record's person"))
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    p.set_defaults(handler=cmd_confirmed)

    p = dsub.add_parser("separate", help=_("count a confirmed record as its own person again"))
    p.add_argument(
        "record",
        metavar=_("RECORD"),
        help=_("either record of the joined pair: its id (or its start or end)"),
    )
    p.set_defaults(handler=cmd_separate)

    p = dsub.add_parser(
        "codes", help=_("participant codes that two branches gave to different people")
    )
    p.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    decision = p.add_mutually_exclusive_group()
    decision.add_argument(
        "--dismiss",
        metavar=_("CODE"),
        help=_("the same person after all, or the branch has corrected it: stop listing it"),
    )
    decision.add_argument(
        "--different",
        metavar=_("CODE"),
        help=_("different people: keep it listed until the branch has corrected it"),
    )
    central_option(p)
    p.set_defaults(handler=cmd_codes)

    session_twins.register(dsub)


def _pair(p: argparse.ArgumentParser) -> None:
    p.add_argument("first", metavar=_("RECORD"), help=_("a record's id (or its start or end)"))
    p.add_argument("second", metavar=_("RECORD"), help=_("the other record"))


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    with _store(ctx).uow() as uow:
        found = duplicates.candidates(uow)
    if args.json:
        doc = {"pairs": [[_record(p.first), _record(p.second)] for p in found.pairs]}
        print(json.dumps({**doc, "more": found.more}, ensure_ascii=False, indent=2))
        return 0
    if not found.pairs:
        print(_("No records look like the same person."))
        return 0
    count = len(found.pairs)
    print(
        ngettext(
            "{count} pair of records may be the same person:",
            "{count} pairs of records may be the same person:",
            count,
        ).format(count=count)
    )
    for number, pair in enumerate(found.pairs, 1):
        print()
        print(f"{number}. {_line(pair.first)}")
        print(f"   {_line(pair.second)}")
    if found.more:
        print()
        print(_("More pairs wait: decide these, then list again."))
    print()
    print(_("Decide with: libtrainer duplicates same RECORD RECORD, or … different RECORD RECORD"))
    return 0


def cmd_same(args: argparse.Namespace, ctx: Context) -> int:
    with _store(ctx).uow() as uow:
        first, second = find_participant(uow, args.first), find_participant(uow, args.second)
        keep = find_participant(uow, args.keep) if args.keep else None
        before = [duplicates.person_record(uow, r) for r in (first, second)]
        duplicates.same_person(uow, first, second, keep=keep)
        shown = duplicates.person_record(uow, first)
    print(_("Confirmed: the two records count as one person in reports."))
    print(_("Reports take the person's details from: {record}").format(record=_line(shown)))
    if shown.taken:
        facts = ", ".join(field_label(f) for f in FACTS if f in shown.taken)
        print(_("Counted from the other record, which knows them: {facts}.").format(facts=facts))
    differ = before[0].differs(before[1])
    if differ:
        facts = ", ".join(field_label(f) for f in differ)
        print(
            _("The records differ in: {facts}. The kept record's values count.").format(facts=facts)
        )
    return 0


def cmd_different(args: argparse.Namespace, ctx: Context) -> int:
    with _store(ctx).uow() as uow:
        first, second = find_participant(uow, args.first), find_participant(uow, args.second)
        duplicates.not_same(uow, first, second)
    print(_("Noted: these records are different people; they will not be offered again."))
    return 0


def cmd_confirmed(args: argparse.Namespace, ctx: Context) -> int:
    with _store(ctx).uow() as uow:
        pairs = duplicates.confirmed(uow)
    if args.json:
        doc = [{"record": _record(p.first), "counted_as": _record(p.second)} for p in pairs]
        print(json.dumps({"confirmed": doc}, ensure_ascii=False, indent=2))
        return 0
    if not pairs:
        print(_("No records have been confirmed as the same person."))
        return 0
    for pair in pairs:
        print(_line(pair.first))
        print("   → " + _line(pair.second))
    return 0


def cmd_separate(args: argparse.Namespace, ctx: Context) -> int:
    with _store(ctx).uow() as uow:
        record = duplicates.to_separate(uow, find_participant(uow, args.record))
        shown = duplicates.describe(uow, [record])[record]
        duplicates.separate(uow, record)
    print(_("Separated: {record} counts as its own person again.").format(record=shown))
    return 0


def cmd_codes(args: argparse.Namespace, ctx: Context) -> int:
    store = _store(ctx)
    with ExitStack() as stack:
        target = open_target(args, store, stack)
        code = args.dismiss if args.dismiss is not None else args.different
        if code is not None:
            status = codeclash.DISMISSED if args.dismiss is not None else codeclash.DIFFERENT
            if isinstance(target, StoreTarget):  # synced: every coordinator sees it
                with store.uow() as uow:
                    codeclash.decide(uow, status, code=code)
            else:  # a central store holds only what came in bundles: noted there
                with target.transaction() as conn:
                    codeclash.decide_here(conn, status, code=code)
            if status == codeclash.DISMISSED:
                print(_("Dismissed: code “{code}” is no longer listed.").format(code=code.strip()))
            else:
                print(
                    _(
                        "Noted: code “{code}” was given to different people; it stays listed "
                        "until the branch has corrected it."
                    ).format(code=code.strip())
                )
            return 0
        with store.read() as conn:
            trust = load_trust(conn)
        with target.reading() as conn:
            found = codeclash.clashes(conn, trust)
    if args.json:
        print(json.dumps({"codes": [_clash(c) for c in found]}, ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(_("No participant code was given to two different people."))
        return 0
    for number, clash in enumerate(found, 1):
        print(
            _("{number}. Code “{code}”: the branches disagree on the person:").format(
                number=number, code=clash.code
            )
        )
        print(f"   1) {_version(clash.first)}")
        print(f"   2) {_version(clash.second)}")
        print("   " + _("The record now shows: {name}").format(name=clash.now or "—"))
        if clash.status == codeclash.DIFFERENT:
            print("   " + _("Different people: waits for the branch's correction"))
        print()
    print(_(codeclash.WHAT_TO_DO))
    print()
    print(
        _(
            "Decide with: libtrainer duplicates codes --dismiss CODE (the same person, or "
            "corrected), or --different CODE"
        )
    )
    return 0


# --- helpers -----------------------------------------------------------------------------------


def _store(ctx: Context) -> Store:
    """The store, when this is a coordinator's computer: only there have every branch's
    records and the other coordinators' decisions arrived."""
    store = ctx.store()
    if store.meta("role") != "coordinator":
        raise LibtrainerError(
            N_(
                "People recorded twice are decided on the coordinator's computer, where every "
                "branch's records arrive."
            )
        )
    return store


def find_participant(uow: UnitOfWork, ref: str) -> str:
    """The participant ``ref`` names: an exact id or code (a code as typed anywhere: case and
    spaces do not matter), or the unique start or end of an id."""
    from libtrainer.domain.ids import fact_id  # noqa: PLC0415
    from libtrainer.services.register.codes import normalise_code  # noqa: PLC0415

    ref = ref.strip()
    p = Participant
    by_code = fact_id("participant-code", normalise_code(ref)) if ref else ref
    exact = list(
        uow.session.execute(
            select(p.id).where(or_(p.id == ref, p.code == ref, p.id == by_code))
        ).scalars()
    )
    if len(exact) == 1:
        return exact[0]
    found: list[str] = []
    if len(ref) >= MIN_PART:
        part = ref.lower().replace("%", "").replace("_", "")
        found = list(
            uow.session.execute(
                select(p.id).where(or_(p.id.like(part + "%"), p.id.like("%" + part))).limit(2)
            ).scalars()
        )
    if len(found) == 1:
        return found[0]
    if found:
        raise LibtrainerError(N_("“{ref}” matches several records; give more of the id."), ref=ref)
    raise NotFoundError(N_("No participant “{ref}” was found."), ref=ref)


def _record(r: duplicates.Record) -> dict[str, Any]:
    return {
        "id": r.id,
        "given_name": r.given_name,
        "family_name": r.family_name,
        "birth_year": r.birth_year,
        "code": r.code,
        "branch": r.branch,
        "sessions": r.sessions,
        "first_session": r.first_session.isoformat() if r.first_session else None,
        "last_session": r.last_session.isoformat() if r.last_session else None,
    }


def _clash(c: codeclash.Clash) -> dict[str, Any]:
    def side(v: codeclash.Version) -> dict[str, Any]:
        return {
            "given_name": v.given_name,
            "family_name": v.family_name,
            "birth_year": v.birth_year,
            "branch": v.branch,
            "device": v.device,
        }

    return {
        "code": c.code,
        "participant_id": c.participant_id,
        "first": side(c.first),
        "second": side(c.second),
        "now": c.now,
        "noticed": c.noticed,
        "status": c.status,
    }


def _version(v: codeclash.Version) -> str:
    year = str(v.birth_year) if v.birth_year else _("year unknown")
    place = v.branch or _("no branch")
    return f"{v.given_name} {v.family_name}, {year} — {place} ({v.device})"


def _line(r: duplicates.Record) -> str:
    year = str(r.birth_year) if r.birth_year else _("year unknown")
    sessions = ngettext("{count} session", "{count} sessions", r.sessions).format(count=r.sessions)
    if r.first_session and r.last_session:
        span = f"{r.first_session.isoformat()}"
        if r.last_session != r.first_session:
            span += f" – {r.last_session.isoformat()}"
        sessions += f" ({span})"
    code = _(", code {code}").format(code=r.code) if r.code else ""
    place = r.branch or _("no branch")
    return f"{r.given_name} {r.family_name}, {year}{code} — {place}, {sessions} [{r.id}]"
