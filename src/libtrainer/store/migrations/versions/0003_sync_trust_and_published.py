"""Sync bookkeeping: accepted trust-list versions and this device's published bundles.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21

Both tables are local-only (``lt_`` prefix): they are never captured and never travel.
``lt_published`` keeps a bundle's bytes until it is safely on the share, so a crash between
"made" and "written" re-writes the very same bytes (same hash) instead of forking the chain.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lt_trust",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("doc", sa.LargeBinary(), nullable=False),
        sa.Column("accepted_wall", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_lt_trust")),
    )
    op.create_table(
        "lt_published",
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("bundle_hash", sa.String(length=64), nullable=False),
        sa.Column("first_outbox", sa.Integer(), nullable=False),
        sa.Column("last_outbox", sa.Integer(), nullable=False),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.Column("created_wall", sa.String(length=40), nullable=False),
        sa.Column("file_name", sa.String(length=80), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("kind", "seq", name=op.f("pk_lt_published")),
    )


def downgrade() -> None:
    op.drop_table("lt_published")
    op.drop_table("lt_trust")
