"""The log file of a run: rotating, opened with the first record, never fatal, never a
stack on the screen; and what a person is told when it cannot be written."""

from __future__ import annotations

import errno
import io
import logging
import logging.handlers
import os
import subprocess
import sys
from pathlib import Path

import pytest

from libtrainer.cli.context import LOG_FORMAT, LogFileHandler
from libtrainer.domain.errors import stack_without_data
from tests.conftest import make_store


def _record(message: str, level: int = logging.ERROR) -> logging.LogRecord:
    return logging.LogRecord("libtrainer.test", level, __file__, 1, message, None, None)


def test_log_file_is_opened_by_the_first_record_and_rotates(tmp_path: Path) -> None:
    """Nothing is written before a record arrives; then records land in the file, which
    rotates at its size limit keeping three old files."""
    path = tmp_path / "libtrainer.log"
    handler = LogFileHandler(path)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    assert not path.exists()
    try:
        handler.handle(_record("first"))
        assert "ERROR libtrainer.test: first" in path.read_text(encoding="utf-8")
        target = handler.target
        assert isinstance(target, logging.handlers.RotatingFileHandler)
        assert (target.maxBytes, target.backupCount) == (1_000_000, 3)
    finally:
        handler.close()


def test_unwritable_log_file_falls_back_to_critical_records_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A log path that cannot be opened does not break the run: only critical records are
    shown, on stderr."""
    handler = LogFileHandler(tmp_path / "missing-folder" / "libtrainer.log")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    try:
        handler.handle(_record("quiet"))
        handler.handle(_record("loud", logging.CRITICAL))
    finally:
        handler.close()
    err = capsys.readouterr().err
    assert "loud" in err and "quiet" not in err


def test_a_full_disk_under_the_log_shows_no_logging_error_and_keeps_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A record that cannot be written (the disk filled up) is dropped without Python's
    "--- Logging error ---" stack on stderr; the handler keeps why (ENOSPC) and forgets it
    once a record is written again."""

    class FullDisk(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    handler = LogFileHandler(tmp_path / "libtrainer.log")
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    try:
        handler.handle(_record("first"))
        assert handler.failure is None
        assert isinstance(handler.target, logging.StreamHandler)
        good = handler.target.setStream(FullDisk())
        handler.handle(_record("lost"))
        failure = handler.failure
        assert isinstance(failure, OSError) and failure.errno == errno.ENOSPC
        assert good is not None
        handler.target.setStream(good)
        handler.handle(_record("again"))
        assert handler.failure is None
    finally:
        handler.close()
    captured = capsys.readouterr()
    assert "Logging error" not in captured.err and "Traceback" not in captured.err
    assert captured.err == ""


def test_the_log_keeps_error_codes_but_not_messages() -> None:
    """An unexpected error is logged with its errno and SQLite code names (also of the error
    it wraps), never its message text."""
    import sqlcipher3

    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device: Žemaitis.pdf")
        except OSError as inner:
            db = sqlcipher3.OperationalError("database or disk is full: 'Žemaitis'")
            db.sqlite_errorname = "SQLITE_FULL"  # as sqlcipher3 sets it
            raise db from inner
    except sqlcipher3.OperationalError as exc:
        text = stack_without_data(exc)
    assert text.startswith("OperationalError [SQLITE_FULL, ENOSPC]")
    assert "Žemaitis" not in text and "disk is full" not in text


def test_an_error_the_log_cannot_keep_is_not_said_to_be_in_the_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the log cannot be written (here its folder's name is taken by a file), the
    generic message says so and why, instead of pointing to a log that has nothing in it."""
    from libtrainer.services import status

    from .clikit import run_cli

    data = tmp_path / "data"
    make_store(data).close()
    (data / "logs").write_text("not a folder", encoding="utf-8")

    def broken(*_args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(status, "status", broken)
    code, _, err = run_cli(capsys, data, "status")
    assert code == 1
    assert "the details are in the log" not in err
    assert "could not be written to the log" in err and "a file of that name" in err


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_init_into_a_folder_that_cannot_be_made_prints_one_line(tmp_path: Path) -> None:
    """init into a folder that cannot be created (here under /proc) says why in one line: no
    stack from Python's last-resort log handler, no log path that cannot exist."""
    phrase = tmp_path / "pp.txt"
    phrase.write_text("Slaptas žodis 1\n", encoding="utf-8")
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "libtrainer",
            "--lang",
            "en",
            "--data-dir",
            "/proc/libtrainer-test-missing/data",
            "--passphrase-file",
            str(phrase),
            "init",
            *("--region", "R", "--library", "L", "--branch", "B", "--device-name", "D"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2, proc.stderr
    assert len(lines) == 1, proc.stderr
    assert "cannot be created" in lines[0] and "libtrainer.log" not in lines[0]


def test_records_before_the_data_folder_exists_never_reach_the_screen(tmp_path: Path) -> None:
    """Before the data folder exists there is no log file, and Python's last-resort handler
    does not print the record (with its stack) on the screen instead."""
    code = (
        "import argparse, logging, sys\n"
        "from libtrainer.cli.context import Context\n"
        "Context.from_args(argparse.Namespace(data_dir=sys.argv[1]))\n"
        "logging.getLogger('libtrainer').error('unexpected error in command init: X')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "not-yet")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and proc.stderr == ""
