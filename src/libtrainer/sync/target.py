"""Where ingest writes: this device's own store, or a central PostgreSQL store.

Both give one transaction per bundle on a connection whose writes are not captured again, and
the clock that absorbs what was seen (so a later local edit orders after it) and re-stamps a
bundle a coordinator approved. Thread rule: one ingest at a time per target.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from sqlalchemy import Connection, Engine

from libtrainer.store.capture import capture_suspended
from libtrainer.store.hlc import HybridClock
from libtrainer.store.store import Store, raise_floor


class Target(Protocol):
    """A store ingest can merge into."""

    label: str
    clock: HybridClock

    def transaction(self) -> AbstractContextManager[Connection]: ...

    def reading(self) -> AbstractContextManager[Connection]: ...

    def keep_clock(self) -> None:
        """Persist the clock floor where this computer's own clock restarts from."""


class StoreTarget:
    """This device's encrypted SQLite store (capture suspended on the ingest connection)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.label = str(store.path)
        self.clock = store.identity.clock
        self.device: str | None = store.device_id  # its own bundles are never refused

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.store.uow() as uow, capture_suspended(uow.connection):
            yield uow.connection
            uow.commit()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.store.read() as conn:
            yield conn

    def keep_clock(self) -> None:
        with self.transaction() as conn:
            raise_floor(conn, self.clock.last)


class EngineTarget:
    """Any other SQLAlchemy database holding the schema (the central PostgreSQL store).

    ``clock`` is the coordinator's own store clock; ``home`` (that store) keeps its floor.
    """

    def __init__(self, engine: Engine, clock: HybridClock, home: Store | None = None) -> None:
        self.engine = engine
        self.clock = clock
        self.home = home
        self.label = engine.url.render_as_string(hide_password=True)
        self.device: str | None = home.device_id if home is not None else None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def keep_clock(self) -> None:
        if self.home is not None:
            StoreTarget(self.home).keep_clock()
