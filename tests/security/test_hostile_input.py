"""A corpus of hostile input against the JSON API and the forms.

For every input: no 5xx (in TESTING an exception propagates out of the client,
so a crash fails the test with its traceback), nothing half written (the rows of
every table are counted before and after a refused request), and a message that
names the field. Text that is stored is stored as given and shown escaped.
"""

import io
import os
import re
import struct
import zipfile
import zlib
from contextlib import contextmanager
from datetime import date, timedelta
from functools import cache

import pytest
from markupsafe import escape
from PIL import Image
from sqlalchemy import func, select

from snf.auth import services
from snf.auth.models import CompanyClaim, Organisation
from snf.certificates import services as certificates
from snf.database import utcnow
from snf.extensions import db
from snf.inspections.models import Attachment, Location, RepairLetter
from snf.norms import services as norms
from snf.registry.models import VerificationReport
from tests.access.inspections import FAILING
from tests.certificates_factories import make_registered
from tests.claims_factories import pdf_bytes
from tests.factories import PASSWORD, bearer, login, make_organisation, make_user
from tests.inspections_factories import (
    location_data,
    make_inspection,
    make_location,
    png_bytes,
    submitted,
)

ON_POSTGRES = bool(os.environ.get("SNF_TEST_DATABASE_URL"))  # as tests/conftest.py
MAX_BYTES = 25 * 1024 * 1024
LONG = "x" * 100_000
XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
SQLI = ["'; DROP TABLE organisations; --", "' OR '1'='1", "1); DELETE FROM users;--"]
INJECTIONS = XSS + SQLI


# -- helpers ------------------------------------------------------------------


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def assert_refused(response, field: str, *, statuses=(422,)) -> dict:
    """A JSON error in the envelope of API.md whose fields name ``field``."""
    assert response.status_code in statuses, response.get_data(as_text=True)[:500]
    error = response.get_json()["error"]
    assert error["status"] == response.status_code and error["message"].strip()
    named = [name for name in error.get("fields", {}) if field in name]
    assert named, f"no field named {field!r} in {error}"
    return error


def assert_json_error(response, statuses=(400, 415, 422)) -> dict:
    assert response.status_code in statuses, response.get_data(as_text=True)[:500]
    assert response.is_json
    error = response.get_json()["error"]
    assert error["status"] == response.status_code and error["message"].strip()
    return error


def assert_shown_escaped(page: str, text: str) -> None:
    if any(c in text for c in "<>\"'&"):
        assert text not in page, f"{text!r} appears unescaped"
    assert str(escape(text)) in page, f"{text!r} does not appear (escaped)"


@pytest.fixture
def admin():
    """An admin's bearer token (issued directly: hundreds of tests use one)."""
    user = make_user(role="admin")
    token, _expires = services.issue_token(user, now=utcnow(), lifetime=timedelta(1))
    return {"Authorization": f"Bearer {token}"}


@contextmanager
def no_new_rows():
    """Nothing written by what runs inside (objects made before are fine)."""
    before = row_counts()
    yield
    assert row_counts() == before


@pytest.fixture
def counted():
    """Call it after the request: the rows of every table did not change."""
    before = row_counts()

    def unchanged():
        assert row_counts() == before

    return unchanged


# -- malformed JSON, wrong content types, unreadable bodies --------------------

MALFORMED_JSON = [
    b"{",
    b'{"email": }',
    b'{"email": "a@example.org",}',
    b"[1, 2",
    b"null",
    b'"just a string"',
    b"[]",
    b"12345678",
    b"NaN",
    b'{"email": "a@example.org", "password": Infinity}',
    b"\xef\xbb\xbf{}",
    b"",
]
JSON_ENDPOINTS = [
    ("/api/v1/auth/tokens", False),
    ("/api/v1/companies", True),
    ("/api/v1/registry/verify", False),
    ("/api/v1/norms/SNF/versions/2024.1/evaluate", True),
]


@pytest.mark.parametrize(("path", "staff"), JSON_ENDPOINTS)
@pytest.mark.parametrize("body", MALFORMED_JSON, ids=repr)
def test_malformed_json_is_a_4xx_json_error(request, client, path, staff, body):
    headers = request.getfixturevalue("admin") if staff else {}
    with no_new_rows():
        response = client.post(
            path, data=body, content_type="application/json", headers=headers
        )
    assert_json_error(response)


def test_wrong_content_type_is_a_4xx_json_error(client, admin):
    body = b'{"kvk": "12345678", "name": "Wrong type", "town": "Utrecht"}'
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
        "multipart/form-data; boundary=x",
        None,
    ]:
        with no_new_rows():
            response = client.post(
                "/api/v1/companies", data=body, content_type=content_type, headers=admin
            )
        assert_json_error(response)
    # A JSON body labelled with a charset is still JSON.
    labelled = client.post(
        "/api/v1/companies",
        data=body,
        content_type="application/json; charset=utf-8",
        headers=admin,
    )
    assert labelled.status_code == 201


