"""Appending to the audit log must cost the same whether the log holds a
hundred entries or a million: every write in the app appends at least one.
Found by the 1,000-submission retry storm, whose set-up slowed down from
~7 ms to ~40 ms per inspection as the log grew."""

from sqlalchemy import event

from snf import audit
from snf.database import utcnow
from snf.extensions import db
from tests.factories import make_user

WHOLE_LOG = (
    "BUG: snf/audit.py _last_hash selects every hash of the log ordered by id "
    "desc without LIMIT 1; the ORM fetches all rows, so each append reads the "
    "whole log (quadratic set-ups, write lock held longer as the log grows). "
    "Fix: .limit(1) on the query."
)


def _statements_during(action) -> list[str]:
    seen: list[str] = []

    def capture(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()).upper())

    engine = db.session.get_bind().engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return seen


def test_appending_an_entry_reads_at_most_one_earlier_entry():
    actor = make_user(role="admin")
    statements = _statements_during(
        lambda: audit.record(actor, "probe.append", "probe", 1, now=utcnow())
    )
    reads = [s for s in statements if s.startswith("SELECT") and "AUDIT_ENTRIES" in s]
    assert reads, statements
    assert all(" LIMIT " in s for s in reads), reads
