"""Errors a person can act on.

Domain code raises these with an untranslated message id (marked with :func:`N_`) and named
parameters; the i18n layer renders them in the user's language. A :class:`ValidationError`
names the field (and the row, for imports) so a form or an import report can point at it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a string for translation without translating it here."""
    return message


class LibtrainerError(Exception):
    """Base of every error whose message is meant for a person."""

    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params: Mapping[str, Any] = params

    def render(self, translate: Any = None) -> str:
        """The message in the current language (``translate`` is a gettext-like callable)."""
        text = translate(self.msgid) if translate else self.msgid
        try:
            return str(text).format(**self.params)
        except (KeyError, IndexError, ValueError):
            return str(text)

    def __str__(self) -> str:
        return self.render()


class Cancelled(Exception):  # noqa: N818 - a state, not a fault
    """The person stopped the work (a Cancel button); nothing was changed. Long core work
    raises it from a check it is given; the window treats it as "stopped", never as an error."""


class ValidationError(LibtrainerError):
    """Bad input for one field; nothing has been written."""

    def __init__(self, field: str, msgid: str, **params: Any) -> None:
        super().__init__(msgid, field=field, **params)
        self.field = field


class NotFoundError(LibtrainerError):
    """A record the caller named does not exist (or was deleted)."""


class StoreError(LibtrainerError):
    """The local store cannot be opened or used as asked."""


class KeyStoreError(LibtrainerError):
    """Keys cannot be read or kept (no keyring, wrong passphrase, …)."""


def stack_without_data(error: BaseException) -> str:
    """The type, the error codes and the stack (file, line, function) of ``error``, for the
    log. Neither its message nor the source lines are kept: either could hold personal data
    (a name in a value that could not be written, say). The codes (:func:`error_codes`) are
    what tells a full disk from a bug."""
    import traceback  # noqa: PLC0415 - only when something went wrong

    frames = "\n".join(
        f"  {frame.filename}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(error.__traceback__)
    )
    codes = error_codes(error)
    return f"{type(error).__name__}{f' [{codes}]' if codes else ''}\n{frames}"


def error_codes(error: BaseException) -> str:
    """The system and SQLite error codes of ``error`` and of the errors it wraps or was caused
    by, by name ("SQLITE_FULL, ENOSPC"); never their text, which can hold values and paths."""
    import errno  # noqa: PLC0415 - only when something went wrong

    names: list[str] = []
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        current = todo.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno is not None:
            names.append(errno.errorcode.get(current.errno, str(current.errno)))
        name = getattr(current, "sqlite_errorname", None)
        if isinstance(name, str):
            names.append(name)
        orig = getattr(current, "orig", None)  # what SQLAlchemy wrapped
        todo += [orig if isinstance(orig, BaseException) else None]
        todo += [current.__cause__, current.__context__]
    return ", ".join(dict.fromkeys(names))
