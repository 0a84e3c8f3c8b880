"""The programme catalogue: ``programmes list|add|edit|archive|unarchive``.

Changing it follows the rule of the window (docs/decisions/0110): on the coordinator's
computer and on a computer in no region it may be changed; a computer that receives the
region's catalogue only lists it. Bad input is one line naming the option; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from libtrainer.cli.context import Context
from libtrainer.domain.enums import Audience, DigCompArea, Level
from libtrainer.domain.errors import N_, LibtrainerError, ValidationError
from libtrainer.i18n import _, render
from libtrainer.i18n.format import format_hours
from libtrainer.i18n.labels import AUDIENCES, DIGCOMP_AREAS, LEVELS
from libtrainer.services import catalogue_rights, programmes, records
from libtrainer.services.programmes import ProgrammeInfo
from libtrainer.store.uow import UnitOfWork

#: The option that gives each field a service can refuse.
OPTIONS = {
    "title": "--title-lt / --title-lv / --title-en",
    "title_lt": "--title-lt",
    "title_lv": "--title-lv",
    "title_en": "--title-en",
    "code": "--code",
    "level": "--level",
    "academic_hours": "--hours",
    "topics": "--topics",
    "audience": "--audience",
}


def register(sub: Any) -> None:
    p = sub.add_parser("programmes", help=_("the programme catalogue: list, add, change, archive"))
    psub = p.add_subparsers(dest="programmes_command", metavar=_("ACTION"), required=True)

    c = psub.add_parser("list", help=_("list the programmes (archived ones with --all)"))
    c.add_argument("--all", action="store_true", help=_("archived programmes too"))
    c.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    c.set_defaults(handler=cmd_list)

    c = psub.add_parser("add", help=_("add a programme to the catalogue"))
    _fields(c, adding=True)
    c.set_defaults(handler=cmd_add)

    c = psub.add_parser("edit", help=_("change a programme (only the options given)"))
    _programme(c)
    _fields(c, adding=False)
    c.set_defaults(handler=cmd_edit)

    for name, helptext, handler in (
        (
            "archive",
            _("no longer offer a programme for new groups (kept for reports)"),
            cmd_archive,
        ),
        ("unarchive", _("offer an archived programme again"), cmd_unarchive),
    ):
        c = psub.add_parser(name, help=helptext)
        _programme(c)
        c.set_defaults(handler=handler)


def _programme(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "programme", metavar=_("PROGRAMME"), help=_("the programme's code or id (or its start)")
    )


def _fields(p: argparse.ArgumentParser, *, adding: bool) -> None:
    """The field options; for ``add`` the hours are required and level and audience have
    defaults, for ``edit`` every option is optional and only those given change."""
    p.add_argument("--title-lt", metavar=_("TEXT"), help=_("title in Lithuanian"))
    p.add_argument("--title-lv", metavar=_("TEXT"), help=_("title in Latvian"))
    p.add_argument("--title-en", metavar=_("TEXT"), help=_("title in English"))
    p.add_argument(
        "--code", metavar=_("CODE"), help=_("the programme's code, e.g. PL-2026 ('' removes it)")
    )
    p.add_argument(
        "--hours",
        required=adding,
        metavar=_("HOURS"),
        help=_("academic hours (45 min) of the whole course, e.g. 16 or 1,5"),
    )
    p.add_argument(
        "--level",
        choices=[m.value for m in Level],
        default=Level.BEGINNER.value if adding else None,
        help=_("level (default for a new programme: beginner)") if adding else _("level"),
    )
    p.add_argument(
        "--audience",
        choices=[m.value for m in Audience],
        default=Audience.RESIDENTS.value if adding else None,
        help=_("who it is for (default for a new programme: residents)")
        if adding
        else _("who it is for"),
    )
    p.add_argument(
        "--topics",
        type=_topics,
        metavar=_("AREAS"),
        help=_("DigComp areas, separated by commas: {areas} ('' removes them)").format(
            areas=", ".join(m.value for m in DigCompArea)
        ),
    )


def _topics(text: str) -> list[str]:
    """``type=`` of --topics: DigComp area codes separated by commas."""
    codes = [t.strip() for t in text.split(",") if t.strip()]
    allowed = {m.value for m in DigCompArea}
    wrong = [c for c in codes if c not in allowed]
    if wrong:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a DigComp area; use one or more of: {areas}.").format(
                value=wrong[0], areas=", ".join(m.value for m in DigCompArea)
            )
        )
    return codes


def _given(args: argparse.Namespace) -> dict[str, Any]:
    """The fields named on the command line, as the service takes them."""
    values = {
        "title_lt": args.title_lt,
        "title_lv": args.title_lv,
        "title_en": args.title_en,
        "code": args.code,
        "academic_hours": args.hours,
        "level": args.level,
        "audience": args.audience,
        "topics": args.topics,
    }
    return {name: value for name, value in values.items() if value is not None}


def _write(ctx: Context, work: Callable[[UnitOfWork], Any]) -> Any:
    """``work`` in one unit of work, where the catalogue may be changed; a refused field
    is printed naming its option (exit 2 by the caller), with nothing written."""
    store = ctx.store()
    with store.read() as conn:
        catalogue_rights.require_kept_here(conn)
    try:
        with store.uow() as uow:
            return work(uow)
    except ValidationError as error:
        option = OPTIONS.get(error.field, error.field)
        # The message is already in the user's language; the template only adds the option.
        raise LibtrainerError(
            N_("{option}: {message}"), option=option, message=render(error)
        ) from None


# --- the commands --------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    with store.uow() as uow:
        every = programmes.list_programmes(uow, include_archived=True)
    found = every if args.all else [p for p in every if not p.archived]
    with store.read() as conn:
        source = catalogue_rights.catalogue_source(conn)
        lang = programmes.home_title_language(conn)
    if args.json:
        doc = {"source": source, "programmes": [_record(p) for p in found]}
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for info in found:
        print(_line(info))
    if not found and every:
        print(_("Every programme is archived; list them with: libtrainer programmes list --all"))
    elif not found:
        print(_("The programme catalogue is empty."))
    if source == catalogue_rights.REGION:
        print(_("The programmes come from the region's coordinator with each sync."))
    elif not every:
        # the title option of the store's country: a Latvian library is shown --title-lv
        print(
            _("Add one with: libtrainer programmes add {option} TEXT --hours HOURS").format(
                option=f"--title-{lang}"
            )
        )
    return 0


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    values = _given(args)
    hours = values.pop("academic_hours")
    result = _write(ctx, lambda uow: programmes.add_programme(uow, hours, **values))
    info = _info(ctx, result.id)
    print(_("Programme added: {programme}").format(programme=_line(info)))
    if result.restored:
        print(_("A programme deleted before under this code is back in the catalogue."))
    return 0


def cmd_edit(args: argparse.Namespace, ctx: Context) -> int:
    values = _given(args)
    if not values:
        raise LibtrainerError(
            N_("Nothing to change: give at least one option, such as --hours or --title-lt.")
        )

    def edit(uow: UnitOfWork) -> tuple[str, Any]:
        found = programmes.find_programme(uow, args.programme)
        return found, programmes.edit_programme(uow, found, **values)

    found, changed = _write(ctx, edit)
    info = _info(ctx, found)
    if changed.empty:
        print(_("Nothing changed: {programme}").format(programme=_line(info)))
    else:
        print(_("Saved: {programme}").format(programme=_line(info)))
    return 0


def cmd_archive(args: argparse.Namespace, ctx: Context) -> int:
    return _set_archived(args, ctx, archived=True)


def cmd_unarchive(args: argparse.Namespace, ctx: Context) -> int:
    return _set_archived(args, ctx, archived=False)


def _set_archived(args: argparse.Namespace, ctx: Context, *, archived: bool) -> int:
    def work(uow: UnitOfWork) -> tuple[str, Any]:
        found = programmes.find_programme(uow, args.programme)
        change = records.archive if archived else records.unarchive
        return found, change(uow, "programme", found)

    found, changed = _write(ctx, work)
    title = _info(ctx, found).title
    if archived:
        message = (
            _(
                "Archived: {title}. Groups keep it and reports count it; it is no longer "
                "offered for new groups."
            )
            if not changed.empty
            else _("{title} was already archived.")
        )
    else:
        message = (
            _("Brought back: {title}. It is offered for new groups again.")
            if not changed.empty
            else _("{title} is not archived.")
        )
    print(message.format(title=title))
    return 0


# --- helpers -------------------------------------------------------------------------------------


def _info(ctx: Context, programme_id: str) -> ProgrammeInfo:
    with ctx.store().uow() as uow:
        return programmes.get_programme(uow, programme_id)


def _record(p: ProgrammeInfo) -> dict[str, Any]:
    return {
        "id": p.id,
        "code": p.code,
        "title": p.title,
        "title_lt": p.title_lt,
        "title_lv": p.title_lv,
        "title_en": p.title_en,
        "level": p.level,
        "academic_hours": p.academic_hours,
        "topics": list(p.topics),
        "audience": p.audience,
        "archived": p.archived,
    }


def _line(p: ProgrammeInfo) -> str:
    """ "Title — code X, Beginner, 16 academic hours, Residents; DigComp: … [id]"."""
    parts = [_("code {code}").format(code=p.code)] if p.code else []
    parts.append(_(LEVELS.get(p.level, p.level)))
    parts.append(_("academic hours: {hours}").format(hours=format_hours(p.academic_hours)))
    parts.append(_(AUDIENCES.get(p.audience, p.audience)))
    if p.archived:
        parts.append(_("archived"))
    line = f"{p.title} — {', '.join(parts)}"
    if p.topics:
        areas = ", ".join(_(DIGCOMP_AREAS.get(t, t)) for t in p.topics)
        line += "; " + _("DigComp: {areas}").format(areas=areas)
    return f"{line} [{p.id}]"