def test_invalid_utf8_json_is_a_4xx_json_error(client, counted):
    for body in [
        b'{"email": "\xff\xfe@example.org", "password": "x"}',
        b'{"email": "\xc3\x28", "password": "\xa0\xa1"}',
        b"\xff\xfe{\x00}\x00",
    ]:
        response = client.post(
            "/api/v1/auth/tokens", data=body, content_type="application/json"
        )
        assert_json_error(response, statuses=(400, 401, 422))
        counted()


def test_invalid_utf8_csv_names_the_file(client, counted):
    response = client.post(
        "/api/v1/registry/verify",
        data=b"kvk\n\xff\xfe12345678\n",
        content_type="text/csv",
    )
    assert_refused(response, "file")
    counted()


def test_invalid_utf8_form_post_is_answered(client, counted):
    response = client.post(
        "/login",
        data=b"email=%FF%FE%C0%AF&password=%C3%28",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert 'class="errors"' in response.get_data(as_text=True)
    counted()


MALFORMED_CSV = [
    b"",
    b"kvk\n",
    b'kvk\n"12345678\n',
    b"kvk;naam\n12345678;A\n\n\n;;;\n",
    b"\r\r\r\n\n,,,\n",
    b"kvk\n" + b"1" * 1000 + b"\n",
    b"kvk,kvk,kvk\n1,2\n",
    b"=cmd|' /C calc'!A0\n",
]


def test_malformed_csv_is_answered_per_line(client, counted):
    for body in MALFORMED_CSV:
        response = client.post(
            "/api/v1/registry/verify", data=body, content_type="text/csv"
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        answer = response.get_json()
        assert all(r["valid"] or r["error"] for r in answer["results"])
        counted()


@pytest.mark.parametrize("where", ["api", "page"])
def test_csv_with_a_huge_field_names_the_file(client, where):
    data = b"kvk\n" + b"1" * 200_000 + b"\n"
    before = row_counts()
    if where == "api":
        response = client.post(
            "/api/v1/registry/verify", data=data, content_type="text/csv"
        )
        assert_refused(response, "file")
    else:
        login(client, make_user(role="verifier"))
        response = client.post(
            "/register/verifications",
            data={"as_of": "2025-01-01", "file": (io.BytesIO(data), "list.csv")},
        )
        assert response.status_code in (200, 422)
        assert 'id="file-errors"' in response.get_data(as_text=True)
        before["users"] += 1
        before["organisations"] += 1
        before["user_sessions"] += 1
        before["audit_entries"] += 2  # the verifier's organisation and account
    assert row_counts() == before


# -- huge bodies ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/api/v1/auth/tokens", "application/json"),
        ("/api/v1/registry/verify", "text/csv"),
        ("/api/v1/registry/verify", "application/json"),
        ("/api/v1/companies", "application/json"),
    ],
)
def test_body_over_25_mb_is_413_json(client, admin, counted, path, content_type):
    body = b"[" + b"1," * (MAX_BYTES // 2) + b"1]"
    response = client.post(path, data=body, content_type=content_type, headers=admin)
    error = assert_json_error(response, statuses=(413,))
    assert "too large" in error["message"]
    counted()


def test_photo_over_25_mb_is_413_json(client):
    inspection = make_inspection()
    headers = bearer(client, inspection.inspector)
    with no_new_rows():
        response = client.post(
            f"/api/v1/inspections/{inspection.id}/photos",
            data=b"\xff\xd8" + b"\0" * MAX_BYTES,
            content_type="image/jpeg",
            headers=headers,
        )
    assert_json_error(response, statuses=(413,))


def test_form_over_25_mb_is_413_page(client, counted):
    response = client.post(
        "/login",
        data={"email": "a@example.org", "password": "p" * (MAX_BYTES + 10)},
    )
    assert response.status_code == 413 and response.mimetype == "text/html"
    counted()


# -- deeply nested JSON -----------------------------------------------------------

DEEP = 10_000


@pytest.mark.parametrize(("path", "staff"), JSON_ENDPOINTS)
@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_json_nested_10000_deep_is_400(request, client, path, staff, opener):
    closer = "]" if opener == "[" else "}"
    body = opener * DEEP + "1" + closer * DEEP
    headers = request.getfixturevalue("admin") if staff else {}
    with no_new_rows():
        response = client.post(
            path, data=body, content_type="application/json", headers=headers
        )
    assert_json_error(response, statuses=(400,))


def test_json_nested_500_deep_in_observations_is_refused(client, admin, counted):
    nested: dict = {"a": 1}
    for _ in range(500):
        nested = {"a": nested}
    response = client.post(
        "/api/v1/norms/SNF/versions/2024.1/evaluate",
        json={"observations": {"bedrooms": [nested]}},
        headers=admin,
    )
    assert_refused(response, "bedrooms")
    counted()


# -- control characters -------------------------------------------------------------


@pytest.mark.parametrize("field", ["name", "town"])
def test_nul_byte_in_a_company_field_is_refused(client, admin, counted, field):
    body = {"kvk": "12345670", "name": "Nul company", "town": "Utrecht"}
    body[field] = body[field][:3] + "\x00" + body[field][3:]
    response = client.post("/api/v1/companies", json=body, headers=admin)
    assert_refused(response, field)
    counted()


def test_nul_byte_in_the_login_email_is_refused(client, counted):
    response = client.post(
        "/api/v1/auth/tokens", json={"email": "a\x00@example.org", "password": "x"}
    )
    assert response.status_code in (401, 422)
    assert_refused(response, "email")
    counted()


def test_nul_byte_in_the_login_form_is_not_a_500(client, counted):
    response = client.post(
        "/login", data={"email": "a\x00@example.org", "password": "x"}
    )
    assert response.status_code == 200
    assert 'class="errors"' in response.get_data(as_text=True)
    counted()


NUL_URLS = [
    "/api/v1/companies/%00",
    "/api/v1/registry/companies?q=%00",
    "/api/v1/registry/companies/%00",
    "/api/v1/certificates/%00",
    "/api/v1/norms/%00/versions/1",
    "/register/?q=%00",
    "/register/%00",
    "/verify/%00",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_nul_byte_in_paths_and_queries_is_not_a_500(client, admin, url):
    response = client.get(url, headers=admin)
    assert response.status_code in (200, 404, 422)


def test_other_control_characters_are_stored_as_given_or_refused(client, admin):
    texts = [
        "a\x01b\x1bc",
        "tab\tand\nnewline",
        "rtl \u202eevil",
        "bell\x07",
        "é漢字🙂",
    ]
    for n, text in enumerate(texts):
        kvk = f"1234560{n}"
        before = row_counts()
        body = {"kvk": kvk, "name": f"Co {text}", "town": "Utrecht"}
        response = client.post("/api/v1/companies", json=body, headers=admin)
        if response.status_code == 201:
            company = db.session.scalar(select(Organisation).filter_by(kvk=kvk))
            assert company.name == body["name"]
            shown = client.get(f"/api/v1/companies/{kvk}", headers=admin).get_json()
            assert shown["name"] == body["name"]
        else:
            assert_refused(response, "name")
            assert row_counts() == before


# -- very long strings in every text field ----------------------------------------


def _company_body(**overrides):
    return {"kvk": "12345672", "name": "Long company", "town": "Utrecht", **overrides}


LIMITED_JSON_FIELDS = [
    ("/api/v1/auth/tokens", {"email": LONG, "password": "x"}, "email", False),
    (
        "/api/v1/auth/tokens",
        {"email": "a@example.org", "password": LONG},
        "password",
        False,
    ),
    ("/api/v1/companies", _company_body(kvk=LONG), "kvk", True),
    ("/api/v1/companies", _company_body(name=LONG), "name", True),
    ("/api/v1/companies", _company_body(town=LONG), "town", True),
    (
        "/api/v1/inspections",
        {
            "location_id": 1,
            "kind": LONG,
            "scheduled_for": "2025-01-01",
            "inspector_email": "a@example.org",
        },
        "kind",
        True,
    ),
    (
        "/api/v1/inspections",
        {
            "location_id": 1,
            "kind": "periodic",
            "scheduled_for": "2025-01-01",
            "inspector_email": LONG,
        },
        "inspector_email",
        True,
    ),
    (
        "/api/v1/inspections",
        {
            "company_kvk": LONG,
            "kind": "administrative",
            "scheduled_for": "2025-01-01",
            "inspector_email": "a@b.org",
        },
        "company_kvk",
        True,
    ),
    ("/api/v1/registry/verify", {"kvk_numbers": ["1"], "as_of": LONG}, "as_of", False),
]


@pytest.mark.parametrize(
    ("path", "body", "field", "staff"),
    LIMITED_JSON_FIELDS,
    ids=[f"{p} {f}" for p, _b, f, _s in LIMITED_JSON_FIELDS],
)
def test_100k_string_in_a_json_field_names_it(
    request, client, path, body, field, staff
):
    headers = request.getfixturevalue("admin") if staff else {}
    with no_new_rows():
        response = client.post(path, json=body, headers=headers)
    assert_refused(response, field)


LOCATION_FIELDS = [
    "street",
    "house_letter",
    "house_addition",
    "postcode",
    "town",
    "bag_id",
    "housing_type",
    "use_class",
]


def test_100k_string_in_a_location_field_names_it(client, admin):
    for field in LOCATION_FIELDS:
        company = make_organisation("company")
        counted_before = row_counts()
        response = client.post(
            f"/api/v1/companies/{company.kvk}/locations",
            json=location_data(**{field: LONG}),
            headers=admin,
        )
        assert_refused(response, field)
        assert row_counts() == counted_before


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("suspend", {"reason": LONG}, "reason"),
        ("renew", {"reason": LONG}, "reason"),
        ("suspend", {"reason": "ok reason", "effective": LONG}, "effective"),
    ],
)
def test_100k_string_in_a_certificate_action_names_it(
    client, admin, action, body, field
):
    _company, certificate = make_registered(date(2025, 1, 6))
    before = row_counts()
    response = client.post(
        f"/api/v1/certificates/{certificate.number}/{action}", json=body, headers=admin
    )
    assert_refused(response, field)
    assert row_counts() == before


