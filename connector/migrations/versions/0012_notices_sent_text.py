"""the notice as sent (subject and body per customer and ticket); plain-field templates

Revision ID: 0012_notices_sent_text
Revises: 0011_contact_procedure
Create Date: 2026-12-04 21:45:00
"""

import sqlalchemy as sa
from alembic import op

import connector.adapters.models

revision = "0012_notices_sent_text"
down_revision = "0011_contact_procedure"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A template written in plain fields (subject, greeting, main sentence, ...): the text and
    # HTML bodies are made from them. NULL: an advanced template (text and html columns).
    with op.batch_alter_table("notice_templates") as batch:
        batch.add_column(sa.Column("fields", sa.JSON(), nullable=True))
    # The notice as it was posted: kept with the period's other customer data (retention).
    op.create_table(
        "notices_sent",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("period_id", sa.Integer(), sa.ForeignKey("periods.id"), nullable=False),
        sa.Column("ticket_id", sa.String(64), nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("sent_at", connector.adapters.models.UTCDateTime(), nullable=False),
    )
    op.create_index("ix_notices_sent_period_id", "notices_sent", ["period_id"])


def downgrade() -> None:
    op.drop_index("ix_notices_sent_period_id", table_name="notices_sent")
    op.drop_table("notices_sent")
    with op.batch_alter_table("notice_templates") as batch:
        batch.drop_column("fields")
