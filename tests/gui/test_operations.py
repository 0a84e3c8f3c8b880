"""The operation helper: work off the GUI thread, results back on it, errors one way."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from libtrainer.domain.errors import N_, LibtrainerError, ValidationError

from libtrainer.gui import operations
from libtrainer.gui.operations import Operation, TaskManager

WAIT_MS = 10_000


@pytest.fixture
def tasks(qapp: Any) -> Any:
    manager = TaskManager()
    operations.install(manager)
    yield manager
    manager.shutdown()
    operations.install(None)


@pytest.fixture
def parent(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_gui_thread_keeps_processing_events_while_a_long_operation_runs(
    tasks: Any, parent: QWidget, qtbot: Any
) -> None:
    """A timer on the GUI thread keeps ticking while the worker is busy; the result comes back
    on the GUI thread once the work ends."""
    release = threading.Event()
    seen: dict[str, Any] = {}

    def long_work(job: Any) -> str:
        seen["worker"] = QThread.currentThread()
        assert release.wait(30)
        return "done"

    def success(value: str) -> None:
        seen["value"] = value
        seen["callback"] = QThread.currentThread()

    Operation(parent, long_work).success(success).run_in_background()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(1)
    qtbot.waitUntil(lambda: len(ticks) >= 20, timeout=WAIT_MS)
    assert "value" not in seen and tasks.busy
    release.set()
    qtbot.waitUntil(lambda: "value" in seen, timeout=WAIT_MS)
    timer.stop()
    assert seen["value"] == "done"
    assert seen["callback"] is QApplication.instance().thread()
    assert seen["worker"] is not seen["callback"]
    qtbot.waitUntil(lambda: not tasks.busy, timeout=WAIT_MS)


def test_writes_run_one_at_a_time_on_one_worker(tasks: Any, parent: QWidget, qtbot: Any) -> None:
    """Two writing operations never overlap: the store has one writer."""
    running, overlaps, done = [0], [], []
    lock = threading.Lock()

    def work(job: Any) -> None:
        with lock:
            running[0] += 1
            overlaps.append(running[0])
        threading.Event().wait(0.02)
        with lock:
            running[0] -= 1

    for _ in range(4):
        Operation(parent, work).success(lambda _r: done.append(1)).run_in_background()
    qtbot.waitUntil(lambda: len(done) == 4, timeout=WAIT_MS)
    assert max(overlaps) == 1


def test_a_libtrainer_error_is_shown_in_the_persons_language(
    tasks: Any, parent: QWidget, qtbot: Any
) -> None:
    """Without a failure callback a LibtrainerError opens the standard message box with the
    rendered message (the field's label filled in)."""

    def fail(job: Any) -> None:
        raise ValidationError("birth_year", N_("{field_label} must be a year such as 1957."))

    Operation(parent, fail).run_in_background()
    qtbot.waitUntil(lambda: parent.findChild(QMessageBox, "errorBox") is not None, timeout=WAIT_MS)
    box = parent.findChild(QMessageBox, "errorBox")
    assert box.text() == "Birth year must be a year such as 1957."
    box.close()


def test_an_unexpected_error_shows_a_generic_message_and_logs_no_personal_data(
    tasks: Any, parent: QWidget, qtbot: Any, caplog: Any
) -> None:
    """A bug shows "Something went wrong"; the log has the traceback but not the message
    (which could hold a name)."""
    failures: list[str] = []

    def fail(job: Any) -> None:
        raise KeyError("Šarūnas Žemaitis")

    with caplog.at_level(logging.ERROR, logger="libtrainer.gui"):
        Operation(parent, fail).failure(
            lambda e: failures.append(operations.error_text(e))
        ).run_in_background()
        qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    assert failures[0].startswith("Something went wrong")
    assert "KeyError" in caplog.text and "fail" in caplog.text
    assert "Šarūnas" not in caplog.text


def test_progress_dialog_appears_only_for_slow_work_and_cancel_reaches_the_job(
    tasks: Any, parent: QWidget, qtbot: Any
) -> None:
    """Quick work shows no dialog; slow work shows one after the delay, whose Cancel sets the
    job's flag; a cancelled job calls neither callback."""
    quick: list[int] = []
    Operation(parent, lambda job: 1).with_progress("Quick").success(
        quick.append
    ).run_in_background()
    qtbot.waitUntil(lambda: quick == [1], timeout=WAIT_MS)
    assert parent.findChild(QWidget, "progressDialog") is None

    cancelled = threading.Event()
    called: list[str] = []

    def slow(job: Any) -> None:
        for _ in range(3000):
            if job.cancelled:
                cancelled.set()
                job.check()
            threading.Event().wait(0.01)

    Operation(parent, slow).with_progress("Slow", cancellable=True).success(
        lambda _r: called.append("success")
    ).failure(lambda _e: called.append("failure")).run_in_background()
    qtbot.waitUntil(
        lambda: parent.findChild(QWidget, "progressDialog") is not None, timeout=WAIT_MS
    )
    dialog = parent.findChild(QWidget, "progressDialog")
    dialog.findChild(QPushButton).click()
    qtbot.waitUntil(cancelled.is_set, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not tasks.busy, timeout=WAIT_MS)
    assert called == []


def test_callbacks_of_a_deleted_widget_are_dropped(tasks: Any, qtbot: Any) -> None:
    """When the parent widget is gone before the result arrives, nothing is called."""
    release = threading.Event()
    called: list[int] = []
    widget = QWidget()
    Operation(widget, lambda job: release.wait(30)).success(
        lambda _r: called.append(1)
    ).run_in_background()
    widget.deleteLater()
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, 0)
    release.set()
    qtbot.waitUntil(lambda: not tasks.busy, timeout=WAIT_MS)
    assert called == []


