"""What a command needs: the data folder, the open store (opened lazily), logging.

Imported on the way to the app window too (``libtrainer`` without a command), so it imports
little: the rotating log file and the passphrase prompt load their modules when used.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from libtrainer.domain.errors import N_, KeyStoreError
from libtrainer.paths import data_dir, log_dir

if TYPE_CHECKING:  # the store (SQLAlchemy) loads when a command needs it, not to open the app
    from libtrainer.store.store import Store


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _fallback_handler() -> logging.Handler:
    """Where records go when the log file cannot be written: only critical ones, to stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.CRITICAL)
    return handler


class LogFileHandler(logging.Handler):
    """The rotating log file (1 MB, three old files kept), opened with the first record.

    ``logging.handlers`` (sockets, pickle …) is imported then, not on the way to the app
    window. A file that cannot be opened falls back to critical records on stderr, as when
    the log folder cannot be made. Thread-safe: ``Handler.handle`` holds the lock in ``emit``.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.target: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.target is None:
            import logging.handlers  # noqa: PLC0415 - see the class docstring

            try:
                self.target = logging.handlers.RotatingFileHandler(
                    self.path,
                    maxBytes=1_000_000,
                    backupCount=3,
                    encoding="utf-8",
                    errors="backslashreplace",  # a file name that is not text, from a share
                )
            except OSError:
                self.target = _fallback_handler()
            self.target.setFormatter(self.formatter)
        if record.levelno >= self.target.level:
            self.target.handle(record)

    def flush(self) -> None:
        if self.target is not None:
            self.target.flush()

    def close(self) -> None:
        if self.target is not None:
            self.target.close()
        super().close()


class Context:
    """The data folder, the passphrase file (if any) and the store once opened.

    A plain class rather than a dataclass: it is made on the way to the app window, where
    importing ``dataclasses`` would cost ≈9 M instructions before the window is ready
    (docs/decisions/0510-start-up-qts-own-palette-and-less-before-ready.md)."""

    def __init__(
        self, data_dir: Path, passphrase_file: str | None = None, _store: Store | None = None
    ) -> None:
        self.data_dir = data_dir
        self.passphrase_file = passphrase_file
        self._store = _store

    def __repr__(self) -> str:
        return f"Context(data_dir={self.data_dir!r}, passphrase_file={self.passphrase_file!r})"

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        ctx = cls(data_dir(args.data_dir), getattr(args, "passphrase_file", None))
        ctx.setup_logging()
        return ctx

    @property
    def log_path(self) -> Path:
        return log_dir(self.data_dir) / "libtrainer.log"

    def setup_logging(self) -> None:
        """Log to a rotating file in the data folder (never personal data, see DESIGN §6)."""
        root = logging.getLogger("libtrainer")
        if any(getattr(h, "lt_file", False) for h in root.handlers) or not self.data_dir.is_dir():
            return  # no data folder yet: create none just to log; init calls this again
        root.setLevel(logging.INFO)
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            handler: logging.Handler = LogFileHandler(self.log_path)
        except OSError:
            handler = _fallback_handler()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        handler.lt_file = True  # type: ignore[attr-defined]
        root.addHandler(handler)

    def passphrase(self, *, confirm: bool = False) -> str | None:
        """The passphrase from --passphrase-file, or a prompt on a terminal, or None."""
        if self.passphrase_file:
            try:
                text = Path(self.passphrase_file).read_text(encoding="utf-8")
            except OSError as exc:
                raise KeyStoreError(
                    N_("The passphrase file {path} cannot be read."), path=self.passphrase_file
                ) from exc
            return text.rstrip("\r\n")
        if sys.stdin is not None and sys.stdin.isatty():
            import getpass  # noqa: PLC0415 - only to prompt

            from libtrainer.i18n import _

            first = getpass.getpass(_("Store passphrase: "))
            if confirm and getpass.getpass(_("Repeat the passphrase: ")) != first:
                raise KeyStoreError(N_("The two passphrases differ."))
            return first
        return None

    def store(self) -> Store:
        from libtrainer.services import storefile  # noqa: PLC0415

        """The open store of the data folder (opened once)."""
        if self._store is None:
            phrase = self.passphrase() if storefile.needs_passphrase(self.data_dir) else None
            self._store = storefile.open_store(self.data_dir, passphrase=phrase)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
