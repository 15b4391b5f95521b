"""orders.user_id foreign key (branch a)

Revision ID: 3c4d5e6f7a8b
Revises: 2b3c4d5e6f7a
"""
from alembic import op

revision = "3c4d5e6f7a8b"
down_revision = "2b3c4d5e6f7a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Unsafe: validating the new foreign key scans orders while writes to orders and users wait.
    op.create_foreign_key("orders_user_id_fk", "orders", "users", ["user_id"], ["id"])


def downgrade() -> None:
    op.drop_constraint("orders_user_id_fk", "orders", type_="foreignkey")
