"""Sessions, tokens and accounts: what ends a session ends it at once, logins
are rate limited per account and per address, passwords are hashed with
argon2id, and no password, token or session id reaches a log line or the
database in clear. (tests/auth/test_auth.py has the basic cases.)"""

import http.client
import importlib.util
import io
import json
import logging
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import Type
from sqlalchemy import select, text
from werkzeug.serving import make_server

import snf.auth.services
from snf import create_app
from snf.auth import services
from snf.auth.models import CompanyClaim
from snf.certificates import claims
from snf.config import TestConfig
from snf.database import local_today, utcnow
from snf.extensions import db
from tests.claims_factories import pdf_bytes
from tests.factories import PASSWORD, bearer, login, make_organisation, make_user

ME = "/api/v1/auth/me"


def _replay(client, name: str, value: str) -> None:
    client.set_cookie(name, value)


# -- logout, deactivation and revocation end things at once -----------------------


def test_logout_ends_the_session_for_html_pages_too(client):
    user = make_user(role="admin")
    login(client, user)
    cookie = client.get_cookie("snf_session").value
    assert client.get("/companies").status_code == 200
    client.post("/logout")
    _replay(client, "snf_session", cookie)
    page = client.get("/companies")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login")
    assert client.get(ME).status_code == 401


def test_logout_ends_only_the_session_of_that_device(app):
    user = make_user()
    tablet, laptop = app.test_client(), app.test_client()
    login(tablet, user)
    login(laptop, user)
    tablet.post("/logout")
    assert tablet.get(ME).status_code == 401
    assert laptop.get(ME).status_code == 200


