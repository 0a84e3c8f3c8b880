"""The one way a widget calls into the core: ``Operation(parent, fn)…run_in_background()``.

After Anki's ``CollectionOp``/``QueryOp`` and its task manager:

- ``fn(job)`` runs on a worker thread and gets a :class:`Job` (the open store, a cancel flag, a
  progress reporter). Writes run on ONE writer thread, so store work is serialised; read-only
  queries (``.read_only()``) run on one reader thread so a search is not stuck behind a sync.
  Work that touches the shared folder (``.uses_share()``: every sync, sending, joining) runs on
  its own share thread: a network drive that stopped answering can block a call in the
  operating system for a minute or more, and a librarian's save must not wait behind it. The
  sync takes the store's writer lock only for each of its transactions (never around the
  folder's I/O, decisions/0303), as a scheduled ``libtrainer sync`` in another process does.
- ``.success(cb)`` / ``.failure(cb)`` are called on the GUI thread with the result or the error.
  Without ``.failure`` the error is shown the standard way (:func:`show_error`).
- ``.with_progress(label, cancellable=…)`` shows a progress dialog, but only when the work takes
  longer than :data:`PROGRESS_DELAY_MS`; cancel is offered only where the caller says it is safe.
  A window-modal dialog also keeps the window from being closed, so for work on the shared
  folder that still runs after :data:`SHARE_PATIENCE_MS` the dialog says the folder is not
  answering and offers "Don't wait": the dialog goes, the work goes on and its outcome is
  still shown, and the window can be closed ("Close anyway", ``gui/close_anyway.py``).

Thread rules: build and start operations on the GUI thread only. ``fn`` must not touch widgets.
Callbacks are dropped when their parent widget has been deleted meanwhile.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from shiboken6 import isValid

from libtrainer.domain.errors import N_, Cancelled, LibtrainerError, stack_without_data
from libtrainer.i18n import _, render
from libtrainer.i18n.oserrors import os_reason

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from libtrainer.store.store import Store
    from libtrainer.store.uow import UnitOfWork

log = logging.getLogger("libtrainer.gui")

T = TypeVar("T")
PROGRESS_DELAY_MS = 500
#: After this long a shared-folder operation's progress dialog offers "Don't wait".
SHARE_PATIENCE_MS = 5_000


class ReadUnit:
    """Quacks like a unit of work for read-only services; it cannot commit. (A plain class:
    no ``dataclasses`` before the window is ready, see ``gui.state.Device``.)"""

    def __init__(self, session: Session, connection: Connection) -> None:
        self.session = session
        self.connection = connection

    def commit(self) -> None:
        raise RuntimeError("a read-only unit cannot commit")


class Job:
    """What a background function gets. Thread rule: used only by the worker running ``fn``."""

    def __init__(self, store: Store | None, progress: Callable[[int, int, str], None]) -> None:
        self._store = store
        self._cancel = threading.Event()
        self._progress = progress

    @property
    def store(self) -> Store:
        if self._store is None:
            raise LibtrainerError(N_("No records are open yet."))
        return self._store

    @property
    def has_store(self) -> bool:
        return self._store is not None

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Stop here (raise :class:`Cancelled`) when cancel was asked for."""
        if self._cancel.is_set():
            raise Cancelled

    def uow(self) -> UnitOfWork:
        """A unit of work on the store (writes: only in operations on the writer thread)."""
        return self.store.uow()

    @contextmanager
    def reader(self) -> Iterator[ReadUnit]:
        """A read-only unit (a session on a snapshot connection) for services that only read.

        It takes no writer lock, so a query on the reader thread is not held up by a sync."""
        from sqlalchemy.orm import Session  # noqa: PLC0415 - the core loads after the window

        with self.store.read() as conn:
            session = Session(bind=conn, expire_on_commit=False)
            try:
                yield ReadUnit(session, conn)
            finally:
                session.close()

    def report(self, done: int, total: int = 0, label: str = "") -> None:
        """Progress for the dialog: ``done`` of ``total`` (0 = unknown) and a short label."""
        self._progress(done, total, label)


