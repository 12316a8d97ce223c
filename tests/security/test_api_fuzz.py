"""Schemathesis against /api/v1/openapi.json: every operation, called in-process
as an anonymous caller, as an admin and as a company user (bearer tokens).

The run is bounded for ``make test`` (SNF_FUZZ_EXAMPLES, default 3 examples per
operation and caller, no coverage phase); ``make fuzz`` runs the same tests with
200 examples and schemathesis' coverage phase. Hypothesis is derandomized and
keeps no example database, so a run is the same every time.

It runs on ``live_app`` (its own database, requests really commit) with a small
world built once per module: a registered company (the company user belongs to
it), its certificate and location, a planned and a submitted inspection with a
finding, a draft norm version. Each example sends either the generated path
parameters or, chosen by Hypothesis, the identifiers of that world, so that the
fuzzer gets past the 404s into the services.

Checks, and why:
- no 5xx: in TESTING an exception propagates out of the client, so a crash fails
  the test with its traceback (``not_a_server_error`` covers the rest);
- 2xx bodies conform to the documented schema (``response_schema_conformance``);
- error bodies are the envelope of API.md, ``{"error": {"status", "message",
  "fields"?}}``, with ``status`` equal to the HTTP status and ``fields`` a map of
  field name to a list of messages. They are NOT checked against the document's
  own error schema: that schema is flask-smorest's ``Error`` and does not match
  what the app sends (a bug, see test_openapi_documents_the_error_envelope);
- the status code is documented on the operation, or it is one of the errors
  that API.md allows on any call (400 unreadable input, 401/403 rights, 404 an
  unknown object in the path, 413 too large, 422 invalid fields, 429 rate
  limit). 409, 412 and 428 depend on the operation and must be documented on
  it. Every operation has a ``default`` response, so schemathesis' own
  ``status_code_conformance`` would accept anything; this check is stricter.

Known bugs are pinned by strict xfail tests and kept out of the fuzzer's way,
so that it finds new ones (remove the workaround when the pin starts passing):
- strings never contain NUL: PostgreSQL cannot store it and the app lets it
  through (test_hostile_input.py::test_nul_byte_*);
- integer ids in paths stay inside the database's integer range: the ``int``
  URL converter lets 2**63 through to the query, a 500
  (test_hostile_input.py::test_huge_integer_ids_*);
- KNOWN_UNDOCUMENTED statuses are answered but missing from the document
  (test_openapi_documents_the_statuses_an_operation_answers below).
"""

import json
import os
import tempfile
from collections import Counter
from datetime import date
from types import SimpleNamespace

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance

from snf import create_app
from snf.config import TestConfig
from snf.database import utcnow
from snf.extensions import db
from snf.inspections import locations
from snf.norms import services as norms
from tests.access.inspections import FAILING
from tests.certificates_factories import make_registered
from tests.factories import bearer, make_user
from tests.inspections_factories import make_inspection, submitted

pytestmark = pytest.mark.no_db

EXAMPLES = int(os.environ.get("SNF_FUZZ_EXAMPLES", "3"))
THOROUGH = EXAMPLES > 20  # make fuzz: add schemathesis' coverage phase
GENERIC_ERRORS = frozenset({400, 401, 403, 404, 413, 422, 429})
INT4_RANGE = 2**31  # PostgreSQL integer; ids are plain integers
# Operations that answer a status their documentation does not list (bugs).
# Statuses that were answered but missing from the document (now documented;
# the list stays to keep these operations in the status test below).
DOCUMENTED_LATER = {
    ("POST", "/api/v1/companies/{kvk}/applications", 409),
    ("POST", "/api/v1/companies/{kvk}/locations", 202),
    ("POST", "/api/v1/claims/{claim_id}/confirm", 409),
    ("POST", "/api/v1/claims/{claim_id}/reject", 409),
    ("POST", "/api/v1/location-requests/{request_id}/approve", 409),
    ("POST", "/api/v1/location-requests/{request_id}/reject", 409),
    ("POST", "/api/v1/inspections/{inspection_id}/start", 409),
    ("PUT", "/api/v1/inspections/{inspection_id}/observations", 409),
    ("POST", "/api/v1/inspections/{inspection_id}/submit", 409),
    ("POST", "/api/v1/inspections/{inspection_id}/correction", 409),
    ("POST", "/api/v1/findings/{finding_id}/close", 409),
    ("POST", "/api/v1/certificates/{number}/renew", 409),
}
KNOWN_UNDOCUMENTED: set = set()
STATS: Counter = Counter()
REVOKE = "DELETE /api/v1/auth/tokens/current"


