"""Where the store and settings live. Overridable so tests never touch the real home folder:
``--data-dir`` beats ``LIBTRAINER_DATA_DIR`` beats the per-user application data folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "LIBTRAINER_DATA_DIR"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder for this run (not created here)."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs  # noqa: PLC0415 - only when the default folder is asked for

    return Path(platformdirs.user_data_dir("libtrainer", appauthor=False, roaming=False))


def log_dir(base: Path) -> Path:
    return base / "logs"
