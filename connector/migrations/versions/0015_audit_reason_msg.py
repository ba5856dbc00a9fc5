"""audit reasons as messages: ``audit.reason_msg`` holds the msgid and values of a reason, so
the page and the exports say it in the reader's language

Revision ID: 0015_audit_reason_msg
Revises: 0014_open_ended_periods
Create Date: 2026-12-05 00:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_audit_reason_msg"
down_revision = "0014_open_ended_periods"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit") as batch:
        batch.add_column(sa.Column("reason_msg", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit") as batch:
        batch.drop_column("reason_msg")
