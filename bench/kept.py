"""Stores that benchmarks keep between runs (``--keep`` / ``--cache``)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def reusable(folder: Path) -> bool:
    """Whether the store kept in ``folder`` can be reused. One of an older store format would
    time that format, not what a new store does: it is removed, to be made anew."""
    from libtrainer.services import storefile
    from libtrainer.store.cipher import STORE_FORMAT

    if not storefile.exists(folder):
        return False
    kept = storefile.read_config(folder).format
    if kept == STORE_FORMAT:
        return True
    print(
        f"the store kept in {folder} has format {kept}, not {STORE_FORMAT}: made anew",
        file=sys.stderr,
    )
    shutil.rmtree(folder)
    return False
