"""The second connection of a summary run: half of the one pass over attendance, and the
figures that need no attendance, on a thread of its own (docs/decisions/0354).

SQLite runs a statement on one processor. A summary over a region's million attendance marks
spends a third of its time in the one pass over the marks and a fifth in figures that need no
marks at all (completions, consultations, e-scout visits). A :class:`Side` works on a second
connection that sees the same snapshot as the run's own (``Store.read_pair``):

1. it numbers the buckets exactly as the run's connection does (same statements, same
   snapshot; :meth:`records` checks the numbers key by key) and reads the marks of the upper
   half of the buckets, which it hands over as rows;
2. then it computes its figures with a workspace of its own (``work(run, workspace)``).

The side only ever saves time: if it fails, or its bucket numbers differ, the run's own
connection does that work itself (:meth:`records` and :meth:`figures` return None). A cancel
stops both. Thread rule: the side's connection is used by its thread only, from start until
:meth:`close`, which the run calls before the connection is closed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from sqlalchemy import Connection

from libtrainer.reports.aggregate import ReportCancelled, Run
from libtrainer.reports.filters import ReportFilters

log = logging.getLogger(__name__)

Rows = list[tuple[Any, ...]]
SideWork = Callable[[Run, Any], Any]  # (run on the side's connection, its Workspace) → figures


class Side:
    """Half of the marks and ``work``'s figures, computed on ``conn`` on a thread of its own."""

    def __init__(
        self,
        conn: Connection,
        filters: ReportFilters,
        work: SideWork,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.conn = conn
        self.filters = filters
        self._work = work
        self._outer_cancelled = cancelled
        self._stop = False
        self._records: Future[tuple[Rows, Rows]] = Future()
        self._figures: Future[tuple[Any, int]] = Future()
        self._thread = threading.Thread(target=self._run, name="lt-report-side", daemon=True)
        self._thread.start()

    # -- the side's thread ----------------------------------------------------------------

    def _cancelled(self) -> bool:
        return self._stop or (self._outer_cancelled is not None and self._outer_cancelled())

    def _run(self) -> None:
        from libtrainer.reports.work import Workspace  # noqa: PLC0415 - work imports this module

        try:
            with Workspace(self.conn, self.filters) as ws:
                ws.prepare()
                ws.fill_records(above=ws.split_point())
                self._records.set_result((ws.bucket_keys(), ws.record_rows()))
                run = Run(self.conn, cancelled=self._cancelled)
                self._figures.set_result((self._work(run, ws), run.done))
        except BaseException as exc:  # noqa: BLE001 - handed to the run's thread, never lost
            for future in (self._records, self._figures):
                if not future.done():
                    future.set_exception(exc)

    # -- the run's thread -------------------------------------------------------------------

    def _result(self, future: Future[Any], what: str) -> Any:
        try:
            return future.result()
        except ReportCancelled:
            raise
        except Exception:
            log.warning(
                "the report's second connection failed (%s); continuing on one", what, exc_info=True
            )
            return None

    def records(self, keys: Rows) -> Rows | None:
        """The side's records (buckets above the split), or None when the caller must read
        them itself: the side failed, or numbered the buckets otherwise than ``keys``."""
        got = self._result(self._records, "records")
        if got is None:
            return None
        side_keys, rows = got
        if side_keys != keys:
            log.warning("the report's second connection numbered the buckets differently")
            return None
        return rows

    def figures(self) -> tuple[Any, int] | None:
        """``work``'s result and how many aggregate steps it took, or None (see module)."""
        result: tuple[Any, int] | None = self._result(self._figures, "figures")
        return result

    def close(self) -> None:
        """Stop the side at its next step and wait for its thread (before its connection closes)."""
        self._stop = True
        self._thread.join()
