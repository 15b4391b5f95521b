"""contract: drop what the application no longer reads

Revision ID: 7a8b9c0d1e2f
Revises: 6f7a8b9c0d1e
"""
from alembic import op

revision = "7a8b9c0d1e2f"
down_revision = "6f7a8b9c0d1e"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # migralint-disable-next-line ban-drop-column -- no release reads users.name since v2.3
    op.drop_column("users", "name")
    with op.batch_alter_table("orders") as batch_op:
        batch_op.alter_column("total", new_column_name="amount")


def downgrade() -> None:
    with op.batch_alter_table("orders") as batch_op:
        batch_op.alter_column("amount", new_column_name="total")