def test_100k_string_in_finding_and_correction_fields_names_them(client, admin):
    inspection = submitted(make_inspection(), FAILING)
    finding = inspection.findings[0]
    before = row_counts()
    close = client.post(
        f"/api/v1/findings/{finding.id}/close",
        json={"method": "reinspection", "note": LONG},
        headers=admin,
    )
    assert_refused(close, "note")
    method = client.post(
        f"/api/v1/findings/{finding.id}/close", json={"method": LONG}, headers=admin
    )
    assert_refused(method, "method")
    correction = client.post(
        f"/api/v1/inspections/{inspection.id}/correction",
        json={"observations": {}, "reason": LONG},
        headers=admin,
    )
    assert_refused(correction, "reason")
    assert row_counts() == before


def test_100k_string_in_query_parameters_names_them(client, admin):
    for url, field in [
        (f"/api/v1/registry/companies?q={LONG}", "q"),
        (f"/api/v1/registry/companies?town={LONG}", "town"),
        (f"/api/v1/registry/changes?since={LONG}", "since"),
        (f"/api/v1/norms/SNF/diff?from={LONG}&to=2024.1", None),
    ]:
        response = client.get(url, headers=admin)
        if field:
            assert_refused(response, field)
        else:
            assert_json_error(response, statuses=(404, 422))


