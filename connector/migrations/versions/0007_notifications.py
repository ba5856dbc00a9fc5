"""team-lead notifications: a durable queue of messages about failures that need a person

Revision ID: 0007_notifications
Revises: 0006_data_protection
Create Date: 2026-12-04 16:00:00
"""

import sqlalchemy as sa
from alembic import op

import connector.adapters.models

revision = "0007_notifications"
down_revision = "0006_data_protection"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedup_key", sa.String(length=200), nullable=False),
        sa.Column("episode", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("helpdesk", sa.String(length=64), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=True),
        sa.Column("ticket_id", sa.String(length=64), nullable=True),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("occurrences", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", connector.adapters.models.UTCDateTime(), nullable=False),
        sa.Column("locked_until", connector.adapters.models.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", connector.adapters.models.UTCDateTime(), nullable=False),
        sa.Column("sent_at", connector.adapters.models.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "dedup_key", "episode", "channel", "recipient", name="uq_notification_episode"
        ),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index("ix_notifications_claim", ["status", "next_attempt_at"])
        batch_op.create_index("ix_notifications_key", ["dedup_key"])


def downgrade() -> None:
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_key")
        batch_op.drop_index("ix_notifications_claim")
    op.drop_table("notifications")
