"""A company taken through the real path to a certificate."""

from datetime import date

from snf.auth import services as auth
from snf.certificates import services
from snf.certificates.keys import signer
from snf.database import utcnow
from snf.inspections import services as inspections
from tests.factories import make_organisation, make_user
from tests.inspections_factories import (
    CONFORM_2024,
    make_inspection,
    make_location,
    submitted,
)

ADMIN_OK = {"answers": {"A-1.1": True, "A-2.1": True, "A-3.1": True}}


def make_applicant(on: date, locations: int = 1):
    company = make_organisation("company")
    body = make_organisation("inspection_body")
    application = services.apply(None, company, body, today=on, now=utcnow())
    places = [make_location(company) for _ in range(locations)]
    return company, application, places


def administrative_inspection(company, on: date, observations=None):
    inspector = make_user(role="inspector")
    inspection = inspections.schedule_inspection(
        None,
        company=company,
        location=None,
        kind="administrative",
        announced=True,
        scheduled_for=on,
        inspector=inspector,
        now=utcnow(),
    )
    return submitted(inspection, observations or ADMIN_OK, on=on)


def make_registered(on: date = date(2025, 1, 6), locations: int = 1):
    """Apply, inspect everything, pay, issue: a registered company."""
    company, application, places = make_applicant(on, locations)
    administrative_inspection(company, on)
    for place in places:
        submitted(make_inspection(place), CONFORM_2024, on=on)
    services.mark_fee_paid(None, application, today=on, now=utcnow())
    certificate = services.issue_certificate(
        None, company, today=on, now=utcnow(), sign=signer()
    )
    return company, certificate


def admin_user():
    return auth.find_user_by_email("nobody") or make_user(role="admin")