def _openapi_document() -> dict:
    """The document as the app serves it; needs no database."""
    scratch = tempfile.mkdtemp(prefix="snf-openapi-")

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        SNF_STORAGE_PATH = scratch
        SNF_KEYS_PATH = scratch

    return create_app(Config).test_client().get("/api/v1/openapi.json").get_json()


DOCUMENT = _openapi_document()
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"mode": "all", "allow-x00": False},
        "phases": {"coverage": {"enabled": THOROUGH}},
    }
)
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)
fuzz_settings = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=list(HealthCheck),
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
)


def _documented_statuses(case) -> set[int]:
    responses = case.operation.definition.raw["responses"]
    return {int(code) for code in responses if code.isdigit()}


def documented_status(ctx, response, case):
    status = response.status_code
    allowed = _documented_statuses(case)
    if status >= 400:
        allowed |= GENERIC_ERRORS
    if (case.method.upper(), case.operation.path, status) in KNOWN_UNDOCUMENTED:
        return
    assert status in allowed, (
        f"{status} is not documented for {case.operation.label} "
        f"(documented: {sorted(_documented_statuses(case))})"
    )


def error_envelope(ctx, response, case):
    if response.status_code < 400:
        return
    content_type = (response.headers.get("content-type") or [""])[0]
    assert content_type.startswith("application/json"), content_type
    body = json.loads(response.content)
    assert list(body) == ["error"], body
    error = body["error"]
    assert error["status"] == response.status_code, error
    assert isinstance(error["message"], str) and error["message"].strip(), error
    for name, messages in error.get("fields", {}).items():
        assert isinstance(name, str) and _messages(messages), (
            f"field {name!r} should list messages, not {messages!r}"
        )


def _messages(value) -> bool:
    """A list of messages. Errors of nested fields still come as a list holding
    a dict of lists (a bug, pinned in test_nested_field_errors_are_named_by_path);
    the fuzzer tolerates them so that it can find other problems."""
    if isinstance(value, dict):  # nested: {"2": {"requirements": {...}}}
        return bool(value) and all(_messages(v) for v in value.values())
    if not isinstance(value, list) or not value:
        return False
    return all(isinstance(item, str) or _messages(item) for item in value)


def success_conforms(ctx, response, case):
    if response.status_code < 400:
        return response_schema_conformance(ctx, response, case)
    return None


CHECKS = [not_a_server_error, success_conforms, error_envelope, documented_status]


@pytest.fixture(scope="module")
def world(live_app):
    """Objects the path parameters may point at, and a token per caller."""
    with live_app.app_context():
        company, certificate = make_registered(date(2025, 1, 6))
        location = locations.list_company_locations(company.id)[0]
        done = submitted(make_inspection(location), FAILING)
        planned = make_inspection(location)
        source = norms.get_version("SNF", "2024.1")
        norms.create_draft_from(None, source, "2099.1", now=utcnow())
        callers = {
            "admin": make_user(role="admin").email,
            "company": make_user(role="company", organisation=company).email,
        }
        db.session.commit()
        values = {
            "kvk": [company.kvk],
            "number": [certificate.number],
            "location_id": [location.id],
            "inspection_id": [planned.id, done.id],
            "finding_id": [done.findings[0].id],
            "code": ["SNF"],
            "version": ["2099.1", "2024.1"],
            "req": ["A-1.1", "B-3.1"],
        }
        db.session.remove()
    client = live_app.test_client()
    headers = {"anonymous": {}}
    for role, email in callers.items():
        headers[role] = bearer(client, SimpleNamespace(email=email))
    yield {"values": values, "headers": headers, "callers": callers}
    if os.environ.get("SNF_FUZZ_REPORT"):
        with open(os.environ["SNF_FUZZ_REPORT"], "w") as handle:
            rows = [[*key, count] for key, count in sorted(STATS.items())]
            json.dump({"examples": EXAMPLES, "calls": rows}, handle, indent=1)