@pytest.mark.parametrize("since", ["3000000000", "999999999999999999"])
def test_changes_cursor_beyond_the_integer_range_is_answered(client, since):
    response = client.get(f"/api/v1/registry/changes?since={since}")
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert response.get_json()["items"] == []


def test_100k_string_kvk_in_verify_is_answered_on_its_line(client):
    response = client.post("/api/v1/registry/verify", json={"kvk_numbers": [LONG]})
    assert response.status_code == 200
    assert response.get_json()["results"][0]["valid"] is False


def _draft(code: str = "SNF", version: str = "2099.1"):
    source = norms.get_version(code, "2024.1")
    return norms.create_draft_from(None, source, version, now=utcnow())


def _requirement(**overrides) -> dict:
    return {
        "section": "A-1",
        "code": "A-1.9",
        "title": {"nl": "Titel", "en": "Title"},
        "guidance": {"nl": "", "en": ""},
        "severity": "minor",
        "part": "administrative",
        "applies_to": ["regular_dwelling"],
        **overrides,
    }


@pytest.mark.parametrize(
    "field", ["title", "guidance"]
)  # Text columns: any length may be stored
def test_100k_requirement_title_is_stored_or_refused_by_name(client, admin, field):
    _draft()
    before = row_counts()
    body = _requirement(**{field: {"nl": LONG, "en": LONG}})
    response = client.post(
        "/api/v1/norms/SNF/versions/2099.1/requirements", json=body, headers=admin
    )
    if response.status_code == 201:
        assert response.get_json()[field]["nl"] == LONG
    else:
        assert_refused(response, field)
        assert row_counts() == before


def test_100k_requirement_code_names_it(client, admin):
    _draft()
    counted_after_draft = row_counts()
    response = client.post(
        "/api/v1/norms/SNF/versions/2099.1/requirements",
        json=_requirement(code=LONG),
        headers=admin,
    )
    assert_refused(response, "code")
    assert row_counts() == counted_after_draft


def _version_document(client, admin, **changes) -> dict:
    doc = client.get("/api/v1/norms/SNF/versions/2024.1", headers=admin).get_json()
    doc.pop("status")
    doc["version"] = "2099.2"
    for key, value in changes.items():
        target = doc
        *path, last = key.split(".")
        for part in path:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    return doc


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"version": "2099." + "1" * 30}, "version"),
        ({"norm.name": LONG, "norm.code": "NEWNORM"}, "name"),
        ({"sections.0.code": LONG}, "code"),
        ({"sections.0.title.nl": LONG}, "title"),
    ],
)
def test_100k_string_in_a_version_document_names_it(
    client, admin, counted, change, field
):
    code = change.get("norm.code", "SNF")
    doc = _version_document(client, admin, **change)
    response = client.post(f"/api/v1/norms/{code}/versions", json=doc, headers=admin)
    assert_refused(response, field)
    counted()


