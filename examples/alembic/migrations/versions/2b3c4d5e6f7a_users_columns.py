"""users columns

Revision ID: 2b3c4d5e6f7a
Revises: 1a2b3c4d5e6f
"""
from alembic import op
import sqlalchemy as sa

revision = "2b3c4d5e6f7a"
down_revision = "1a2b3c4d5e6f"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Safe: a constant server default does not rewrite the table (PostgreSQL 11+).
    op.add_column("users", sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
    # Unsafe: gen_random_uuid() is volatile, PostgreSQL writes it into every row.
    op.add_column("users", sa.Column("api_key", sa.Uuid(), server_default=sa.text("gen_random_uuid()")))
    # Unsafe: NOT NULL without a default fails as soon as users has a row.
    op.add_column("users", sa.Column("country", sa.Text(), nullable=False))


def downgrade() -> None:
    # Down code: no destructive-change findings here.
    op.drop_column("users", "country")
    op.drop_column("users", "api_key")
    op.drop_column("users", "active")
