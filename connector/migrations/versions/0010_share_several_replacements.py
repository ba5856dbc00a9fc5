"""several replacements per period, their balancing, and the balancing/capacity counters

Revision ID: 0010_share_several_replacements
Revises: 0009_dailyword_sent_markers
Create Date: 2026-12-04 20:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_share_several_replacements"
down_revision = "0009_dailyword_sent_markers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("periods") as batch:
        batch.add_column(sa.Column("replacements", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("balancing", sa.JSON(), nullable=True))
        # What the scheduler and the rerouting counted: tickets per replacement (round-robin,
        # share) and, per local day, new tickets seen and given back (capacity).
        batch.add_column(sa.Column("balance_state", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("periods") as batch:
        batch.drop_column("balance_state")
        batch.drop_column("balancing")
        batch.drop_column("replacements")
