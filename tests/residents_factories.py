"""Residents' test data: a certified location with its token, complaints."""

from snf.database import local_today, utcnow
from snf.residents import complaints
from snf.residents.tokens import active_token
from tests.certificates_factories import make_registered
from tests.inspections_factories import make_location


def certified_location():
    """A location of a company registered today, and its active token."""
    company, certificate = make_registered(local_today())
    location = certificate.locations[0].location
    return location, active_token(location.id), certificate


def uncertified_location():
    location = make_location()
    return location, active_token(location.id)


def make_complaint(token, category="sanitary", **fields):
    submission = complaints.Submission(category=category, **fields)
    complaint, _replayed = complaints.submit_complaint(token, submission, now=utcnow())
    return complaint
