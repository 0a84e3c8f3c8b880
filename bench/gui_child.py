"""The app process of bench/gui.py's start-up figure: ``python bench/gui_child.py DATA_DIR
[--quiet]``. It imports only what it needs, so the harness costs the app nothing the bare
window's process does not pay too. Prints PAINT, READY, (QUIET) and SIGNED marks."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

LOGIN, PASSWORD = "bench", "bench-password"
QUIET_S = 1.0


def child_app(data_dir: str, quiet: bool) -> None:
    """Process body: start the app on ``data_dir`` as ``libtrainer`` does; READY when the
    sign-in panel is shown and idle (see the module docstring); then, after the quiet check
    when asked for, sign in at once and report when Today is filled (SIGNED)."""
    # What the ``libtrainer`` command does before its window (cli.main and cli._no_command):
    # the CLI module, its context, the store key sought on its own thread, then Qt and the app.
    from libtrainer import cli

    from libtrainer.gui import opening

    ctx = cli.Context.from_args(argparse.Namespace(data_dir=data_dir, passphrase_file=None))
    opening.prefetch_key(Path(ctx.data_dir))

    from PySide6.QtCore import QAbstractEventDispatcher, QTimer

    from libtrainer.gui import app as gui_app
    from libtrainer.gui.settings import GuiSettings

    qt_app = gui_app.ensure_app(["bench"])
    state = gui_app.start(qt_app, Path(ctx.data_dir), GuiSettings(), [], log_path=ctx.log_path)
    window = state.window
    QTimer.singleShot(0, lambda: print("PAINT", time.time(), flush=True))
    panel = window.sign_in
    marks: dict[str, Any] = {"ops_after_ready": 0}

    def counted(busy: bool) -> None:
        if busy and "ready" in marks and "signing" not in marks:
            marks["ops_after_ready"] += 1

    state.tasks.busy_changed.connect(counted)

    def about_to_block() -> None:
        if "ready" in marks or not window.isVisible() or state.tasks.busy:
            return
        if not window.sign_in_ready:
            return
        marks["ready"] = time.time()
        print("READY", marks["ready"], flush=True)
        if quiet:
            marks["cpu"] = time.process_time()
            QTimer.singleShot(int(QUIET_S * 1000), quiet_done)
        else:
            QTimer.singleShot(0, sign_in)

    def quiet_done() -> None:
        cpu_ms = (time.process_time() - marks["cpu"]) * 1000
        core = sorted(m for m in ("sqlalchemy", "alembic") if m in sys.modules)
        print("QUIET", f"{cpu_ms:.1f}", marks["ops_after_ready"], ",".join(core) or "-", flush=True)
        sign_in()

    def sign_in() -> None:
        marks["signing"] = True
        panel.login.setText(LOGIN)
        panel.password.setText(PASSWORD)
        panel.button.click()
        check_signed_in()

    def check_signed_in() -> None:
        if panel.message.isVisible() and panel.message.text():
            print("FAILED", panel.message.text(), flush=True)
            qt_app.exit(1)
            return
        screen = window.current_screen()
        if (
            screen is not None
            and screen.key == "today"
            and not state.tasks.busy
            and (screen.figures["participants"].text() != "…")
        ):
            print("SIGNED", time.time(), flush=True)
            qt_app.quit()
        else:
            QTimer.singleShot(2, check_signed_in)

    dispatcher = QAbstractEventDispatcher.instance()
    assert dispatcher is not None
    dispatcher.aboutToBlock.connect(about_to_block)
    code = qt_app.exec()
    gui_app.shutdown(state)
    os._exit(code)


if __name__ == "__main__":
    child_app(sys.argv[1], "--quiet" in sys.argv[2:])
