"""server-side web sessions, one-time invitation links, used helpdesk-signed app tokens

Revision ID: 0005_ui_sessions
Revises: 0004_sign_in_throttle
Create Date: 2026-12-04 12:45:00
"""

import sqlalchemy as sa
from alembic import op

import connector.adapters.models

revision = "0005_ui_sessions"
down_revision = "0004_sign_in_throttle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ui_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("token_id", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=320), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("helpdesks", sa.JSON(), nullable=True),
        sa.Column("created_at", connector.adapters.models.UTCDateTime(), nullable=False),
        sa.Column("expires_at", connector.adapters.models.UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", connector.adapters.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash"),
    )
    with op.batch_alter_table("ui_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_ui_sessions_token_id", ["token_id"], unique=False)
        batch_op.create_index("ix_ui_sessions_expires_at", ["expires_at"], unique=False)

    op.create_table(
        "ui_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=320), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("helpdesks", sa.JSON(), nullable=True),
        sa.Column("created_by", sa.String(length=320), nullable=False),
        sa.Column("created_at", connector.adapters.models.UTCDateTime(), nullable=False),
        sa.Column("expires_at", connector.adapters.models.UTCDateTime(), nullable=False),
        sa.Column("used_at", connector.adapters.models.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_table(
        "signed_token_uses",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", connector.adapters.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("signed_token_uses", schema=None) as batch_op:
        batch_op.create_index("ix_signed_token_uses_expires_at", ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("signed_token_uses", schema=None) as batch_op:
        batch_op.drop_index("ix_signed_token_uses_expires_at")
    op.drop_table("signed_token_uses")
    op.drop_table("ui_invitations")
    with op.batch_alter_table("ui_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_ui_sessions_expires_at")
        batch_op.drop_index("ix_ui_sessions_token_id")
    op.drop_table("ui_sessions")
