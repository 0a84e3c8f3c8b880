"""Unit of work: a session on its own connection, IMMEDIATE transaction, rolled back unless
committed. Services take one and never open sessions themselves (cosmicpython, chapter 6).
A write that fails for the disk's sake (full, read-only, I/O error) leaves as a
``StoreError`` that says so (``store.openerrors``), after the rollback."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from libtrainer.domain.errors import error_codes

log = logging.getLogger("libtrainer.store")


class UnitOfWork:
    """``with store.uow() as uow: …; uow.commit()`` — nothing is kept without ``commit``."""

    session: Session
    connection: Connection

    def __init__(self, engine: Engine, lock: threading.RLock) -> None:
        self._engine = engine
        self._lock = lock
        self._committed = False
        self._holding = False

    def __enter__(self) -> UnitOfWork:
        self._lock.acquire()
        try:
            self.connection = self._engine.connect().execution_options(lt_immediate=True)
            self._transaction = self.connection.begin()
            self.session = Session(
                bind=self.connection,
                expire_on_commit=False,
                join_transaction_mode="rollback_only",
            )
        except BaseException as exc:
            self._lock.release()
            self._raise_disk_error(exc)
            raise
        return self

    def _raise_disk_error(self, exc: BaseException) -> None:
        """A full or read-only disk, a disk I/O error: raise the message that says so (the
        transaction was rolled back, so nothing saved before is lost) instead of ``exc``."""
        if not isinstance(exc, DatabaseError) or self._engine.url.database is None:
            return
        from libtrainer.store import openerrors  # noqa: PLC0415 - only when it failed

        disk = openerrors.write_error(exc, Path(self._engine.url.database))
        if disk is not None:
            log.warning("a write failed for the disk's sake: %s", error_codes(exc))
            raise disk from exc

    @contextmanager
    def one_transaction(self) -> Iterator[None]:
        """Several services in one transaction: within the block their ``commit()`` only
        flushes; the caller commits once after it (or nothing is kept when anything fails)."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False

    def commit(self) -> None:
        """Flush the session and commit the one transaction of this unit of work."""
        self.session.flush()
        if self._holding:
            return
        self.session.commit()
        self._transaction.commit()
        self._committed = True

    def rollback(self) -> None:
        self.session.rollback()
        self._transaction.rollback()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.close()
            if not self._committed and self._transaction.is_active:
                self._transaction.rollback()
            self.connection.close()
        finally:
            self._lock.release()
        if exc is not None:
            self._raise_disk_error(exc)
