"""Migrations: the migrated schema equals the models; old stores upgrade with their data."""

from __future__ import annotations

import os
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import text

from libtrainer.store import capture, migrate
from libtrainer.store.capture import Identity
from libtrainer.store.engine import make_engine
from libtrainer.store.hlc import HybridClock
from libtrainer.store.models import Base, synced_tables
from libtrainer.store.store import Store


def test_migrated_schema_equals_models(tmp_path: Path) -> None:
    """`alembic check` equivalent: no difference between head migrations and the models."""
    engine = make_engine(tmp_path / "s.db", os.urandom(32), Identity(HybridClock(), "dev"))
    with engine.begin() as conn:
        migrate.upgrade(conn)
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diff == []


def test_store_from_first_revision_upgrades_with_its_data(tmp_path: Path) -> None:
    """A revision-0001 store holding a participant opens at head with its data and triggers."""
    key = os.urandom(32)
    path = tmp_path / "old.db"
    engine = make_engine(path, key, Identity(HybridClock(), "dev-old"))
    with engine.begin() as conn:
        migrate.upgrade(conn, "0001")
        conn.execute(
            text("INSERT INTO region (id, code, name, country) VALUES ('r', 'AL', 'Alyt', 'LT')")
        )
        conn.execute(
            text(
                "INSERT INTO participant (id, given_name, family_name, name_key, gender, "
                "labour_status, isced, notes, archived) VALUES ('p1', 'Šarūnas', 'Žukauskas', "
                "'sarunas zukauskas', 'male', 'unemployed', 'isced_3_4', '', 0)"
            )
        )
        conn.execute(text("INSERT INTO lt_meta (key, value) VALUES ('device_id', 'dev-old')"))
    engine.dispose()

    store = Store.open(path, key)
    try:
        with store.read() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            assert capture.triggers_complete(conn)
            row = conn.execute(
                text("SELECT given_name, consent_text_version FROM participant")
            ).one()
        assert tuple(row) == ("Šarūnas", None)
        with store.uow() as uow:
            uow.connection.execute(
                text("UPDATE participant SET consent_text_version = 'v2' WHERE id = 'p1'")
            )
            uow.commit()
        assert store.pending_changes() == 1
    finally:
        store.close()


def test_triggers_recreated_when_missing(tmp_path: Path) -> None:
    """A store whose capture triggers were dropped gets them back on open."""
    key = os.urandom(32)
    path = tmp_path / "s.db"
    Store.open(path, key, create=True).close()
    engine = make_engine(path, key, Identity(HybridClock(), "dev"))
    with engine.begin() as conn:
        conn.execute(text("DROP TRIGGER lt_cap_participant_u"))
    engine.dispose()
    store = Store.open(path, key)
    try:
        with store.read() as conn:
            assert capture.triggers_complete(conn)
    finally:
        store.close()


def test_store_with_capture_triggers_upgrades_through_table_rebuilds(tmp_path: Path) -> None:
    """A store at 0004 with live triggers and captured rows opens at head, nothing lost."""
    key = os.urandom(32)
    path = tmp_path / "s.db"
    identity = Identity(HybridClock(), "01a2006c-7998-7135-842c-d83a0d3637fe")
    engine = make_engine(path, key, identity)
    with engine.begin() as conn:
        migrate.upgrade(conn, "0004")
        # The triggers a 0004 store had: those of the synced tables that existed then.
        tables = set(sa_inspect(conn).get_table_names())
        for table in synced_tables():
            if table in tables:
                for sql in capture.trigger_sql(table, identity.device_id):
                    conn.exec_driver_sql(sql)
        conn.execute(
            text("INSERT INTO lt_meta (key, value) VALUES ('device_id', :d)"),
            {"d": identity.device_id},
        )
        conn.execute(
            text("INSERT INTO region (id, code, name, country) VALUES ('r', 'AL', 'A', 'LT')")
        )
    engine.dispose()
    store = Store.open(path, key)
    try:
        with store.read() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            assert capture.triggers_current(conn, identity.device_id)
            clocks = conn.execute(text("SELECT count(*) FROM lt_clock")).scalar_one()
        assert clocks == 1 and store.pending_changes() == 1
    finally:
        store.close()


def test_accounts_from_0012_upgrade_kept_and_not_marked(tmp_path: Path) -> None:
    """A 0012 store's accounts open at head unchanged, none asked to choose a new password."""
    key = os.urandom(32)
    path = tmp_path / "s.db"
    engine = make_engine(path, key, Identity(HybridClock(), "dev-old"))
    with engine.begin() as conn:
        migrate.upgrade(conn, "0012_session_twin")
        for login, disabled in (("ruta", 0), ("ona", 1)):
            conn.execute(
                text(
                    "INSERT INTO lt_account (staff_id, login, password_hash, role, disabled) "
                    "VALUES (:id, :login, 'scrypt$h', 'admin', :disabled)"
                ),
                {"id": f"id-{login}", "login": login, "disabled": disabled},
            )
        conn.execute(text("INSERT INTO lt_meta (key, value) VALUES ('device_id', 'dev-old')"))
    engine.dispose()
    store = Store.open(path, key)
    try:
        with store.read() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            rows = conn.execute(
                text(
                    "SELECT login, password_hash, disabled, must_change_password "
                    "FROM lt_account ORDER BY login"
                )
            ).all()
        assert [tuple(r) for r in rows] == [
            ("ona", "scrypt$h", 1, 0),
            ("ruta", "scrypt$h", 0, 0),
        ]
    finally:
        store.close()
