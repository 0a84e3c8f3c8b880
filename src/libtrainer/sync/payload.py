"""The payload of a bundle: change records in a compact columnar JSON-lines form, zstd-compressed.

Consecutive changes of the same table, operation and field set form one *block*; a block stores
its values column by column (all session ids, then all participant ids, …), HLCs as deltas, and
the causal length and device once when they do not vary. Ids of natural-key facts (attendance,
enrolment, tags, topics, assessments) are not stored at all: they are recomputed from their key
fields and checked. Capture order is kept exactly (blocks are never reordered).

Decoding treats its input as hostile: every shape and type is checked, sizes are bounded and
decompression stops at a limit. Errors are :class:`PayloadError`.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
from collections.abc import Sequence
from typing import Any

import zstandard

from libtrainer.domain.ids import NAMESPACE
from libtrainer.store.apply import BadChange, Change, required_fields, validate

FORMAT = 1
LEVEL = 12
MAX_PLAIN = 512 * 1024 * 1024
MAX_CHANGES = 2_000_000
_MAX_INT = 2**63 - 1
_NS = NAMESPACE.bytes

#: table → (fact kind, key field, key field): ``id == fact_id(kind, data[a], data[b])``.
FACT_IDS = {
    "attendance": ("attendance", "session_id", "participant_id"),
    "enrolment": ("enrolment", "group_id", "participant_id"),
    "participant_tag": ("tag", "participant_id", "tag"),
    "consultation_topic": ("ctopic", "consultation_id", "topic"),
    "assessment": ("assessment", "enrolment_id", "phase"),
}


class PayloadError(ValueError):
    """A payload that is not a valid list of change records; ``too_large`` says which kind."""

    def __init__(self, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.too_large = too_large


# --- encoding --------------------------------------------------------------------------------


def _fields(change: Change) -> tuple[str, ...]:
    if change.data is None:
        return ()
    names = tuple(change.data)
    if change.op == "i" and change.data.get("id") == change.row_id:
        names = tuple(n for n in names if n != "id")
    return names


def _derivable(table: str, rows: Sequence[Change]) -> bool:
    fact = FACT_IDS.get(table)
    if fact is None or rows[0].op != "i":
        return False
    kind, a, b = fact
    for ch in rows:
        data = ch.data or {}
        va, vb = data.get(a), data.get(b)
        if not (isinstance(va, str) and isinstance(vb, str)):
            return False
        if _fast_fact_id(kind, va, vb) != ch.row_id:
            return False
    return True


def _constant_or_list(values: list[Any]) -> Any:
    return values[0] if all(v == values[0] for v in values) else values


def _block(rows: list[Change], fields: tuple[str, ...], prev_hlc: int) -> dict[str, Any]:
    first = rows[0]
    block: dict[str, Any] = {"t": first.tbl, "o": first.op, "n": len(rows)}
    if fields:
        block["f"] = list(fields)
        block["v"] = [[(ch.data or {}).get(name) for ch in rows] for name in fields]
    if _derivable(first.tbl, rows):
        block["x"] = 1
    else:
        block["r"] = [ch.row_id for ch in rows]
    block["c"] = _constant_or_list([ch.cl for ch in rows])
    block["d"] = _constant_or_list([ch.device for ch in rows])
    deltas = []
    for ch in rows:
        deltas.append(ch.hlc - prev_hlc)
        prev_hlc = ch.hlc
    block["h"] = deltas
    return block


def encode_changes(changes: Sequence[Change]) -> bytes:
    """The plain (uncompressed) payload of ``changes``, in their order."""
    out = io.BytesIO()
    out.write(json.dumps({"v": FORMAT, "n": len(changes)}).encode() + b"\n")
    prev_hlc, start = 0, 0
    while start < len(changes):
        key = (changes[start].tbl, changes[start].op, _fields(changes[start]))
        end = start + 1
        while (
            end < len(changes)
            and (
                changes[end].tbl,
                changes[end].op,
                _fields(changes[end]),
            )
            == key
        ):
            end += 1
        rows = list(changes[start:end])
        block = _block(rows, key[2], prev_hlc)
        out.write(json.dumps(block, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
        prev_hlc, start = rows[-1].hlc, end
    return out.getvalue()


def compress(plain: bytes) -> bytes:
    return zstandard.ZstdCompressor(level=LEVEL).compress(plain)


# --- decoding ----------------------------------------------------------------------------------


def decompress(data: bytes, limit: int = MAX_PLAIN) -> bytes:
    """Decompress at most ``limit`` bytes; larger output is refused, not allocated."""
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data))
        plain = reader.read(limit + 1)
    except zstandard.ZstdError as exc:
        raise PayloadError("bad compressed data") from exc
    if len(plain) > limit:
        raise PayloadError("payload expands past the limit", too_large=True)
    return plain


def _check(ok: bool, what: str) -> None:
    if not ok:
        raise PayloadError(what)


def _int(value: Any, low: int, high: int = _MAX_INT) -> int:
    _check(isinstance(value, int) and not isinstance(value, bool), "not an integer")
    _check(low <= value <= high, "integer out of range")
    return int(value)


def _column(block: dict[str, Any], key: str, n: int, scalar_ok: bool) -> list[Any]:
    value = block.get(key)
    if isinstance(value, list):
        _check(len(value) == n, f"column {key} has the wrong length")
        return value
    _check(scalar_ok, f"column {key} is missing")
    return [value] * n


_SCALARS = frozenset({str, int, float, bool, type(None)})


_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}


def _fast_fact_id(kind: str, a: str, b: str) -> str:
    """``fact_id(kind, a, b)`` (a UUIDv5) without the ``uuid`` module's per-call overhead."""
    h = hashlib.sha1(_NS + f"{kind}:{a}:{b}".encode()).hexdigest()  # noqa: S324 - RFC 9562 v5
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