def test_long_norm_code_in_the_path_names_it(client, admin, counted):
    doc = _version_document(client, admin)
    response = client.post(
        f"/api/v1/norms/{'A' * 40}/versions", json=doc, headers=admin
    )
    assert_refused(response, "code")
    counted()


FORMS = {
    "/login": {"email": "a@example.org", "password": "not the password"},
    "/signup": {
        "company_name": "Long Co",
        "kvk": "12345673",
        "town": "Utrecht",
        "name": "Someone",
        "email": "someone@example.org",
        "password": PASSWORD,
    },
}


@pytest.mark.parametrize(
    ("path", "field"),
    [("/login", "email"), ("/login", "password")]
    + [("/signup", f) for f in FORMS["/signup"]],
)
def test_100k_string_in_a_public_form_field_is_refused_next_to_it(client, path, field):
    data = dict(FORMS[path])
    if path == "/signup":
        data["inspection_body"] = str(make_organisation("inspection_body").id)
    before = row_counts()
    data[field] = LONG
    response = client.post(path, data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', page) or re.search(
        rf'<ul class="errors" id="{field}-errors"', page
    ), f"no error next to {field}"
    assert row_counts() == before


@pytest.mark.parametrize("field", ["street", "town", "postcode", "house_addition"])
def test_100k_string_in_the_location_form_is_refused_next_to_it(client, field):
    user = make_user(role="company")
    login(client, user)
    data = {**location_data(), "house_number": "7", "beds": "4", field: LONG}
    before = row_counts()
    response = client.post("/locations/new", data={k: v for k, v in data.items() if v})
    assert response.status_code == 200
    assert f'id="{field}-errors"' in response.get_data(as_text=True)
    assert row_counts() == before


def test_100k_string_in_repair_and_report_forms_is_refused(client):
    inspection = submitted(make_inspection(), FAILING)
    finding = inspection.findings[0]
    owner = make_user(role="company", organisation=finding.inspection.company)
    login(client, owner)
    before = row_counts()
    response = client.post(f"/findings/{finding.id}/repair", data={"text": LONG})
    assert response.status_code == 422
    assert 'id="text-errors"' in response.get_data(as_text=True)
    assert row_counts() == before
    client.post("/logout")
    login(client, make_user(role="verifier"))
    before = row_counts()
    report = client.post(
        "/register/verifications",
        data={"title": LONG, "numbers": "12345678", "as_of": "2025-01-01"},
    )
    assert report.status_code == 200
    assert 'id="title-errors"' in report.get_data(as_text=True)
    assert row_counts() == before


# -- SQL and HTML injection: stored as given, shown escaped ------------------------


@pytest.mark.parametrize("text", INJECTIONS)
def test_company_name_from_the_api_is_stored_and_shown_escaped(client, admin, text):
    body = {"kvk": "12345674", "name": text, "town": text}
    response = client.post("/api/v1/companies", json=body, headers=admin)
    assert response.status_code == 201, response.get_json()
    company = db.session.scalar(select(Organisation).filter_by(kvk="12345674"))
    assert (company.name, company.town) == (text, text)
    login(client, make_user(role="admin"))
    for url in (f"/companies/{company.id}", "/companies", "/applications"):
        page = client.get(url).get_data(as_text=True)
        if url != "/applications":
            assert_shown_escaped(page, text)
        assert text not in page or not any(c in text for c in "<>\"'")
    assert db.session.scalar(select(func.count()).select_from(Organisation)) > 0


