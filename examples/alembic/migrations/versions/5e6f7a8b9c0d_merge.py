"""merge the two branches

Revision ID: 5e6f7a8b9c0d
Revises: 3c4d5e6f7a8b, 4d5e6f7a8b9c
"""
from alembic import op

revision = "5e6f7a8b9c0d"
down_revision = ("3c4d5e6f7a8b", "4d5e6f7a8b9c")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check")


def downgrade() -> None:
    pass
