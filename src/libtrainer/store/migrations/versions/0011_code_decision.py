"""Coordinators' decisions on one code given to two people travel (``participant_code_decision``).

Revision ID: 0011_code_decision
Revises: 0010_erased
Create Date: 2026-11-23

The notes of a participant code given to two people (``lt_code_clash``) stay local, but the
coordinator's decision on one ("same person", "different people") is now this synced row, so
another coordinator of the region, or the same one after a reinstall, sees it decided
(docs/decisions/0400). A note also keeps which device inserted the row it was compared with
(``held_device``): with the inserting device it names the decision. Notes taken before this
upgrade use ``first_device``, which is that device unless another one had edited the name.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_code_decision"
down_revision = "0010_erased"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "participant_code_decision",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("device_a", sa.String(length=36), nullable=False),
        sa.Column("device_b", sa.String(length=36), nullable=False),
        sa.Column("decision", sa.String(length=12), nullable=False),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["staff.id"],
            name=op.f("fk_participant_code_decision_decided_by_staff"),
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participant.id"],
            name=op.f("fk_participant_code_decision_participant_id_participant"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_code_decision")),
    )
    with op.batch_alter_table("participant_code_decision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participant_code_decision_participant_id"),
            ["participant_id"],
            unique=False,
        )
    with op.batch_alter_table("lt_code_clash", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held_device", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lt_code_clash", schema=None) as batch_op:
        batch_op.drop_column("held_device")
    with op.batch_alter_table("participant_code_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_code_decision_participant_id"))
    op.drop_table("participant_code_decision")
