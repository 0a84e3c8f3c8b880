"""Fingerprints of people erased from the records (``lt_erased``).

Revision ID: 0010_erased
Revises: 0009_recoded
Create Date: 2026-12-13

A person without a participant code erased from the records (GDPR) left nothing behind, so a
register imported later that still lists them made them a new person again. Erasing now keeps
a keyed fingerprint (HMAC-SHA256 with a secret kept in ``lt_meta``) of the folded name and
birth year, and the date; the import refuses rows that match (docs/decisions/0009). Local
bookkeeping, like the other ``lt_*`` tables: never synced, not part of the canonical dump.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_erased"
down_revision = "0009_recoded"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lt_erased",
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("erased_wall", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("fingerprint", name=op.f("pk_lt_erased")),
    )


def downgrade() -> None:
    op.drop_table("lt_erased")
