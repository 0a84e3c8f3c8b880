"""How the app window performs on realistic and large stores (Qt offscreen).

Prints, in one run:

1. start-up (``startup_app_s``, ``startup_bare_s``, ``startup_ratio``; target ≤ 1.5): time from
   process start until the main window is shown and idle on a region-size demo store (~20,000
   participants, 150,000 attendance marks), against a bare PySide6 QMainWindow with one
   QTableView measured the same way in the same run. "Shown and idle" means, for both: the
   window is visible and the event loop is about to block waiting for input
   (``QAbstractEventDispatcher.aboutToBlock``); for the app also: the store has been opened
   and checked — key right, schema current, device read (``MainWindow.sign_in_ready``; see
   docs/decisions/0505-sign-in-ready-before-the-core.md) — and no operation is running. The
   window then shows the sign-in panel, which is where a person starts. The store's
   SQLAlchemy layer is built when the person starts typing; that is not work put off behind a
   timer: nothing runs until they act. The warm-up run proves it: it waits a second after
   READY and reports the CPU the process used meanwhile, how many operations started and
   whether SQLAlchemy or Alembic got imported (``idle_*``);
2. ``first_paint_s``: until the first event-loop turn after the window was shown;
3. ``signed_in_today_s``: until signed in (scrypt) with the Today screen filled and no
   background work left, signing in the moment the panel is ready (no typing time, so the
   store is opened only then — the slowest case);
4. participant search latency per keystroke at 100,000 participants: from the key press until
   the matching ids are in the list model, and until the first screenful of rows is shown
   (median and 90th percentile over typed names; target ≤ 30 ms median);
5. peak RSS of a process that scrolls a 1,000,000-row participant list (lazy model, rows read
   from the store) to the end (target ≤ 300 MB);

then ONE JSON line of figures. Start-up figures are medians over ``--runs`` runs.

    .venv/bin/python bench/gui.py [--runs 5] [--cache DIR]

``--cache DIR`` keeps the generated stores between runs (creating the region demo store takes
a few minutes). Every process runs with QT_QPA_PLATFORM=offscreen. Other work on the machine
changes every figure: note the load (``uptime``) with them.

The app process (``bench/gui_child.py``, which imports nothing but what it needs) does what the
``libtrainer`` command does without a sub-command: it imports the CLI module, makes its context
and starts the window (``gui.app.start``); that path loads no command module and no SQLAlchemy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from gui_child import LOGIN, PASSWORD, QUIET_S
from kept import reusable

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

TARGET_RATIO, TARGET_SEARCH_MS, TARGET_RSS_MB = 1.5, 30.0, 300.0

BARE = """
import sys, time
from PySide6.QtCore import QAbstractEventDispatcher
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv)
window = QMainWindow()
view = QTableView()
view.setModel(QStandardItemModel(0, 5))
window.setCentralWidget(view)
window.resize(1200, 760)
window.show()
fired = []
def done():
    if not fired:
        fired.append(True)
        print("READY", time.time(), flush=True)
        app.quit()
