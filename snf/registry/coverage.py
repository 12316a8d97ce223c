"""Which locations the register covers on a date, and a municipality's list of
every location in it (the permit officer's list). Reads only.

Certified means (API.md): on that date the location is covered by a
registered company's valid certificate, the company's newest one as the
register shows it (a renewal that drops an address uncovers it).
"""

from datetime import date

from sqlalchemy import func, select

from snf.auth.models import Organisation
from snf.certificates.lifecycle import statuses_on
from snf.certificates.models import Certificate, CertificateLocation
from snf.extensions import db
from snf.inspections.models import Finding, Inspection, Location
from snf.registry.services import register_query


def certified_locations(day: date):
    """A subquery (location_id, beds) of every location certified on ``day``;
    a location two registered companies share counts once."""
    register = (
        register_query(day)
        .add_columns(Certificate.id.label("certificate_id"))
        .subquery()
    )
    return (
        select(
            CertificateLocation.location_id,
            func.max(CertificateLocation.beds).label("beds"),
        )
        .join(register, register.c.certificate_id == CertificateLocation.certificate_id)
        .where(register.c.status == "registered", register.c.valid_until >= day)
        .group_by(CertificateLocation.location_id)
        .subquery()
    )


def _last_inspections():
    return (
        select(Inspection.location_id, func.max(Inspection.inspected_on).label("day"))
        .where(Inspection.status == "submitted")
        .group_by(Inspection.location_id)
        .subquery()
    )


def _open_majors():
    return (
        select(Finding.location_id, func.count().label("n"))
        .where(Finding.severity == "major", Finding.status != "closed")
        .group_by(Finding.location_id)
        .subquery()
    )


LIST_FIELDS = (
    "address",
    "postcode",
    "beds",
    "company",
    "kvk",
    "company_status",
    "certified",
    "certified_beds",
    "last_inspection",
    "open_major_findings",
)


def municipality_locations(code: str, day: date) -> list[dict]:
    """Every location in municipality ``code``, certified or not, with what a
    permit officer checks: one query, whatever the number of locations."""
    covered, last, majors = (
        certified_locations(day),
        _last_inspections(),
        _open_majors(),
    )
    statuses = statuses_on(day)
    query = (
        select(Location, Organisation.name, Organisation.kvk, statuses.c.status,
               covered.c.beds, last.c.day, majors.c.n)
        .join(Organisation, Organisation.id == Location.company_id)
        .outerjoin(statuses, statuses.c.company_id == Organisation.id)
        .outerjoin(covered, covered.c.location_id == Location.id)
        .outerjoin(last, last.c.location_id == Location.id)
        .outerjoin(majors, majors.c.location_id == Location.id)
        .where(Location.municipality_code == code)
        .order_by(Location.town, Location.street, Location.house_number, Location.id)
    )  # fmt: skip
    return [_row(*row) for row in db.session.execute(query)]


def _row(location, name, kvk, status, certified_beds, last_day, majors) -> dict:
    return {
        "id": location.id,
        "address": location.address,
        "postcode": location.written_postcode,
        "beds": location.beds,
        "company": name,
        "kvk": kvk,
        "company_status": status or "not_registered",
        "certified": certified_beds is not None,
        "certified_beds": certified_beds or 0,
        "last_inspection": last_day,
        "open_major_findings": majors or 0,
    }
