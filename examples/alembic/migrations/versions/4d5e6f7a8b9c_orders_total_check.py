"""orders total check, the safe way (branch b)

Revision ID: 4d5e6f7a8b9c
Revises: 2b3c4d5e6f7a
"""
from alembic import op

revision = "4d5e6f7a8b9c"
down_revision = "2b3c4d5e6f7a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Safe: NOT VALID skips the scan; VALIDATE runs in a later revision.
    op.create_check_constraint("orders_total_check", "orders", "total >= 0", postgresql_not_valid=True)


def downgrade() -> None:
    op.drop_constraint("orders_total_check", "orders", type_="check")
