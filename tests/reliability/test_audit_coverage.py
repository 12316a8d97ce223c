"""Every route with a state-changing method (POST, PUT, PATCH, DELETE) writes
at least one audit entry when it succeeds.

The requests come from the access matrix (tests/access/*.py: a role for which
the case answers 2xx/3xx) or, where the matrix only checks who may call with a
refused body, from tests/reliability/audit_calls.py. Around each request the
whole database is fingerprinted: a request that changed any row must have
written an audit entry, and every route needs one request that changed
something. A new state-changing route therefore fails here until it writes an
audit entry (or is allow-listed below, with the reason).
"""

import hashlib
import importlib
import pkgutil

import pytest
from sqlalchemy import func, select

import tests.access
from snf import audit
from snf.audit import AuditEntry
from snf.extensions import db
from tests.factories import login, make_user
from tests.reliability.audit_calls import SUCCESSFUL, Call

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Bookkeeping, not an audited change: a login adds a session row, a logout
# removes it, a rate-limited call counts; none of it is the register's data.
NOT_FINGERPRINTED = frozenset({"audit_entries", "user_sessions", "rate_limits"})

# Routes that legitimately change nothing in the database when they succeed.
ALLOWED_WITHOUT_AUDIT = {
    # The matrix logs in with a wrong password (200, the form again); a real
    # login only starts a session (user_sessions is bookkeeping).
    ("auth.login", "POST"): "no data changes; sessions are not audited",
    # Ends the session row only.
    ("auth.logout", "POST"): "no data changes; sessions are not audited",
    # Reads: the rules judge the posted observations, nothing is stored.
    ("norms_api.evaluate", "POST"): "read-only evaluation",
    # Reads: the bulk check answers from the register, nothing is stored.
    ("registry_api.verify_numbers", "POST"): "read-only bulk check",
    # Starts a what-if job: it reads every location and stores nothing (the
    # job's state lives in the queue, not in the register's data).
    ("inspections.whatif_job", "POST"): "starts a read-only job",
    # Batches: the job reads certificates or locations and writes one file to
    # storage; its state lives in the queue.
    ("certificates.certificate_batch", "POST"): "starts a job that writes a file",
    ("certificates.certificate_batch_all", "POST"): "starts a job that writes a file",
    ("complaints.cards_batch", "POST"): "starts a job that writes a file",
    # The backup job copies the database to storage and records it in backups.
    ("ops.start_backup", "POST"): "starts the backup job",
}
# (The language switch is a GET that sets a cookie; GETs are not checked.)


def _matrix():
    """(endpoint, method) -> [(role, case, build)] with a 2xx/3xx answer."""
    found: dict[tuple[str, str], list] = {}
    for info in pkgutil.iter_modules(tests.access.__path__):
        if info.name == "matrix" or info.name.startswith("test_"):
            continue  # test modules in tests/access are tests, not case lists
        module = importlib.import_module(f"tests.access.{info.name}")
        build = getattr(module, "build", None)
        for case in module.CASES:
            if case.method not in STATE_CHANGING:
                continue
            ok = [r for r, status in case.expected.items() if status < 400]
            calls = found.setdefault((case.endpoint, case.method), [])
            calls += [(role, case, build) for role in ok]
    return found


MATRIX = _matrix()
ROUTES = sorted(set(MATRIX) | set(SUCCESSFUL) | set(ALLOWED_WITHOUT_AUDIT))


def _state_changing_routes(app) -> set[tuple[str, str]]:
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods & STATE_CHANGING
    }


def test_every_state_changing_route_is_checked_here(app):
    routes = _state_changing_routes(app)
    assert sorted(routes - set(ROUTES)) == [], "add cases to tests/access/"
    stale = (set(SUCCESSFUL) | set(ALLOWED_WITHOUT_AUDIT)) - routes
    assert stale == set(), "calls or allowances for routes that do not exist"


def _fingerprint() -> dict[str, str]:
    """A digest of every row of every table (bar the bookkeeping ones)."""
    digests = {}
    for table in db.metadata.sorted_tables:
        if table.name in NOT_FINGERPRINTED:
            continue
        order = list(table.primary_key.columns) or list(table.columns)
        query = select(table).order_by(*order)
        rows = [tuple(row) for row in db.session.execute(query)]
        digests[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


def _audit_count() -> int:
    return db.session.scalar(select(func.count(AuditEntry.id)))


def _requests(route):
    """What to send for ``route``: (user, method, url, options) per try."""
    world: dict = {}
    if route in SUCCESSFUL:
        call: Call = SUCCESSFUL[route]
        if call.build:
            call.build(world)
        options = {
            key: call.resolve(getattr(call, key), world)
            for key in ("json", "data", "headers", "content_type")
        }
        user = call.user(world) if callable(call.user) else call.user
        yield user, route[1], call.resolve(call.path, world), options
        return
    built = set()
    for role, case, build in MATRIX.get(route, []):
        if build is not None and callable(case.path) and build not in built:
            build(world)
            built.add(build)
        options = {"json": case.json, "data": case.data}
        yield role, case.method, case.url(world), options


def _logged_in(app, user):
    client = app.test_client()
    if user != "anonymous":
        login(client, make_user(role=user) if isinstance(user, str) else user)
    return client


def _check(app, route) -> str | None:
    """What is wrong with ``route``'s auditing, or None."""
    tries = []
    for user, method, url, options in _requests(route):
        client = _logged_in(app, user)
        before, entries = _fingerprint(), _audit_count()
        response = client.open(url, method=method, **options)
        changed, audited = _fingerprint() != before, _audit_count() > entries
        tries.append((url, response.status_code, changed, audited))
        if changed and not audited:
            return f"changed data without an audit entry: {tries}"
        if changed and response.status_code >= 400:
            return f"changed data but answered an error: {tries}"
        if changed and route not in ALLOWED_WITHOUT_AUDIT:
            return None
    if route in ALLOWED_WITHOUT_AUDIT:
        return None
    return (
        f"no request changed anything ({tries}); add a Call that succeeds to "
        "tests/reliability/audit_calls.py"
    )


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r[1]} {r[0]}")
def test_a_successful_change_writes_an_audit_entry(app, route):
    assert _check(app, route) is None


def test_a_change_without_an_audit_entry_is_caught(app, monkeypatch):
    monkeypatch.setattr(audit, "record", lambda *args, **kwargs: None)
    problem = _check(app, ("inspections_api.create_company", "POST"))
    assert problem is not None and "without an audit entry" in problem
