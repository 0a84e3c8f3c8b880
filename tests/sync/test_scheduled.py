"""The hourly send while the app is closed, registered with the system's scheduler."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from libtrainer.services import storefile
from libtrainer.sync import scheduled
from libtrainer.sync.scheduled import ScheduleError, Scheduler

NS = {"t": scheduled.TASK_NS}


class FakeSystem:
    """Records commands; answers each with the status given for its first words."""

    def __init__(self, statuses: dict[str, tuple[int, str]] | None = None) -> None:
        self.calls: list[list[str]] = []
        self.statuses = statuses or {}
        self.task_xml: str | None = None

    def __call__(self, args: Sequence[str]) -> tuple[int, str]:
        args = list(args)
        self.calls.append(args)
        if "/XML" in args:  # read the definition while the temp file exists
            self.task_xml = Path(args[args.index("/XML") + 1]).read_text(encoding="utf-16")
        for start, answer in self.statuses.items():
            if " ".join(args).startswith(start):
                return answer
        return 0, ""


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A store protected by the keyring, as on a branch PC."""
    folder = tmp_path / "data"
    storefile.create(folder).close()
    return folder


def systemd(tmp_path: Path, data_dir: Path) -> Scheduler:
    return Scheduler(
        "systemd",
        scheduled.task_name(data_dir),
        scheduled.sync_command(data_dir, "/opt/py/bin/python"),
        tmp_path / "config",
    )


def windows(data_dir: Path) -> Scheduler:
    command = (r"C:\Program Files\Python311\pythonw.exe", "-m", "libtrainer")
    return Scheduler(
        "windows",
        scheduled.task_name(data_dir),
        (*command, "--data-dir", r"C:\Bibliotekos duomenys\Šilutė", "sync"),
    )


def test_one_task_per_data_folder(tmp_path: Path) -> None:
    """The task's name is the same for one folder every time and differs between folders."""
    first = scheduled.task_name(tmp_path / "a")
    assert first == scheduled.task_name(tmp_path / "a")
    assert first != scheduled.task_name(tmp_path / "b")
    assert first.startswith("libtrainer-sync-")


def test_the_command_is_plain_libtrainer_sync_of_this_folder(tmp_path: Path) -> None:
    """The task runs this Python's libtrainer on the folder's store, sync with no share."""
    command = scheduled.sync_command(tmp_path / "Žemaitė", "/usr/bin/python3")
    assert command == (
        "/usr/bin/python3",
        "-m",
        "libtrainer",
        "--data-dir",
        str((tmp_path / "Žemaitė").resolve()),
        "sync",
    )


def test_windows_task_definition(data_dir: Path) -> None:
    """Schtasks gets a UTF-16 definition: hourly, catch-up, one at a time, user's own rights."""
    system = FakeSystem()
    scheduled.install(data_dir, run=system, scheduler=windows(data_dir))
    create = system.calls[-1]
    assert create[:3] == ["schtasks", "/Create", "/TN"] and create[-1] == "/F"
    assert system.task_xml is not None and system.task_xml.startswith("<?xml")
    task = ET.fromstring(system.task_xml.split("\n", 1)[1])
    assert task.findtext("t:Triggers/t:TimeTrigger/t:Repetition/t:Interval", namespaces=NS) == (
        "PT1H"
    )
    trigger = task.find("t:Triggers/t:TimeTrigger", NS)
    assert trigger is not None
    order = [child.tag.split("}")[1] for child in trigger]
    assert order == ["StartBoundary", "Enabled", "Repetition"]  # the schema's sequence
    settings = task.find("t:Settings", NS)
    assert settings is not None
    assert settings.findtext("t:StartWhenAvailable", namespaces=NS) == "true"
    assert settings.findtext("t:MultipleInstancesPolicy", namespaces=NS) == "IgnoreNew"
    assert settings.findtext("t:DisallowStartIfOnBatteries", namespaces=NS) == "false"
    principal = task.find("t:Principals/t:Principal", NS)
    assert principal is not None
    assert principal.findtext("t:LogonType", namespaces=NS) == "InteractiveToken"
    assert principal.findtext("t:RunLevel", namespaces=NS) == "LeastPrivilege"
    run = task.find("t:Actions/t:Exec", NS)
    assert run is not None
    assert run.findtext("t:Command", namespaces=NS) == r"C:\Program Files\Python311\pythonw.exe"
    assert run.findtext("t:Arguments", namespaces=NS) == (
        r'-m libtrainer --data-dir "C:\Bibliotekos duomenys\Šilutė" sync'
    )


