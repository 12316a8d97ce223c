import re

import pytest

from snf import create_app
from snf.config import TestConfig
from snf.extensions import db
from tests.factories import PASSWORD, make_user


@pytest.fixture
def csrf_client(app):
    class WithCsrf(TestConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        WTF_CSRF_ENABLED = True

    csrf_app = create_app(WithCsrf)
    csrf_app.test_client_class = type(app.test_client())
    yield csrf_app.test_client()
    with csrf_app.app_context():
        db.engine.dispose()


def _token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)[1]


def _login(client, user) -> str:
    token = _token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    # The token changes at login (the session is renewed): take the new one.
    return _token(client.get("/").get_data(as_text=True))


def test_login_form_without_token_is_refused(csrf_client):
    user = make_user()
    response = csrf_client.post(
        "/login", data={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert csrf_client.get("/api/v1/auth/me").status_code == 401


def test_logout_form_without_token_is_refused(csrf_client):
    user = make_user()
    token = _login(csrf_client, user)
    assert csrf_client.post("/logout").status_code == 400
    assert csrf_client.get("/api/v1/auth/me").status_code == 200
    assert csrf_client.post("/logout", data={"csrf_token": token}).status_code == 302


def test_cookie_authenticated_json_write_needs_the_csrf_header(csrf_client):
    user = make_user()
    token = _login(csrf_client, user)
    body = {"email": user.email, "password": PASSWORD}
    refused = csrf_client.post("/api/v1/auth/tokens", json=body)
    assert refused.status_code == 400
    assert refused.get_json()["error"]["status"] == 400
    accepted = csrf_client.post(
        "/api/v1/auth/tokens", json=body, headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201


def test_bearer_requests_need_no_csrf_token(csrf_client):
    user = make_user()
    created = csrf_client.post(
        "/api/v1/auth/tokens", json={"email": user.email, "password": PASSWORD}
    )
    assert created.status_code == 201
    headers = {"Authorization": "Bearer " + created.get_json()["token"]}
    response = csrf_client.delete("/api/v1/auth/tokens/current", headers=headers)
    assert response.status_code == 204


def test_a_made_up_bearer_header_does_not_skip_csrf_for_a_cookie_session(csrf_client):
    """F11: the header alone proves nothing; only a valid token skips CSRF."""
    user = make_user()
    _login(csrf_client, user)
    forged = {"Authorization": "Bearer anything-at-all"}
    response = csrf_client.post("/logout", headers=forged)
    assert response.status_code == 400
    body = {"email": user.email, "password": PASSWORD}
    refused = csrf_client.post("/api/v1/auth/tokens", json=body, headers=forged)
    assert refused.status_code == 400
    assert csrf_client.get("/api/v1/auth/me").status_code == 200
