"""Change capture: every write path lands in the outbox, no-op updates do not."""

from __future__ import annotations

import json

from sqlalchemy import delete, func, insert, select, text, update

from libtrainer.domain.ids import new_id
from libtrainer.services import setup
from libtrainer.store.capture import capture_suspended
from libtrainer.store.models import Clock, Outbox, Programme
from libtrainer.store.store import Store


def _outbox(store: Store) -> list[tuple[str, str, str, int, str | None]]:
    with store.read() as conn:
        rows = conn.execute(
            select(Outbox.tbl, Outbox.row_id, Outbox.op, Outbox.cl, Outbox.data).order_by(
                Outbox.seq
            )
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def _programme(
    pid: str, title: str = "Viešosios paslaugos internetu kiekvienam"
) -> dict[str, object]:
    return {
        "id": pid,
        "title_lt": title,
        "title_lv": "",
        "title_en": "",
        "level": "beginner",
        "academic_hours": 8.0,
        "topics": "",
        "audience": "residents",
        "archived": False,
    }


def test_orm_insert_update_delete_are_captured(store: Store) -> None:
    """Writes through the ORM produce insert, field-level update and delete records."""
    before = len(_outbox(store))
    pid = new_id()
    with store.uow() as uow:
        uow.session.add(Programme(**_programme(pid)))
        uow.commit()
    with store.uow() as uow:
        prog = uow.session.get(Programme, pid)
        assert prog is not None
        prog.academic_hours = 6.0
        uow.commit()
    with store.uow() as uow:
        uow.session.delete(uow.session.get(Programme, pid))
        uow.commit()
    recs = _outbox(store)[before:]
    assert [(r[2], r[3]) for r in recs] == [("i", 1), ("u", 1), ("d", 2)]
    assert json.loads(recs[0][4] or "{}")["title_lt"] == "Viešosios paslaugos internetu kiekvienam"
    assert json.loads(recs[1][4] or "{}") == {"academic_hours": 6.0}
    assert recs[2][4] is None


def test_core_bulk_insert_update_delete_are_captured(store: Store) -> None:
    """Core executemany insert, bulk update and bulk delete are captured row by row."""
    before = len(_outbox(store))
    ids = [new_id() for _ in range(5)]
    with store.uow() as uow:
        uow.connection.execute(insert(Programme), [_programme(i) for i in ids])
        uow.connection.execute(
            update(Programme).where(Programme.id.in_(ids[:3])).values(level="advanced")
        )
        uow.connection.execute(delete(Programme).where(Programme.id.in_(ids[3:])))
        uow.commit()
    ops = [r[2] for r in _outbox(store)[before:]]
    assert ops == ["i"] * 5 + ["u"] * 3 + ["d"] * 2


def test_raw_sql_writes_are_captured(store: Store) -> None:
    """Plain SQL text statements are captured just like ORM writes."""
    before = len(_outbox(store))
    pid = new_id()
    with store.uow() as uow:
        uow.connection.execute(
            text(
                "INSERT INTO programme (id, title_lt, title_lv, title_en, level, academic_hours, "
                "topics, audience, archived) VALUES (:id, 'Pristatymų rengimas', '', '', "
                "'advanced', 4, '', 'residents', 0)"
            ),
            {"id": pid},
        )
        uow.connection.execute(
            text("UPDATE programme SET title_en = 'Presentations' WHERE id = :id"), {"id": pid}
        )
        uow.commit()
    recs = _outbox(store)[before:]
    assert [r[2] for r in recs] == ["i", "u"]
    assert json.loads(recs[1][4] or "{}") == {"title_en": "Presentations"}


def test_noop_update_captures_nothing(store: Store) -> None:
    """An UPDATE that sets every value to what it already is writes no outbox record."""
    pid = new_id()
    with store.uow() as uow:
        uow.connection.execute(insert(Programme), [_programme(pid)])
        uow.commit()
    before = len(_outbox(store))
    with store.uow() as uow:
        uow.connection.execute(
            update(Programme).where(Programme.id == pid).values(level="beginner")
        )
        uow.connection.execute(text("UPDATE programme SET title_lt = title_lt"))
        uow.commit()
    assert len(_outbox(store)) == before


def test_suspended_capture_writes_nothing(store: Store) -> None:
    """With capture suspended (ingest), writes reach the table but not the outbox."""
    before = len(_outbox(store))
    with store.uow() as uow, capture_suspended(uow.connection):
        uow.connection.execute(insert(Programme), [_programme(new_id())])
        uow.commit()
    assert len(_outbox(store)) == before


def test_rolled_back_write_leaves_no_record(store: Store) -> None:
    """A unit of work that is not committed leaves neither the row nor its outbox record."""
    before = len(_outbox(store))
    with store.uow() as uow:
        uow.connection.execute(insert(Programme), [_programme(new_id())])
    assert len(_outbox(store)) == before
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(Programme)).scalar_one() == 0


def test_ids_are_immutable(store: Store) -> None:
    """Changing a record's id is refused (it would break every reference on other devices)."""
    import pytest
    from sqlalchemy.exc import IntegrityError, OperationalError

    pid = new_id()
    with store.uow() as uow:
        uow.connection.execute(insert(Programme), [_programme(pid)])
        uow.commit()
    with pytest.raises((IntegrityError, OperationalError)), store.uow() as uow:
        uow.connection.execute(update(Programme).where(Programme.id == pid).values(id=new_id()))


def test_delete_then_reinsert_is_a_restore_with_higher_causal_length(store: Store) -> None:
    """Re-inserting a deleted id starts a new generation (cl 3), leaving a history of 1, 2, 3."""
    pid = new_id()
    for stmt in (
        insert(Programme).values(**_programme(pid)),
        delete(Programme).where(Programme.id == pid),
        insert(Programme).values(**_programme(pid, "Pristatymų rengimas")),
    ):
        with store.uow() as uow:
            uow.connection.execute(stmt)
            uow.commit()
    with store.read() as conn:
        cl = conn.execute(
            select(Clock.cl).where(Clock.row_id == pid, Clock.field == "*")
        ).scalar_one()
    assert cl == 3
    assert [r[3] for r in _outbox(store) if r[1] == pid] == [1, 2, 3]


def test_connection_without_capture_functions_cannot_write(store: Store) -> None:
    """A raw connection that lacks lt_capturing() cannot write to a synced table."""
    import sqlcipher3

    from libtrainer.services import storefile
    from libtrainer.store.engine import connect_raw
    from libtrainer.sync import keys

    config = storefile.read_config(store.path.parent)
    key = keys.load_secret(keys.store_key_name(config.store_uid))
    raw = connect_raw(store.path, key, config.format)
    try:
        import pytest

        with pytest.raises(sqlcipher3.OperationalError, match="lt_capturing"):
            raw.execute(
                "INSERT INTO programme (id, title_lt, title_lv, title_en, level, "
                "academic_hours, topics, audience, archived) "
                "VALUES ('x', 'a', '', '', 'beginner', 1, '', 'residents', 0)"
            )
    finally:
        raw.close()


def test_outbox_records_carry_device_and_increasing_hlc(store: Store) -> None:
    """Every record names this device and timestamps strictly increase in capture order."""
    with store.uow() as uow:
        uow.connection.execute(insert(Programme), [_programme(new_id()) for _ in range(50)])
        uow.commit()
    with store.read() as conn:
        rows = conn.execute(select(Outbox.hlc, Outbox.device).order_by(Outbox.seq)).all()
    device = setup.identity(store).device_id
    assert all(d == device for _h, d in rows)
    hlcs = [h for h, _d in rows]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)
