"""indexes

Revision ID: 6f7a8b9c0d1e
Revises: 5e6f7a8b9c0d
"""
from alembic import op

revision = "6f7a8b9c0d1e"
down_revision = "5e6f7a8b9c0d"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Safe: CONCURRENTLY, outside the revision's transaction.
    with op.get_context().autocommit_block():
        op.create_index("orders_user_id_idx", "orders", ["user_id"], postgresql_concurrently=True)
    # Unsafe: a plain CREATE INDEX blocks writes to users while it builds.
    op.create_index("users_name_idx", "users", ["name"])
    # Unsafe: CONCURRENTLY inside the transaction: PostgreSQL rejects it.
    op.create_index("orders_total_idx", "orders", ["total"], postgresql_concurrently=True)


def downgrade() -> None:
    op.drop_index("orders_total_idx", table_name="orders")
    op.drop_index("users_name_idx", table_name="users")
    op.drop_index("orders_user_id_idx", table_name="orders")
