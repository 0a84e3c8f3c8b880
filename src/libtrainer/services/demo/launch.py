"""``libtrainer demo --start``: a demo store when there is none, then the app window.

Without a desktop (or without the GUI in this installation) it prints the store's status and
says why no window opened. The GUI is imported only here, by name, and only when a window can
open: the core neither needs Qt nor has its type check pull the GUI in.
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
from libtrainer.i18n import _
from libtrainer.services import setup, status, storefile
from libtrainer.services.demo import catalogue
from libtrainer.services.demo.fill import describe, fill
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


def start(ctx: AppContext, *, size: str = "branch", seed: int = 7) -> int:
    """Create and fill a demo store when the data folder has none, then open the app window
    (or, without a desktop or without the GUI, print the store's status). Returns an exit code."""
    if not storefile.exists(ctx.data_dir) or storefile.unfinished(ctx.data_dir):
        print(_("Creating a demonstration store in {path} …").format(path=ctx.data_dir))
        _create_demo_store(ctx.data_dir, size=size, seed=seed)
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


def _create_demo_store(data_dir: Path, *, size: str, seed: int) -> None:
    """A branch PC's store (``size="branch"``), or, for a whole region's data, the regional
    coordinator's computer: there the Duplicates and Devices screens are offered."""
    store = storefile.create(data_dir, demo=True, setup_pending=True)
    coordinator = size == "region"
    try:
        setup.initialise(
            store,
            region=catalogue.HOME_REGION,
            library=catalogue.HOME_LIBRARY,
            branch=catalogue.HOME_BRANCH,
            device_name="Demo coordinator PC" if coordinator else "Demo PC",
            role=(Role.COORDINATOR if coordinator else Role.BRANCH).value,
        )
        summary = fill(store, size=size, seed=seed)
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
