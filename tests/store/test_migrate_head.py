"""Opening a store at head needs no Alembic: the head and the stored revision are read directly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from libtrainer.store import migrate
from libtrainer.store.capture import Identity
from libtrainer.store.engine import make_engine
from libtrainer.store.hlc import HybridClock


def test_scanned_head_equals_alembics_head() -> None:
    """The head read from the revision files is the one Alembic computes."""
    alembic_head = ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
    assert migrate._scanned_head() == alembic_head == migrate.head_revision()


def test_current_revision_matches_alembic_before_and_after_upgrade(tmp_path: Path) -> None:
    """The stored revision read with plain SQL agrees with Alembic's, also on an empty file."""
    engine = make_engine(tmp_path / "s.db", os.urandom(32), Identity(HybridClock(), "dev"))
    try:
        with engine.begin() as conn:
            assert migrate.current_revision(conn) is None
            migrate.upgrade(conn, "0002")
            assert migrate.current_revision(conn) == "0002"
            assert MigrationContext.configure(conn).get_current_revision() == "0002"
            migrate.upgrade(conn)
            assert migrate.current_revision(conn) == migrate.head_revision()
    finally:
        engine.dispose()


def test_opening_a_store_at_head_does_not_import_alembic(tmp_path: Path) -> None:
    """A fresh process opens a current store without loading Alembic (or Mako)."""
    from libtrainer.store.store import Store

    key = os.urandom(32)
    Store.open(tmp_path / "s.db", key, create=True).close()
    code = (
        "import sys; from pathlib import Path; from libtrainer.store.store import Store; "
        f"Store.open(Path({str(tmp_path / 's.db')!r}), bytes.fromhex({key.hex()!r})).close(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