def test_after_shutdown_operations_do_not_run(qapp: Any, parent: QWidget) -> None:
    """A closing app (task manager shut down) runs nothing more."""
    manager = TaskManager()
    operations.install(manager)
    manager.shutdown()
    ran: list[int] = []
    future = Operation(parent, lambda job: ran.append(1)).run_in_background()
    operations.install(None)
    assert future.cancelled() and ran == []


def test_error_text_of_a_libtrainer_error_is_rendered(qapp: Any) -> None:
    """error_text renders LibtrainerError params."""
    assert operations.error_text(LibtrainerError("At most {n}.", n=3)) == "At most 3."


def test_results_and_closures_reach_the_gui_thread_queued_and_in_order(
    tasks: Any, qtbot: Any
) -> None:
    """From a worker or the GUI thread, a closure runs later on the GUI thread, in order."""
    gui = QThread.currentThread()
    ran: list[tuple[str, bool]] = []

    def note(name: str) -> Any:
        return lambda: ran.append((name, QThread.currentThread() is gui))

    def work() -> str:
        for n in range(3):
            tasks.run_on_main(note(f"worker {n}"))
        return "result"

    tasks.run_on_main(note("gui"))
    assert ran == []  # never called before run_on_main returns
    done = tasks.submit(work, lambda future: ran.append((future.result(), True)))
    done.result(timeout=30)
    qtbot.waitUntil(lambda: len(ran) == 5, timeout=WAIT_MS)
    assert ran == [("gui", True), *((f"worker {n}", True) for n in range(3)), ("result", True)]
    qtbot.waitUntil(lambda: not tasks.busy, timeout=WAIT_MS)


def test_a_failing_closure_is_reported_and_the_next_ones_still_run(tasks: Any, qtbot: Any) -> None:
    """An error in a delivered closure goes to sys.excepthook, as a slot's error does."""
    ran: list[int] = []

    def fail() -> None:
        raise ValueError("boom")

    with qtbot.captureExceptions() as errors:
        tasks.run_on_main(fail)
        tasks.run_on_main(lambda: ran.append(1))
        qtbot.waitUntil(lambda: ran == [1], timeout=WAIT_MS)
    assert [type(e[1]) for e in errors] == [ValueError]


def test_exit_waits_a_bounded_time_for_work_stuck_in_the_system(qapp: Any) -> None:
    """A worker blocked (a dead network share) makes a bounded shutdown return False at once
    after its time; an unbounded shutdown would wait. Nothing is cancelled or lost."""
    manager = TaskManager()
    release = threading.Event()
    manager.submit(lambda: release.wait(30), lambda _f: None)
    manager.submit(lambda: None, lambda _f: None)  # queued behind it: reported as not started
    try:
        assert manager.shutdown(wait_seconds=0.2) is False
        assert manager.closed and manager.busy and manager.not_started == 1
    finally:
        release.set()
    assert manager.shutdown() is True


