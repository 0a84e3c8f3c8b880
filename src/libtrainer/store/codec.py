"""Plain-JSON values of synced columns, the same for SQLite and PostgreSQL.

Change records carry values exactly as the capture triggers wrote them (SQLite's JSON of the
stored value): dates and times as ISO text, booleans as 0/1, numbers as numbers. ``decode``
turns such a value into what the column type expects; ``encode`` is its inverse for values read
through SQLAlchemy. Both refuse values of the wrong shape (bundles are hostile input).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Column, Date, Float, Integer, String, Text, Time


class BadValue(ValueError):
    """A change record holds a value that does not fit its column."""


def decode(column: Column[Any], value: Any) -> Any:
    """The Python value for ``column`` from a JSON value of a change record."""
    if value is None:
        return None
    kind = column.type
    try:
        if isinstance(kind, Boolean):
            if isinstance(value, bool) or value in (0, 1):
                return bool(value)
            raise BadValue(column.name)
        if isinstance(kind, Date):
            return dt.date.fromisoformat(_text(value))
        if isinstance(kind, Time):
            return dt.time.fromisoformat(_text(value))
        if isinstance(kind, Integer):
            if isinstance(value, bool) or not isinstance(value, int):
                raise BadValue(column.name)
            return value
        if isinstance(kind, Float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise BadValue(column.name)
            return float(value)
        if isinstance(kind, String | Text):
            text = _text(value)
            length = getattr(kind, "length", None)
            if length is not None and len(text) > length:
                raise BadValue(column.name)
            return text
    except (TypeError, ValueError) as exc:
        raise BadValue(column.name) from exc
    raise BadValue(column.name)


def encode(column: Column[Any], value: Any) -> Any:
    """The JSON value of a column value read through SQLAlchemy (inverse of :func:`decode`)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, dt.time):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(column.type, Float):
        return float(value)
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise BadValue("text")
    return value
