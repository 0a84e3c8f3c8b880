"""Sending while the app is closed: an hourly ``libtrainer sync`` registered with the system.

A branch PC's last work of the day often waits for the next time someone opens libtrainer,
and a lecturer's laptop may reach the shared folder only when nobody has the app open. So an
administrator can ask, in Settings, that this computer also sends every hour while the app is
closed. This module registers that with the operating system's own scheduler, for the person
signed in to the computer (no administrator rights, nothing installed beside the app):

* **Windows**: a Task Scheduler task (``schtasks /Create /XML``), run only while that person is
  signed in to Windows (so the key in their Credential Manager is readable), hourly, catching up
  a missed hour (``StartWhenAvailable``), never two at once, stopped after 30 minutes, and run
  with ``pythonw`` so no console window flashes up on a public PC.
* **Linux**: a systemd user timer and service in ``~/.config/systemd/user`` (``Persistent`` so
  a missed hour runs after start-up; the user's session bus reaches the keyring).

The command is plain ``libtrainer --data-dir DIR sync``: it uses the shared folder set in
Settings, says nothing and changes nothing when the folder is not reachable, and waits for the
app's own writes (the store's busy timeout), so running beside an open window is safe.

Reboot-restore software ("Deep Freeze") throws scheduled tasks away at every restart while the
data folder survives on its thawed drive. The choice is therefore kept in the store, and the
window registers the task again on every sign-in (:func:`ensure`); registering is idempotent.

A store protected by a passphrase cannot be opened by a task nobody types into: that is refused
with a message saying so. Commands run without a shell, with their arguments as a list.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from libtrainer.domain.errors import N_, LibtrainerError

log = logging.getLogger("libtrainer.sync.scheduled")

#: Runs a command; gives its exit status and its output (stdout and stderr together).
Runner = Callable[[Sequence[str]], tuple[int, str]]

TASK_NS = "http://schemas.microsoft.com/windows/2004/02/mit/task"
RUN_TIMEOUT_S = 60


class ScheduleError(LibtrainerError):
    """The system's scheduler cannot be used for the scheduled send (the reason says why)."""


@dataclass(frozen=True)
class Scheduler:
    """Where and how the task is registered on this computer."""

    system: str  #: "windows" or "systemd"
    name: str  #: the task's (unit's) name, one per data folder
    command: tuple[str, ...]  #: what the task runs
    config_dir: Path | None = None  #: systemd: the user's configuration folder


def task_name(data_dir: Path) -> str:
    """``libtrainer-sync-<10 hex>``: one task per data folder, the same on every call."""
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8")).hexdigest()
    return f"libtrainer-sync-{digest[:10]}"


def sync_command(data_dir: Path, executable: str | None = None) -> tuple[str, ...]:
    """The command the task runs: this Python (``pythonw`` on Windows) running libtrainer."""
    exe = executable or sys.executable
    folder = str(Path(data_dir).resolve())
    if getattr(sys, "frozen", False):  # a packaged app: its own executable takes the arguments
        return (exe, "--data-dir", folder, "sync")
    if os.name == "nt":
        quiet = Path(exe).with_name("pythonw.exe")
        if quiet.exists():
            exe = str(quiet)
    return (exe, "-m", "libtrainer", "--data-dir", folder, "sync")


def detect(data_dir: Path, *, config_dir: Path | None = None) -> Scheduler:
    """The scheduler of this computer, or :class:`ScheduleError` when it has none we use."""
    name, command = task_name(data_dir), sync_command(data_dir)
    if os.name == "nt":
        return Scheduler("windows", name, command)
    if sys.platform.startswith("linux"):
        if config_dir is None:
            xdg = os.environ.get("XDG_CONFIG_HOME")
            config_dir = Path(xdg) if xdg else Path.home() / ".config"
        return Scheduler("systemd", name, command, config_dir)
    raise ScheduleError(
        N_(
            "This computer's system cannot run a scheduled send. The app syncs while it "
            "is open; schedule “libtrainer sync” by hand if needed."
        )
    )


def run_command(args: Sequence[str]) -> tuple[int, str]:
    """Run ``args`` (no shell, no window), at most a minute; missing programs give 127."""
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    try:
        done = subprocess.run(  # noqa: S603 - a fixed program, arguments as a list
            list(args),
            capture_output=True,
            text=True,
            errors="replace",
            timeout=RUN_TIMEOUT_S,
            check=False,
            creationflags=flags,
        )
    except FileNotFoundError:
        return 127, f"{args[0]}: not found"
    except (OSError, subprocess.TimeoutExpired) as exc:
        return 1, type(exc).__name__
    return done.returncode, (done.stdout or "") + (done.stderr or "")


