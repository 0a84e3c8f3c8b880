"""What a command needs: the data folder, the open store (opened lazily), logging.

Imported on the way to the app window too (``libtrainer`` without a command), so it imports
little: the rotating log file and the passphrase prompt load their modules when used.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
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
    the log folder cannot be made. A record that cannot be written (a full or read-only disk)
    is dropped without a word on the screen — never Python's "--- Logging error ---" with a
    stack — and :attr:`failure` keeps why, so a message does not send anyone to a log that
    has nothing in it. Thread-safe: ``Handler.handle`` holds the lock in ``emit``.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.target: logging.Handler | None = None
        #: why the last record could not be written to the file (None: it was written)
        self.failure: OSError | None = None

    def emit(self, record: logging.LogRecord) -> None:
        self.failure = None
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
                self.target.handleError = self._write_failed  # type: ignore[method-assign]
            except OSError as exc:
                self.target = _fallback_handler()
                self.target.lt_failure = exc  # type: ignore[attr-defined]
            self.target.setFormatter(self.formatter)
        self.failure = getattr(self.target, "lt_failure", None)
        if record.levelno >= self.target.level:
            self.target.handle(record)

    def _write_failed(self, record: logging.LogRecord) -> None:
        """The file's own ``handleError``: keep the reason, show nothing."""
        exc = sys.exc_info()[1]
        self.failure = exc if isinstance(exc, OSError) else OSError(type(exc).__name__)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        """A record that cannot even be formatted is dropped quietly too."""
        self._write_failed(record)

    def flush(self) -> None:
        if self.target is not None:
            with contextlib.suppress(OSError, ValueError):  # a full disk: see the class
                self.target.flush()

    def close(self) -> None:
        if self.target is not None:
            with contextlib.suppress(OSError, ValueError):
                self.target.close()
        super().close()


def setup_logging(data_dir: Path) -> Path | None:
    """Send the ``libtrainer`` records to the rotating log file of ``data_dir`` (never personal
    data, see DESIGN §6), instead of an earlier folder's; the log's path, or None when the
    folder does not exist yet (none is created just to log: call again once it is made).

    The logger always has a handler, so Python's last-resort handler never prints a record
    (with its stack) on a person's screen, even before there is a folder to log to."""
    root = logging.getLogger("libtrainer")
    if not any(isinstance(h, logging.NullHandler) for h in root.handlers):
        root.addHandler(logging.NullHandler())
    path = log_dir(data_dir) / "libtrainer.log"
    current = [h for h in root.handlers if getattr(h, "lt_file", False)]
    if any(getattr(h, "lt_path", None) == path for h in current):
        return path
    if not data_dir.is_dir():
        return None
    for old in current:
        root.removeHandler(old)
        old.close()
    root.setLevel(logging.INFO)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = LogFileHandler(path)
    except OSError as exc:
        handler = _fallback_handler()
        handler.lt_failure = exc  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.lt_file = True  # type: ignore[attr-defined]
    handler.lt_path = path  # type: ignore[attr-defined]
    root.addHandler(handler)
    return path


def current_log_failure() -> tuple[Path, OSError] | None:
    """The log file in use and why its last record was not written; None when it was."""
    for handler in logging.getLogger("libtrainer").handlers:
        path = getattr(handler, "lt_path", None)
        if path is not None:
            failure = log_failure(path)
            return None if failure is None else (path, failure)
    return None


def log_failure(path: Path) -> OSError | None:
    """Why the last record did not reach the log file at ``path`` (None: it did)."""
    for handler in logging.getLogger("libtrainer").handlers:
        if getattr(handler, "lt_path", None) == path:
            failure: OSError | None = getattr(handler, "failure", None) or getattr(
                handler, "lt_failure", None
            )
            return failure
    return FileNotFoundError(errno.ENOENT, "no log file")


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
        self._file_had_bom = False  # the passphrase file began with a BOM (Notepad)

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
        """Log to the rotating file in this data folder (see :func:`setup_logging`)."""
        setup_logging(self.data_dir)

    def unexpected_error_text(self) -> str:
        """What a person reads after an unexpected error was logged: where the details are,
        or — when the log could not be written either — why, and that nothing was lost."""
        from libtrainer.i18n import _  # noqa: PLC0415 - only when something went wrong
        from libtrainer.i18n.oserrors import os_reason  # noqa: PLC0415

        failure = log_failure(self.log_path)
        if failure is None:
            return _(
                "Something went wrong. Nothing was lost; the details are in the log: {path}"
            ).format(path=self.log_path)
        return _(
            "Something went wrong. Nothing was lost, but the details could not be written to "
            "the log in {folder}: {reason}."
        ).format(folder=self.log_path.parent, reason=os_reason(failure))

    def passphrase(self, *, confirm: bool = False) -> str | None:
        """The passphrase from --passphrase-file, or a prompt on a terminal, or None."""
        if self.passphrase_file:
            try:
                text = Path(self.passphrase_file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise KeyStoreError(
                    N_("The passphrase file {path} cannot be read."), path=self.passphrase_file
                ) from exc
            # "UTF-8 with BOM" (Notepad, PowerShell 5): the BOM is no part of the passphrase
            self._file_had_bom = text.startswith("\ufeff")
            return text.removeprefix("\ufeff").rstrip("\r\n")
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
        from libtrainer.store.openerrors import WrongKeyError  # noqa: PLC0415

        """The open store of the data folder (opened once)."""
        if self._store is None:
            phrase = self.passphrase() if storefile.needs_passphrase(self.data_dir) else None
            try:
                self._store = storefile.open_store(self.data_dir, passphrase=phrase)
            except KeyStoreError as exc:
                wrong = isinstance(exc.__cause__, WrongKeyError)
                if not (phrase and self._file_had_bom and wrong):
                    raise
                # made before the BOM was dropped: its passphrase has the BOM in it
                self._store = storefile.open_store(self.data_dir, passphrase="\ufeff" + phrase)
        return self._store

    def close(self) -> None:
        """Close the store; a failure (a disk that filled up meanwhile) is logged, not shown:
        the command's own result was already reported and nothing more can be done here."""
        if self._store is not None:
            store, self._store = self._store, None
            try:
                store.close()
            except Exception as exc:  # noqa: BLE001 - see the docstring
                from libtrainer.domain.errors import stack_without_data  # noqa: PLC0415

                logging.getLogger("libtrainer").warning(
                    "closing the store failed: %s", stack_without_data(exc)
                )
