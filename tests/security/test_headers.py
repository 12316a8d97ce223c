"""Security headers on every kind of response, and pages that a Content-Security-
Policy without 'unsafe-inline' does not break: no inline script, no inline style,
no inline event handler in any HTML page the app serves to any role.

The pages are found through the access matrix (tests/access/*.py): every GET
case, as every role, with the objects its module builds.
"""

import importlib
import pkgutil
import re
from datetime import date

import pytest

import tests.access
from snf import create_app
from snf.config import TestConfig
from snf.extensions import db
from snf.registry.models import VerificationReport
from tests.access.matrix import ALL_ROLES
from tests.certificates_factories import make_registered
from tests.factories import bearer, login, make_user
from tests.inspections_factories import make_inspection, submitted

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.I)
EVENT_HANDLER = re.compile(r"""<[^>]*\son[a-z]+\s*=\s*["']""", re.I)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)
DATA_BLOCK = re.compile(r"""\btype\s*=\s*["']application/(?:ld\+)?json["']""", re.I)


def _directives(csp: str) -> dict[str, list[str]]:
    directives = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_security_headers(response, *, authenticated: bool = False) -> None:
    headers = response.headers
    where = f"{response.request.method} {response.request.path}"
    csp = headers.get("Content-Security-Policy")
    assert csp, f"no Content-Security-Policy on {where}"
    directives = _directives(csp)
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, where
    assert "default-src" in directives and "script-src" in directives, csp
    assert directives.get("object-src") == ["'none'"], csp
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") in {
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
        "no-referrer",
    }, where
    framing = headers.get("X-Frame-Options") in {"DENY", "SAMEORIGIN"}
    assert framing or directives.get("frame-ancestors") in (["'none'"], ["'self'"])
    if authenticated:
        assert "no-store" in headers.get("Cache-Control", ""), where


def assert_no_inline_code(html: str, where: str) -> None:
    for attributes in SCRIPT_TAG.findall(html):
        if DATA_BLOCK.search(attributes):
            continue  # a JSON data block, not executed
        assert re.search(r"\bsrc\s*=", attributes), f"inline <script> on {where}"
    assert not STYLE_ELEMENT.search(html), f"inline <style> on {where}"
    found = STYLE_ATTRIBUTE.search(html)
    assert not found, f"style= attribute on {where}: {html[found.start() - 80 :][:160]}"
    assert not EVENT_HANDLER.search(html), f"inline event handler on {where}"
    assert not JAVASCRIPT_URL.search(html), f"javascript: URL on {where}"


def _case_modules():
    for module in pkgutil.iter_modules(tests.access.__path__):
        if module.name != "matrix" and not module.name.startswith("test_"):
            yield importlib.import_module(f"tests.access.{module.name}")


def _get_cases_with_worlds():
    """Every GET case with the world its module builds (built once here)."""
    for module in _case_modules():
        world: dict = {}
        build = getattr(module, "build", None)
        if build is not None:
            build(world)
        for case in module.CASES:
            if case.method == "GET":
                yield case, world


def test_every_page_of_every_role_has_headers_and_no_inline_code(app):
    cases = list(_get_cases_with_worlds())  # the worlds are built once
    html_pages = 0
    for role in ALL_ROLES:
        client = app.test_client()
        if role != "anonymous":
            login(client, make_user(role=role))
        for case, world in cases:
            where = f"{case.url(world)} as {role}"
            response = client.get(case.url(world))
            assert response.status_code == case.expected[role], where
            assert_security_headers(response, authenticated=role != "anonymous")
            if response.mimetype == "text/html":
                html_pages += 1
                assert_no_inline_code(response.get_data(as_text=True), where)
    assert html_pages >= 5 * len(ALL_ROLES)


def test_html_page(client):
    response = client.get("/")
    assert response.mimetype == "text/html"
    assert_security_headers(response)
    assert_no_inline_code(response.get_data(as_text=True), "/")


def test_authenticated_html_page_is_not_stored(client):
    login(client, make_user(role="admin"))
    response = client.get("/")
    assert_security_headers(response, authenticated=True)
    assert "Cookie" in response.headers.get("Vary", "")


