"""``libtrainer demo --start``: a demo store when there is none, then the app window.

The demo follows the computer: a Latvian computer (its language) gets a Latvian library's
store, a Lithuanian one a Lithuanian library's, any other the Lithuanian one and a line saying
so; ``--country`` and ``--language`` choose. Without a desktop (or without the GUI in this
installation) it prints the store's status and says why no window opened. The GUI is
imported only here, by name, and only when a window can open: the core neither needs Qt nor
has its type check pull the GUI in.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select

from libtrainer.domain.enums import Role, StaffRole
from libtrainer.domain.errors import N_
from libtrainer.i18n import _, get_language, set_language
from libtrainer.services import setup, status, storefile
from libtrainer.services.demo.fill import describe, fill
from libtrainer.services.demo.vocabulary import for_country
from libtrainer.store.models import Base
from libtrainer.store.store import Store

log = logging.getLogger(__name__)

# --- ``libtrainer demo --start`` ----------------------------------------------------------------

DEMO_LOGIN = "demo"
DEMO_PASSWORD = "biblioteka"  # noqa: S105 - published on purpose; a demo store has no real people


class AppContext(Protocol):
    """What ``start`` needs of the command-line context (``cli.context.Context``)."""

    data_dir: Path

    def store(self) -> Store: ...


#: The demo's country for the language in force; any other language gets the default.
COUNTRY_OF_LANGUAGE = {"lt": "LT", "lv": "LV"}
DEFAULT_COUNTRY = "LT"

#: Which demo a store is, by its country (CLI and window say it the same way).
WHICH_DEMO = {
    "LT": N_("Demonstration store of a Lithuanian library: {branch}, {library}, {region}."),
    "LV": N_("Demonstration store of a Latvian library: {branch}, {library}, {region}."),
}


def demo_country(country: str | None, language: str) -> str:
    """The country of a new demo store: ``--country``, else the one of the language in force
    (lt → LT, lv → LV), else Lithuania."""
    if country:
        return country.upper()
    return COUNTRY_OF_LANGUAGE.get(language, DEFAULT_COUNTRY)


def start(
    ctx: AppContext,
    *,
    size: str = "branch",
    seed: int = 7,
    country: str | None = None,
    language: str | None = None,
) -> int:
    """Create and fill a demo store when the data folder has none, then open the app window
    (or, without a desktop or without the GUI, print the store's status). Returns an exit code.

    The store follows the computer: its language (``language``, else the one in force: --lang,
    LIBTRAINER_LANG or the system's) is the window's, and a Latvian one gets a Latvian
    library's demo, a Lithuanian one a Lithuanian library's; any other gets the Lithuanian
    demo and is told how to have the Latvian one. ``country`` chooses the demo outright."""
    if language:
        set_language(language)
    chosen = demo_country(country, get_language())
    if not storefile.exists(ctx.data_dir) or storefile.unfinished(ctx.data_dir):
        print(_("Creating a demonstration store in {path} …").format(path=ctx.data_dir))
        _create_demo_store(ctx.data_dir, size=size, seed=seed, country=chosen)
        if country is None and get_language() not in COUNTRY_OF_LANGUAGE:
            print(
                _(
                    "The app's language here is neither Lithuanian nor Latvian, so the demo "
                    "is a Lithuanian library's. For a Latvian library's demo, run "
                    "“libtrainer --data-dir NEW_FOLDER demo --start --country LV”."
                )
            )
    elif country is not None:
        _say_store_is_kept(ctx, country.upper())
    if display_available():
        run_gui = _gui_runner()
        if run_gui is not None:
            return int(run_gui(ctx))
        note = _("The app window is not part of this installation; here is the store's status.")
    else:
        note = _(
            "No desktop session was found, so the app window cannot open here. Run "
            "“libtrainer demo --start” in a desktop session (or under xvfb-run). "
            "The store's status:"
        )
    print(note)
    for line in status.describe(status.status(ctx.store(), ctx.data_dir)):
        print(line)
    return 0


def which_demo(store: Store) -> tuple[str, str]:
    """Which demo ``store`` is: its country ("LT", "LV") and a sentence naming its country's
    library, its branch and its region."""
    ident = setup.identity(store)
    tables = Base.metadata.tables
    region, library, branch = tables["region"], tables["library"], tables["branch"]
    with store.read() as conn:
        country, region_name, library_name, branch_name = conn.execute(
            select(region.c.country, region.c.name, library.c.name, branch.c.name)
            .join(library, library.c.region_id == region.c.id)
            .join(branch, branch.c.library_id == library.c.id)
            .where(branch.c.id == ident.branch_id)
        ).one()
    code = str(country or DEFAULT_COUNTRY).upper()
    text = _(WHICH_DEMO.get(code, WHICH_DEMO[DEFAULT_COUNTRY]))
    return code, text.format(branch=branch_name, library=library_name, region=region_name)


def _say_store_is_kept(ctx: AppContext, country: str) -> None:
    """``--country`` given for a folder that holds a demo store already of another country:
    the store stays as it is, and the person is told where the other demo can be made."""
    current, sentence = which_demo(ctx.store())
    if current == country:
        return
    print(sentence)
    print(
        _(
            "The store in {path} was made before and is kept as it is. For the demo of "
            "--country {country}, give --data-dir a new folder."
        ).format(path=ctx.data_dir, country=country)
    )


def _create_demo_store(data_dir: Path, *, size: str, seed: int, country: str) -> None:
    """A branch PC's store (``size="branch"``), or, for a whole region's data, the regional
    coordinator's computer: there the Duplicates and Devices screens are offered. The
    branch, library and region are ``country``'s (``vocabulary``)."""
    store = storefile.create(data_dir, demo=True, setup_pending=True)
    coordinator = size == "region"
    region, library, branch = for_country(country).home
    try:
        setup.initialise(
            store,
            region=region,
            library=library,
            branch=branch,
            device_name="Demo coordinator PC" if coordinator else "Demo PC",
            role=(Role.COORDINATOR if coordinator else Role.BRANCH).value,
            country=country,
        )
        summary = fill(store, size=size, seed=seed)
        print(which_demo(store)[1])
        print(_("Demonstration data: {summary}").format(summary=describe(summary)))
        _demo_account(store)
        print(
            _("Sign in as “{login}” with the password “{password}”.").format(
                login=DEMO_LOGIN, password=DEMO_PASSWORD
            )
        )
    finally:
        store.close()
    storefile.finish_setup(data_dir)  # an interrupted demo is made again at the next start


def _demo_account(store: Store) -> None:
    """An administrator sign-in for the branch's librarian."""
    from libtrainer.services import accounts

    ident = setup.identity(store)
    table = Base.metadata.tables["staff"]
    with store.uow() as uow:
        staff_id = uow.connection.execute(
            select(table.c.id)
            .where(table.c.branch_id == ident.branch_id, table.c.role == StaffRole.LIBRARIAN.value)
            .limit(1)
        ).scalar_one()
        accounts.create_account(
            uow,
            login=DEMO_LOGIN,
            password=DEMO_PASSWORD,
            role=StaffRole.ADMIN.value,
            given_name="-",
            family_name="-",
            staff_id=str(staff_id),
        )


def display_available(
    environ: Mapping[str, str] | None = None, platform: str | None = None
) -> bool:
    """Whether a window can open: always on Windows and macOS; on Linux, a display is set."""
    env = os.environ if environ is None else environ
    if (platform or sys.platform).startswith(("win", "cygwin", "darwin")):
        return True
    if env.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal"):
        return False
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


def _gui_runner() -> Callable[[Any], int] | None:
    """``libtrainer.gui.app.run`` when the GUI and Qt can be loaded; imported only when asked,
    by name, so the core neither needs Qt nor has its type check pull in the GUI."""
    try:
        module = importlib.import_module("libtrainer.gui.app")
    except ImportError:
        log.warning("the GUI could not be loaded", exc_info=True)
        return None
    run = getattr(module, "run", None)
    return run if callable(run) else None