class TaskManager(QObject):
    """Owns the worker threads and brings results back to the GUI thread.

    ``busy_changed(bool)`` fires when the first operation starts and when the last one ends;
    benchmarks and tests use it to know when the app is idle.
    """

    busy_changed = Signal(bool)

    def __init__(self, store: Store | None = None) -> None:
        super().__init__()
        self.store = store
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="libtrainer-writer")
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="libtrainer-reader")
        self._share = ThreadPoolExecutor(max_workers=1, thread_name_prefix="libtrainer-share")
        self._pending = 0
        self.not_started = 0
        self._running: set[Future[Any]] = set()  # submitted and not finished (any thread)
        self._running_lock = threading.Lock()
        self.closed = False

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def submit(
        self,
        fn: Callable[[], T],
        done: Callable[[Future[T]], None],
        *,
        read_only: bool = False,
        share: bool = False,
    ) -> Future[T]:
        """Run ``fn`` on a worker (the share thread with ``share``, else the reader thread with
        ``read_only``, else the writer thread); call ``done(future)`` on the GUI thread when it
        ends.

        After :meth:`shutdown` nothing runs: the future returned is already cancelled."""
        if self.closed:
            dropped: Future[T] = Future()
            dropped.cancel()
            return dropped
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        pool = self._share if share else self._reader if read_only else self._writer
        future = pool.submit(fn)
        with self._running_lock:
            self._running.add(future)
        future.add_done_callback(self._forget)
        future.add_done_callback(lambda f: self._post(lambda: self._finish(done, f)))
        return future

    def _forget(self, future: Future[Any]) -> None:
        with self._running_lock:
            self._running.discard(future)

    def run_on_main(self, closure: Callable[[], None]) -> None:
        """Call ``closure`` on the GUI thread (safe from any thread)."""
        self._post(closure)

    def _post(self, closure: Callable[[], None]) -> None:
        """Queue ``closure`` for this object's (the GUI) thread, from any thread — also from
        the GUI thread itself (a future already done when its callback is added, one cancelled
        by :meth:`shutdown`): it never runs before this returns.

        ``QTimer.singleShot(0, context, functor)`` starts no timer: Qt 6 posts it as
        ``QMetaObject::invokeMethod(context, functor, Qt::QueuedConnection)``, the same
        event, in the same queue and order, as a signal connected with
        ``Qt.ConnectionType.QueuedConnection``. Saying that enum in Python would build every
        enum class of the ``Qt`` namespace before the window is ready (decision 0508)."""
        QTimer.singleShot(0, self, lambda: self._on_deliver(closure))

    def _finish(self, done: Callable[[Future[Any]], None], future: Future[Any]) -> None:
        try:
            done(future)
        finally:
            self._pending -= 1
            if self._pending == 0:
                self.busy_changed.emit(False)

    def _on_deliver(self, closure: Callable[[], None]) -> None:
        try:
            closure()
        except Exception:  # noqa: BLE001 - reported as a slot's error is; the queue goes on
            sys.excepthook(*sys.exc_info())

    def shutdown(self, *, wait_seconds: float | None = None) -> bool:
        """Wait for running work to finish, stop the threads, deliver what finished meanwhile
        (so an opened store is not left behind); later operations do not run.

        ``wait_seconds`` bounds the wait (the app's exit: a shared folder on a dead SMB server
        can block a worker in the operating system for minutes). Returns False when work was
        still running then; the caller decides (the app ends the process: nothing is lost, a
        store transaction not committed is rolled back and a bundle is written write-once)."""
        self.closed = True
        self._reader.shutdown(wait=False, cancel_futures=True)
        self._share.shutdown(wait=False, cancel_futures=True)  # a sync queued: the next run's
        self._writer.shutdown(wait=False, cancel_futures=False)
        with self._running_lock:
            running = list(self._running)
        _done, stuck = wait(running, timeout=wait_seconds)
        #: Work queued behind a stuck one, which will not run (the app logs how much).
        self.not_started = sum(1 for f in stuck if not f.running() and not f.done())
        if not stuck:
            self._reader.shutdown(wait=True)
            self._share.shutdown(wait=True)
            self._writer.shutdown(wait=True)
        QCoreApplication.sendPostedEvents(self)
        QCoreApplication.processEvents()
        return not stuck


