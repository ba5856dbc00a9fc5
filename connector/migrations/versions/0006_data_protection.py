"""the contact log's access log; hand-backs at phase boundaries

Revision ID: 0006_data_protection
Revises: 0005_ui_sessions
Create Date: 2026-12-04 13:00:00
"""

import sqlalchemy as sa
from alembic import op

import connector.adapters.models

revision = "0006_data_protection"
down_revision = "0005_ui_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_log_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", connector.adapters.models.UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=320), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("helpdesk", sa.String(length=64), nullable=False),
        sa.Column("employee_email", sa.String(length=320), nullable=False),
        sa.Column("entry_ids", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact_log_reads", schema=None) as batch_op:
        batch_op.create_index("ix_contact_log_reads_at", ["at"], unique=False)

    with op.batch_alter_table("periods", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phase_moves", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("periods", schema=None) as batch_op:
        batch_op.drop_column("phase_moves")
    with op.batch_alter_table("contact_log_reads", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_log_reads_at")
    op.drop_table("contact_log_reads")
