"""One participant code given to two people: the coordinator's list (``lt_code_clash``).

Revision ID: 0008_code_clash
Revises: 0007_participant_distinct
Create Date: 2026-11-29

A coded participant has the id derived from the code (docs/decisions/0400), so two branches
that give one code to two different people make one record after the merge. Merging now
notices an insert of a coded participant another device inserted with another name or birth
year and keeps a note here for the coordinator's Duplicates screen. Local bookkeeping, like
the other ``lt_*`` tables: never synced, not part of the canonical dump.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_code_clash"
down_revision = "0007_participant_distinct"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lt_code_clash",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("device", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("given_name", sa.String(length=120), nullable=False),
        sa.Column("family_name", sa.String(length=120), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("branch_id", sa.String(length=36), nullable=True),
        sa.Column("first_device", sa.String(length=36), nullable=False),
        sa.Column("first_given_name", sa.String(length=120), nullable=False),
        sa.Column("first_family_name", sa.String(length=120), nullable=False),
        sa.Column("first_birth_year", sa.Integer(), nullable=True),
        sa.Column("first_branch_id", sa.String(length=36), nullable=True),
        sa.Column("noticed_wall", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("decided_wall", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("participant_id", "device", name=op.f("pk_lt_code_clash")),
    )


def downgrade() -> None:
    op.drop_table("lt_code_clash")
