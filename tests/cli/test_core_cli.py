"""The headless commands: init, demo, status, check — without Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from libtrainer.cli import build_parser, main


def _init(data: Path, *extra: str) -> int:
    return main(
        [
            "--data-dir",
            str(data),
            *extra,
            "init",
            "--region",
            "Alytaus apskritis",
            "--library",
            "Lazdijų r. savivaldybės viešoji biblioteka",
            "--branch",
            "Būdviečio padalinys",
            "--device-name",
            "Skaitykla PC-1",
        ]
    )


def test_init_status_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """init creates an encrypted store; status --json reports it; check says healthy."""
    data = tmp_path / "d"
    assert _init(data) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "status", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["role"] == "branch" and info["pending_changes"] == 4
    assert info["records"]["branch"] == 1
    assert main(["--data-dir", str(data), "check", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["healthy"] is True


def test_init_names_the_branch_and_computer_in_store_json(tmp_path: Path) -> None:
    """store.json says whose store it is, so a wizard without settings can offer it (0518)."""
    data = tmp_path / "d"
    assert _init(data) == 0
    config = json.loads((data / "store.json").read_text(encoding="utf-8"))
    assert config["place"] == {"branch": "Būdviečio padalinys", "device": "Skaitykla PC-1"}


def test_init_without_keyring_needs_a_passphrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no keyring and no terminal, init stops with advice; with --passphrase-file it works."""
    keyring.set_keyring(FailKeyring())
    data = tmp_path / "d"
    assert _init(data) == 2
    assert "--passphrase-file" in capsys.readouterr().err
    assert not (data / "libtrainer.db").exists()
    phrase = tmp_path / "phrase.txt"
    phrase.write_text("Ąžuolas ir ēdiens\n", encoding="utf-8")
    assert _init(data, "--passphrase-file", str(phrase)) == 0
    assert main(["--data-dir", str(data), "--passphrase-file", str(phrase), "check"]) == 0


def test_messages_follow_the_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same error reads in Lithuanian with --lang lt."""
    assert main(["--data-dir", str(tmp_path / "none"), "--lang", "lt", "status"]) == 2
    lt = capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path / "none"), "--lang", "en", "status"]) == 2
    en = capsys.readouterr().err
    assert lt != en and "libtrainer init" in lt


def test_every_command_has_help_text() -> None:
    """Each sub-command carries a help line (sqlite-utils habit)."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for choice in sub._choices_actions:  # type: ignore[attr-defined]
        assert choice.help, choice.dest


def test_core_runs_without_qt(tmp_path: Path) -> None:
    """`libtrainer status` in a fresh interpreter never imports PySide6."""
    code = (
        "import sys; from libtrainer.cli import main; main(['--data-dir', sys.argv[1], 'status']); "
        "assert 'PySide6' not in sys.modules, 'Qt imported'"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True
    )
    assert "Qt imported" not in proc.stderr


def test_status_names_the_role_in_the_persons_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """status says "Lecturer's laptop" in Latvian, not the code word "lecturer"."""
    data = tmp_path / "d"
    args = ["--region", "R", "--library", "L", "--branch", "B", "--device-name", "Portatīvais"]
    assert main(["--data-dir", str(data), "init", *args, "--role", "lecturer"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "--lang", "lv", "status"]) == 0
    out = capsys.readouterr().out
    role = next(line for line in out.splitlines() if line.startswith("Loma:"))
    assert "lecturer" not in role and "Lektora" in role