_manager: TaskManager | None = None


def install(manager: TaskManager | None) -> None:
    """Make ``manager`` the one every :class:`Operation` uses (the app does this once)."""
    global _manager
    _manager = manager


def manager() -> TaskManager:
    if _manager is None:
        raise RuntimeError("operations.install() was not called")
    return _manager


class Operation(Generic[T]):
    """A call into the core, run off the GUI thread. See the module docstring."""

    def __init__(self, parent: QWidget | None, fn: Callable[[Job], T]) -> None:
        self._parent = parent
        self._fn = fn
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._cancelled: Callable[[], None] | None = None
        self._label: str | None = None
        self._cancellable = False
        self._read_only = False
        self._share = False
        self._dialog: QProgressDialog | None = None
        self._timer: QTimer | None = None
        self._patience: QTimer | None = None
        self._slow = False  # a shared-folder operation ran past SHARE_PATIENCE_MS
        self._done = False
        self._last: tuple[int, int, str] = (0, 0, "")

    def success(self, callback: Callable[[T], None]) -> Operation[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Operation[T]:
        self._failure = callback
        return self

    def cancelled(self, callback: Callable[[], None]) -> Operation[T]:
        """Called on the GUI thread when ``fn`` stopped with :class:`Cancelled` (Cancel was
        pressed): the work says what was left undone. Without it, a cancel is silent."""
        self._cancelled = callback
        return self

    def with_progress(self, label: str, *, cancellable: bool = False) -> Operation[T]:
        self._label = label
        self._cancellable = cancellable
        return self

    def read_only(self) -> Operation[T]:
        """Run on the reader thread: for queries that write nothing."""
        self._read_only = True
        return self

    def uses_share(self) -> Operation[T]:
        """Run on the share thread: for work that reads or writes the shared folder, which may
        stop answering (see the module docstring). One at a time, in the order started."""
        self._share = True
        return self

    def run_in_background(self) -> Future[T]:
        """Start the work. When the app is closing (no task manager), nothing runs."""
        tasks = _manager
        if tasks is None or tasks.closed:
            dropped: Future[T] = Future()
            dropped.cancel()
            return dropped
        self.job = Job(tasks.store, self._progress_from_worker)
        if self._label is not None:
            self._timer = QTimer()
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self._show_progress)
            self._timer.start(PROGRESS_DELAY_MS)
            if self._share and not self._cancellable:
                self._patience = QTimer()
                self._patience.setSingleShot(True)
                self._patience.timeout.connect(self._share_slow)
                self._patience.start(SHARE_PATIENCE_MS)
        return tasks.submit(
            lambda: self._fn(self.job),
            self._finished,
            read_only=self._read_only,
            share=self._share,
        )

    # -- GUI thread ----------------------------------------------------------------------------

    def _finished(self, future: Future[T]) -> None:
        self._done = True
        if future.cancelled():
            return
        for timer in (self._timer, self._patience):
            if timer is not None:
                timer.stop()
        if self._dialog is not None:
            self._close_progress(self._dialog)
            self._dialog = None
        if self._parent is not None and not isValid(self._parent):
            return
        error = future.exception()
        if error is None:
            if self._success is not None:
                self._success(future.result())
        elif isinstance(error, Cancelled):
            if self._cancelled is not None:
                self._cancelled()
        elif self._failure is not None:
            self._failure(error)
        else:
            show_error(self._parent, error)

    def _close_progress(self, dialog: QProgressDialog) -> None:
        """Close the progress dialog; when it had the keyboard, give it back to the window it
        covered (a window system without a window manager, or a slow one, leaves no window
        active: Tab and the keys would reach nothing)."""
        had_keyboard = dialog.isActiveWindow()
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()
        parent = dialog.parentWidget()
        if had_keyboard and parent is not None:
            parent.window().activateWindow()

    def _show_progress(self) -> None:
        if self._done or (self._parent is not None and not isValid(self._parent)):
            return
        from PySide6.QtCore import Qt  # noqa: PLC0415 - not at start (decision 0508)
        from PySide6.QtWidgets import QProgressDialog  # noqa: PLC0415 - not at start

        dialog = QProgressDialog(self._label or "", _("Cancel"), 0, 0, self._parent)
        dialog.setWindowTitle(_("Please wait"))
        dialog.setObjectName("progressDialog")
        dialog.setAccessibleName(self._label or _("Please wait"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if self._cancellable:
            dialog.canceled.connect(self.job.cancel)
        else:
            dialog.setCancelButton(None)
        self._dialog = dialog
        self._apply_progress()
        dialog.show()
        if self._slow:
            self._share_slow()

    def _share_slow(self) -> None:
        """The shared folder has not answered for a while: offer not to wait (the dialog
        goes; the work and its outcome do not)."""
        self._slow = True
        if self._done or self._dialog is None:
            return  # the dialog, when it comes, offers it at once
        text = "\n\n".join(
            [
                self._label or "",
                _(
                    "The shared folder is not answering yet. You do not have to wait: this "
                    "goes on in the background and its outcome is shown when it ends."
                ),
            ]
        )
        self._last = (*self._last[:2], text)
        wrap_label(self._dialog, text)
        self._dialog.setCancelButtonText(_("&Don't wait"))  # its cancel only hides the dialog

    def _progress_from_worker(self, done: int, total: int, label: str) -> None:
        self._last = (done, total, label)
        manager().run_on_main(self._apply_progress)

    def _apply_progress(self) -> None:
        if self._dialog is None:
            return
        done, total, label = self._last
        self._dialog.setMaximum(max(total, 0))
        self._dialog.setValue(min(done, total) if total else 0)
        if label:
            self._dialog.setLabelText(label)


def wrap_label(dialog: QProgressDialog, text: str) -> None:
    """Put a longer ``text`` in a progress dialog, wrapped at a readable width (its own label
    does not wrap: the dialog would grow past the screen)."""
    from PySide6.QtCore import Qt  # noqa: PLC0415 - not at start (decision 0508)
    from PySide6.QtWidgets import QLabel  # noqa: PLC0415 - not at start

    from libtrainer.gui import fit  # noqa: PLC0415 - not at start

    label = QLabel(text, objectName="progressText")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setMinimumWidth(fit.readable_width(dialog, 420))
    dialog.setLabel(label)
    dialog.setAccessibleDescription(text)
    dialog.adjustSize()


# --- errors, the standard way -------------------------------------------------------------


def error_text(error: BaseException) -> str:
    """What a person reads for ``error``; anything unexpected is logged (without its message)."""
    if isinstance(error, LibtrainerError):
        return render(error)
    log_unexpected(error)
    from libtrainer.cli.context import current_log_failure  # noqa: PLC0415 - only on errors

    unlogged = current_log_failure()
    if unlogged is not None:  # a full or read-only disk: do not send anyone to an empty log
        path, failure = unlogged
        return _(
            "Something went wrong. Nothing was lost, but the details could not be written to "
            "the log in {folder}: {reason}."
        ).format(folder=path.parent, reason=os_reason(failure))
    return _("Something went wrong. Nothing was lost; the details are in the log.")


def log_unexpected(error: BaseException) -> None:
    """Log the type and the stack (file, line, function) of an unexpected error. Neither its
    message nor the source lines are kept: either could hold personal data."""
    log.error("unexpected error in a background operation: %s", stack_without_data(error))


def show_error(parent: QWidget | None, error: BaseException) -> QMessageBox:
    """Show ``error`` in a window-modal message box (non-blocking)."""
    from PySide6.QtCore import Qt  # noqa: PLC0415 - not at start (decision 0508)
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - not at start

    box = QMessageBox(parent)
    box.setObjectName("errorBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("libtrainer"))
    box.setTextFormat(Qt.TextFormat.PlainText)  # file names and cell values are data
    box.setText(error_text(error))
    box.setAccessibleName(_("Error message"))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