# --- Windows ---------------------------------------------------------------------------------


def windows_task_xml(command: Sequence[str]) -> str:
    """The Task Scheduler definition (version 1.2) of the hourly send running ``command``."""
    ET.register_namespace("", TASK_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
        element = ET.SubElement(parent, f"{{{TASK_NS}}}{tag}")
        if text is not None:
            element.text = text
        return element

    task = ET.Element(f"{{{TASK_NS}}}Task", {"version": "1.2"})
    info = sub(task, "RegistrationInfo")
    sub(info, "Description", "libtrainer: send this computer's changes to the shared folder")
    # The trigger's children in the schema's sequence: StartBoundary, (EndBoundary),
    # Enabled, Repetition (Task Scheduler schema, triggerBaseType). No Duration: for ever.
    trigger = sub(sub(task, "Triggers"), "TimeTrigger")
    sub(trigger, "StartBoundary", "2026-01-01T00:07:00")
    sub(trigger, "Enabled", "true")
    repeat = sub(trigger, "Repetition")
    sub(repeat, "Interval", "PT1H")
    sub(repeat, "StopAtDurationEnd", "false")
    principal = sub(sub(task, "Principals"), "Principal")
    principal.set("id", "Author")
    sub(principal, "LogonType", "InteractiveToken")
    sub(principal, "RunLevel", "LeastPrivilege")
    settings = sub(task, "Settings")
    for tag, text in (
        ("MultipleInstancesPolicy", "IgnoreNew"),
        ("DisallowStartIfOnBatteries", "false"),
        ("StopIfGoingOnBatteries", "false"),
        ("StartWhenAvailable", "true"),
        ("RunOnlyIfNetworkAvailable", "false"),  # a USB stick is a shared folder too
        ("ExecutionTimeLimit", "PT30M"),
        ("Enabled", "true"),
    ):
        sub(settings, tag, text)
    actions = sub(task, "Actions")
    actions.set("Context", "Author")
    run = sub(actions, "Exec")
    sub(run, "Command", command[0])
    sub(run, "Arguments", subprocess.list2cmdline(list(command[1:])))
    body = ET.tostring(task, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-16"?>\n' + body + "\n"


def _windows_install(scheduler: Scheduler, run: Runner) -> None:
    with tempfile.TemporaryDirectory(prefix="libtrainer-task-") as folder:
        path = Path(folder) / "task.xml"
        path.write_text(windows_task_xml(scheduler.command), encoding="utf-16")
        _check(run(["schtasks", "/Create", "/TN", scheduler.name, "/XML", str(path), "/F"]))


def _windows_remove(scheduler: Scheduler, run: Runner) -> None:
    if _windows_installed(scheduler, run):
        _check(run(["schtasks", "/Delete", "/TN", scheduler.name, "/F"]))


def _windows_installed(scheduler: Scheduler, run: Runner) -> bool:
    return run(["schtasks", "/Query", "/TN", scheduler.name])[0] == 0


# --- systemd ---------------------------------------------------------------------------------


def systemd_quote(arg: str) -> str:
    """``arg`` as one word of a systemd ``ExecStart=`` line (no specifiers, no variables)."""
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%").replace("$", "$$")
    return f'"{escaped}"'


def systemd_units(scheduler: Scheduler) -> dict[str, str]:
    """File name → text of the service and the timer."""
    what = "libtrainer: send this computer's changes to the shared folder"
    command = " ".join(systemd_quote(arg) for arg in scheduler.command)
    service = (
        f"[Unit]\nDescription={what}\n\n"
        f"[Service]\nType=oneshot\nExecStart={command}\nTimeoutStartSec=30min\n"
    )
    timer = (
        f"[Unit]\nDescription={what} (every hour)\n\n"
        "[Timer]\nOnCalendar=hourly\nRandomizedDelaySec=5min\nPersistent=true\n\n"
        "[Install]\nWantedBy=timers.target\n"
    )
    return {f"{scheduler.name}.service": service, f"{scheduler.name}.timer": timer}


def _unit_dir(scheduler: Scheduler) -> Path:
    assert scheduler.config_dir is not None
    return scheduler.config_dir / "systemd" / "user"


def _systemd_install(scheduler: Scheduler, run: Runner) -> None:
    folder = _unit_dir(scheduler)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in systemd_units(scheduler).items():
            temp = folder / f".{name}.tmp"
            temp.write_text(text, encoding="utf-8")
            os.replace(temp, folder / name)
    except OSError as exc:
        raise ScheduleError(
            N_("The scheduled send could not be set up: {reason}"),
            reason=exc.strerror or type(exc).__name__,
        ) from exc
    try:
        _check(run(["systemctl", "--user", "daemon-reload"]))
        _check(run(["systemctl", "--user", "enable", "--now", f"{scheduler.name}.timer"]))
    except ScheduleError:
        for name in systemd_units(scheduler):  # a refused timer is not left half set up
            (folder / name).unlink(missing_ok=True)
        raise


def _systemd_remove(scheduler: Scheduler, run: Runner) -> None:
    folder = _unit_dir(scheduler)
    names = list(systemd_units(scheduler))
    if not any((folder / name).exists() for name in names):
        return
    run(["systemctl", "--user", "disable", "--now", f"{scheduler.name}.timer"])
    for name in names:
        (folder / name).unlink(missing_ok=True)
    run(["systemctl", "--user", "daemon-reload"])


def _systemd_installed(scheduler: Scheduler, run: Runner) -> bool:
    if not (_unit_dir(scheduler) / f"{scheduler.name}.timer").exists():
        return False
    return run(["systemctl", "--user", "is-enabled", f"{scheduler.name}.timer"])[0] == 0


# --- what callers use ------------------------------------------------------------------------


def _check(result: tuple[int, str]) -> None:
    status, output = result
    if status == 0:
        return
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    # schtasks puts the position of an XML error on a line of its own after the message.
    reason = " ".join(lines[-2:])[:200] if lines else f"exit status {status}"
    log.warning("scheduler refused (exit status %d)", status)
    raise ScheduleError(N_("The scheduled send could not be set up: {reason}"), reason=reason)


def refuse_passphrase_store(data_dir: Path) -> None:
    """:class:`ScheduleError` when the store needs a typed passphrase to open."""
    from libtrainer.services import storefile  # noqa: PLC0415

    if storefile.needs_passphrase(data_dir):
        raise ScheduleError(
            N_(
                "This computer's store is protected with a passphrase, which a scheduled "
                "send cannot type. The app sends while it is open."
            )
        )


def install(
    data_dir: Path, *, run: Runner | None = None, scheduler: Scheduler | None = None
) -> Scheduler:
    """Register (or register again) the hourly send for ``data_dir``; idempotent."""
    refuse_passphrase_store(data_dir)
    run = run or run_command
    scheduler = scheduler or detect(data_dir)
    if scheduler.system == "windows":
        _windows_install(scheduler, run)
    else:
        _systemd_install(scheduler, run)
    log.info("scheduled send registered (%s)", scheduler.system)
    return scheduler


def remove(
    data_dir: Path, *, run: Runner | None = None, scheduler: Scheduler | None = None
) -> None:
    """Remove the hourly send for ``data_dir`` (nothing to do when there is none)."""
    run = run or run_command
    try:
        scheduler = scheduler or detect(data_dir)
    except ScheduleError:
        return  # no scheduler here: nothing can have been registered
    if scheduler.system == "windows":
        _windows_remove(scheduler, run)
    else:
        _systemd_remove(scheduler, run)


def installed(
    data_dir: Path, *, run: Runner | None = None, scheduler: Scheduler | None = None
) -> bool:
    """True when the system has the hourly send for ``data_dir`` registered."""
    run = run or run_command
    try:
        scheduler = scheduler or detect(data_dir)
    except ScheduleError:
        return False
    if scheduler.system == "windows":
        return _windows_installed(scheduler, run)
    return _systemd_installed(scheduler, run)


def ensure(
    data_dir: Path, *, run: Runner | None = None, scheduler: Scheduler | None = None
) -> bool:
    """Register the send again (the system may have lost it to reboot-restore software, or
    the app moved); False, logged, when the system refused."""
    try:
        install(data_dir, run=run, scheduler=scheduler)
    except ScheduleError:
        log.warning("scheduled send could not be registered again")
        return False
    return True
