"""Noticing a data folder put back to an earlier state (docs/decisions/0518).

The per-user settings remember, per store id, how far the store had got
(``services.restorecheck``: its committed clock floor). :class:`ProgressKeeper` refreshes that
after writes (``AppState.changed``, which syncs emit too), on lock and — in ``app.shutdown`` —
when the store closes. At start, :func:`check_at_start` compares it with what the start-up
check read from the file: lower means a restored backup, a disk image, or restore software
covering the folder. The sign-in panel and the Today screen then warn; nothing is changed.
Thread rule: GUI thread only (the reading runs through the operation helper).
"""

from __future__ import annotations

import logging
from typing import Any

from shiboken6 import isValid

from libtrainer.domain.errors import N_
from libtrainer.i18n import _

from libtrainer.gui.operations import Job, Operation
from libtrainer.gui.state import AppState

log = logging.getLogger("libtrainer.gui")

BEHIND = N_(
    "This records folder is older than when this computer last used it: records typed "
    "since {since} may be missing (this computer had seen records up to {seen}). Nothing "
    "has been changed. If the folder was put back by mistake, close the app and call the "
    "coordinator before typing anything. If you restored a backup on "
    "purpose, you can go on: what was already sent to the coordinator is safe there, and if "
    "the coordinator asks, use “This computer was restored or copied: take a new "
    "identity” on the Sync screen."
)


def behind_text(behind: Any) -> str:
    """The warning for a ``restorecheck.Behind`` ("" for None), in the current language."""
    if behind is None:
        return ""
    from libtrainer.i18n.format import format_datetime  # noqa: PLC0415 - Babel, only now

    return _(BEHIND).format(
        since=format_datetime(behind.since.astimezone(), "short"),
        seen=format_datetime(behind.seen.astimezone(), "short"),
    )


def check_at_start(state: AppState, store_uid: str, progress: int) -> Any:
    """Compare the checked store's ``progress`` with what the settings remember of it; keep
    the result in ``state.store_behind`` (a ``restorecheck.Behind`` or None) and return it."""
    if store_uid:
        state.store_uid = store_uid
    if not store_uid or not progress:  # not read (a migration is due): nothing to compare
        return state.store_behind
    from libtrainer.services import restorecheck  # noqa: PLC0415 - light, no SQLAlchemy

    state.store_behind = restorecheck.behind(state.settings.progress(store_uid), progress)
    if state.store_behind is not None:
        log.warning("the data folder holds an older state of the store than seen here before")
    return state.store_behind


def remember_at_close(state: AppState, last: int) -> None:
    """The store closed with its clock floor at ``last``: remember it (never lowering)."""
    if state.store_uid:
        state.settings.remember_progress(state.store_uid, last)
        state.settings.sync()


class ProgressKeeper:
    """Refreshes the remembered progress after writes, syncs and on lock."""

    def __init__(self, parent: Any, state: AppState) -> None:
        self.parent = parent
        self.state = state
        self._running = False
        self._again = False
        state.changed.connect(lambda _changed: self.refresh())

    def refresh(self) -> None:
        """Read the open store's progress (once at a time) and remember it."""
        if not self.state.store_open or not isValid(self.parent):
            return
        if self._running:
            self._again = True
            return
        self._running = True
        data_dir = self.state.data_dir

        def read(job: Job) -> tuple[str, int]:
            from libtrainer.services import restorecheck, storefile  # noqa: PLC0415

            uid = storefile.read_config(data_dir).store_uid
            with job.store.read() as conn:
                return uid, restorecheck.progress_of(conn)

        Operation(self.parent, read).read_only().success(self._read).failure(
            self._failed
        ).run_in_background()

    def _read(self, result: tuple[str, int]) -> None:
        uid, progress = result
        self.state.store_uid = uid
        before = self.state.settings.progress(uid) or 0
        self.state.settings.remember_progress(uid, progress)
        if self.state.store_behind is not None and progress >= before:
            self.state.store_behind = None  # new work went past what was seen before
            sign_in = getattr(self.parent, "sign_in", None)
            if sign_in is not None and isValid(sign_in):  # its warning ends too
                sign_in.refresh_notice()
        self._done()

    def _failed(self, error: BaseException) -> None:
        log.warning("reading the store's progress failed: %s", type(error).__name__)
        self._done()

    def _done(self) -> None:
        self._running = False
        if self._again:
            self._again = False
            self.refresh()
