"""Attachments share content-derived storage keys

Storage keys are now the SHA-256 of the content: the same photo attached twice
is one stored object named by two attachments, so the key is indexed, no
longer unique.

Revision ID: c4a8e1f2b3d5
Revises: efc7f514bf1d
Create Date: 2026-12-06 09:30:00
"""

from alembic import op

revision = "c4a8e1f2b3d5"
down_revision = "efc7f514bf1d"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_constraint("uq_attachments_storage_key", type_="unique")
        batch_op.create_index(
            batch_op.f("ix_attachments_storage_key"), ["storage_key"], unique=False
        )


def downgrade():
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_storage_key"))
        batch_op.create_unique_constraint("uq_attachments_storage_key", ["storage_key"])
