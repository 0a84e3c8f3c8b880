"""The merge rule: per-field last-writer-wins by (causal length, HLC, device)."""

from __future__ import annotations

import pytest

from libtrainer.store.apply import BadChange, Change, Outcome, apply_change
from libtrainer.store.dump import canonical_dump
from libtrainer.store.outbox import replay
from libtrainer.store.store import Store

REGION = {"id": "r1", "code": "AL", "name": "Alytaus", "country": "LT"}


def ins(hlc: int, dev: str = "a", cl: int = 1, **over: object) -> Change:
    return Change("region", "r1", "i", cl, hlc, dev, {**REGION, **over})


def upd(hlc: int, dev: str = "a", cl: int = 1, **fields: object) -> Change:
    return Change("region", "r1", "u", cl, hlc, dev, fields)


def dele(hlc: int, dev: str = "a", cl: int = 2) -> Change:
    return Change("region", "r1", "d", cl, hlc, dev, None)


def _apply(store: Store, *changes: Change) -> list[Outcome]:
    with store.uow() as uow:
        from libtrainer.store.capture import capture_suspended

        with capture_suspended(uow.connection):
            out = [apply_change(uow.connection, c) for c in changes]
        uow.commit()
    return out


def _region(store: Store) -> list[dict[str, object]]:
    with store.read() as conn:
        return [r for r in canonical_dump(conn)["tables"]["region"] if r["id"] == "r1"]


def test_concurrent_edits_of_different_fields_both_survive(store: Store) -> None:
    """Two devices editing different fields of one row: both edits are kept (no whole-row LWW)."""
    _apply(store, ins(10), upd(20, "b", name="Alytaus regionas"), upd(15, "c", code="LT-AL"))
    assert _region(store)[0]["name"] == "Alytaus regionas"
    assert _region(store)[0]["code"] == "LT-AL"


def test_later_edit_of_same_field_wins_in_any_order(store: Store) -> None:
    """The higher HLC wins for one field whichever arrives first."""
    _apply(store, ins(10), upd(30, "b", name="B"), upd(20, "c", name="C"))
    assert _region(store)[0]["name"] == "B"


def test_device_id_breaks_hlc_ties(store: Store) -> None:
    """Equal HLCs: the larger device id wins, deterministically."""
    _apply(store, ins(10), upd(20, "a", name="A"), upd(20, "z", name="Z"), upd(20, "m", name="M"))
    assert _region(store)[0]["name"] == "Z"


def test_delete_beats_edit_that_did_not_see_it(store: Store) -> None:
    """An edit of generation 1 arriving after the delete (generation 2) changes nothing."""
    out = _apply(store, ins(10), dele(20), upd(99, "b", name="late"))
    assert out[-1] is Outcome.STALE
    assert _region(store) == []


def test_restore_is_explicit_and_beats_delete(store: Store) -> None:
    """A re-insert with causal length 3 brings the row back even with an older HLC."""
    _apply(store, ins(10), dele(50), ins(40, "b", cl=3, name="Atkurta"))
    assert _region(store)[0]["name"] == "Atkurta"


def test_update_before_insert_is_deferred(store: Store) -> None:
    """An edit of a row not seen yet is deferred, not dropped or applied."""
    assert _apply(store, upd(20, name="x")) == [Outcome.DEFERRED]


def test_reapplying_is_idempotent(store: Store) -> None:
    """Applying the same changes twice yields the same content."""
    changes = [ins(10), upd(20, "b", name="B")]
    _apply(store, *changes)
    first = _region(store)
    assert _apply(store, *changes) == [Outcome.STALE, Outcome.STALE]
    assert _region(store) == first


@pytest.mark.parametrize(
    "change",
    [
        Change("sqlite_master", "x", "i", 1, 1, "a", {"id": "x"}),
        Change("region", "r1", "i", 1, 1, "a", {**REGION, "evil; DROP TABLE region": 1}),
        Change("region", "r1", "d", 1, 1, "a", None),
        Change("region", "r1", "i", 1, 1, "a", {**REGION, "id": "other"}),
        Change("region", "r1", "i", 1, 1, "a", {**REGION, "name": 12}),
        Change("region", "r1", "x", 1, 1, "a", {}),
    ],
)
def test_malformed_changes_are_refused(store: Store, change: Change) -> None:
    """Unknown tables/fields, wrong shapes and mismatched ops are refused before any write."""
    with pytest.raises(BadChange), store.uow() as uow:
        replay(uow.connection, [change])
