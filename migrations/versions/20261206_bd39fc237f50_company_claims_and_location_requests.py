"""Company claims (self-signups awaiting SNF) and location link requests

Existing companies stay as they are: an organisation is only made by staff or
by a confirmed claim, so every company already in the database counts as
confirmed and needs no row here.

Revision ID: bd39fc237f50
Revises: b7e4d2a9c316
Create Date: 2026-12-06 06:18:30.483788

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "bd39fc237f50"
down_revision = "b7e4d2a9c316"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "company_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("kvk", sa.String(length=8), nullable=False),
        sa.Column("company_name", sa.String(length=200), nullable=False),
        sa.Column("town", sa.String(length=100), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("inspection_body_id", sa.Integer(), nullable=False),
        sa.Column("extract_key", sa.String(length=100), nullable=False),
        sa.Column("extract_type", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=2000), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'confirmed', 'rejected')",
            name=op.f("ck_company_claims_status"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_company_claims_decided_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["inspection_body_id"],
            ["organisations.id"],
            name=op.f("fk_company_claims_inspection_body_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_company_claims_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_claims")),
    )
    with op.batch_alter_table("company_claims", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_company_claims_email"), ["email"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_company_claims_kvk"), ["kvk"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_company_claims_status"), ["status"], unique=False
        )

    op.create_table(
        "location_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("street", sa.String(length=120), nullable=False),
        sa.Column("house_number", sa.Integer(), nullable=False),
        sa.Column("house_letter", sa.String(length=1), nullable=False),
        sa.Column("house_addition", sa.String(length=4), nullable=False),
        sa.Column("postcode", sa.String(length=6), nullable=False),
        sa.Column("town", sa.String(length=80), nullable=False),
        sa.Column("bag_id", sa.String(length=16), nullable=True),
        sa.Column("housing_type", sa.String(length=30), nullable=False),
        sa.Column("use_class", sa.String(length=10), nullable=False),
        sa.Column("beds", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=2000), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected')",
            name=op.f("ck_location_requests_status"),
        ),
        sa.CheckConstraint(
            "use_class IN ('wonen', 'logies')",
            name=op.f("ck_location_requests_use_class"),
        ),
        sa.CheckConstraint("beds >= 0", name=op.f("ck_location_requests_beds")),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["organisations.id"],
            name=op.f("fk_location_requests_company_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_location_requests_decided_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_location_requests_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_location_requests_requested_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_location_requests")),
    )
    with op.batch_alter_table("location_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_location_requests_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index(
            "ix_location_requests_status_location",
            ["status", "location_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("location_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_location_requests_status_location")
        batch_op.drop_index(batch_op.f("ix_location_requests_company_id"))

    op.drop_table("location_requests")
    with op.batch_alter_table("company_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_company_claims_status"))
        batch_op.drop_index(batch_op.f("ix_company_claims_kvk"))
        batch_op.drop_index(batch_op.f("ix_company_claims_email"))

    op.drop_table("company_claims")
