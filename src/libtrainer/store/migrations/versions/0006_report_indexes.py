"""Report index: attendance (session_id, participant_id, mark), covering the reports' one pass.

Revision ID: 0006_report_indexes
Revises: 0005
Create Date: 2026-11-22

The summary, ESF+ and sessions reports read every attendance mark of the sessions in scope
once (``reports/work.py``): session by session, the participant and the mark. With this index
that read touches only the index (no table rows), in session order; measured in
``bench/reports.py`` (1M marks, SQLCipher) the pass takes about half the CPU time of the
table scan (docs/decisions/0352). It starts with session_id, so it also serves every look-up
by session (foreign-key checks, a session's sheet) and replaces ``ix_attendance_session_id``:
an attendance mark written still updates three indexes.
"""

from alembic import op

revision = "0006_report_indexes"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(
            "ix_attendance_report", ["session_id", "participant_id", "mark"], unique=False
        )
        batch_op.drop_index("ix_attendance_session_id")


def downgrade() -> None:
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_session_id", ["session_id"], unique=False)
        batch_op.drop_index("ix_attendance_report")
