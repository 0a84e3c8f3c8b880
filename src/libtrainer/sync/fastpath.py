"""Applying one bundle's changes in bulk, with exactly the result of ``store.apply``.

Most of a bundle is new rows (a branch's new participants, sessions, attendance) and plain
edits. Row by row, each costs several statements; here they are batched:

* a row whose only change in the bundle is an insert, with no local clock yet and every row it
  refers to present, is inserted with one ``executemany`` per table (its ``'*'`` clock too);
* a row whose changes in the bundle are all same-generation edits of fields that refer to no
  other row, and that is in its table, is merged in memory from its prefetched clocks and
  written with one ``executemany`` per set of fields;
* every other row (deletes, restores, edits of references, rows not seen yet…) goes through
  :func:`libtrainer.store.apply.apply_changes`, in bundle order.

Rows are disjoint between the three groups, each row's changes keep their order, and where a
row ends up (its table or held) depends only on the final state of the rows it refers to, so
the result equals applying the bundle change by change (the convergence property test runs
both paths). A row that stops qualifying by the time its batch is written (a reference gone,
the row held meanwhile) is handed to the row-by-row path.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.exc import IntegrityError

from libtrainer.store import held, pending
from libtrainer.store.apply import Change, Outcome, apply_changes, validate
from libtrainer.store.models import synced_tables
from libtrainer.sync import bulk

Counts = dict[Outcome, int]


@cache
def _table_order() -> dict[str, int]:
    """Position of each synced table, parents before children."""
    return {name: i for i, name in enumerate(synced_tables())}


def apply_bundle(conn: Connection, changes: Sequence[Change], *, validated: bool = False) -> Counts:
    """Merge ``changes`` (one bundle, in capture order) into the store on ``conn``.

    ``validated``: every change already passed :func:`~libtrainer.store.apply.validate` (the
    payload decoder checks each block by column), so it is not checked again one by one.
    """
    if not changes:
        return dict.fromkeys(Outcome, 0)
    with bulk.large_cache(conn, len(changes)):
        return _apply(conn, changes, validated)


def _apply(conn: Connection, changes: Sequence[Change], validated: bool) -> Counts:
    if validated:
        tables = {tbl: held.table_of(tbl) for tbl in {change.tbl for change in changes}}
    else:
        tables = {change.tbl: validate(change) for change in changes}
    keys = [(change.tbl, change.row_id) for change in changes]
    seen = Counter(keys)
    by_row: dict[tuple[str, str], list[Change]] = {}
    if len(seen) != len(keys):
        for key, change in zip(keys, changes):
            if seen[key] > 1:
                by_row.setdefault(key, []).append(change)
    # A row whose one change in the bundle is an insert is nearly always new here: it is
    # written assuming it has no clock, without looking its clock up. If one has (a row
    # deleted or received before), writing its '*' clock fails on the clock's key, the
    # savepoint undoes the batch, and the rows are sorted again from their looked-up clocks.
    fresh = {key for key, change in zip(keys, changes) if change.op == "i" and key not in by_row}
    stars = bulk.stars(conn, [key for key in seen if key not in fresh])
    counts = dict.fromkeys(Outcome, 0)
    try:
        with conn.begin_nested():
            late = _insert_rows(conn, tables, _fresh_changes(changes, keys, fresh), counts)
    except IntegrityError:
        counts = dict.fromkeys(Outcome, 0)
        stars.update(bulk.stars(conn, fresh))
        fresh = {key for key in fresh if key not in stars}
        late = _insert_rows(conn, tables, _fresh_changes(changes, keys, fresh), counts)
    updates: dict[tuple[str, str], list[Change]] = {}
    slow_rows: set[tuple[str, str]] = set()
    for key, change in zip(keys, changes):
        if key in fresh:
            continue
        star = stars.get(key)
        row_changes = by_row.get(key) or [change]
        if star is not None and _plain_edits(row_changes, star):
            updates[key] = row_changes
        else:
            slow_rows.add(key)
    late |= _update_rows(conn, tables, updates, stars, counts)
    slow_rows |= late
    slow = [c for c, key in zip(changes, keys) if key in slow_rows] if slow_rows else []
    for outcome, n in apply_changes(conn, slow).items():
        counts[outcome] += n
    return counts


def _fresh_changes(
    changes: Sequence[Change], keys: list[tuple[str, str]], fresh: set[tuple[str, str]]
) -> list[Change]:
    if len(fresh) == len(keys):
        return list(changes)
    return [change for key, change in zip(keys, changes) if key in fresh]


def _plain_edits(row_changes: list[Change], star: tuple[int, int, str]) -> bool:
    refs = held.reference_columns(row_changes[0].tbl)
    return all(
        c.op == "u" and c.cl == star[0] and c.data is not None and not (refs & c.data.keys())
        for c in row_changes
    )


# --- new rows ------------------------------------------------------------------------------


def _insert_rows(
    conn: Connection, tables: dict[str, Table], inserts: list[Change], counts: Counts
) -> set[tuple[str, str]]:
    """Insert new rows whose references are all present; returns the rows left to the slow path.

    Works table by table, parents before children, so a row inserted here vouches for its
    children; references are checked by column (each distinct value once)."""
    if not inserts:
        return set()
    order = _table_order()
    by_table: dict[str, list[Change]] = {}
    for change in inserts:
        by_table.setdefault(change.tbl, []).append(change)
    late: set[tuple[str, str]] = set()
    written: dict[str, set[str]] = {}
    for tbl in sorted(by_table, key=order.__getitem__):
        rows = by_table[tbl]
        for column, parent in held.parents_of(tbl):
            refs = [(c.data or {}).get(column) for c in rows]
            fine = _fine_refs(conn, parent, set(refs), by_table, written)
            if len(fine) != len(set(refs)):
                keep = [ref in fine for ref in refs]
                late.update((tbl, c.row_id) for c, ok in zip(rows, keep) if not ok)
                rows = [c for c, ok in zip(rows, keep) if ok]
        if not rows:
            continue
        with bulk.trigger_off(conn, tbl, "INSERT", len(rows)):
            bulk.write_rows(conn, tables[tbl], rows)
        bulk.write_stars(conn, rows)
        counts[Outcome.APPLIED] += len(rows)
        written[tbl] = {c.row_id for c in rows}
    if any(held.children_of(tbl) for tbl in written) and held.held_exists(conn):
        for tbl, ids in written.items():
            held.link(conn, tbl, sorted(ids))
    pending.retry(conn, [(tbl, row_id) for tbl, ids in written.items() for row_id in ids])
    return late


def _fine_refs(
    conn: Connection,
    parent: str,
    refs: set[Any],
    by_table: dict[str, list[Change]],
    written: dict[str, set[str]],
) -> set[Any]:
    """Those of ``refs`` a new row may hold: empty, or a row present in ``parent`` (in the
    store, or inserted by this bundle just now)."""
    fine: set[Any] = {None} & refs
    ids = {ref for ref in refs if isinstance(ref, str)}
    if not ids:
        return fine
    mine = written.get(parent, set())
    fine |= ids & mine
    rest = ids - mine
    if rest:
        fine |= bulk.present(conn, parent, rest)
    return fine


# --- plain edits ---------------------------------------------------------------------------


def _update_rows(
    conn: Connection,
    tables: dict[str, Table],
    updates: dict[tuple[str, str], list[Change]],
    stars: dict[tuple[str, str], tuple[int, int, str]],
    counts: Counts,
) -> set[tuple[str, str]]:
    """Merge same-generation edits of rows in their tables; returns rows left to the slow path."""
    if not updates:
        return set()
    ids: dict[str, set[str]] = {}
    for tbl, row_id in updates:
        ids.setdefault(tbl, set()).add(row_id)
    present = {tbl: bulk.present(conn, tbl, row_ids) for tbl, row_ids in ids.items()}
    late = {key for key in updates if key[1] not in present[key[0]]}
    versions = bulk.field_clocks(conn, ids)
    writes: dict[tuple[str, frozenset[str]], list[tuple[str, dict[str, Any]]]] = {}
    clocks: list[dict[str, Any]] = []
    for key, row_changes in updates.items():
        if key in late:
            continue
        star = stars[key]
        current = versions.get(key, {})
        won: dict[str, Any] = {}
        for change in row_changes:
            incoming = (change.hlc, change.device)
            winners = {
                name: value
                for name, value in (change.data or {}).items()
                if name != "id" and incoming > current.get(name, (star[1], star[2]))
            }
            counts[Outcome.APPLIED if winners else Outcome.STALE] += 1
            for name, value in winners.items():
                current[name] = incoming
                won[name] = value
        if won:
            writes.setdefault((key[0], frozenset(won)), []).append((key[1], won))
            clocks.extend(
                {
                    "tbl": key[0],
                    "row_id": key[1],
                    "field": name,
                    "cl": star[0],
                    "hlc": current[name][0],
                    "device": current[name][1],
                }
                for name in won
            )
    for (tbl, names), rows in writes.items():
        with bulk.trigger_off(conn, tbl, "UPDATE", len(rows)):
            bulk.write_updates(conn, tables[tbl], sorted(names), rows)
    bulk.write_field_clocks(conn, clocks)
    return late
