"""Running the ``libtrainer`` command in-process for CLI tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from libtrainer.cli import main


def run_cli(
    capsys: pytest.CaptureFixture[str], data: Path, *args: str, lang: str = "en"
) -> tuple[int, str, str]:
    """``libtrainer --lang LANG --data-dir DATA ARGS…``: (exit code, stdout, stderr)."""
    code = main(["--lang", lang, "--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err
