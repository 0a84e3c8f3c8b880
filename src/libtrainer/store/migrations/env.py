"""Alembic environment: run programmatically by ``libtrainer.store.migrate`` on an open connection."""

from __future__ import annotations

from alembic import context

from libtrainer.store.models import Base

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    """Ignore capture triggers' helper objects and SQLite internals."""
    return not (type_ == "table" and name and name.startswith("sqlite_"))


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