def test_login_starts_a_fresh_session(client, app):
    """No fixation: whatever the session held before login is gone, and the
    server-side session id is new for every login."""
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["_user_id"] = "guessed-session-token"
    assert client.get(ME).status_code == 401
    user = make_user()
    login(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session
        first = session["_user_id"]
    client.post("/logout")
    login(client, user)
    with client.session_transaction() as session:
        assert session["_user_id"] != first


def test_deactivation_ends_html_sessions_and_tokens_and_reactivation_revives_none(
    client, app
):
    user = make_user(role="admin")
    headers = bearer(client, user)
    login(client, user)
    cookie = client.get_cookie("snf_session").value
    services.set_active(None, user, False, now=utcnow())
    page = client.get("/companies")
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    assert app.test_client().get(ME, headers=headers).status_code == 401
    services.set_active(None, user, True, now=utcnow())
    replay = app.test_client()
    _replay(replay, "snf_session", cookie)
    assert replay.get(ME).status_code == 401
    assert replay.get(ME, headers=headers).status_code == 401


def test_deactivated_account_can_neither_log_in_nor_get_a_token(client):
    user = make_user()
    services.set_active(None, user, False, now=utcnow())
    page = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert page.status_code == 200 and 'class="errors"' in page.get_data(as_text=True)
    token = client.post(
        "/api/v1/auth/tokens", json={"email": user.email, "password": PASSWORD}
    )
    assert token.status_code == 401


def test_no_route_deactivates_an_account():
    """Deactivation exists only as a service (snf.auth.services.set_active);
    when an admin page or API for it is added, test it here."""
    app_routes = {rule.endpoint for rule in create_app(_scratch()).url_map.iter_rules()}
    assert not {e for e in app_routes if "deactivat" in e or "set_active" in e}


def _scratch():
    import tempfile

    scratch = tempfile.mkdtemp(prefix="snf-routes-")

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        SNF_STORAGE_PATH = scratch
        SNF_KEYS_PATH = scratch

    return Config


def test_revoked_token_is_refused_everywhere_and_cannot_revoke_again(client, app):
    user = make_user(role="admin")
    revoked, other = bearer(client, user), bearer(client, user)
    assert (
        client.delete("/api/v1/auth/tokens/current", headers=revoked).status_code == 204
    )
    fresh = app.test_client()
    assert fresh.get(ME, headers=revoked).status_code == 401
    assert fresh.get("/companies", headers=revoked).status_code == 302
    assert (
        fresh.delete("/api/v1/auth/tokens/current", headers=revoked).status_code == 401
    )
    assert fresh.get(ME, headers=other).status_code == 200


def test_expired_token_and_session_are_refused(client, app, monkeypatch):
    user = make_user()
    headers = bearer(client, user)
    login(client, user)
    later = utcnow() + app.config["API_TOKEN_LIFETIME"] + timedelta(minutes=1)
    monkeypatch.setattr("snf.auth.login.utcnow", lambda: later)
    assert app.test_client().get(ME, headers=headers).status_code == 401
    assert client.get(ME).status_code == 401


@pytest.mark.parametrize(
    "authorization",
    ["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer a b", "bearer " + "x" * 10000],
)
def test_malformed_authorization_headers_are_401(client, authorization):
    response = client.get(ME, headers={"Authorization": authorization})
    assert response.status_code == 401
    assert response.get_json()["error"]["status"] == 401


# -- rate limits on logging in -----------------------------------------------------


@pytest.fixture
def limited(rate_limited):
    """An app with rate limiting on (see rate_limited in tests/conftest.py)."""
    return rate_limited()


WRONG = "wrong password!"


def _attempt(app, email, address, password=WRONG):
    client = app.test_client()
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_login_is_limited_per_address(limited):
    codes = [
        _attempt(limited, f"someone{n}@example.org", "192.0.2.1").status_code
        for n in range(21)
    ]
    assert codes == [200] * 20 + [429]
    refused = _attempt(limited, "someone@example.org", "192.0.2.1")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert refused.headers["X-Content-Type-Options"] == "nosniff"
    assert _attempt(limited, "someone@example.org", "192.0.2.2").status_code == 200


def _login_attempt(client, email, password=WRONG, address="198.51.100.1"):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def _token(client, email, password=WRONG, address="203.0.113.1"):
    return client.post(
        "/api/v1/auth/tokens",
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


@pytest.fixture
def throttle_settings(app, monkeypatch):
    def configure(free: int, hourly: int = 20):
        monkeypatch.setitem(app.config, "LOGIN_FREE_FAILURES", free)
        monkeypatch.setitem(app.config, "LOGIN_HOURLY_FAILURES", hourly)

    return configure


def test_login_and_token_failures_count_together_per_account(client, throttle_settings):
    """F10: one counter for both ways in, whatever the address."""
    throttle_settings(free=3)
    user = make_user()
    assert _login_attempt(client, user.email, address="198.51.100.1").status_code == 200
    assert _token(client, user.email, address="203.0.113.2").status_code == 401
    assert _login_attempt(client, user.email, address="198.51.100.3").status_code == 200
    refused = _token(client, user.email.upper(), PASSWORD, address="203.0.113.4")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
    assert "Too many failed log-ins" in refused.get_json()["error"]["message"]
    page = _login_attempt(client, user.email, PASSWORD, address="198.51.100.5")
    assert page.status_code == 429
    assert "Too many failed log-ins for this account" in page.get_data(as_text=True)
    assert _token(client, "other@example.org").status_code == 401


def test_each_failure_beyond_the_free_ones_doubles_the_wait(client, throttle_settings):
    throttle_settings(free=2)
    user = make_user()
    assert _token(client, user.email).status_code == 401
    assert _token(client, user.email).status_code == 401
    assert _token(client, user.email).headers["Retry-After"] == "1"
    time.sleep(1.05)
    assert _token(client, user.email).status_code == 401  # the third failure
    waiting = _token(client, user.email, PASSWORD)
    assert waiting.status_code == 429 and waiting.headers["Retry-After"] == "2"
    time.sleep(2.05)
    assert _token(client, user.email, PASSWORD).status_code == 201


def test_failures_per_account_are_capped_per_hour(client, throttle_settings):
    throttle_settings(free=100, hourly=3)
    user = make_user()
    codes = [_token(client, user.email).status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    refused = _login_attempt(client, user.email, PASSWORD)
    assert refused.status_code == 429
    assert 3500 < int(refused.headers["Retry-After"]) <= 3600
    assert "Try again in 60 minutes." in refused.get_data(as_text=True)


def test_a_success_clears_the_account_failures(client, throttle_settings):
    throttle_settings(free=3)
    user = make_user()
    for _ in range(2):
        assert _token(client, user.email).status_code == 401
    assert _token(client, user.email, PASSWORD).status_code == 201
    for _ in range(2):
        assert _token(client, user.email).status_code == 401
    assert _token(client, user.email, PASSWORD).status_code == 201


def test_reading_the_login_page_is_not_limited(limited):
    client = limited.test_client()
    codes = {client.get("/login").status_code for _ in range(25)}
    assert codes == {200}


def _token_attempt(app, email, address):
    return app.test_client().post(
        "/api/v1/auth/tokens",
        json={"email": email, "password": "wrong password!"},
        environ_base={"REMOTE_ADDR": address},
    )


def test_token_requests_are_limited_per_address(limited):
    codes = [
        _token_attempt(limited, f"u{n}@example.org", "203.0.113.5").status_code
        for n in range(21)
    ]
    assert codes == [401] * 20 + [429]


# -- passwords ---------------------------------------------------------------------


def test_production_hasher_is_argon2id_with_recommended_cost():
    """The test suite swaps in a cheap hasher (tests/conftest.py); load the
    module afresh to see what production uses."""
    path = Path(snf.auth.services.__file__)
    spec = importlib.util.spec_from_file_location("snf_auth_services_fresh", path)
    fresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)
    hasher = fresh._hasher
    assert hasher.type is Type.ID
    # OWASP: argon2id with at least 19 MiB and 2 iterations (or more memory).
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2
    assert fresh._DUMMY_HASH.startswith("$argon2id$")


def test_passwords_and_tokens_are_never_stored_in_clear(client):
    body = make_organisation("inspection_body")
    secret = "signup password that is long"
    response = client.post(
        "/signup",
        data={
            "company_name": "Clear Text Check",
            "kvk": "12345676",
            "town": "Utrecht",
            "name": "Someone",
            "email": "clear@example.org",
            "password": secret,
            "inspection_body": str(body.id),
            "extract": (io.BytesIO(pdf_bytes()), "kvk.pdf"),
        },
    )
    assert response.status_code == 302
    claim = db.session.scalar(select(CompanyClaim).filter_by(kvk="12345676"))
    assert claim.password_hash.startswith("$argon2id$")
    assert secret not in _dump_database()
    claims.confirm_claim(None, claim, today=local_today(), now=utcnow())
    user = services.find_user_by_email("clear@example.org")
    assert user.password_hash.startswith("$argon2id$")
    token = bearer(client, user, password=secret)["Authorization"].split()[1]
    login(client, user, password=secret)
    cookie = client.get_cookie("snf_session").value
    dump = _dump_database()
    for clear in (secret, token, cookie, _session_token(client.application, cookie)):
        assert clear not in dump


def _dump_database() -> str:
    rows = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            rows.append(repr(tuple(row)))
    return "\n".join(rows)


def _session_token(app, cookie: str) -> str:
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(cookie)["_user_id"]


# -- nothing secret in the logs ----------------------------------------------------


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    def lines(self, exclude: tuple[str, ...] = ()) -> list[str]:
        formatter = logging.Formatter()
        out = []
        for record in self.records:
            if record.name.startswith(exclude):
                continue
            out.append(record.getMessage())
            if record.exc_info:
                out.append(formatter.formatException(record.exc_info))
        return out


@pytest.fixture
def captured_logs():
    """Every logger at DEBUG, SQLAlchemy's statements and parameters included."""
    handler = _Capture()
    root = logging.getLogger()
    names = ("", "werkzeug", "sqlalchemy.engine", "flask_limiter", "snf")
    saved = {name: logging.getLogger(name).level for name in names}
    # Alembic's fileConfig (migrations/env.py, run by the app fixtures) disables the
    # loggers that exist at that moment, the app's among them.
    disabled = {name: logging.getLogger(name).disabled for name in names}
    root.addHandler(handler)
    for name in names:
        logging.getLogger(name).setLevel(logging.DEBUG)
        logging.getLogger(name).disabled = False
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)
            logging.getLogger(name).disabled = disabled[name]


def _multipart(fields: dict, file_field: str, name: str, content: bytes):
    boundary = "snf-test-boundary-7f3a"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
        f"{value}\r\n".encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class _Browser:
    """A tiny HTTP client for a real server on 127.0.0.1 (keeps one cookie)."""

    def __init__(self, port: int):
        self.port, self.cookie = port, None

    def send(self, method, path, body=None, headers=None, form=False):
        headers = dict(headers or {})
        if self.cookie:
            headers["Cookie"] = f"snf_session={self.cookie}"
        if body is not None and not isinstance(body, bytes):  # bytes: as they are
            if form:
                from urllib.parse import urlencode

                body = urlencode(body)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            else:
                body = json.dumps(body)
                headers["Content-Type"] = "application/json"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie" and value.startswith("snf_session="):
                    self.cookie = value.split(";")[0].split("=", 1)[1] or None
            return response.status, data
        finally:
            connection.close()


@pytest.fixture
def served(app):
    """The app behind a real server on 127.0.0.1 (werkzeug logs each request);
    requests run in the test's transaction, one at a time."""
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(timeout=10)


def test_no_password_token_or_session_id_in_any_log_line(app, served, captured_logs):
    # The test's connection was opened before logging went to DEBUG, and a
    # connection decides once whether it echoes: tell it again.
    connection = db.session.connection()
    connection._echo = connection.engine._should_log_info()
    email = make_user(role="verifier").email
    wrong = "Wrong-Password-Marker-42"
    signup_secret = "Signup-Password-Marker-77"
    body_marker = "BODY-MARKER-3f9a"
    browser = _Browser(served)

    assert browser.send("GET", "/login")[0] == 200
    assert (
        browser.send("POST", "/login", {"email": email, "password": wrong}, form=True)[
            0
        ]
        == 200
    )
    assert (
        browser.send(
            "POST", "/login", {"email": email, "password": PASSWORD}, form=True
        )[0]
        == 302
    )
    cookie = browser.cookie
    assert browser.send("GET", "/")[0] == 200
    api = _Browser(served)  # an integration: no cookie, a bearer token
    status, data = api.send(
        "POST", "/api/v1/auth/tokens", {"email": email, "password": PASSWORD}
    )
    assert status == 201
    token = json.loads(data)["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert api.send("GET", ME, headers=auth)[0] == 200
    verify = {"kvk_numbers": [body_marker, "12345678"]}
    assert api.send("POST", "/api/v1/registry/verify", verify, headers=auth)[0] == 200
    assert (
        api.send("POST", "/api/v1/auth/tokens", {"email": email, "password": wrong})[0]
        == 401
    )
    assert api.send("POST", "/api/v1/auth/tokens", {"email": body_marker})[0] == 422
    assert api.send("DELETE", "/api/v1/auth/tokens/current", headers=auth)[0] == 204
    assert api.send("GET", ME, headers=auth)[0] == 401
    assert browser.send("POST", "/logout")[0] == 302
    assert browser.send("GET", ME)[0] == 401
    signup = _Browser(served)
    body_id = make_organisation("inspection_body").id
    form = {"company_name": "Log Check", "kvk": "12345677", "town": "Utrecht",
            "name": "Someone", "email": "logcheck@example.org",
            "password": signup_secret, "inspection_body": str(body_id)}  # fmt: skip
    body, content_type = _multipart(form, "extract", "kvk.pdf", pdf_bytes())
    headers = {"Content-Type": content_type}
    assert signup.send("POST", "/signup", body, headers=headers)[0] == 302

    session_token = _session_token(app, cookie)
    everything = "\n".join(captured_logs.lines())
    assert "POST /api/v1/auth/tokens" in everything, "werkzeug did not log"
    assert "SELECT" in everything, "SQLAlchemy did not log"
    for secret in (PASSWORD, wrong, signup_secret, token, cookie, session_token):
        assert secret not in everything, "a secret is in the logs"
    # SQLAlchemy logs query parameters by design (an e-mail address is one);
    # the app's own loggers and the server's must not log request bodies.
    app_lines = "\n".join(captured_logs.lines(exclude=("sqlalchemy",)))
    assert body_marker not in app_lines


def test_unexpected_errors_are_logged_without_the_request_body(tmp_path, captured_logs):
    class Config(TestConfig):
        TESTING = False
        SNF_PUBLIC_URL = "http://localhost"
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        SNF_STORAGE_PATH = str(tmp_path / "storage")
        SNF_KEYS_PATH = str(tmp_path / "keys")

    crashing = create_app(Config)

    @crashing.route("/api/v1/crash", methods=["POST"])
    def crash():
        raise RuntimeError("boom")

    response = crashing.test_client().post(
        "/api/v1/crash",
        json={"password": "Crash-Password-Marker"},
        headers={"Authorization": "Bearer Crash-Token-Marker"},
    )
    assert response.status_code == 500
    assert response.get_json()["error"]["status"] == 500
    logged = "\n".join(captured_logs.lines())
    assert "Unhandled error on /api/v1/crash" in logged
    assert "Crash-Password-Marker" not in logged
    assert "Crash-Token-Marker" not in logged


def test_database_has_no_clear_text_session_ids(client):
    user = make_user()
    login(client, user)
    token = _session_token(client.application, client.get_cookie("snf_session").value)
    stored = db.session.scalars(text("SELECT token_hash FROM user_sessions")).all()
    assert stored and token not in stored
    assert services.hash_token(token) in stored
