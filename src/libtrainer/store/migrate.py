"""Schema migrations: the store upgrades itself on open, then re-creates the capture triggers.

Alembic runs in batch mode on SQLite; a batch operation rebuilds a table by copy-and-rename,
which drops its triggers, so after any upgrade every capture trigger is re-created and checked.

Alembic (and, through it, Mako) is imported only when a migration is due: opening a store at
head needs only the head revision — read from the revision files without importing them
(:func:`head_revision`) — and the stored one (:func:`current_revision`).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config  # noqa: PLC0415 - alembic only when it is needed

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def head_revision() -> str:
    """The newest revision: the one no other revision file revises (Alembic decides when
    the files do not name exactly one such revision)."""
    head = _scanned_head()
    if head is not None:
        return head
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    found = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert found is not None
    return found


_ASSIGNMENT = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*(.+?)\s*$", re.MULTILINE)
_QUOTED = re.compile(r"""^(["'])([\w.-]+)\1$""")


def _scanned_head() -> str | None:
    """The head from the ``revision = "…"`` and ``down_revision = "…"`` (or None) lines of
    each file (read, not run); None when a file is not that simple (a merge revision, say) or
    there is not exactly one head — then Alembic decides."""
    scanned = _scan()
    if scanned is None:
        return None
    heads = set(scanned) - {down for down in scanned.values() if down is not None}
    return heads.pop() if len(heads) == 1 else None


@cache
def _scan() -> dict[str, str | None] | None:
    """Each revision file's revision and the one it revises; None when a file is not simple."""
    found: dict[str, str | None] = {}
    for path in (MIGRATIONS / "versions").glob("*.py"):
        if path.name.startswith("_"):
            continue
        values: dict[str, str | None] = {}
        for name, value in _ASSIGNMENT.findall(path.read_text(encoding="utf-8")):
            quoted = _QUOTED.match(value)
            if name in values or (quoted is None and value != "None"):
                return None
            values[name] = quoted.group(2) if quoted else None
        if not isinstance(values.get("revision"), str) or "down_revision" not in values:
            return None
        found[str(values["revision"])] = values["down_revision"]
    return found


@cache
def known_revisions() -> frozenset[str]:
    """Every revision this libtrainer has a file for."""
    scanned = _scan()
    if scanned is not None:
        return frozenset(scanned)
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(rev.revision for rev in script.walk_revisions())


def check_known(revision: str | None) -> None:
    """Raise the "made by a newer libtrainer" error when the store's schema ``revision`` is
    none this libtrainer knows: it was upgraded by a newer version, and neither migrating nor
    using it could work. None (a store not under migration control yet) is fine."""
    if revision is not None and revision not in known_revisions():
        from libtrainer.store.cipher import newer_format_error  # noqa: PLC0415

        raise newer_format_error()


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (None: not under migration control yet)."""
    if connection.dialect.name == "sqlite":
        known = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).scalar()
        if not known:
            return None
        rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        if len(rows) <= 1:
            return str(rows[0][0]) if rows else None
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415

    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Bring the schema to ``revision`` and make sure every capture trigger exists."""
    from alembic import command  # noqa: PLC0415

    from libtrainer.store import capture  # noqa: PLC0415

    check_known(current_revision(connection))
    command.upgrade(alembic_config(connection), revision)
    if revision == "head":
        capture.install_triggers(connection)
