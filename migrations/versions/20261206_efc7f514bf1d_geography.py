"""Municipalities, the CBS address table and regions

A location gets the municipality it lies in (from postcode + house number
through the CBS table, or set by staff); regions group municipalities with
an agreement on places to realise, each revision kept.

Revision ID: efc7f514bf1d
Revises: c3a8e1f0d2b4
Create Date: 2026-12-06 09:19:31.528337

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "efc7f514bf1d"
down_revision = "c3a8e1f0d2b4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "address_municipalities",
        sa.Column("postcode", sa.String(length=6), nullable=False),
        sa.Column("house_number", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.PrimaryKeyConstraint(
            "postcode", "house_number", name=op.f("pk_address_municipalities")
        ),
    )
    op.create_table(
        "municipalities",
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("province_code", sa.String(length=4), nullable=False),
        sa.Column("province", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("code LIKE 'GM%'", name=op.f("ck_municipalities_code")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_municipalities")),
    )
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_municipalities_name"), ["name"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_municipalities_province"), ["province"], unique=False
        )

    op.create_table(
        "regions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regions")),
        sa.UniqueConstraint("code", name=op.f("uq_regions_code")),
    )
    op.create_table(
        "region_municipalities",
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_code"],
            ["municipalities.code"],
            name=op.f("fk_region_municipalities_municipality_code_municipalities"),
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["regions.id"],
            name=op.f("fk_region_municipalities_region_id_regions"),
        ),
        sa.PrimaryKeyConstraint(
            "region_id", "municipality_code", name=op.f("pk_region_municipalities")
        ),
    )
    op.create_table(
        "region_agreements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("target", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("places > 0", name=op.f("ck_region_agreements_places")),
        sa.CheckConstraint("target > start", name=op.f("ck_region_agreements_dates")),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_region_agreements_recorded_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["regions.id"],
            name=op.f("fk_region_agreements_region_id_regions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region_agreements")),
    )
    with op.batch_alter_table("region_agreements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_region_agreements_region", ["region_id", "id"], unique=False
        )

    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("municipality_code", sa.String(length=6), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "municipality_by_hand",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )
        batch_op.create_index(
            batch_op.f("ix_locations_municipality_code"),
            ["municipality_code"],
            unique=False,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_locations_municipality_code_municipalities"),
            "municipalities",
            ["municipality_code"],
            ["code"],
        )


def downgrade():
    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_locations_municipality_code_municipalities"),
            type_="foreignkey",
        )
        batch_op.drop_index(batch_op.f("ix_locations_municipality_code"))
        batch_op.drop_column("municipality_by_hand")
        batch_op.drop_column("municipality_code")

    with op.batch_alter_table("region_agreements", schema=None) as batch_op:
        batch_op.drop_index("ix_region_agreements_region")

    op.drop_table("region_agreements")
    op.drop_table("region_municipalities")
    op.drop_table("regions")
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_municipalities_province"))
        batch_op.drop_index(batch_op.f("ix_municipalities_name"))

    op.drop_table("municipalities")
    op.drop_table("address_municipalities")
