"""The device store: one encrypted file, migrated on open, with its identity and clock.

``Store.open`` checks the key, upgrades the schema, re-creates capture triggers when needed and
restores the clock floor so timestamps never run backwards across restarts. All writes go
through :meth:`Store.uow` (one writer at a time in this process); reads may use
:meth:`Store.read`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import BigInteger, Connection, Engine, cast, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DatabaseError

from libtrainer.domain.errors import N_, StoreError
from libtrainer.store import capture, migrate, openerrors
from libtrainer.store.capture import Identity
from libtrainer.store.cipher import STORE_FORMAT
from libtrainer.store.engine import make_engine
from libtrainer.store.hlc import HybridClock
from libtrainer.store.models import Meta, Outbox
from libtrainer.store.uow import UnitOfWork

STORE_FILE = "libtrainer.db"
HLC_FLOOR = "hlc_floor"


class Store:
    """An open device store. Thread rules: any thread may read; writes serialise on one lock."""

    def __init__(self, path: Path, engine: Engine, identity: Identity) -> None:
        self.path = path
        self.engine = engine
        self.identity = identity
        self.writer_lock = threading.RLock()

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path, key: bytes, *, create: bool = False, store_format: int = STORE_FORMAT
    ) -> Store:
        """Open (or with ``create``, create) the store at ``path`` and bring it up to date;
        ``store_format`` is the file's format as ``store.json`` records it (``store.cipher``)."""
        if not create and not path.exists():
            raise StoreError(N_("No store at {path}. Run “libtrainer init” first."), path=str(path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            disk = openerrors.open_error(exc, path)
            if disk is None:
                raise
            raise disk from exc
        identity = Identity(clock=HybridClock())
        engine = make_engine(path, key, identity, store_format)
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
                if migrate.current_revision(conn) != migrate.head_revision():
                    migrate.upgrade(conn)
                identity.device_id = read_meta(conn, "device_id") or ""
                if not capture.triggers_current(conn, identity.device_id):
                    capture.install_triggers(conn, identity.device_id)
                identity.clock.observe(_clock_floor(conn))
        except DatabaseError as exc:
            engine.dispose()
            if openerrors.is_wrong_key(exc):
                raise openerrors.wrong_key_error(path) from exc
            disk = openerrors.open_error(exc, path)  # read-only, full, another user's …
            if disk is not None:
                raise disk from exc
            raise
        except BaseException:
            engine.dispose()
            raise
        return cls(path, engine, identity)

    def close(self) -> None:
        """Persist the clock floor (only upward: another process, the scheduled sync, may
        have raised it meanwhile) and release every connection."""
        try:
            with self.engine.begin() as conn:
                raise_floor(conn, self.identity.clock.last)
        finally:
            self.engine.dispose()

    # -- use -----------------------------------------------------------------------------

    def uow(self) -> UnitOfWork:
        """A unit of work: rolls back unless committed; one writer at a time."""
        return UnitOfWork(self.engine, self.writer_lock)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only snapshot connection."""
        with self.engine.connect() as conn:
            yield conn

    @property
    def device_id(self) -> str:
        return self.identity.device_id

    def switch_device(self, conn: Connection, device_id: str) -> str:
        """Make ``device_id`` this store's device inside the caller's transaction; returns the
        previous id. For a new identity after a restore (sync/renew.py, decisions/0318): the id
        is written to ``lt_meta``, the capture triggers (which carry it as a literal) are made
        again and every connection's shared :class:`Identity` writes as the new device. The
        caller holds the writer lock (a unit of work) and puts ``identity.device_id`` back if
        its transaction does not commit (lt_meta and the triggers roll back by themselves).
        """
        previous = self.identity.device_id
        write_meta(conn, "device_id", device_id)
        capture.install_triggers(conn, device_id)
        self.identity.device_id = device_id
        return previous

    def meta(self, key: str) -> str | None:
        with self.read() as conn:
            return read_meta(conn, key)

    def set_meta(self, key: str, value: str) -> None:
        with self.writer_lock, self.engine.begin() as conn:
            write_meta(conn, key, value)

    def pending_changes(self) -> int:
        """Changes not on the share yet: what "your N changes are safe on this computer"
        counts (``store.outbox.not_on_share``)."""
        from libtrainer.store import outbox  # noqa: PLC0415 - outbox imports this module

        with self.read() as conn:
            return outbox.not_on_share(conn)


def read_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(Meta.value).where(Meta.key == key)).scalar_one_or_none()


def write_meta(conn: Connection, key: str, value: str) -> None:
    stmt = sqlite_insert(Meta).values(key=key, value=value)
    conn.execute(stmt.on_conflict_do_update(index_elements=[Meta.key], set_={"value": value}))


def raise_floor(conn: Connection, hlc: int) -> None:
    """Keep ``hlc`` as the store's clock floor unless a higher one is kept already: one
    statement, so a floor another process wrote meanwhile is never lowered (decision 0518).
    The same on SQLite and on a central PostgreSQL store (``sync/sqlutil.py`` uses it)."""
    value = str(hlc)
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(Meta).values(key=HLC_FLOOR, value=value)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=[Meta.key],
            set_={"value": value},
            where=cast(Meta.value, BigInteger) < hlc,  # a clock value needs 64 bits
        )
    )


def delete_meta(conn: Connection, key: str) -> None:
    conn.execute(delete(Meta).where(Meta.key == key))


def _clock_floor(conn: Connection) -> int:
    """The highest timestamp this store has issued or absorbed (outbox tail or persisted floor)."""
    floor = int(read_meta(conn, HLC_FLOOR) or 0)
    tail = conn.execute(select(Outbox.hlc).order_by(Outbox.seq.desc()).limit(1)).scalar()
    return max(floor, int(tail or 0))
