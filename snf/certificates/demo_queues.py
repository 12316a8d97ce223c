"""Demo: something in every work queue of the home pages.

Zeeuwse Oogst's certificate is due for renewal within six weeks; Rijnmond
Seizoenswerk left a major finding open past its deadline, was suspended and
will be struck off unless it is resolved; ABU has run a bulk check.
"""

from datetime import date, datetime, timedelta

from snf.auth import services as auth
from snf.certificates import lifecycle
from snf.certificates.demo import _at, _certify
from snf.certificates.reasons import reason
from snf.database import AMSTERDAM
from snf.inspections import locations
from snf.inspections.demo import (
    BEDROOM,
    CONFORM,
    HOLIDAY_PARK,
    INSPECTOR,
    _done,
    _observations,
)

RIJNMOND = ("Rijnmond Seizoenswerk BV", "63524187", "Rotterdam")
RIJNMOND_LOCATION = {
    "street": "Waalhaven Oostzijde",
    "house_number": 7,
    "postcode": "3087 BM",
    "town": "Rotterdam",
    "housing_type": "regular_dwelling",
    "use_class": "wonen",
    "beds": 6,
}
VERIFIER = "controle@abu.example"
ABU_MEMBERS = ["34567812", "17283946", "24681357", "52819374", "63524187"]


def load_queue_demo(now: datetime) -> None:
    if auth.find_organisation(RIJNMOND[0]) is not None:
        return
    today = now.astimezone(AMSTERDAM).date()
    inspector = auth.find_user_by_email(INSPECTOR)
    _renewal_due(inspector, today)
    _suspended(inspector, today, now)
    _bulk_check(today, now)


def _renewal_due(inspector, today: date) -> None:
    """Certified 11 months ago: the certificate runs out in about three weeks."""
    zeeland = auth.find_organisation("Zeeuwse Oogst Huisvesting BV")
    kamperland = locations.list_company_locations(zeeland.id)[0]
    issue_on = today - timedelta(days=343)
    inspected = issue_on - timedelta(days=60)
    doc = _observations(**HOLIDAY_PARK, bedrooms=[BEDROOM] * 4)
    _done(kamperland, inspector, "periodic", inspected, doc, _at(inspected))
    _certify(zeeland, inspector.organisation, inspector, issue_on)


def _suspended(
    inspector, today: date, now: datetime, who=RIJNMOND, address=RIJNMOND_LOCATION
) -> None:
    """A major finding 45 days ago, due after 30, never repaired: suspended
    the day after, struck off 30 days later unless resolved. (Browser
    journeys make another such company of their own with ``who``/``address``.)"""
    name, kvk, town = who
    company = auth.create_organisation(
        None, kind="company", name=name, kvk=kvk, town=town, now=now
    )
    location, _ = locations.register_location(None, company, address, now=now)
    issue_on = today - timedelta(days=200)
    inspected = issue_on - timedelta(days=60)
    _done(location, inspector, "initial", inspected, CONFORM, _at(inspected))
    _certify(company, inspector.organisation, inspector, issue_on)
    found_on = today - timedelta(days=45)
    short = _observations(toilets=0)  # six people, no toilet: a major finding
    inspection = _done(location, inspector, "periodic", found_on, short, _at(found_on))
    major = next(f for f in inspection.findings if f.severity == "major")
    lifecycle.record(
        None,
        company.id,
        "suspend",
        effective=major.due + timedelta(days=1),
        reason=reason("major_overdue", code=major.requirement_code, due=major.due),
        now=_at(major.due + timedelta(days=1)),
        cause=("finding", major.id),
    )


def _bulk_check(today: date, now: datetime) -> None:
    from snf.registry.reports import save_report

    verifier = auth.find_user_by_email(VERIFIER)
    save_report(verifier, ABU_MEMBERS, today, "ABU-leden / ABU members", now=now)
