"""Municipality accounts: role and organisation kind ``municipality``, and the
municipality (CBS code) an organisation of that kind stands for

SQLite cannot change a CHECK in place, and copying ``organisations`` or
``users`` (referenced by most tables) breaks their foreign keys, so on SQLite
the two CHECK texts are rewritten in the schema (the documented
``writable_schema`` route; the rows already satisfy the wider check).

Revision ID: d4e5f6a7b8c9
Revises: d54d9c146590
Create Date: 2026-12-06 10:15:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d4e5f6a7b8c9"
down_revision = "d54d9c146590"
branch_labels = None
depends_on = None

OLD_KINDS = "'snf', 'inspection_body', 'company', 'association'"
NEW_KINDS = OLD_KINDS + ", 'municipality'"
OLD_ROLES = "'admin', 'inspector', 'company', 'verifier'"
NEW_ROLES = OLD_ROLES + ", 'municipality'"
CHECKS = [
    # table, constraint, column, old values, new values
    ("organisations", "ck_organisations_kind", "kind", OLD_KINDS, NEW_KINDS),
    ("users", "ck_users_role", "role", OLD_ROLES, NEW_ROLES),
]


def _rewrite_sqlite(table: str, old: str, new: str) -> None:
    op.execute("PRAGMA writable_schema = ON")
    op.execute(
        sa.text(
            "UPDATE sqlite_master SET sql = replace(sql, :old, :new) "
            "WHERE type = 'table' AND name = :table"
        ).bindparams(old=f"IN ({old})", new=f"IN ({new})", table=table)
    )
    op.execute("PRAGMA writable_schema = OFF")


def _set_checks(forward: bool) -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    for table, name, column, old, new in CHECKS:
        before, after = (old, new) if forward else (new, old)
        if sqlite:
            _rewrite_sqlite(table, before, after)
            continue
        op.drop_constraint(op.f(name), table, type_="check")
        op.create_check_constraint(op.f(name), table, f"{column} IN ({after})")
    if sqlite:
        version = conn.exec_driver_sql("PRAGMA schema_version").scalar()
        op.execute(f"PRAGMA schema_version = {version + 1}")


def upgrade():
    _set_checks(forward=True)
    op.add_column(
        "organisations", sa.Column("municipality_code", sa.String(6), nullable=True)
    )
    op.create_index(
        "ix_organisations_municipality_code", "organisations", ["municipality_code"]
    )


def downgrade():
    op.drop_index("ix_organisations_municipality_code", "organisations")
    op.drop_column("organisations", "municipality_code")
    _set_checks(forward=False)
