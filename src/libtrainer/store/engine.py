"""Opening the encrypted device store.

The store is one SQLCipher file opened with a raw 256-bit key (no passphrase KDF on every
connection: key derivation, when a passphrase is used, happens once in ``sync.keys``). Every
connection gets the store format's cipher settings (``store.cipher``), the same pragmas (WAL,
foreign keys, busy timeout) and the capture functions.
Transactions opened by a unit of work begin IMMEDIATE so a writer never has to upgrade its lock;
inside one process a lock lets one writer at a time through.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from libtrainer.store.capture import CaptureState, Identity, register_functions
from libtrainer.store.cipher import STORE_FORMAT, cipher_pragmas

BUSY_TIMEOUT_MS = 10_000
PLAINTEXT_MAGIC = b"SQLite format 3\x00"


def key_pragma(key: bytes) -> str:
    """The PRAGMA that opens a store with a raw key (hex digits only: no user text)."""
    if len(key) != 32:
        raise ValueError("store key must be 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


PRAGMAS = (
    "PRAGMA cipher_log_level = NONE",  # a wrong key: our one-line message, not its log on stderr
    "PRAGMA cipher_memory_security = OFF",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA cache_size = -65536",
    "PRAGMA temp_store = MEMORY",
)


def store_url(path: Path, key: bytes) -> URL:
    """The SQLAlchemy URL of an encrypted store; the dialect sends ``PRAGMA key="x'…'"``."""
    if len(key) != 32:
        raise ValueError("store key must be 32 bytes")
    return URL.create("sqlite+pysqlcipher", password=f"x'{key.hex()}'", database=str(path))


def connect_raw(path: Path, key: bytes, store_format: int = STORE_FORMAT) -> Any:
    """A raw sqlcipher3 connection with the key applied and the pragmas set (for checks/tools)."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(key_pragma(key))
    for pragma in (*cipher_pragmas(store_format), *PRAGMAS):
        conn.execute(pragma)
    return conn


def make_engine(
    path: Path, key: bytes, identity: Identity, store_format: int = STORE_FORMAT
) -> Engine:
    """An engine over the encrypted file at ``path`` whose connections capture changes;
    ``store_format`` (from ``store.json``) says how the file is encrypted."""
    pragmas = (*cipher_pragmas(store_format), *PRAGMAS)  # cipher settings before any read
    engine = create_engine(
        store_url(path, key),
        connect_args={"check_same_thread": False},
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=8,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
        cursor = dbapi_conn.cursor()
        for pragma in pragmas:
            cursor.execute(pragma)
        cursor.close()
        state = CaptureState(identity=identity)
        register_functions(dbapi_conn, state)
        record.info["lt_capture"] = state

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("lt_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def is_plaintext(path: Path) -> bool:
    """True when the file on disk is an unencrypted SQLite database."""
    with path.open("rb") as fh:
        return fh.read(16) == PLAINTEXT_MAGIC
