"""create users and orders

Revision ID: 1a2b3c4d5e6f
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "1a2b3c4d5e6f"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # New tables: their indexes lock nobody out.
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("name", sa.Text()),
    )
    op.create_index("users_email_idx", "users", ["email"], unique=True)
    op.create_table(
        "orders",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.Numeric(10, 2), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("orders")
    op.drop_table("users")
