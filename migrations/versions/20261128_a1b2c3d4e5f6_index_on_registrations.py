"""Index on status changes by company and action ("registered since")

Revision ID: a1b2c3d4e5f6
Revises: 3ba0131595cc
Create Date: 2026-11-28 19:46:00

"""

from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = "3ba0131595cc"
branch_labels = None
depends_on = None


def upgrade():
    # Not batch_alter_table: a table copy on SQLite would drop the triggers
    # that keep the status history append-only.
    op.create_index(
        "ix_status_changes_company_action",
        "status_changes",
        ["company_id", "action", "effective"],
    )


def downgrade():
    op.drop_index("ix_status_changes_company_action", table_name="status_changes")
