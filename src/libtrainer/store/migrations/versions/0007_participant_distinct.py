"""Look-alike records a coordinator said are different people (``participant_distinct``).

Revision ID: 0007_participant_distinct
Revises: 0006_report_indexes
Create Date: 2026-11-22

The coordinator's duplicates list (``services/duplicates.py``) offers pairs of records with the
same name and birth year. "Same person" appends a ``participant_alias`` row; "not the same
person" is this synced row, so the pair is not offered again, on this computer or on another
coordinator's (docs/decisions/0401).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_participant_distinct"
down_revision = "0006_report_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "participant_distinct",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("other_id", sa.String(length=36), nullable=False),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["staff.id"], name=op.f("fk_participant_distinct_decided_by_staff")
        ),
        sa.ForeignKeyConstraint(
            ["other_id"],
            ["participant.id"],
            name=op.f("fk_participant_distinct_other_id_participant"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_participant_distinct_participant_id_participant"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_distinct")),
    )
    with op.batch_alter_table("participant_distinct", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participant_distinct_other_id"), ["other_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_participant_distinct_participant_id"), ["participant_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("participant_distinct", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_distinct_participant_id"))
        batch_op.drop_index(batch_op.f("ix_participant_distinct_other_id"))
    op.drop_table("participant_distinct")
