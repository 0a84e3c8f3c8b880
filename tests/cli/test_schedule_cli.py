"""``libtrainer schedule on|off|status``: the hourly send while the app is closed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from libtrainer.services import settings, storefile
from libtrainer.sync import scheduled
from tests.conftest import make_store

from .clikit import run_cli


@pytest.fixture
def system(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The system's scheduler, faked: every command succeeds and is recorded."""
    calls: list[list[str]] = []

    def run(args: Sequence[str]) -> tuple[int, str]:
        calls.append(list(args))
        return 0, ""

    monkeypatch.setattr(scheduled, "run_command", run)
    monkeypatch.setattr(scheduled.sys, "platform", "linux")
    return calls


def test_on_registers_and_keeps_the_choice_off_removes_it(
    data_dir: Path, system: list[list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    """`on` enables a user timer and records the choice; `status` reports it; `off` undoes."""
    store = make_store(data_dir)
    store.close()
    code, out, err = run_cli(capsys, data_dir, "schedule", "on")
    assert (code, err) == (0, "")
    assert "every hour" in out and "shared folder" in out  # none set yet: said so
    name = scheduled.task_name(data_dir)
    assert ["systemctl", "--user", "enable", "--now", f"{name}.timer"] in system
    code, out, _ = run_cli(capsys, data_dir, "schedule", "status")
    assert code == 0 and "also while the app is closed" in out
    store = storefile.open_store(data_dir)
    try:
        assert store.meta(settings.SCHEDULED_SEND) == "hourly"
    finally:
        store.close()
    code, out, _ = run_cli(capsys, data_dir, "schedule", "off", lang="lt")
    assert code == 0 and "tik" in out
    assert ["systemctl", "--user", "disable", "--now", f"{name}.timer"] in system
    code, out, _ = run_cli(capsys, data_dir, "schedule", "status")
    assert "only while the app is open" in out


def test_a_refusal_keeps_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """When the system refuses, the message says why and the choice is not recorded."""
    make_store(data_dir).close()
    monkeypatch.setattr(scheduled.sys, "platform", "linux")
    monkeypatch.setattr(scheduled, "run_command", lambda args: (1, "Failed to connect to bus"))
    code, out, err = run_cli(capsys, data_dir, "schedule", "on")
    assert code != 0 and "Failed to connect to bus" in err
    store = storefile.open_store(data_dir)
    try:
        assert not store.meta(settings.SCHEDULED_SEND)
    finally:
        store.close()
