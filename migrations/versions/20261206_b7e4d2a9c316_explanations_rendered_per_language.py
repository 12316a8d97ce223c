"""Explanations are rendered in the reader's language, no longer stored as sentences

Findings lose their ``explanation`` column and the stored results of inspections
lose their ``explanation`` key: both were English sentences, written in the
language of whoever submitted. The text now comes from the requirement code, the
inspection's observations and date and its published norm version
(snf.inspections.explain), in each reader's language.

Revision ID: b7e4d2a9c316
Revises: b7c1d2e3f4a5
Create Date: 2026-12-06 06:30:00

"""

import json

import sqlalchemy as sa
from alembic import op

revision = "b7e4d2a9c316"
down_revision = "b7c1d2e3f4a5"
branch_labels = None
depends_on = None

inspections = sa.table(
    "inspections", sa.column("id", sa.Integer), sa.column("results", sa.JSON)
)


def _strip_explanations() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(inspections.c.id, inspections.c.results).where(
            inspections.c.results.is_not(None)
        )
    ).all()
    for inspection_id, results in rows:
        if isinstance(results, str):  # some drivers hand JSON back as text
            results = json.loads(results)
        if not any(isinstance(r, dict) and "explanation" in r for r in results):
            continue
        cleaned = [
            {k: v for k, v in r.items() if k != "explanation"}
            if isinstance(r, dict)
            else r
            for r in results
        ]
        connection.execute(
            inspections.update()
            .where(inspections.c.id == inspection_id)
            .values(results=cleaned)
        )


def upgrade():
    _strip_explanations()
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_column("explanation")


def downgrade():
    # The sentences cannot be brought back in the language they were written
    # in; the column returns empty (the text is rendered from the observations).
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("explanation", sa.Text(), nullable=False, server_default="")
        )