def _ints(values: list[Any], low: int, high: int) -> None:
    _check(set(map(type, values)) == {int}, "not an integer")
    _check(low <= min(values) and max(values) <= high, "integer out of range")


def _strings(values: list[Any]) -> None:
    _check(set(map(type, values)) == {str}, "not a text")
    lengths = list(map(len, values))
    _check(min(lengths) > 0 and max(lengths) <= 64, "bad id")


def _clocks(prev_hlc: int, deltas: list[int]) -> list[int]:
    clocks = list(itertools.accumulate(deltas, initial=prev_hlc))[1:]
    _check(min(clocks) >= 0 and max(clocks) <= _MAX_INT, "clock out of range")
    return clocks


def _row_ids(
    block: dict[str, Any], tbl: str, op: str, fields: list[str], columns: list[list[Any]], n: int
) -> list[Any]:
    if block.get("x") != 1:
        row_ids = _column(block, "r", n, False)
        _strings(row_ids)
        return row_ids
    _check(op == "i" and tbl in FACT_IDS, "ids cannot be derived here")
    kind, a, b = FACT_IDS[tbl]
    _check(a in fields and b in fields, "fact key missing")
    col_a, col_b = columns[fields.index(a)], columns[fields.index(b)]
    _strings(col_a)
    _strings(col_b)
    return [_fast_fact_id(kind, va, vb) for va, vb in zip(col_a, col_b)]


def _decode_block(block: Any, prev_hlc: int) -> list[Change]:
    _check(isinstance(block, dict), "block is not an object")
    tbl, op = block.get("t"), block.get("o")
    _check(isinstance(tbl, str) and op in ("i", "u", "d"), "bad table or op")
    assert isinstance(tbl, str) and isinstance(op, str)
    n = _int(block.get("n"), 1, MAX_CHANGES)
    fields = block.get("f", [])
    _check(isinstance(fields, list) and all(isinstance(f, str) for f in fields), "bad fields")
    _check(len(set(fields)) == len(fields) and (op == "d") == (not fields), "bad field list")
    columns = block.get("v", [])
    _check(isinstance(columns, list) and len(columns) == len(fields), "bad value columns")
    for col in columns:
        _check(isinstance(col, list) and len(col) == n, "bad value column")
        _check(set(map(type, col)) <= _SCALARS, "value is not a scalar")
    cls, devices = _column(block, "c", n, True), _column(block, "d", n, True)
    _ints(cls, 1, 2**31)
    _check({cl % 2 for cl in set(cls)} == {0 if op == "d" else 1}, "causal length vs op")
    _strings(devices)
    deltas = _column(block, "h", n, False)
    _ints(deltas, -_MAX_INT, _MAX_INT)
    clocks = _clocks(prev_hlc, deltas)
    row_ids = _row_ids(block, tbl, op, fields, columns, n)
    if op != "d" and "id" in fields:
        _check(columns[fields.index("id")] == row_ids, "row id mismatch")
    if not fields:
        return [
            Change(tbl, r, op, c, h, d, None) for r, c, h, d in zip(row_ids, cls, clocks, devices)
        ]
    names = fields if op != "i" or "id" in fields else [*fields, "id"]
    values = columns if names is fields else [*columns, row_ids]
    changes = [
        Change(tbl, r, op, c, h, d, dict(zip(names, v)))
        for r, c, h, d, v in zip(row_ids, cls, clocks, devices, zip(*values))
    ]
    # Table, op and fields are the same for the whole block: the first change stands for all
    # of them, and the one per-row rule (no empty required field) is checked by column, so
    # every change leaves here as valid as ``validate`` would have it.
    validate(changes[0])
    required = required_fields(tbl)
    for name, col in zip(fields, columns):
        _check(name not in required or None not in col, "empty required field")
    return changes


def decode_changes(plain: bytes, limit: int = MAX_CHANGES) -> list[Change]:
    """The change records of a plain payload, validated against the schema, in order."""
    lines = plain.split(b"\n")
    try:
        head = json.loads(lines[0])
        _check(isinstance(head, dict) and head.get("v") == FORMAT, "unknown payload format")
        total = _int(head.get("n"), 0, limit)
        changes: list[Change] = []
        prev_hlc = 0
        for line in lines[1:]:
            if not line:
                continue
            block = _decode_block(json.loads(line), prev_hlc)
            changes.extend(block)
            _check(len(changes) <= total, "more changes than announced")
            prev_hlc = block[-1].hlc
    except (ValueError, RecursionError, BadChange) as exc:
        if isinstance(exc, PayloadError):
            raise
        raise PayloadError(f"bad change record: {exc}") from exc
    _check(len(changes) == total, "fewer changes than announced")
    return changes