def test_windows_remove_deletes_only_a_registered_task(tmp_path: Path) -> None:
    """Removing asks schtasks to delete the task when it is there, and not otherwise."""
    there = FakeSystem()
    scheduled.remove(tmp_path, run=there, scheduler=windows(tmp_path))
    assert [c[1] for c in there.calls] == ["/Query", "/Delete"]
    missing = FakeSystem({"schtasks /Query": (1, "ERROR: The system cannot find the file")})
    scheduled.remove(tmp_path, run=missing, scheduler=windows(tmp_path))
    assert [c[1] for c in missing.calls] == ["/Query"]


def test_systemd_timer_and_service(tmp_path: Path, data_dir: Path) -> None:
    """A user timer (hourly, persistent) and a one-shot service are written and enabled."""
    sched = systemd(tmp_path, tmp_path / "data 100%")
    system = FakeSystem()
    scheduled.install(data_dir, run=system, scheduler=sched)
    folder = tmp_path / "config" / "systemd" / "user"
    timer = (folder / f"{sched.name}.timer").read_text(encoding="utf-8")
    service = (folder / f"{sched.name}.service").read_text(encoding="utf-8")
    assert "OnCalendar=hourly" in timer and "Persistent=true" in timer
    assert "WantedBy=timers.target" in timer
    assert "Type=oneshot" in service
    expected = str((tmp_path / "data 100%").resolve()).replace("%", "%%")
    assert f'"--data-dir" "{expected}" "sync"' in service
    assert system.calls == [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", f"{sched.name}.timer"],
    ]
    assert scheduled.installed(data_dir, run=system, scheduler=sched)


def test_systemd_quoting_keeps_each_argument_whole() -> None:
    """Quotes, backslashes, % and $ in a path reach the command unchanged."""
    assert scheduled.systemd_quote('a "b" c') == '"a \\"b\\" c"'
    assert scheduled.systemd_quote("C:\\x") == '"C:\\\\x"'
    assert scheduled.systemd_quote("50% $HOME") == '"50%% $$HOME"'


def test_systemd_remove_disables_and_deletes(tmp_path: Path, data_dir: Path) -> None:
    """Turning it off stops the timer and leaves no unit files behind."""
    sched = systemd(tmp_path, data_dir)
    scheduled.install(data_dir, run=FakeSystem(), scheduler=sched)
    system = FakeSystem()
    scheduled.remove(data_dir, run=system, scheduler=sched)
    assert ["systemctl", "--user", "disable", "--now", f"{sched.name}.timer"] in system.calls
    assert not list((tmp_path / "config" / "systemd" / "user").iterdir())
    assert not scheduled.installed(data_dir, run=system, scheduler=sched)


def test_a_refusal_names_the_reason_and_leaves_nothing(tmp_path: Path, data_dir: Path) -> None:
    """The system's last line of output is the reason; no half-registered timer stays."""
    sched = systemd(tmp_path, data_dir)
    system = FakeSystem(
        {"systemctl --user enable": (1, "Failed to connect to bus: No medium found\n")}
    )
    with pytest.raises(ScheduleError) as caught:
        scheduled.install(data_dir, run=system, scheduler=sched)
    assert "Failed to connect to bus: No medium found" in caught.value.render()
    assert not list((tmp_path / "config" / "systemd" / "user").iterdir())
    assert not scheduled.ensure(data_dir, run=system, scheduler=sched)


def test_a_passphrase_store_is_refused(tmp_path: Path) -> None:
    """A task nobody types into cannot open a passphrase store: refused, nothing registered."""
    storefile.create(tmp_path, passphrase="ilgas slaptažodis")
    system = FakeSystem()
    with pytest.raises(ScheduleError) as caught:
        scheduled.install(tmp_path, run=system, scheduler=systemd(tmp_path, tmp_path))
    assert "passphrase" in caught.value.render()
    assert system.calls == []


def test_no_scheduler_we_know(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a system we cannot schedule on, installing says so and removing does nothing."""
    monkeypatch.setattr(sys, "platform", "darwin")
    system = FakeSystem()
    with pytest.raises(ScheduleError):
        scheduled.install(data_dir, run=system)
    scheduled.remove(data_dir, run=system)
    assert not scheduled.installed(data_dir, run=system)
    assert system.calls == []


def test_a_missing_program_is_a_refusal() -> None:
    """A system without systemctl gives a clear refusal, not a crash."""
    status, output = scheduled.run_command(["libtrainer-no-such-program-xyz"])
    assert status == 127 and "not found" in output
