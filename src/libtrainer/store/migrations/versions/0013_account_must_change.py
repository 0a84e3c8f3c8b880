"""A password set by an administrator is changed by its owner at the next sign-in.

Revision ID: 0013_account_must_change
Revises: 0012_session_twin
Create Date: 2026-11-23

``lt_account.must_change_password``: set when an administrator (Settings ▸ Staff accounts, or
``libtrainer accounts reset-password``) sets someone's password, cleared when the owner sets
their own (docs/decisions/0519, update). ``lt_account`` is local (never synced), so the mark is
about this computer's sign-in only. Accounts already there are not marked.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_account_must_change"
down_revision = "0012_session_twin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lt_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "must_change_password",
                sa.Boolean(),
                server_default=sa.false(),
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("lt_account", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
