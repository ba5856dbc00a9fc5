"""the HR outbox records its lease owner, like the inbox (one lease queue for both)

Revision ID: 0008_hr_outbox_lease_owner
Revises: 0007_notifications
Create Date: 2026-12-04 16:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_hr_outbox_lease_owner"
down_revision = "0007_notifications"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hr_outbox") as batch:
        batch.add_column(sa.Column("locked_by", sa.String(length=128), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hr_outbox") as batch:
        batch.drop_column("locked_by")
