"""Who planned an inspection

Enforcement acts only on inspections planned by someone allowed to plan them.

Revision ID: 9af56ab967a0
Revises: bd39fc237f50
Create Date: 2026-12-06 06:34:33

"""

import sqlalchemy as sa
from alembic import op

revision = "9af56ab967a0"
down_revision = "bd39fc237f50"
branch_labels = None
depends_on = None

# Inspections planned before this column existed: the planner is the actor of
# the audit entry that recorded the planning (NULL: the system planned it).
BACKFILL = """
UPDATE inspections SET planned_by_id = (
    SELECT MIN(entries.actor_id) FROM audit_entries AS entries
    WHERE entries.action = 'inspection.schedule'
      AND entries.object_type = 'inspection'
      AND entries.object_id = CAST(inspections.id AS VARCHAR(80))
)
"""


def upgrade():
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("planned_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_inspections_planned_by_id_users"),
            "users",
            ["planned_by_id"],
            ["id"],
        )
    op.execute(BACKFILL)


def downgrade():
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_inspections_planned_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("planned_by_id")