QAbstractEventDispatcher.instance().aboutToBlock.connect(done)
app.exec()
"""


# --- stores ------------------------------------------------------------------------------------


def _env(tmp: Path) -> dict[str, str]:
    """Child processes: offscreen Qt, a private HOME and settings, and compiled bytecode kept
    in a private cache (an installed app runs from .pyc files; these machines set
    PYTHONDONTWRITEBYTECODE, which would make every start compile the whole package)."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp / "home"),
        LIBTRAINER_SETTINGS=str(tmp / "settings.ini"),
        PYTHONPATH=str(ROOT / "src"),
        PYTHONPYCACHEPREFIX=str(tmp / "pycache"),
    )
    env.pop("LIBTRAINER_DATA_DIR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _account(store: Any) -> None:
    from libtrainer.services import accounts

    with store.uow() as uow:
        accounts.create_account(
            uow,
            login=LOGIN,
            password=PASSWORD,
            role="admin",
            given_name="Bench",
            family_name="Mark",
        )


def region_store(folder: Path) -> Path:
    """The region-size demonstration store (made once; reused from --cache)."""
    if reusable(folder):
        return folder
    from libtrainer.services import setup, storefile
    from libtrainer.services.demo import catalogue, fill

    print("creating the region demo store (a few minutes) …", flush=True)
    store = storefile.create(folder, demo=True)
    try:
        setup.initialise(
            store,
            region=catalogue.HOME_REGION,
            library=catalogue.HOME_LIBRARY,
            branch=catalogue.HOME_BRANCH,
            device_name="Bench",
            role="branch",
        )
        fill(store, size="region", seed=7)
        _account(store)
    finally:
        store.close()
    return folder


def people_store(folder: Path, count: int) -> Path:
    """A store with ``count`` generated participants (bulk insert, capture off: setup only)."""
    if reusable(folder):
        return folder
    from sqlalchemy import insert

    from libtrainer.domain.ids import new_id
    from libtrainer.services import setup, storefile
    from libtrainer.services.demo import names
    from libtrainer.services.participants import name_key
    from libtrainer.store.capture import capture_suspended
    from libtrainer.store.models import Participant

    print(f"creating a store with {count:,} participants …", flush=True)
    store = storefile.create(folder, demo=True)
    try:
        ident = setup.initialise(
            store,
            region="Alytaus apskritis",
            library="Bench",
            branch="Bench",
            device_name="Bench",
            role="branch",
        )
        rnd = random.Random(5)
        given = names.LT_FEMALE + names.LT_MALE + names.LV_FEMALE + names.LV_MALE
        family = names.LT_FAMILY + tuple(m for m, _f in names.LV_FAMILY)
        with store.uow() as uow, capture_suspended(uow.connection):
            for start in range(0, count, 50_000):
                rows = []
                for _ in range(min(50_000, count - start)):
                    g, f = rnd.choice(given), rnd.choice(family)
                    rows.append(
                        {
                            "id": new_id(),
                            "branch_id": ident.branch_id,
                            "given_name": g,
                            "family_name": f,
                            "name_key": name_key(g, f),
                            "birth_year": rnd.randint(1935, 2010),
                        }
                    )
                uow.connection.execute(insert(Participant), rows)
            uow.commit()
        _account(store)
    finally:
        store.close()
    return folder


# --- 1. start-up --------------------------------------------------------------------------------

#: After READY, the warm-up run of the app waits this long (not timed) and reports what the
#: process did meanwhile: work postponed to "just after ready" would show up here.
CHILD = Path(__file__).with_name("gui_child.py")


def _timed(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    start = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=True)
    marks: dict[str, Any] = {}
    for line in out.stdout.splitlines():
        key, _sep, value = line.partition(" ")
        if key in ("PAINT", "READY", "SIGNED"):
            marks[key.lower()] = float(value) - start
        elif key == "QUIET":
            cpu, ops, core = value.split()
            marks["quiet"] = (float(cpu), int(ops), core)
    return marks


def startup(data_dir: Path, tmp: Path, runs: int) -> dict[str, Any]:
    env = _env(tmp)
    app = [PYTHON, str(CHILD), str(data_dir)]
    bare, ready, paint, signed = [], [], [], []
    _timed([PYTHON, "-c", BARE], env)  # warm-up: bytecode compiled, files in the page cache
    quiet = _timed([*app, "--quiet"], env)["quiet"]  # warm-up, and the check of idleness
    for _ in range(runs):
        bare.append(_timed([PYTHON, "-c", BARE], env)["ready"])
        marks = _timed(app, env)
        ready.append(marks["ready"])
        paint.append(marks["paint"])
        signed.append(marks["signed"])
    b, r = statistics.median(bare), statistics.median(ready)
    p, s = statistics.median(paint), statistics.median(signed)
    return {
        "startup_bare_s": round(b, 3),
        "startup_app_s": round(r, 3),
        "startup_ratio": round(r / b, 2),
        "first_paint_s": round(p, 3),
        "first_paint_ratio": round(p / b, 2),
        "signed_in_today_s": round(s, 3),
        "signed_in_today_ratio": round(s / b, 2),
        "idle_cpu_ms_after_ready": quiet[0],
        "idle_operations_after_ready": quiet[1],
        "idle_core_loaded": quiet[2] != "-",
    }


# --- 2. search latency ---------------------------------------------------------------------------

WORDS = (
    "sarunas",
    "jonaitis",
    "ruta kaz",
    "petr",
    "ozolin",
    "gint",
    "zemait",
    "ona",
    "berzins",
    "laima",
)


def child_search(data_dir: str) -> None:
    """Process body: open the Participants screen, type names, print per-keystroke latencies."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest

    from libtrainer.gui import app as gui_app
    from libtrainer.gui.settings import GuiSettings

    gui_app.ensure_app(["bench"])
    state = gui_app.make_state(Path(data_dir), GuiSettings())
    window: Any = gui_app.launch(state)
    window.resize(1366, 768)

    def wait(predicate: Any, limit: float = 120.0) -> None:
        """Run the event loop (blocking natively, as the app does) until ``predicate``."""
        end = time.monotonic() + limit
        while not predicate():
            if time.monotonic() > end:
                raise SystemExit("timed out")
            loop = QEventLoop()
            timer = QTimer()
            timer.setSingleShot(True)
            timer.timeout.connect(loop.quit)
            screen_now = window.current_screen()
            if screen_now is not None and hasattr(screen_now, "searched"):
                screen_now.searched.connect(loop.quit)
                screen_now.model.rows_loaded.connect(loop.quit)
            timer.start(50)
            loop.exec()
            if screen_now is not None and hasattr(screen_now, "searched"):
                screen_now.searched.disconnect(loop.quit)
                screen_now.model.rows_loaded.disconnect(loop.quit)

    wait(lambda: window.sign_in_ready)
    window.sign_in.login.setText(LOGIN)
    window.sign_in.password.setText(PASSWORD)
    window.sign_in.button.click()
    wait(lambda: window.workspace is not None)
    screen = window.go("participants")
    wait(lambda: screen.index is not None and screen.model.total > 0 and not state.tasks.busy)
    print("INDEX", len(screen.index.ids), flush=True)
    results: dict[str, float] = {}
    screen.searched.connect(lambda text: results.setdefault(text, time.perf_counter()))
    screen.search.setFocus()
    for word in WORDS:
        if screen.search.text():
            screen.search.clear()
            wait(lambda: "" in results)
        results.clear()
        typed = ""
        for ch in word:
            typed += ch
            start = time.perf_counter()
            key: Any = ch if ch != " " else Qt.Key.Key_Space
            QTest.keyClick(screen.search, key)
            wait(lambda t=typed: t in results)
            ids_ms = (results[typed] - start) * 1000
            wait(lambda: screen.model.rowCount() == 0 or screen.model.cached(0) is not None)
            shown_ms = (time.perf_counter() - start) * 1000
            print("KEY", f"{ids_ms:.3f}", f"{shown_ms:.3f}", screen.model.total, flush=True)
    gui_app.shutdown(state)
    os._exit(0)


def search(data_dir: Path, tmp: Path) -> dict[str, float]:
    out = subprocess.run(
        [PYTHON, __file__, "--child-search", str(data_dir)],
        env=_env(tmp),
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    ids, shown = [], []
    for line in out.stdout.splitlines():
        if line.startswith("KEY "):
            _k, a, b, _n = line.split()
            ids.append(float(a))
            shown.append(float(b))
    ids.sort()
    shown.sort()
    return {
        "search_keystrokes": len(ids),
        "search_median_ms": round(statistics.median(ids), 2),
        "search_p90_ms": round(ids[int(len(ids) * 0.9)], 2),
        "search_shown_median_ms": round(statistics.median(shown), 2),
    }


# --- 3. memory of a million-row list --------------------------------------------------------------


def child_scroll(data_dir: str) -> None:
    """Process body: a lazy participant list of every id, scrolled to the very end."""
    from PySide6.QtCore import QEventLoop, QModelIndex
    from sqlalchemy import select

    from libtrainer.services import storefile
    from libtrainer.store.models import Participant

    from libtrainer.gui import app as gui_app
    from libtrainer.gui import people_queries
    from libtrainer.gui.models import CompactIds, LazyTableModel
    from libtrainer.gui.operations import Operation
    from libtrainer.gui.settings import GuiSettings
    from libtrainer.gui.widgets import table_view

    qt_app = gui_app.ensure_app(["bench"])
    state = gui_app.make_state(Path(data_dir), GuiSettings())
    state.tasks.store = storefile.open_store(Path(data_dir))

    def fetch(job: Any, ids: list[str]) -> dict[str, Any]:
        with job.reader() as unit:
            return people_queries.participant_rows(unit.session, ids)

    def all_ids(job: Any) -> CompactIds:
        ids = CompactIds()
        stmt = select(Participant.id).order_by(Participant.name_key)
        with job.store.read() as conn:
            result = conn.execution_options(stream_results=True, yield_per=20_000).execute(stmt)
            for part in result.scalars().partitions():
                ids.extend(part)
        return ids

    model = LazyTableModel(["Family", "Given", "Born", "Code", "Branch"], fetch)
    view = table_view("bench", model, (0, 1, 4), lazy=True)
    view.resize(1200, 700)
    view.show()
    got: list[CompactIds] = []
    Operation(None, all_ids).read_only().success(got.append).run_in_background()

    def pump(predicate: Any) -> None:
        while not predicate():
            qt_app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    pump(lambda: bool(got))
    model.set_ids(got.pop())
    steps = 0
    while model.canFetchMore(QModelIndex()):
        view.scrollToBottom()
        qt_app.processEvents()
        steps += 1
    view.scrollToBottom()
    pump(lambda: model.cached(model.rowCount() - 1) is not None and not state.tasks.busy)
    last = model.index(model.rowCount() - 1, 0).data()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("ROWS", model.rowCount(), steps, last, flush=True)
    print("RSS", peak_kb / 1024, flush=True)
    gui_app.shutdown(state)
    os._exit(0)


def scroll(data_dir: Path, tmp: Path) -> dict[str, float]:
    out = subprocess.run(
        [PYTHON, __file__, "--child-scroll", str(data_dir)],
        env=_env(tmp),
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    figures: dict[str, float] = {}
    for line in out.stdout.splitlines():
        if line.startswith("ROWS "):
            figures["scroll_rows"] = int(line.split()[1])
        if line.startswith("RSS "):
            figures["scroll_peak_rss_mb"] = round(float(line.split()[1]), 1)
    return figures


# --- main -----------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache", help="keep generated stores in this folder")
    parser.add_argument("--search-people", type=int, default=100_000)
    parser.add_argument("--scroll-rows", type=int, default=1_000_000)
    parser.add_argument("--child-search")
    parser.add_argument("--child-scroll")
    args = parser.parse_args(argv)
    if args.child_search:
        child_search(args.child_search)
    if args.child_scroll:
        child_scroll(args.child_scroll)
    with tempfile.TemporaryDirectory(prefix="libtrainer-bench-gui-") as name:
        tmp = Path(name)
        os.environ["HOME"] = str(tmp / "home")
        cache = Path(args.cache) if args.cache else tmp
        region = region_store(cache / "region")
        people = people_store(cache / f"people-{args.search_people}", args.search_people)
        million = people_store(cache / f"people-{args.scroll_rows}", args.scroll_rows)
        figures: dict[str, Any] = {}
        figures.update(startup(region, tmp, args.runs))
        print(
            f"start-up, shown and idle (sign-in panel, store checked): app "
            f"{figures['startup_app_s']} s, bare Qt {figures['startup_bare_s']} s, ratio "
            f"{figures['startup_ratio']} (target ≤ {TARGET_RATIO}); first paint "
            f"{figures['first_paint_s']} s, ratio {figures['first_paint_ratio']}; signed in "
            f"with Today filled {figures['signed_in_today_s']} s, ratio "
            f"{figures['signed_in_today_ratio']}; in the {QUIET_S:.0f} s after ready: "
            f"{figures['idle_cpu_ms_after_ready']} ms CPU, "
            f"{figures['idle_operations_after_ready']} operations, core loaded: "
            f"{figures['idle_core_loaded']}",
            flush=True,
        )
        figures.update(search(people, tmp))
        print(
            f"search at {args.search_people:,} people: median {figures['search_median_ms']} ms "
            f"per keystroke (p90 {figures['search_p90_ms']} ms; first rows shown "
            f"{figures['search_shown_median_ms']} ms; target ≤ {TARGET_SEARCH_MS})",
            flush=True,
        )
        figures.update(scroll(million, tmp))
        print(
            f"scrolled {figures.get('scroll_rows', 0):,} rows to the end: peak RSS "
            f"{figures.get('scroll_peak_rss_mb')} MB (target ≤ {TARGET_RSS_MB})",
            flush=True,
        )
        figures.update(
            {
                "search_people": args.search_people,
                "target_startup_ratio": TARGET_RATIO,
                "target_search_ms": TARGET_SEARCH_MS,
                "target_rss_mb": TARGET_RSS_MB,
            }
        )
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
