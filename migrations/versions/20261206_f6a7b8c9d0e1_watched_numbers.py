"""Verifier subscriptions: the KvK numbers an account watches

Revision ID: f6a7b8c9d0e1
Revises: e5f6a7b8c9d0
Create Date: 2026-12-06 12:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "f6a7b8c9d0e1"
down_revision = "e5f6a7b8c9d0"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "watched_numbers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kvk", sa.String(length=8), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("seen_change_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"],
            name=op.f("fk_watched_numbers_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watched_numbers")),
        sa.UniqueConstraint(
            "user_id", "kvk", name=op.f("uq_watched_numbers_user_id_kvk")
        ),
    )  # fmt: skip
    op.create_index(op.f("ix_watched_numbers_kvk"), "watched_numbers", ["kvk"])


def downgrade():
    op.drop_index(op.f("ix_watched_numbers_kvk"), "watched_numbers")
    op.drop_table("watched_numbers")
