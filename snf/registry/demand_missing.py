"""The companies that have not stated their demand (issue 18.6): every
company with a certified location on the day that has no statement for the
half-year of that day, with where its certified locations are and its last
statement. For SNF staff, who remind them; the public sees counts only."""

from datetime import date

from sqlalchemy import func, select

from snf.auth.models import Organisation
from snf.extensions import db
from snf.geo import demand
from snf.geo.models import DemandReport, Municipality
from snf.registry.monitoring import companies_by_municipality


def list_missing_demand(day: date) -> dict:
    """``{"period", "as_of", "items"}``, the companies by name; five queries
    whatever the number of companies."""
    period = demand.period_of(day)
    where: dict[int, set[str]] = {}
    for code, companies in companies_by_municipality(day).items():
        for company_id in companies:
            # A location no municipality is known for still makes the
            # company one that should state its demand.
            found = where.setdefault(company_id, set())
            if code is not None:
                found.add(code)
    missing = set(where) - demand.reporting_companies(period)
    companies = _companies(missing)
    municipalities = _municipalities(set().union(*where.values()) if where else set())
    last = _last_periods(missing)
    items = [
        {
            "kvk": company.kvk,
            "name": company.name,
            "municipalities": [municipalities[c] for c in sorted(where[company.id])],
            "last_period": last.get(company.id),
        }
        for company in companies
    ]
    return {"period": period, "as_of": day, "items": items}


def _companies(ids: set[int]) -> list[Organisation]:
    if not ids:
        return []
    query = select(Organisation).where(Organisation.id.in_(ids))
    return list(db.session.scalars(query.order_by(Organisation.name)))


def _municipalities(codes: set[str]) -> dict[str, Municipality]:
    query = select(Municipality).where(Municipality.code.in_(codes))
    return {m.code: m for m in db.session.scalars(query)}


def _last_periods(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    query = (
        select(DemandReport.company_id, func.max(DemandReport.period))
        .where(DemandReport.company_id.in_(ids))
        .group_by(DemandReport.company_id)
    )
    return dict(db.session.execute(query).all())
