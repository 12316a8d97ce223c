"""Demand beside supply: companies' half-yearly statements per municipality

Revision ID: e5f6a7b8c9d0
Revises: d4e5f6a7b8c9
Create Date: 2026-12-06 10:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e5f6a7b8c9d0"
down_revision = "d4e5f6a7b8c9"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "demand_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=6), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("employed", sa.Integer(), nullable=False),
        sa.Column("housed", sa.Integer(), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reported_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("employed >= 0", name="ck_demand_reports_employed"),
        sa.CheckConstraint(
            "housed >= 0 AND housed <= employed", name="ck_demand_reports_housed"
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["organisations.id"],
            name="fk_demand_reports_company_id_organisations",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_code"], ["municipalities.code"],
            name="fk_demand_reports_municipality_code_municipalities",
        ),
        sa.ForeignKeyConstraint(
            ["reported_by_id"], ["users.id"],
            name="fk_demand_reports_reported_by_id_users",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_demand_reports"),
        sa.UniqueConstraint(
            "company_id", "period", "municipality_code",
            name="uq_demand_reports_company_id_period_municipality_code",
        ),
    )  # fmt: skip
    op.create_index(
        "ix_demand_reports_period", "demand_reports", ["period", "municipality_code"]
    )


def downgrade():
    op.drop_index("ix_demand_reports_period", "demand_reports")
    op.drop_table("demand_reports")
