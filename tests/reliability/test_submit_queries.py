"""What a submission asks the database must not grow with the register: every
lookup goes through an index (house style: indexes for every lookup)."""

import pytest
from sqlalchemy import event

from snf.database import utcnow
from snf.extensions import db
from snf.inspections import services
from tests.inspections_factories import make_inspection, started
from tests.reliability.helpers import FAILING

NO_INDEX = (
    "BUG: findings.location_id has no index; submitting (findings._open_at_location "
    "in snf/inspections/findings.py) scans every finding of the register. Fix: "
    "index=True on Finding.location_id (or an index on location_id, status) "
    "with a migration."
)


def _statements_during(action) -> list[tuple[str, object]]:
    seen = []

    def capture(_conn, _cursor, statement, parameters, *_args):
        seen.append((statement, parameters))

    engine = db.session.get_bind().engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return seen


def test_submit_finds_open_findings_of_the_location_through_an_index(is_postgres):
    if is_postgres:
        pytest.skip("reads SQLite's query plan; PostgreSQL scans tiny tables anyway")
    inspection = started(make_inspection())
    services.save_observations(
        inspection.inspector, inspection, FAILING, if_match=None, now=utcnow()
    )
    statements = _statements_during(
        lambda: services.submit_inspection(
            inspection.inspector, inspection, now=utcnow()
        )
    )
    lookup, params = next(
        (s, p)
        for s, p in statements
        if "FROM findings" in s and "findings.location_id = " in s
    )
    plan = db.session.connection().exec_driver_sql(
        "EXPLAIN QUERY PLAN " + lookup, params
    )
    details = [row[-1] for row in plan]
    assert not any(d.startswith("SCAN findings") for d in details), details
