"""Addresses as the BAG has them

Rows written before the house number was read as typed: postcodes without
spaces and in capitals, house letters and additions in capitals, so that
"12a" and "12A" are one address. No column changes.

Revision ID: c3a8e1f0d2b4
Revises: a6c1e0f2d3b4
Create Date: 2026-12-06 09:20:00

"""

from alembic import op

revision = "c3a8e1f0d2b4"
down_revision = "a6c1e0f2d3b4"
branch_labels = None
depends_on = None

TABLES = ("locations", "location_requests")


def upgrade():
    for table in TABLES:
        op.execute(
            f"UPDATE {table} SET "
            "postcode = UPPER(REPLACE(postcode, ' ', '')), "
            "house_letter = UPPER(TRIM(COALESCE(house_letter, ''))), "
            "house_addition = UPPER(TRIM(COALESCE(house_addition, '')))"
        )


def downgrade():
    # The stored forms are the ones the services wrote all along.
    pass
