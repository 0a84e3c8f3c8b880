"""The log file of a run: rotating, opened with the first record, never fatal."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import pytest

from libtrainer.cli.context import LOG_FORMAT, LogFileHandler


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
