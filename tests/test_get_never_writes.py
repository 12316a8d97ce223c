"""A GET never writes: every GET route, as every role, leaves every table as it
was (row counts and a checksum of every row, the audit log included).

Two kinds of bookkeeping are allowed to change and are left out on purpose:
the rate-limit counters (a GET counts against a limit) and the time a session
was last seen (idle sessions expire). Everything else a GET touches is a bug:
a link preview or a prefetch must never start, decide or record anything.
"""

import hashlib

import pytest
from sqlalchemy import select

from snf.extensions import db
from tests.access.matrix import ALL_ROLES, build_world
from tests.factories import login, make_user
from tests.test_access_matrix import CASES

BOOKKEEPING_TABLES = {"rate_limits"}
BOOKKEEPING_COLUMNS = {"user_sessions": {"expires_at"}}  # sliding idle expiry
GET_CASES = [case for case in CASES if case.method == "GET"]


def snapshot() -> dict[str, tuple[int, str]]:
    """Per table: (rows, sha256 of every row in primary-key order)."""
    db.session.flush()
    state = {}
    for table in db.metadata.sorted_tables:
        if table.name in BOOKKEEPING_TABLES:
            continue
        skip = BOOKKEEPING_COLUMNS.get(table.name, set())
        columns = [c for c in table.columns if c.name not in skip]
        rows = db.session.execute(
            select(*columns).order_by(*table.primary_key.columns)
        ).all()
        digest = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
        state[table.name] = (len(rows), digest)
    return state


@pytest.fixture
def world(request):
    return build_world(request.node.callspec.params["case"])


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("case", GET_CASES, ids=lambda c: f"GET {c.endpoint}")
def test_a_get_changes_nothing_in_the_database(client, world, case, role):
    if role != "anonymous":
        login(client, make_user(role=role))
    url = case.url(world)
    before = snapshot()
    client.get(url)
    client.head(url)
    after = snapshot()
    changed = sorted(name for name in before if before[name] != after.get(name))
    assert changed == [], f"GET {url} as {role} changed {changed}"


def test_the_walk_covers_every_get_route(app):
    routes = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint != "static"
    }
    assert routes <= {case.endpoint for case in GET_CASES}


def test_the_snapshot_sees_a_changed_row_and_a_new_one(app):
    user = make_user("company")
    before = snapshot()
    user.name = user.name + " (changed)"
    assert snapshot()["users"] != before["users"]
    make_user("company")
    assert snapshot()["users"][0] == before["users"][0] + 1
