"""Schema migrations: the store upgrades itself on open, then re-creates the capture triggers.

Alembic runs in batch mode on SQLite; a batch operation rebuilds a table by copy-and-rename,
which drops its triggers, so after any upgrade every capture trigger is re-created and checked.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from libtrainer.store import capture

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Bring the schema to ``revision`` and make sure every capture trigger exists."""
    command.upgrade(alembic_config(connection), revision)
    if revision == "head":
        capture.install_triggers(connection)
