"""Sessions entered twice: the coordinator's decisions (``lt_session_decision``).

Revision ID: 0010_session_decision
Revises: 0009_recoded
Create Date: 2026-12-01

The same training session is often recorded on a lecturer's laptop and on the branch PC, with
two random ids, so the coordinator's figures count it twice. The Duplicates screen lists such
pairs; here the coordinator's answers are kept: "different sessions" (not listed again) and
"merged" (the dropped session's later marks go to the kept one). Local bookkeeping, like the
other ``lt_*`` tables: never synced, not part of the canonical dump. The pairs are found by
branch and day: an index on both makes that a look-up (60,000 sessions: 1.6 s → 0.1 s).
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_session_decision"
down_revision = "0009_recoded"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lt_session_decision",
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("other_id", sa.String(length=36), nullable=False),
        sa.Column("decision", sa.String(length=12), nullable=False),
        sa.Column("decided_wall", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("session_id", "other_id", name=op.f("pk_lt_session_decision")),
    )
    op.create_index(
        "ix_training_session_branch_date", "training_session", ["branch_id", "date"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_training_session_branch_date", table_name="training_session")
    op.drop_table("lt_session_decision")
