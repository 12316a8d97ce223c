"""The agricultural mark: a company's mark (SNF or AGRI) and a location's season

Every company so far is certified under SNF and every location is year-round.
Other tables refer to these three, so SQLite gets a plain ADD COLUMN with the
check inline (a batch copy of a referenced table breaks its foreign keys).

Revision ID: a6c1e0f2d3b4
Revises: 9af56ab967a0
Create Date: 2026-12-06 09:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a6c1e0f2d3b4"
down_revision = "9af56ab967a0"
branch_labels = None
depends_on = None

COLUMNS = [
    # table, column, default, allowed values
    ("organisations", "mark", "SNF", ("SNF", "AGRI")),
    ("locations", "season", "year_round", ("year_round", "seasonal")),
    ("location_requests", "season", "year_round", ("year_round", "seasonal")),
]


def _check(column, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, default, values in COLUMNS:
        name = f"ck_{table}_{column}"
        if sqlite:
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR(10) "
                f"DEFAULT '{default}' NOT NULL "
                f"CONSTRAINT {name} CHECK ({_check(column, values)})"
            )
            continue
        op.add_column(
            table,
            sa.Column(column, sa.String(length=10), server_default=default,
                      nullable=False),
        )  # fmt: skip
        op.create_check_constraint(name, table, _check(column, values))


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, default, _values in reversed(COLUMNS):
        if sqlite:
            _drop_on_sqlite(table, column, default)
            continue
        op.drop_constraint(f"ck_{table}_{column}", table, type_="check")
        op.drop_column(table, column)


def _drop_on_sqlite(table: str, column: str, default: str) -> None:
    """The inline check goes with its column (SQLite 3.35+). A later batch
    migration that copied the table made it a table check: copy it again."""
    sql = (
        op.get_bind()
        .exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        )
        .scalar()
    )
    if f"{column} VARCHAR(10) DEFAULT '{default}' NOT NULL CONSTRAINT" in sql:
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        return
    with op.batch_alter_table(table, recreate="always") as batch:
        batch.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
        batch.drop_column(column)
