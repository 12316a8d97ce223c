"""The models and the migrations must describe the same schema."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from snf.extensions import db


def test_models_and_migrations_agree():
    connection = db.session.connection()
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "render_as_batch": True}
    )
    differences = compare_metadata(context, db.metadata)
    assert differences == [], f"run 'flask --app snf db migrate': {differences}"