def test_the_app_leaves_the_store_to_stuck_work_and_says_so(
    make_state: Any, tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """app.shutdown with a bound: stuck work → False, logged without personal data, the store
    is not closed under the worker; finished work → True as before."""
    from libtrainer.gui import app as gui_app

    state = make_state(tmp_path / "data")
    release = threading.Event()
    state.tasks.submit(lambda: release.wait(30), lambda _f: None)
    sentinel = object()
    state.tasks.store = sentinel
    try:
        with caplog.at_level(logging.WARNING, logger="libtrainer.gui"):
            assert gui_app.shutdown(state, wait_seconds=0.2) is False
        assert state.tasks.store is sentinel
        assert "still running" in caplog.text
    finally:
        release.set()
        state.tasks.store = None
    assert gui_app.shutdown(state, wait_seconds=5) is True


def test_a_save_does_not_wait_behind_work_on_the_shared_folder(
    tasks: Any, parent: QWidget, qtbot: Any
) -> None:
    """Work that hangs on the shared folder runs on its own thread: a write started after it
    finishes, and a second share operation waits its turn behind the first."""
    release = threading.Event()
    order: list[str] = []

    def hanging(job: Any) -> None:
        order.append(threading.current_thread().name)
        assert release.wait(30)

    Operation(parent, hanging).uses_share().run_in_background()
    Operation(parent, lambda job: order.append("second share")).uses_share().run_in_background()
    saved: list[str] = []
    Operation(parent, lambda job: threading.current_thread().name).success(
        saved.append
    ).run_in_background()
    try:
        qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
        assert saved[0].startswith("libtrainer-writer")
        assert order == [order[0]] and order[0].startswith("libtrainer-share")
    finally:
        release.set()
    qtbot.waitUntil(lambda: "second share" in order, timeout=WAIT_MS)


def test_exit_runs_queued_saves_while_the_shared_folder_hangs(qapp: Any) -> None:
    """Closing while a sync hangs on a dead network drive: saves queued meanwhile still run
    before the bounded exit gives up on the sync; only the sync is left behind."""
    manager = TaskManager()
    release = threading.Event()
    saved = threading.Event()
    manager.submit(lambda: release.wait(30), lambda _f: None, share=True)
    manager.submit(saved.set, lambda _f: None)
    try:
        assert manager.shutdown(wait_seconds=0.5) is False
        assert saved.is_set() and manager.not_started == 0
    finally:
        release.set()
    assert manager.shutdown() is True


def test_an_error_the_log_cannot_keep_is_not_said_to_be_in_the_log(
    qapp: Any, tmp_path: Any
) -> None:
    """When the log cannot be written (its folder's name is taken by a file, as a read-only
    or full disk would refuse it), the window says so and why instead of "the details are in
    the log"."""
    from libtrainer.cli.context import setup_logging

    data = tmp_path / "data"
    data.mkdir()
    (data / "logs").write_text("not a folder", encoding="utf-8")
    setup_logging(data)
    text = operations.error_text(RuntimeError("a bug"))
    assert "the details are in the log" not in text
    assert "could not be written to the log" in text and "a file of that name" in text


def test_the_window_under_a_closed_progress_dialog_gets_the_keyboard_back(
    tasks: Any, qtbot: Any
) -> None:
    """When slow work ends, its progress dialog goes and the window it covered is active
    again, its field keeping the keyboard (without a window manager none would be)."""
    window = QWidget()
    qtbot.addWidget(window)
    button = QPushButton("Šaukti", window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    button.setFocus()
    release = threading.Event()
    done: list[int] = []
    Operation(window, lambda job: release.wait(30)).with_progress("Slow").success(
        lambda _r: done.append(1)
    ).run_in_background()
    qtbot.waitUntil(
        lambda: window.findChild(QWidget, "progressDialog") is not None, timeout=WAIT_MS
    )
    dialog = window.findChild(QWidget, "progressDialog")
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
    release.set()
    qtbot.waitUntil(lambda: done == [1], timeout=WAIT_MS)
    assert QApplication.activeWindow() is window
    assert QApplication.focusWidget() is button
