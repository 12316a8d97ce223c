"""The yearly planning run: counted per inspection body, mailed once (over a
real SMTP server), kept per period."""

from datetime import date

from snf.auth.models import Organisation
from snf.extensions import db
from snf.inspections import planning
from snf.inspections.jobs import plan_year_job
from tests.certificates_factories import make_registered
from tests.factories import make_user

INSPECTED = date(2025, 1, 6)  # make_registered inspects its location that day


def _plan(year: int) -> dict:
    return plan_year_job(year=str(year), progress=lambda *a: None)


def test_a_year_is_planned_once_and_each_body_hears_its_share(smtp_app, smtp_server):
    company, _certificate = make_registered(INSPECTED)
    body = db.session.get(Organisation, planning.chosen_body_id(company.id))
    inspector = make_user(role="inspector", organisation=body)
    other_body = make_user(role="inspector")  # no company chose it
    admin = make_user(role="admin")
    result = _plan(2026)
    assert result["due"] == 1 and result["bodies"][str(body.id)] == 1
    assert result["bodies"][str(other_body.organisation_id)] == 0
    mails = {m["To"]: m for m in smtp_server.messages}
    assert {inspector.email, other_body.email, admin.email} <= set(mails)
    sent = len(smtp_server.messages)
    told = mails[inspector.email]
    assert told["Subject"] == "SNF-planning 2026"
    assert "In 2026 is 1 locatie van de bedrijven" in told.get_content()
    assert "/inspections/due" in told.get_content()
    # Asked again (a retry, a second scheduler): the kept run, no new mail.
    again = _plan(2026)
    assert again == {**result, "already_run": True}
    assert len(smtp_server.messages) == sent


def test_a_location_inspected_this_year_is_not_due_until_next_year(app):
    make_registered(INSPECTED)
    assert _plan(2025)["due"] == 0
    assert _plan(2026)["due"] == 1
