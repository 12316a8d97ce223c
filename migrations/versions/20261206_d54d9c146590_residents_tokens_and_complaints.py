"""Residents: resident tokens per location, complaints and their status history

Every existing location gets a random token (its QR code on the information
card); new ones get theirs when they are registered.

Revision ID: d54d9c146590
Revises: c4a8e1f2b3d5
Create Date: 2026-12-06 09:29:55.694362

"""

import secrets
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d54d9c146590"
down_revision = "c4a8e1f2b3d5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "resident_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("emergency_phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["organisations.id"],
            name=op.f("fk_resident_contacts_company_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resident_contacts")),
        sa.UniqueConstraint("company_id", name=op.f("uq_resident_contacts_company_id")),
    )
    op.create_table(
        "resident_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_resident_tokens_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"],
            ["users.id"],
            name=op.f("fk_resident_tokens_revoked_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resident_tokens")),
        sa.UniqueConstraint("token", name=op.f("uq_resident_tokens_token")),
    )
    with op.batch_alter_table("resident_tokens", schema=None) as batch_op:
        batch_op.create_index(
            "ix_resident_tokens_location", ["location_id", "revoked_at"], unique=False
        )

    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt", sa.String(length=12), nullable=False),
        sa.Column("token_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("photo_key", sa.String(length=200), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("request_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "category IN ('overcrowding', 'bedroom_sharing', 'heating_hot_water', 'fire_safety', 'sanitary', 'kitchen', 'damp_mould', 'other')",
            name=op.f("ck_complaints_category"),
        ),
        sa.CheckConstraint(
            "status IN ('received', 'triaged', 'inspection_planned', 'substantiated', 'not_substantiated', 'closed')",
            name=op.f("ck_complaints_status"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["organisations.id"],
            name=op.f("fk_complaints_company_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
            name=op.f("fk_complaints_inspection_id_inspections"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_complaints_location_id_locations"),
        ),
        sa.ForeignKeyConstraint(
            ["token_id"],
            ["resident_tokens.id"],
            name=op.f("fk_complaints_token_id_resident_tokens"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint("receipt", name=op.f("uq_complaints_receipt")),
        sa.UniqueConstraint(
            "token_id",
            "idempotency_key",
            name=op.f("uq_complaints_token_id_idempotency_key"),
        ),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaints_company_id"), ["company_id"], unique=False
        )
        batch_op.create_index(
            "ix_complaints_location_created",
            ["location_id", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_complaints_status_created", ["status", "created_at"], unique=False
        )

    op.create_table(
        "complaint_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('received', 'triaged', 'inspection_planned', 'substantiated', 'not_substantiated', 'closed')",
            name=op.f("ck_complaint_status_changes_status"),
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["users.id"],
            name=op.f("fk_complaint_status_changes_changed_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_status_changes_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_status_changes")),
    )
    with op.batch_alter_table("complaint_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_status_changes_complaint_id"),
            ["complaint_id"],
            unique=False,
        )

    _tokens_for_existing_locations()


def _tokens_for_existing_locations():
    bind = op.get_bind()
    ids = [row[0] for row in bind.execute(sa.text("SELECT id FROM locations"))]
    tokens = sa.table(
        "resident_tokens",
        sa.column("location_id", sa.Integer),
        sa.column("token", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    rows = [
        {"location_id": i, "token": secrets.token_urlsafe(16), "created_at": now}
        for i in ids
    ]
    if rows:
        op.bulk_insert(tokens, rows)


def downgrade():
    with op.batch_alter_table("complaint_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_status_changes_complaint_id"))

    op.drop_table("complaint_status_changes")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("ix_complaints_status_created")
        batch_op.drop_index("ix_complaints_location_created")
        batch_op.drop_index(batch_op.f("ix_complaints_company_id"))

    op.drop_table("complaints")
    with op.batch_alter_table("resident_tokens", schema=None) as batch_op:
        batch_op.drop_index("ix_resident_tokens_location")

    op.drop_table("resident_tokens")
    op.drop_table("resident_contacts")
