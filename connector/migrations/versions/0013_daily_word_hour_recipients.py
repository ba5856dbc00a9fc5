"""a period's daily-word send hour and who of the two recipients gets it

Revision ID: 0013_daily_word_hour_recipients
Revises: 0012_notices_sent_text
Create Date: 2026-12-04 21:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_daily_word_hour_recipients"
down_revision = "0012_notices_sent_text"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("daily_word_settings") as batch:
        # Null: the default (the configuration's hour; both recipients get their word).
        batch.add_column(sa.Column("hour", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("replacement", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("team_lead", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("daily_word_settings") as batch:
        batch.drop_column("team_lead")
        batch.drop_column("replacement")
        batch.drop_column("hour")