@pytest.mark.parametrize("text", INJECTIONS)
def test_company_name_from_signup_is_stored_and_shown_escaped(client, text):
    body_org = make_organisation("inspection_body")
    data = {**FORMS["/signup"], "company_name": text, "kvk": "12345675",
            "inspection_body": str(body_org.id),
            "extract": (io.BytesIO(pdf_bytes()), "kvk.pdf")}  # fmt: skip
    response = client.post("/signup", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    claim = db.session.scalar(select(CompanyClaim).filter_by(kvk="12345675"))
    assert claim.company_name == text
    # Staff read it in their queue and on the claim's page.
    login(client, make_user(role="admin"))
    for url in ("/claims", f"/claims/{claim.id}"):
        assert_shown_escaped(client.get(url).get_data(as_text=True), text)


@pytest.mark.parametrize("text", INJECTIONS)
def test_location_street_is_stored_and_shown_escaped(client, admin, text):
    company = make_organisation("company")
    response = client.post(
        f"/api/v1/companies/{company.kvk}/locations",
        json=location_data(street=text),
        headers=admin,
    )
    assert response.status_code == 201, response.get_json()
    location = db.session.get(Location, response.get_json()["id"])
    assert location.street == text
    login(client, make_user(role="admin"))
    for url in (f"/locations/{location.id}", "/locations"):
        assert_shown_escaped(client.get(url).get_data(as_text=True), text)


@pytest.mark.parametrize("text", INJECTIONS)
def test_repair_letter_text_is_stored_and_shown_escaped(client, text):
    inspection = submitted(make_inspection(), FAILING)
    finding = inspection.findings[0]
    login(client, make_user(role="company", organisation=inspection.company))
    response = client.post(f"/findings/{finding.id}/repair", data={"text": text})
    assert response.status_code == 302
    letter = db.session.scalar(select(RepairLetter).filter_by(finding_id=finding.id))
    assert letter.text == text
    assert_shown_escaped(
        client.get(f"/findings/{finding.id}").get_data(as_text=True), text
    )
    client.post("/logout")
    login(client, make_user(role="admin"))
    assert_shown_escaped(
        client.get(f"/findings/{finding.id}").get_data(as_text=True), text
    )


@pytest.mark.parametrize("text", INJECTIONS)
def test_requirement_title_from_the_api_is_stored_and_shown_escaped(
    client, admin, text
):
    _draft()
    body = _requirement(
        title={"nl": text, "en": text}, guidance={"nl": text, "en": text}
    )
    response = client.post(
        "/api/v1/norms/SNF/versions/2099.1/requirements", json=body, headers=admin
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["title"] == {"nl": text, "en": text}
    login(client, make_user(role="admin"))
    page = client.get("/norms/SNF/2099.1").get_data(as_text=True)
    assert_shown_escaped(page, text)
    edit = client.get("/norms/SNF/2099.1/requirements/A-1.9/edit")
    assert_shown_escaped(edit.get_data(as_text=True), text)


def test_requirement_title_in_the_checklist_data_block_cannot_close_the_script(
    client, admin
):
    """The tablet checklist embeds the version as JSON in a <script> block."""
    text = "</script><script>alert(1)</script>"
    _draft()
    body = _requirement(title={"nl": text, "en": text})
    assert (
        client.post(
            "/api/v1/norms/SNF/versions/2099.1/requirements", json=body, headers=admin
        ).status_code
        == 201
    )
    version = norms.get_version("SNF", "2099.1")
    norms.publish_version(None, version, date.today(), now=utcnow())
    inspection = make_inspection(scheduled_for=date.today())
    login(client, inspection.inspector)
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert "alert(1)" in page  # the title is on the page...
    assert text not in page  # ...but never as markup
    assert page.count("<script") == page.count("</script>")


@pytest.mark.parametrize("text", INJECTIONS)
def test_verification_report_title_is_stored_and_shown_escaped(client, text):
    login(client, make_user(role="verifier"))
    response = client.post(
        "/register/verifications",
        data={"title": text, "numbers": "12345678", "as_of": "2025-01-01"},
    )
    assert response.status_code == 302
    report = db.session.scalar(select(VerificationReport).filter_by(title=text))
    assert report is not None
    assert_shown_escaped(
        client.get(response.headers["Location"]).get_data(as_text=True), text
    )
    assert_shown_escaped(
        client.get("/register/verifications").get_data(as_text=True), text
    )


@pytest.mark.parametrize("via", ["api", "form"])
def test_status_change_reason_is_stored_and_shown_escaped(client, admin, via):
    # One reason holding every payload: a registered company is costly to make.
    text = " | ".join(INJECTIONS)
    company, certificate = make_registered(date(2025, 1, 6))
    if via == "api":
        response = client.post(
            f"/api/v1/certificates/{certificate.number}/suspend",
            json={"reason": text, "effective": "2025-03-01"},
            headers=admin,
        )
        assert response.status_code == 200, response.get_json()
    login(client, make_user(role="admin"))
    if via == "form":
        url = f"/companies/{company.id}/status"
        data = {"action": "suspend", "reason": text, "effective": "2025-03-01"}
        confirm = client.post(url, data=data)  # what will happen, then confirm
        assert_shown_escaped(confirm.get_data(as_text=True), text)
        response = client.post(url, data={**data, "confirmed": "y"})
        assert response.status_code == 302
    history = client.get(f"/api/v1/registry/companies/{company.kvk}").get_json()
    assert text in [h.get("reason") for h in history["history"]]
    assert_shown_escaped(
        client.get(f"/companies/{company.id}").get_data(as_text=True), text
    )
    client.post("/logout")
    public = client.get(f"/register/{company.kvk}").get_data(as_text=True)
    assert_shown_escaped(public, text)
    for payload in XSS:
        assert payload not in public
    assert certificates.latest_certificate(company.id) is not None


# -- uploads: file names, polyglots, bombs ----------------------------------------


def jpeg_bytes(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 30)).save(out, "JPEG")
    return out.getvalue()


def _upload(client, inspection, data: bytes, filename: str, headers=None):
    headers = headers or bearer(client, inspection.inspector)
    return client.post(
        f"/api/v1/inspections/{inspection.id}/photos",
        data={"photo": (io.BytesIO(data), filename)},
        headers=headers,
    )


def _files_under(path) -> set:
    return {p for p in path.rglob("*") if p.is_file()}


def test_upload_file_names_never_choose_the_stored_path(app, client):
    for filename in [
        "../../etc/passwd.jpg",
        "..\\..\\windows\\win.ini.jpg",
        "/etc/passwd.jpg",
        "photo.jpg\x00.php",
        "%2e%2e%2fescape.jpg",
        "a" * 5000 + ".jpg",
    ]:
        inspection = make_inspection()
        root = (app.extensions["snf_storage"].root).resolve()
        outside_before = _files_under(root.parent)
        response = _upload(client, inspection, jpeg_bytes(), filename)
        assert response.status_code == 201, response.get_json()
        attachment = db.session.get(Attachment, response.get_json()["id"])
        assert (
            ".." not in attachment.storage_key
            and "passwd" not in attachment.storage_key
        )
        assert re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{64}\.jpg", attachment.storage_key)
        assert "passwd" not in attachment.filename and ".." not in attachment.filename
        new_files = _files_under(root.parent) - outside_before
        assert all(root in path.parents for path in new_files), new_files


def test_repair_letter_photo_with_traversal_name_is_stored_safely(app, client):
    inspection = submitted(make_inspection(), FAILING)
    finding = inspection.findings[0]
    login(client, make_user(role="company", organisation=inspection.company))
    root = app.extensions["snf_storage"].root.resolve()
    outside_before = _files_under(root.parent)
    response = client.post(
        f"/findings/{finding.id}/repair",
        # A size of its own: keys are content hashes, a known photo adds no file.
        data={
            "text": "Fixed",
            "photos": (io.BytesIO(jpeg_bytes((37, 23))), "../../x.jpg"),
        },
    )
    assert response.status_code == 302
    new_files = _files_under(root.parent) - outside_before
    assert new_files and all(root in path.parents for path in new_files)


def test_jpeg_with_a_script_appended_is_reencoded(client):
    inspection = make_inspection()
    payload = b"<script>alert(1)</script><?php system($_GET['c']); ?>"
    headers = bearer(client, inspection.inspector)
    response = _upload(client, inspection, jpeg_bytes() + payload, "poly.jpg", headers)
    assert response.status_code == 201
    served = client.get(response.get_json()["url"], headers=headers)
    assert served.mimetype == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert b"script" not in served.data and b"php" not in served.data
    assert served.data.startswith(b"\xff\xd8")


def test_png_that_is_also_a_zip_is_reencoded(client):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("evil.html", "<script>alert(1)</script>")
    polyglot = png_bytes() + archive.getvalue()
    assert zipfile.is_zipfile(io.BytesIO(polyglot))
    inspection = make_inspection()
    headers = bearer(client, inspection.inspector)
    response = _upload(client, inspection, polyglot, "image.png", headers)
    assert response.status_code == 201
    served = client.get(response.get_json()["url"], headers=headers).data
    assert served.startswith(b"\xff\xd8") and b"PK\x03\x04" not in served
    assert not zipfile.is_zipfile(io.BytesIO(served))


def test_files_that_are_not_photos_are_refused_by_name(client):
    for data in [
        b"<html><script>alert(1)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        b"%PDF-1.4\n%%EOF",
        b"",
        b"\xff\xd8\xff\xe0garbage",
    ]:
        inspection = make_inspection()
        headers = bearer(client, inspection.inspector)
        with no_new_rows():
            response = _upload(client, inspection, data, "photo.jpg", headers)
        assert_refused(response, "photo")


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


@cache
def bomb_png(width: int, height: int) -> bytes:
    """A real 1-bit PNG of ``width x height`` black pixels, compressed small."""
    row = b"\0" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    chunks = [compressor.compress(row * 1000) for _ in range(height // 1000)]
    chunks.append(compressor.compress(row * (height % 1000)) + compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", b"".join(chunks))
        + _png_chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("size", [(30_000, 30_000), (8_000, 8_000)])
def test_decompression_bomb_is_refused_without_decoding(client, size):
    data = bomb_png(*size)
    assert len(data) < 1024 * 1024  # small on the wire...
    inspection = make_inspection()
    headers = bearer(client, inspection.inspector)
    before = row_counts()
    opened = []
    original = Image.Image.load

    def spy(image):
        opened.append(image.size)
        return original(image)

    Image.Image.load = spy
    try:
        response = _upload(client, inspection, data, "bomb.png", headers)
    finally:
        Image.Image.load = original
    assert_refused(response, "photo")
    assert opened == [], "the pixels were decoded"
    assert row_counts() == before


# -- KvK numbers and postcodes of every wrong shape ---------------------------------

BAD_KVK = [
    "",
    "1234567",
    "123456789",
    "1234 5678",
    "abcdefgh",
    " 12345678",
    "12345678 ",
    "1234567a",
    "-1234567",
    "1e7",
    "0x123456",
    "+1234567",
    "１２３４５６７８",  # full-width digits
    "١٢٣٤٥٦٧٨",  # Arabic-Indic digits
    "12.345.678",
    "12345678\t",
    12345678,
    None,
    [],
    {},
    True,
]


@pytest.mark.parametrize(
    "kvk", [*BAD_KVK, pytest.param("12345678\n", marks=())], ids=repr
)
def test_wrong_kvk_in_the_api_is_refused_by_name(client, admin, counted, kvk):
    body = {"kvk": kvk, "name": "Shape test", "town": "Utrecht"}
    response = client.post("/api/v1/companies", json=body, headers=admin)
    assert_refused(response, "kvk")
    counted()


@pytest.mark.parametrize(
    "kvk",
    [k for k in BAD_KVK if isinstance(k, str) and k.strip()]
    + [pytest.param("12345678\n", marks=())],
    ids=repr,
)
def test_wrong_kvk_in_the_signup_form_is_refused_next_to_it(client, kvk):
    data = {**FORMS["/signup"], "kvk": kvk}
    data["inspection_body"] = str(make_organisation("inspection_body").id)
    before = row_counts()
    response = client.post("/signup", data=data)
    assert response.status_code == 200
    assert 'id="kvk-errors"' in response.get_data(as_text=True)
    assert row_counts() == before


def test_wrong_kvk_numbers_are_answered_on_their_line_in_verify(client):
    # Surrounding white space is forgiven here by design (the number is stripped).
    numbers = [
        k
        for k in BAD_KVK
        if not isinstance(k, dict | list)
        and not (isinstance(k, str) and k.strip() == "12345678")
    ]
    response = client.post("/api/v1/registry/verify", json={"kvk_numbers": numbers})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert len(results) == len(numbers)
    for number, result in zip(numbers, results, strict=True):
        assert result["valid"] is False and result["error"], (number, result)


def test_wrong_kvk_in_a_path_is_404_json(client, admin):
    for kvk in ["1234567", "abcdefgh", "12345678x", "%20", "..", "-"]:
        for url in (f"/api/v1/companies/{kvk}", f"/api/v1/registry/companies/{kvk}"):
            assert_json_error(client.get(url, headers=admin), statuses=(404, 422))


BAD_POSTCODES = [
    "",
    "1234",
    "0123AB",
    "12345AB",
    "1234-AB",
    "1234  AB",
    "ABCD12",
    "1234A",
    "1234ABC",
    "1234SA",
    "1234SS",
    "1234 SD",
    "１２３４AB",
    "1234ÄB",
    "1234 A B",
    12345,
    None,
]


def test_wrong_postcode_in_the_api_is_refused_by_name(client, admin):
    for postcode in BAD_POSTCODES:
        company = make_organisation("company")
        before = row_counts()
        response = client.post(
            f"/api/v1/companies/{company.kvk}/locations",
            json=location_data(postcode=postcode),
            headers=admin,
        )
        assert_refused(response, "postcode")
        assert row_counts() == before


def test_wrong_postcode_in_the_location_form_is_refused_next_to_it(client):
    for postcode in [p for p in BAD_POSTCODES if isinstance(p, str) and p]:
        login(client, make_user(role="company"))
        data = {**location_data(postcode=postcode), "house_number": "3", "beds": "2"}
        before = row_counts()
        response = client.post("/locations/new", data=data)
        assert response.status_code == 200
        assert 'id="postcode-errors"' in response.get_data(as_text=True)
        assert row_counts() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("bag_id", "1234567890123456\n"),
        ("house_addition", "ABCD\n"),
        ("house_letter", "A\n"),
    ],
)
def test_trailing_newline_in_location_fields_is_refused(client, admin, field, value):
    company = make_organisation("company")
    before = row_counts()
    response = client.post(
        f"/api/v1/companies/{company.kvk}/locations",
        json=location_data(**{field: value}),
        headers=admin,
    )
    assert_refused(response, field)
    assert row_counts() == before


# -- ids beyond the database's integers -----------------------------------------------

HUGE_ID = 2**63


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/inspections/{HUGE_ID}",
        f"/api/v1/locations/{HUGE_ID}",
        f"/api/v1/findings/{HUGE_ID}",
        f"/locations/{HUGE_ID}",
        f"/companies/{HUGE_ID}",
        f"/register/verifications/{HUGE_ID}",
    ],
)
def test_huge_integer_ids_are_404(client, admin, url):
    login(client, make_user(role="admin"))
    response = client.get(url, headers=admin)
    assert response.status_code == 404


def test_ids_at_the_edge_of_the_integer_range_are_404(client, admin):
    for value in (0, 2**31 - 1):
        response = client.get(f"/api/v1/inspections/{value}", headers=admin)
        assert response.status_code == 404


def test_make_location_helper_is_unchanged():
    """Guards the assumption of this module that factories take overrides."""
    assert make_location(street="Kerkstraat").street == "Kerkstraat"
