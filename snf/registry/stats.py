"""Supply side of the national shortage: certified companies, locations and
beds over time and by province (DOMAIN.md §5)."""

from collections import Counter
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from snf.certificates.models import Certificate, CertificateLocation
from snf.extensions import db
from snf.geo.models import Municipality
from snf.inspections.models import Location
from snf.registry import charts, services


def month_ends(today: date, months: int) -> list[date]:
    days = []
    year, month = today.year, today.month
    for _i in range(months):
        days.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(days[1:])) + [today]


def _beds_by_province(today: date) -> Counter:
    """Beds covered by the certificates of registered companies, per province
    of the location's municipality (None: a location not mapped to one)."""
    registered = services.register_query(today).subquery()
    query = (
        select(Municipality.province, func.sum(CertificateLocation.beds))
        .select_from(Location)
        .join(CertificateLocation, CertificateLocation.location_id == Location.id)
        .join(Certificate, Certificate.id == CertificateLocation.certificate_id)
        .join(registered, registered.c.certificate_number == Certificate.number)
        .outerjoin(Municipality, Municipality.code == Location.municipality_code)
        .where(registered.c.status == "registered")
        .group_by(Municipality.province)
    )
    return Counter({row[0]: row[1] for row in db.session.execute(query)})


def _province_bars(today: date) -> list[tuple[str, int]]:
    counts = _beds_by_province(today)
    names = db.session.scalars(
        select(Municipality.province).distinct().order_by(Municipality.province)
    )
    bars = [(name, counts.get(name, 0)) for name in names]
    if counts.get(None):
        bars.append((_("No municipality known"), counts[None]))
    return bars


def _month(day: date) -> str:
    return format_date(day, "MMM yyyy")  # "aug 2014" in Dutch, "Aug 2014" in English


def statistics(today: date, months: int) -> dict:
    series = [
        (day, services.certified_totals(day)) for day in month_ends(today, months)
    ]
    bars = _province_bars(today)
    return {
        "totals": series[-1][1],
        "series": series,
        "beds_chart": charts.line_chart(
            [(_month(d), t["beds"]) for d, t in series], _("Certified beds")
        ),
        "companies_chart": charts.line_chart(
            [(_month(d), t["companies"]) for d, t in series],
            _("Registered companies"),
        ),
        "province_chart": charts.bar_chart(bars, _("Certified beds by province")),
        "provinces": bars,
    }
