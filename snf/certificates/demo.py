"""Demo: a registered company with a certificate, an application in the queue,
and a company struck off years ago (its history, as the register keeps it)."""

from datetime import date, datetime, time, timedelta

from snf.auth import services as auth
from snf.certificates import lifecycle, services
from snf.certificates.keys import signer
from snf.certificates.reasons import reason
from snf.database import AMSTERDAM
from snf.inspections import services as inspections
from snf.inspections.demo import INSPECTOR

ADMIN_ANSWERS = {"answers": {"A-1.1": True, "A-2.1": True, "A-3.1": True}}


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), AMSTERDAM)


def _administrative(company, inspector, on: date) -> None:
    inspection = inspections.schedule_inspection(
        None,
        company=company,
        location=None,
        kind="administrative",
        announced=True,
        scheduled_for=on,
        inspector=inspector,
        now=_at(on),
    )
    if on > datetime.now(AMSTERDAM).date():
        return  # planned, not yet done
    inspections.start_inspection(inspector, inspection, today=on, now=_at(on))
    inspections.save_observations(
        inspector, inspection, ADMIN_ANSWERS, if_match=None, now=_at(on)
    )
    inspections.submit_inspection(inspector, inspection, now=_at(on))


def load_certificates_demo(now: datetime) -> None:
    westland = auth.find_organisation("Westland Flex Huisvesting BV")
    if lifecycle.history(westland.id):
        return
    today = now.astimezone(AMSTERDAM).date()
    inspector = auth.find_user_by_email(INSPECTOR)
    body = inspector.organisation
    _certify(westland, body, inspector, today - timedelta(days=300))
    # The yearly administrative inspection, planned before the certificate expires.
    _administrative(westland, inspector, today + timedelta(days=7))
    brabant = auth.find_organisation("Brabant Uitzendgroep BV")
    services.apply(None, brabant, body, today=today - timedelta(days=60), now=now)
    _administrative(brabant, inspector, today - timedelta(days=50))
    _old_history(auth.find_organisation("Oude Haven Flex BV"))


def _certify(company, body, inspector, issue_on: date) -> None:
    applied = issue_on - timedelta(days=100)
    application = services.apply(None, company, body, today=applied, now=_at(applied))
    _administrative(company, inspector, applied + timedelta(days=5))
    services.mark_fee_paid(
        None, application, today=applied + timedelta(days=10), now=_at(applied)
    )
    services.issue_certificate(
        None, company, today=issue_on, now=_at(issue_on), sign=signer()
    )


def _old_history(company) -> None:
    """Registered in 2014, suspended and struck off in 2016: dated changes as
    they were decided then (no certificate of this system)."""
    steps = [
        ("apply", date(2014, 5, 12), reason("applied")),
        ("register", date(2014, 7, 21), reason("registered")),
        (
            "suspend",
            date(2016, 3, 2),
            reason("major_overdue", code="B-1.1", due=date(2016, 3, 1)),
        ),
        (
            "strike_off",
            date(2016, 4, 1),
            reason(
                "suspension_unresolved",
                since=date(2016, 3, 2),
                code="B-1.1",
                days=30,
            ),
        ),
    ]
    for action, day, why in steps:
        lifecycle.record(
            None, company.id, action, effective=day, reason=why, now=_at(day)
        )
