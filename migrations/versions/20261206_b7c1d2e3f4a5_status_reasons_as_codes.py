"""Status reasons as a code with parameters, rendered in the reader's language

Reasons the system wrote as sentences (in the language of whoever ran it) are
converted to a code and parameters where the sentence is recognised, in
English or Dutch; what staff typed stays as typed.

Revision ID: b7c1d2e3f4a5
Revises: a1b2c3d4e5f6
Create Date: 2026-12-06 06:40:00

"""

import json
import re

import sqlalchemy as sa
from alembic import op

revision = "b7c1d2e3f4a5"
down_revision = "a1b2c3d4e5f6"
branch_labels = None
depends_on = None

MESSAGE = "the status history is append-only"
DAY = r"(?P<{}>\d{{4}}-\d{{2}}-\d{{2}})"
CODE = r"(?P<code>[A-Z][A-Z0-9]*-[0-9.]+)"
# (code, pattern): the sentences the system wrote, in English and in Dutch.
PATTERNS = [
    ("applied", r"Application for registration|Aanmelding voor registratie"),
    ("registered", r"Registered after inspection"),
    ("issued", r"(?:Certificate|Certificaat) (?P<number>\S+) (?:issued|verstrekt)"),
    ("major_urgent", rf"Major finding {CODE} at an urgent inspection"),
    ("major_urgent", rf"Zware tekortkoming {CODE} bij een spoedinspectie"),
    ("major_overdue", rf"Major finding {CODE} not closed by {DAY.format('due')}"),
    (
        "major_overdue",
        rf"Zware tekortkoming {CODE} niet opgelost vóór {DAY.format('due')}",
    ),
    ("major_closed", rf"Major finding {CODE} closed: repair letter accepted"),
    (
        "suspension_unresolved",
        rf"Suspended since {DAY.format('since')} and finding {CODE} still open "
        r"after (?P<days>\d+) days",
    ),
    (
        "suspension_unresolved",
        rf"Geschorst sinds {DAY.format('since')} en tekortkoming {CODE} na "
        r"(?P<days>\d+) dagen nog open",
    ),
    (
        "not_renewed",
        rf"Certificate (?P<number>\S+) not renewed; valid until "
        rf"{DAY.format('valid_until')}",
    ),
    (
        "not_renewed",
        rf"Certificaat (?P<number>\S+) niet verlengd; geldig tot "
        rf"{DAY.format('valid_until')}",
    ),
    (
        "renewed",
        rf"(?:Renewed after the administrative inspection of|Verlengd na de "
        rf"administratieve inspectie van) {DAY.format('inspected_on')}",
    ),
    ("renewed_yearly", r"Renewed after the yearly administrative inspection"),
]
COMPILED = [(code, re.compile(pattern + r"\Z")) for code, pattern in PATTERNS]


def parse(text: str):
    """``(code, params)`` for a sentence the system wrote, else None."""
    for code, pattern in COMPILED:
        match = pattern.match(text.strip())
        if match:
            params = match.groupdict()
            if "days" in params:
                params["days"] = int(params["days"])
            return code, params
    return None


def upgrade():
    # Not batch_alter_table: a table copy on SQLite would drop the triggers
    # that keep the history append-only; SQLite adds and drops columns itself.
    op.add_column("status_changes", sa.Column("reason_code", sa.String(40)))
    op.add_column("status_changes", sa.Column("reason_params", sa.JSON()))
    _convert()


def _convert():
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, reason FROM status_changes")).all()
    updates = []
    for row_id, text in rows:
        parsed = parse(text or "")
        if parsed:
            updates.append(
                {"id": row_id, "code": parsed[0], "params": json.dumps(parsed[1])}
            )
    if not updates:
        return
    _without_append_only(
        lambda: bind.execute(
            sa.text(
                "UPDATE status_changes SET reason_code = :code, "
                "reason_params = :params, reason = '' WHERE id = :id"
            ),
            updates,
        )
    )


def _without_append_only(work):
    """The history is append-only; this one conversion rewrites how a reason
    is stored, not what it says."""
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(
            "ALTER TABLE status_changes DISABLE TRIGGER status_changes_append_only"
        )
    else:
        op.execute("DROP TRIGGER status_changes_no_update")
    work()
    if postgres:
        op.execute(
            "ALTER TABLE status_changes ENABLE TRIGGER status_changes_append_only"
        )
    else:
        op.execute(
            f"""
            CREATE TRIGGER status_changes_no_update BEFORE UPDATE ON status_changes
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
            """
        )


def downgrade():
    # Coded reasons become English sentences again (the old column's content).
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, reason_code, reason_params FROM status_changes "
            "WHERE reason_code IS NOT NULL"
        )
    ).all()
    updates = [
        {"id": row_id, "reason": _english(code, params)}
        for row_id, code, params in rows
    ]
    if updates:
        _without_append_only(
            lambda: bind.execute(
                sa.text("UPDATE status_changes SET reason = :reason WHERE id = :id"),
                updates,
            )
        )
    op.drop_column("status_changes", "reason_params")
    op.drop_column("status_changes", "reason_code")


ENGLISH = {
    "applied": "Application for registration",
    "registered": "Registered after inspection",
    "issued": "Certificate {number} issued",
    "major_urgent": "Major finding {code} at an urgent inspection",
    "major_overdue": "Major finding {code} not closed by {due}",
    "major_closed": "Major finding {code} closed: repair letter accepted",
    "suspension_unresolved": (
        "Suspended since {since} and finding {code} still open after {days} days"
    ),
    "not_renewed": "Certificate {number} not renewed; valid until {valid_until}",
    "renewed": "Renewed after the administrative inspection of {inspected_on}",
    "renewed_yearly": "Renewed after the yearly administrative inspection",
}


def _english(code, params) -> str:
    if isinstance(params, str):
        params = json.loads(params)
    try:
        return ENGLISH[code].format(**(params or {}))
    except (KeyError, IndexError):
        return code
