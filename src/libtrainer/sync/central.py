"""The merged store on PostgreSQL: a national or regional store fed by the same ingest code.

``libtrainer sync SHARE --central postgresql://…`` merges the share's bundles into the
PostgreSQL database instead of the coordinator's own file. The schema is the very same
(Alembic revisions; no capture triggers: nothing is ever edited there directly), and so is
every statement of the merge, so the same bundles give the same canonical dump on SQLite and
on PostgreSQL (a test compares them on a real server).

One ingest at a time per database: a PostgreSQL advisory lock is held for the whole run, so
two coordinators syncing into one central store take turns instead of merging a bundle twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.store import migrate
from libtrainer.store.hlc import HybridClock
from libtrainer.store.store import Store
from libtrainer.sync.target import EngineTarget

LOCK_KEY = 0x6C74696E67657374  # "ltingest": one advisory lock per central database


class CentralError(LibtrainerError):
    """The central database cannot be used as asked; nothing was changed."""


def central_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (the driver libtrainer ships with)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise CentralError(N_("“{url}” is not a database address."), url=url) from None
    if parsed.get_backend_name() != "postgresql":
        raise CentralError(
            N_("The central store must be a PostgreSQL database (postgresql://…), not “{url}”."),
            url=parsed.render_as_string(hide_password=True),
        )
    if parsed.drivername in ("postgresql", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def open_central(url: str) -> Engine:
    """An engine on the central database, its schema brought up to this version's."""
    engine = create_engine(central_url(url), pool_pre_ping=True)
    try:
        with engine.begin() as conn:
            if migrate.current_revision(conn) != migrate.head_revision():
                command.upgrade(migrate.alembic_config(conn), "head")
    except OperationalError as exc:
        engine.dispose()
        raise CentralError(
            N_("The central database {url} cannot be reached: {detail}"),
            url=engine.url.render_as_string(hide_password=True),
            detail=str(exc.orig).strip().splitlines()[0] if exc.orig else "",
        ) from None
    return engine


@contextmanager
def central_target(
    url: str, clock: HybridClock, home: Store | None = None
) -> Iterator[EngineTarget]:
    """The central store as an ingest target, locked for this run, closed afterwards."""
    engine = open_central(url)
    try:
        with engine.connect() as lock_conn:
            got = lock_conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY})
            if not got.scalar():
                raise CentralError(
                    N_(
                        "Another computer is merging into the central store right now. "
                        "Try again in a few minutes."
                    )
                )
            try:
                yield EngineTarget(engine, clock, home)
            finally:
                lock_conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
                lock_conn.commit()
    finally:
        engine.dispose()
