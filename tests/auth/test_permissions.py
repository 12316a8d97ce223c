"""The one permission check as callers meet it: 401 with "log in" for the
anonymous, 403 for those who may not, the check before the body is read, and
nothing for inactive accounts or actions without a policy."""

from types import SimpleNamespace

import pytest

from snf.auth import services
from snf.auth.permissions import NotAuthenticated, can, require, same_organisation
from snf.database import utcnow
from snf.errors import PermissionDenied
from tests.factories import bearer, login, make_organisation, make_user

ROLES = ("admin", "inspector", "company", "verifier", "municipality")


def _error(response):
    return response.get_json()["error"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_see_itself(client, role):
    user = make_user(role=role)
    response = client.get("/api/v1/auth/me", headers=bearer(client, user))
    assert response.status_code == 200 and response.get_json()["id"] == user.id


def test_the_anonymous_are_asked_to_log_in(client):
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert _error(response)["message"] == "Please log in first."


def test_role_checks_come_before_the_body_is_read(client):
    url = "/api/v1/claims/1/reject"
    anonymous = client.post(url, json={"nonsense": 1})
    assert anonymous.status_code == 401
    assert _error(anonymous)["message"] == "Please log in first."
    company = bearer(client, make_user(role="company"))
    refused = client.post(url, json={"nonsense": 1}, headers=company)
    assert refused.status_code == 403
    assert _error(refused)["message"] == "You are not allowed to do this."
    assert "fields" not in _error(refused) or not _error(refused)["fields"]
    staff = bearer(client, make_user(role="admin"))
    assert client.post(url, json={"nonsense": 1}, headers=staff).status_code == 422


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_review_sign_ups(client, role):
    headers = bearer(client, make_user(role=role))
    response = client.get("/api/v1/claims", headers=headers)
    assert response.status_code == (200 if role == "admin" else 403)


def test_an_inactive_account_may_do_nothing(app):
    user = make_user(role="admin")
    assert can(user, "claim.review")
    services.set_active(None, user, False, now=utcnow())
    assert not can(user, "claim.review") and not can(user, "self.view")


def test_no_one_may_do_what_has_no_policy_or_without_an_account(app):
    admin = make_user(role="admin")
    assert not can(admin, "nothing.registered")
    assert not can(None, "self.view")
    assert not can(SimpleNamespace(role="admin", is_active=True), "self.view")
    stranger = SimpleNamespace(role="admin", is_active=True, is_authenticated=False)
    assert not can(stranger, "self.view")


def test_same_organisation_needs_an_organisation():
    user = make_user(role="company")
    assert same_organisation(user, user.organisation_id)
    assert not same_organisation(user, make_organisation("company").id)
    assert not same_organisation(user, None)
    assert not same_organisation(SimpleNamespace(organisation_id=None), None)


def test_what_is_not_logged_in_is_asked_to_log_in(app):
    # an object that does not say it is authenticated counts as anonymous
    with pytest.raises(NotAuthenticated):
        require(SimpleNamespace(role="admin", is_active=True), "self.view")
    with pytest.raises(PermissionDenied):
        require(make_user(role="company"), "claim.review")


def test_the_check_is_made_on_the_object_asked_for(client):
    own, other = make_organisation("company"), make_organisation("company")
    login(client, make_user(role="company", organisation=own))
    assert client.get(f"/companies/{own.id}").status_code == 200
    assert client.get(f"/companies/{other.id}").status_code == 403
