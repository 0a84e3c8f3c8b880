"""Files written whole or not at all: every export and printable goes through
:func:`temp_then_rename`.

The document is written under a hidden temporary name in the same folder and renamed over the
chosen name only once it is complete. A full disk, a killed process or a file the viewer holds
open then leaves the earlier file of that name as it was, never a truncated document (that
would also hold people's names) under the name a person chose; the temporary file is removed
on any failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def temp_name(path: Path) -> Path:
    """The temporary name :func:`temp_then_rename` writes ``path`` under (same folder)."""
    return path.with_name(f".{path.name}.part")


@contextmanager
def temp_then_rename(path: Path) -> Iterator[Path]:
    """Yield the temporary path to write; renamed over ``path`` when the block ends normally,
    removed whatever happens."""
    tmp = temp_name(path)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
