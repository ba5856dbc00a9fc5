"""open-ended periods: ``ends_at`` may be empty ("until further notice")

Revision ID: 0014_open_ended_periods
Revises: 0013_daily_word_hour_recipients
Create Date: 2026-12-04 21:40:00
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

import connector.adapters.models

revision = "0014_open_ended_periods"
down_revision = "0013_daily_word_hour_recipients"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite cannot ALTER COLUMN: batch mode copies the table.
    with op.batch_alter_table("periods") as batch:
        batch.alter_column(
            "ends_at",
            existing_type=connector.adapters.models.UTCDateTime(),
            nullable=True,
        )


def downgrade() -> None:
    # An open period has no end to go back to: the end of the time the older schema can hold,
    # or the moment it was ended.
    periods = sa.table(
        "periods",
        sa.column("ends_at", connector.adapters.models.UTCDateTime()),
        sa.column("ended_early_at", connector.adapters.models.UTCDateTime()),
    )
    op.execute(
        periods.update()
        .where(periods.c.ends_at.is_(None))
        .values(
            ends_at=sa.func.coalesce(
                periods.c.ended_early_at, dt.datetime(9999, 1, 1, tzinfo=dt.UTC)
            )
        )
    )
    with op.batch_alter_table("periods") as batch:
        batch.alter_column(
            "ends_at",
            existing_type=connector.adapters.models.UTCDateTime(),
            nullable=False,
        )
