"""Sessions a coordinator decided are (or are not) one session typed twice (``session_twin``).

Revision ID: 0012_session_twin
Revises: 0011_code_decision
Create Date: 2026-11-23

A lecturer logs a session on her laptop and the branch librarian types it in from the paper
sign-in sheet: two session rows, counted twice in the reports. The coordinator decides; the
decision is this synced row, one per unordered pair of sessions (id from the pair), whose
``decision`` field (same | different | separate) is merged last-writer-wins like any field.
The reports count the sessions of a "same" pair as one (docs/decisions/0402). Nothing is
deleted or copied.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_session_twin"
down_revision = "0011_code_decision"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_twin",
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("other_id", sa.String(length=36), nullable=False),
        sa.Column("decision", sa.String(length=12), nullable=False),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["staff.id"], name=op.f("fk_session_twin_decided_by_staff")
        ),
        sa.ForeignKeyConstraint(
            ["other_id"],
            ["training_session.id"],
            name=op.f("fk_session_twin_other_id_training_session"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_session.id"],
            name=op.f("fk_session_twin_session_id_training_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_twin")),
    )
    with op.batch_alter_table("session_twin", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_session_twin_other_id"), ["other_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_session_twin_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("session_twin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_twin_session_id"))
        batch_op.drop_index(batch_op.f("ix_session_twin_other_id"))
    op.drop_table("session_twin")
