import re

import pytest
from sqlalchemy import select

from snf.auth import services
from snf.auth.models import ApiToken, User, UserSession
from snf.database import utcnow
from snf.errors import ValidationError
from snf.extensions import db
from tests.factories import PASSWORD, bearer, login, make_organisation, make_user


def test_password_is_hashed_with_argon2id():
    user = make_user()
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_password_shorter_than_12_characters_is_refused():
    with pytest.raises(ValidationError) as caught:
        make_user(password="short-pass1")
    assert "password" in caught.value.fields


def test_role_must_fit_the_organisation():
    body = make_organisation("inspection_body")
    with pytest.raises(ValidationError) as caught:
        make_user(role="company", organisation=body)
    assert "role" in caught.value.fields


def test_login_and_home_page_shows_the_user(client):
    user = make_user(role="admin")
    login(client, user)
    page = client.get("/").get_data(as_text=True)
    assert user.name in page


def test_failed_login_does_not_tell_whether_the_email_exists(client):
    user = make_user()
    wrong_password = client.post(
        "/login", data={"email": user.email, "password": "x" * 12}
    ).get_data(as_text=True)
    unknown_email = client.post(
        "/login", data={"email": "nobody@example.org", "password": "x" * 12}
    ).get_data(as_text=True)

    def error_of(page):
        return re.findall(r'<ul class="errors"[^>]*>(.*?)</ul>', page, re.S)

    assert error_of(wrong_password) == error_of(unknown_email) != []


def test_email_is_case_insensitive(client):
    user = make_user(email="Mixed.Case@Example.org")
    assert user.email == "mixed.case@example.org"
    response = client.post(
        "/login", data={"email": "MIXED.case@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_logout_ends_the_session_even_for_a_replayed_cookie(client):
    user = make_user()
    login(client, user)
    old_cookie = client.get_cookie("snf_session").value
    assert client.get("/api/v1/auth/me").status_code == 200
    client.post("/logout")
    assert db.session.scalar(select(UserSession).filter_by(user_id=user.id)) is None
    client.set_cookie("snf_session", old_cookie)
    assert client.get("/api/v1/auth/me").status_code == 401


CHECKING = {
    "en": "Checking this tablet before you log out",
    "nl": "Deze tablet wordt gecontroleerd voordat u uitlogt",
}


def test_an_inspector_logging_out_before_the_tablet_was_checked_gets_the_check_first(
    client, lang
):
    """The header's button works before offline.js runs; the server then
    answers a page that runs the check for unsent work, and logs out only
    when the form says it was checked."""
    inspector = make_user(
        role="inspector", organisation=make_organisation("inspection_body")
    )
    login(client, inspector)
    response = client.post("/logout")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "data-logout-check" in page
    assert CHECKING[lang] in page
    assert client.get("/api/v1/auth/me").status_code == 200  # still logged in
    assert client.post("/logout", data={"checked": "1"}).status_code == 302
    assert client.get("/api/v1/auth/me").status_code == 401


def test_a_user_without_offline_work_logs_out_at_once(client):
    login(client, make_user(role="company"))
    assert client.post("/logout").status_code == 302
    assert client.get("/api/v1/auth/me").status_code == 401


def test_deactivation_ends_sessions_and_tokens_at_once(client, app):
    user = make_user()
    headers = bearer(client, user)
    login(client, user)
    services.set_active(None, user, False, now=utcnow())
    assert client.get("/api/v1/auth/me").status_code == 401
    fresh = app.test_client()
    assert fresh.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_idle_session_expires(client, app, monkeypatch):
    user = make_user()
    login(client, user)
    idle = app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    import time

    real = time.time()
    monkeypatch.setattr(time, "time", lambda: real + idle + 120)
    assert client.get("/api/v1/auth/me").status_code == 401


def test_login_redirects_only_to_local_paths(client):
    user = make_user()
    response = client.post(
        "/login?next=https://evil.example/x",
        data={"email": user.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_token_is_stored_hashed_and_works_as_bearer(client):
    user = make_user(role="verifier")
    headers = bearer(client, user)
    token = headers["Authorization"].split()[1]
    stored = db.session.scalars(select(ApiToken.token_hash)).all()
    assert token not in stored
    me = client.get("/api/v1/auth/me", headers=headers).get_json()
    assert me["email"] == user.email and me["role"] == "verifier"


def test_revoked_token_is_refused(client):
    user = make_user()
    headers = bearer(client, user)
    assert (
        client.delete("/api/v1/auth/tokens/current", headers=headers).status_code == 204
    )
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_token_request_with_wrong_password_is_401_without_detail(client):
    user = make_user()
    response = client.post(
        "/api/v1/auth/tokens", json={"email": user.email, "password": "wrong" * 3}
    )
    assert response.status_code == 401
    assert response.get_json()["error"]["message"]


def test_token_request_missing_field_names_it(client):
    response = client.post("/api/v1/auth/tokens", json={"email": "a@example.org"})
    assert response.status_code == 422
    assert "password" in response.get_json()["error"]["fields"]


def test_cli_creates_user(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Staff@snf.example",
            "--password",
            "a-long-password",
            "--role",
            "admin",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).filter_by(email="staff@snf.example"))
    assert user.role == "admin" and user.organisation.kind == "snf"


def test_cli_refuses_short_password(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "x@snf.example",
            "--password",
            "short",
            "--role",
            "admin",
        ]
    )
    assert result.exit_code != 0
    assert "password" in result.output
