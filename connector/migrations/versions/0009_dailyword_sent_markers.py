"""daily word: sent-markers (one row per period, recipient and local day) and per-period settings

Revision ID: 0009_dailyword_sent_markers
Revises: 0008_hr_outbox_lease_owner
Create Date: 2026-12-04 20:10:00
"""

import sqlalchemy as sa
from alembic import op

from connector.adapters.models import UTCDateTime

revision = "0009_dailyword_sent_markers"
down_revision = "0008_hr_outbox_lease_owner"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "daily_words",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=16), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.UniqueConstraint("period_id", "recipient", "day", name="uq_daily_word_day"),
    )
    op.create_index("ix_daily_words_due", "daily_words", ["status", "next_attempt_at"])
    op.create_table(
        "daily_word_settings",
        sa.Column("period_id", sa.Integer(), autoincrement=False, primary_key=True),
        sa.Column("enabled", sa.Boolean(), nullable=True),
        sa.Column("lang", sa.String(length=8), nullable=True),
        sa.Column("note_ticket", sa.String(length=64), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("daily_word_settings")
    op.drop_index("ix_daily_words_due", table_name="daily_words")
    op.drop_table("daily_words")
