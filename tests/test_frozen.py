"""Issue 16.1: every write to frozen data answers 409 (API) or a clear message
(HTML), before the body is even read: published norm versions and their
requirements, submitted inspections outside the correction path, decided
applications, struck-off registrations. Photos: tests/security/test_hardening.py."""

from datetime import date

import pytest

from snf.certificates import lifecycle
from snf.certificates.models import Application
from snf.database import utcnow
from snf.extensions import db
from tests.certificates_factories import make_registered
from tests.factories import bearer, login, make_user
from tests.inspections_factories import make_inspection, submitted

NORMS = "/api/v1/norms/SNF/versions/2024.1"


@pytest.fixture
def admin(client):
    return bearer(client, make_user(role="admin"))


@pytest.mark.parametrize("body", [None, {}, {"version": "junk"}])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", ""),
        ("DELETE", ""),
        ("POST", "/requirements"),
        ("PATCH", "/requirements/B-3.1"),
        ("DELETE", "/requirements/B-3.1"),
    ],
)
def test_any_change_to_a_published_version_is_409_whatever_the_body(
    client, admin, method, path, body
):
    response = client.open(NORMS + path, method=method, json=body, headers=admin)
    assert response.status_code == 409, response.get_json()
    assert "published" in response.get_json()["error"]["message"]


def test_a_published_version_cannot_be_edited_on_its_page(client):
    login(client, make_user(role="admin"))
    response = client.post(
        "/norms/SNF/2024.1/requirements/B-3.1/edit", follow_redirects=True
    )
    assert response.status_code == 200
    assert "is published and can no longer be changed" in response.get_data(
        as_text=True
    )


@pytest.mark.parametrize("body", [{"observations": {}}, {"junk": 1}, None])
def test_observations_of_a_submitted_inspection_are_409(client, body):
    inspection = submitted(make_inspection())
    headers = {**bearer(client, inspection.inspector), "If-Match": "1"}
    response = client.put(
        f"/api/v1/inspections/{inspection.id}/observations", json=body, headers=headers
    )
    assert response.status_code == 409, response.get_json()
    assert "submitted" in response.get_json()["error"]["message"]


def test_a_decided_application_is_not_changed_and_the_page_says_why(client):
    company, _certificate = make_registered()
    application = db.session.query(Application).filter_by(company_id=company.id).one()
    paid_on = application.entry_fee_paid_on
    login(client, make_user(role="admin"))
    response = client.post(
        f"/applications/{application.id}/fee-paid", follow_redirects=True
    )
    assert "This application is decided and can no longer change." in (
        response.get_data(as_text=True)
    )
    assert db.session.get(Application, application.id).entry_fee_paid_on == paid_on


@pytest.mark.parametrize("action", ["suspend", "reinstate", "expire", "renew"])
@pytest.mark.parametrize("body", [{"reason": "again"}, {}])
def test_a_struck_off_registration_is_409(client, admin, action, body):
    company, certificate = make_registered(on=date(2025, 1, 6))
    lifecycle.record(
        None,
        company.id,
        "strike_off",
        effective=date(2025, 3, 1),
        reason="overdue",
        now=utcnow(),
    )
    response = client.post(
        f"/api/v1/certificates/{certificate.number}/{action}", json=body, headers=admin
    )
    assert response.status_code == 409, response.get_json()
    assert "struck" in response.get_json()["error"]["message"]
