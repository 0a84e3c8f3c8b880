"""Leaner capture bookkeeping: lt_clock without rowid; no (tbl, row_id) index on the outbox.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

Measured in bench/capture.py: every captured insert wrote a rowid row plus a primary-key index
entry in lt_clock and an index entry in lt_outbox that nothing reads. The store re-creates the
capture triggers after this (batch mode rebuilds lt_clock by copy-and-rename).
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lt_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_lt_outbox_tbl_row")
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return  # WITHOUT ROWID is SQLite's; elsewhere lt_clock stays as it is
    # Capture triggers name lt_clock; renaming a table under them fails. The store re-creates
    # them after every upgrade (libtrainer.store.migrate.upgrade).
    triggers = bind.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'lt_cap_%'"
    ).all()
    for (name,) in triggers:
        op.execute(sa.text(f'DROP TRIGGER "{name}"'))
    op.create_table(
        "lt_clock_new",
        sa.Column("tbl", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("cl", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("tbl", "row_id", "field", name="pk_lt_clock"),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO lt_clock_new (tbl, row_id, field, cl, hlc, device) "
        "SELECT tbl, row_id, field, cl, hlc, device FROM lt_clock"
    )
    op.drop_table("lt_clock")
    op.rename_table("lt_clock_new", "lt_clock")


def downgrade() -> None:
    with op.batch_alter_table("lt_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_lt_outbox_tbl_row", ["tbl", "row_id"], unique=False)