def _point_at_world(case, data, values: dict) -> None:
    """Let Hypothesis choose, per example, generated or real identifiers."""
    params = case.path_parameters or {}
    for name, value in params.items():
        if isinstance(value, int) and not isinstance(value, bool):
            params[name] = value % INT4_RANGE
    if not params or not data.draw(st.booleans(), label="use the world"):
        return
    for name in params:
        if name in values:
            params[name] = data.draw(st.sampled_from(values[name]), label=name)


def _headers(client, world, role: str, case) -> dict:
    """The caller's token; revoking it gets a token of its own, or the
    fuzzer would log the caller out for every later operation."""
    if role != "anonymous" and case.operation.label == REVOKE:
        return bearer(client, SimpleNamespace(email=world["callers"][role]))
    return world["headers"][role]


def _fuzz(case, data, live_app, world, role: str) -> None:
    _point_at_world(case, data, world["values"])
    client = live_app.test_client()
    headers = _headers(client, world, role, case)
    response = case.call(session=client, app=live_app, headers=headers)
    STATS[(role, case.operation.label, response.status_code)] += 1
    case.validate_response(response, checks=CHECKS)


@schema.given(data=st.data())
@schema.parametrize()
@fuzz_settings
def test_fuzz_anonymous(case, data, live_app, world):
    _fuzz(case, data, live_app, world, "anonymous")


@schema.given(data=st.data())
@schema.parametrize()
@fuzz_settings
def test_fuzz_as_admin(case, data, live_app, world):
    _fuzz(case, data, live_app, world, "admin")


@schema.given(data=st.data())
@schema.parametrize()
@fuzz_settings
def test_fuzz_as_company_user(case, data, live_app, world):
    _fuzz(case, data, live_app, world, "company")


def _real_error_body() -> dict:
    client = create_app(
        {**_scratch_config(), "TESTING": True, "SECRET_KEY": "x"}
    ).test_client()
    return client.get("/api/v1/no-such-thing").get_json()


def _scratch_config() -> dict:
    scratch = tempfile.mkdtemp(prefix="snf-openapi-")
    return {
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "SNF_STORAGE_PATH": scratch,
        "SNF_KEYS_PATH": scratch,
    }


def test_openapi_documents_the_error_envelope():
    """An integration that validates answers against the published document
    must accept the app's real error answers."""
    body = _real_error_body()
    assert body["error"]["status"] == 404
    default = DOCUMENT["components"]["responses"]["DEFAULT_ERROR"]
    error_schema = default["content"]["application/json"]["schema"]
    resolved = DOCUMENT["components"]["schemas"][error_schema["$ref"].split("/")[-1]]
    schema = {**resolved, "components": DOCUMENT["components"]}  # for nested $refs
    assert jsonschema_rs.validator_for(schema).is_valid(body)


def test_nested_field_errors_are_named_by_path(live_app, world):
    """API.md: ``fields`` maps a field to a list of messages."""
    client = live_app.test_client()
    document = {"norm": {"code": "SNF", "name": "SNF-norm", "sector": 1}}
    response = client.post(
        "/api/v1/norms/SNF/versions", json=document, headers=world["headers"]["admin"]
    )
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert fields["norm.sector"] == ["Not a valid string."]
    assert all(isinstance(m, str) for ms in fields.values() for m in ms)


def _may_answer(method: str, path: str, status: int, *, bug: str = ""):
    marks = [pytest.mark.xfail(strict=True, reason="BUG: " + bug)] if bug else []
    return pytest.param(
        method, path, status, marks=marks, id=f"{method} {path} {status}"
    )


UNDOCUMENTED = "answered (see the service) but not in the OpenAPI document"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        _may_answer("POST", "/api/v1/companies", 409),
        _may_answer("PUT", "/api/v1/inspections/{inspection_id}/observations", 412),
        _may_answer("PUT", "/api/v1/inspections/{inspection_id}/observations", 428),
        _may_answer("POST", "/api/v1/norms/{code}/versions/{version}/publish", 409),
        *(_may_answer(m, p, s) for m, p, s in sorted(DOCUMENTED_LATER)),
    ],
)  # fmt: skip
def test_openapi_documents_the_statuses_an_operation_answers(method, path, status):
    """409 (state conflict), 412/428 (If-Match) and a second success code are
    part of an operation's contract: an integration must be able to read them
    from the document. (The fuzzer above finds them being answered.)"""
    responses = DOCUMENT["paths"][path][method.lower()]["responses"]
    assert str(status) in responses
