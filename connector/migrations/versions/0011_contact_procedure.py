"""contact procedure: one sealed row per period (who contacts the employee, how often, how)

Revision ID: 0011_contact_procedure
Revises: 0010_share_several_replacements
Create Date: 2026-12-04 21:40:00
"""

import sqlalchemy as sa
from alembic import op

from connector.adapters.models import UTCDateTime

revision = "0011_contact_procedure"
down_revision = "0010_share_several_replacements"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_procedures",
        sa.Column("period_id", sa.Integer(), autoincrement=False, primary_key=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("contact_procedures")
