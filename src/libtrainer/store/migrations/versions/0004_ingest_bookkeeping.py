"""Ingest bookkeeping: held rows, pending changes, ingested and quarantined bundles.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

Local-only tables (``lt_`` prefix) of sync ingest: rows waiting for the rows they refer to
(``lt_held``), changes for a row generation not seen yet (``lt_pending``), the bundles merged
(``lt_ingested``) or refused (``lt_quarantine``), suspended devices (``lt_suspended``) and the
share files already read (``lt_seen_file``). The same revision builds a central PostgreSQL store.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lt_held",
        sa.Column("tbl", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("wait_tbl", sa.String(length=40), nullable=False),
        sa.Column("wait_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("tbl", "row_id", name=op.f("pk_lt_held")),
    )
    op.create_index(op.f("ix_lt_held_wait_id"), "lt_held", ["wait_id"], unique=False)
    op.create_table(
        "lt_pending",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tbl", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=1), nullable=False),
        sa.Column("cl", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("device", sa.String(length=36), nullable=False),
        sa.Column("data", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_lt_pending")),
    )
    op.create_index("ix_lt_pending_tbl_row", "lt_pending", ["tbl", "row_id"], unique=False)
    op.create_table(
        "lt_ingested",
        sa.Column("bundle_hash", sa.String(length=64), nullable=False),
        sa.Column("device", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=True),
        sa.Column("created_hlc", sa.BigInteger(), nullable=False),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.Column("restamped", sa.Boolean(), nullable=False),
        sa.Column("ingested_wall", sa.String(length=40), nullable=False),
        sa.Column("acked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("bundle_hash", name=op.f("pk_lt_ingested")),
    )
    op.create_index("ix_lt_ingested_device", "lt_ingested", ["device", "kind", "seq"], unique=False)
    op.create_table(
        "lt_quarantine",
        sa.Column("bundle_hash", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("device", sa.String(length=36), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("first_wall", sa.String(length=40), nullable=False),
        sa.Column("last_wall", sa.String(length=40), nullable=False),
        sa.Column("restamp", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("bundle_hash", name=op.f("pk_lt_quarantine")),
    )
    op.create_table(
        "lt_suspended",
        sa.Column("device", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("bundle_hash", sa.String(length=64), nullable=False),
        sa.Column("since_wall", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("device", name=op.f("pk_lt_suspended")),
    )
    op.create_table(
        "lt_seen_file",
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=False),
        sa.Column("bundle_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("path", name=op.f("pk_lt_seen_file")),
    )


def downgrade() -> None:
    op.drop_table("lt_seen_file")
    op.drop_table("lt_suspended")
    op.drop_table("lt_quarantine")
    op.drop_index("ix_lt_ingested_device", table_name="lt_ingested")
    op.drop_table("lt_ingested")
    op.drop_index("ix_lt_pending_tbl_row", table_name="lt_pending")
    op.drop_table("lt_pending")
    op.drop_index(op.f("ix_lt_held_wait_id"), table_name="lt_held")
    op.drop_table("lt_held")