def test_json_api_anonymous_and_with_bearer(client):
    assert_security_headers(client.get("/api/v1/ping"))
    headers = bearer(client, make_user(role="verifier"))
    response = client.get("/api/v1/auth/me", headers=headers)
    assert response.status_code == 200 and response.is_json
    assert_security_headers(response, authenticated=True)


def test_not_found_html_and_json(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert_security_headers(page)
    assert_no_inline_code(page.get_data(as_text=True), "404 page")
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.is_json
    assert api.get_json()["error"]["status"] == 404
    assert_security_headers(api)


def test_method_not_allowed_and_bad_request(client):
    response = client.put("/api/v1/ping")
    assert response.status_code == 405
    assert_security_headers(response)
    unreadable = client.post(
        "/api/v1/auth/tokens", data="{", content_type="application/json"
    )
    assert unreadable.status_code == 400
    assert_security_headers(unreadable)


def test_server_error_page(tmp_path):
    """The 500 page (handler only registered outside TESTING) has them too."""

    class Config(TestConfig):
        TESTING = False
        SNF_PUBLIC_URL = "http://localhost"
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        SNF_STORAGE_PATH = str(tmp_path / "storage")
        SNF_KEYS_PATH = str(tmp_path / "keys")

    crashing = create_app(Config)

    @crashing.route("/crash")
    def crash():
        raise RuntimeError("boom")

    response = crashing.test_client().get("/crash")
    assert response.status_code == 500
    assert "boom" not in response.get_data(as_text=True)
    assert_security_headers(response)
    assert_no_inline_code(response.get_data(as_text=True), "500 page")


def test_redirects(client):
    to_login = client.get("/companies")
    assert to_login.status_code == 302
    assert_security_headers(to_login)
    language = client.get("/language/en")
    assert language.status_code == 302
    assert_security_headers(language)
    login(client, make_user(role="company"))
    own = client.get("/registration")
    assert own.status_code == 302
    assert_security_headers(own, authenticated=True)


@pytest.mark.parametrize(
    "path", ["/static/css/app.css", "/static/js/offline.js", "/sw.js"]
)
def test_static_files(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_security_headers(response)
    response.close()


def test_pdf_downloads(client):
    company, certificate = make_registered(date(2025, 1, 6))
    public = client.get(f"/api/v1/certificates/{certificate.number}.pdf")
    assert public.status_code == 200 and public.mimetype == "application/pdf"
    assert_security_headers(public)
    inspection = submitted(make_inspection())
    login(client, make_user(role="admin"))
    report = client.get(f"/inspections/{inspection.id}/report.pdf")
    assert report.status_code == 200 and report.mimetype == "application/pdf"
    assert_security_headers(report, authenticated=True)


def test_csv_downloads(client):
    export = client.get("/api/v1/registry/export.csv")
    assert export.status_code == 200 and export.mimetype == "text/csv"
    assert "attachment" in export.headers["Content-Disposition"]
    assert_security_headers(export)
    verifier = make_user(role="verifier")
    report = VerificationReport(
        user_id=verifier.id,
        organisation_id=verifier.organisation_id,
        title="Check",
        as_of=date(2025, 2, 1),
        count=0,
        summary={},
        results=[],
    )
    db.session.add(report)
    db.session.flush()
    login(client, verifier)
    download = client.get(f"/register/verifications/{report.id}.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert_security_headers(download, authenticated=True)


def test_hsts_over_https_only(client):
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    max_age = int(secure.headers["Strict-Transport-Security"].split("=")[1][:8])
    assert max_age >= 15552000  # at least 180 days
    api = client.get("/api/v1/ping", base_url="https://localhost")
    assert "Strict-Transport-Security" in api.headers
    plain = client.get("/")
    assert "Strict-Transport-Security" not in plain.headers


def test_session_cookie_is_http_only_and_same_site(client):
    response = client.post(
        "/login", data={"email": make_user().email, "password": "correct horse battery"}
    )
    cookie = next(
        h
        for h in response.headers.getlist("Set-Cookie")
        if h.startswith("snf_session=")
    )
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
