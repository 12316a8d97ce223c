"""Backups made by the backup job and kept in storage

Revision ID: b8c9d0e1f2a3
Revises: a7b8c9d0e1f2
Create Date: 2026-12-06 13:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b8c9d0e1f2a3"
down_revision = "a7b8c9d0e1f2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "backups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("revision", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["started_by_id"], ["users.id"],
            name=op.f("fk_backups_started_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backups")),
    )  # fmt: skip
    op.create_index(op.f("ix_backups_created_at"), "backups", ["created_at"])


def downgrade():
    op.drop_index(op.f("ix_backups_created_at"), "backups")
    op.drop_table("backups")
