"""Participant codes this device changed (``lt_recoded``).

Revision ID: 0009_recoded
Revises: 0008_code_clash
Create Date: 2026-12-06

A coded participant's id is derived from the code (docs/decisions/0400). When a branch gave
a code to the wrong person, "Change the code" moves the person to the new code's id and
leaves the old record alone (at the coordinator it may also be another branch's person). This
table remembers that this device gave the old record up: its lists hide it and the register
import refuses the old code. Local bookkeeping, like the other ``lt_*`` tables: never synced,
not part of the canonical dump.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_recoded"
down_revision = "0008_code_clash"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lt_recoded",
        sa.Column("old_id", sa.String(length=36), nullable=False),
        sa.Column("new_id", sa.String(length=36), nullable=False),
        sa.Column("old_code", sa.String(length=60), nullable=False),
        sa.Column("new_code", sa.String(length=60), nullable=True),
        sa.Column("recoded_wall", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("old_id", name=op.f("pk_lt_recoded")),
    )


def downgrade() -> None:
    op.drop_table("lt_recoded")
