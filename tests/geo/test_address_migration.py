"""The migration "Addresses as the BAG has them" converts rows written
before: postcodes without a space and in capitals, letters and additions in
capitals, so "12a" and "12A" are one address."""

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from snf import create_app
from snf.config import TestConfig
from snf.extensions import db

pytestmark = pytest.mark.no_db
BEFORE, AFTER = "9af56ab967a0", "c3a8e1f0d2b4"
LOCATION = (
    "INSERT INTO locations (company_id, street, house_number, house_letter, "
    "house_addition, postcode, town, housing_type, use_class, beds, created_at) "
    "VALUES (1, 'Kerkstraat', 12, 'a', ' bis', '5911 ab', 'Venlo', "
    "'regular_dwelling', 'wonen', 6, '2024-01-01 00:00:00')"
)


def test_existing_addresses_are_converted(tmp_path):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite:///" + str(tmp_path / "old.db")
        SNF_STORAGE_PATH = str(tmp_path / "storage")
        SNF_KEYS_PATH = str(tmp_path / "keys")

    app = create_app(Config)
    with app.app_context():
        upgrade(revision=BEFORE)
        db.session.execute(
            text(
                "INSERT INTO organisations (id, kind, name, created_at) "
                "VALUES (1, 'company', 'Oud BV', '2024-01-01 00:00:00')"
            )
        )
        db.session.execute(text(LOCATION))
        db.session.commit()
        upgrade(revision=AFTER)
        row = db.session.execute(
            text("SELECT postcode, house_letter, house_addition FROM locations")
        ).one()
        db.session.remove()
        assert tuple(row) == ("5911AB", "A", "BIS")
        downgrade(revision=BEFORE)  # nothing to undo: the stored forms stay
        db.session.remove()
        db.engine.dispose()
