"""Local sign-in accounts; the consent text version travels with each participant.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21

The participant change runs in batch mode, which on SQLite rebuilds the table (and drops its
capture triggers: ``libtrainer.store.migrate`` re-creates them after every upgrade).
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lt_account",
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("login", sa.String(length=80), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("staff_id", name=op.f("pk_lt_account")),
        sa.UniqueConstraint("login", name=op.f("uq_lt_account_login")),
    )
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent_text_version", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_column("consent_text_version")
    op.drop_table("lt_account")
