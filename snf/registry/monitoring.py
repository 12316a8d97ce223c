"""Monitoring of the regional agreements (issue 18.4): certified locations and
beds per municipality and region on any date, from the register's dated
history, and progress against each region's agreement. Reads only.

Two choices, written down here and in the README:
- "change since the previous half-year" compares with the same day six months
  earlier (2026-12-31 with 2026-06-30);
- an agreement is on places *to realise*, so ``realised`` is the growth of
  certified beds since the agreement's start; ``expected`` is where a straight
  line from 0 on the start date to all places on the target date stands on the
  day (rounded to whole places); on track when realised reaches it.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from snf.extensions import db
from snf.geo import demand
from snf.geo.models import Region
from snf.geo.services import municipality_names
from snf.inspections.models import Location
from snf.registry.coverage import certified_locations


@dataclass(frozen=True)
class Figures:
    locations: int = 0
    beds: int = 0

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(self.locations + other.locations, self.beds + other.beds)


def six_months_before(day: date) -> date:
    """The same day half a year earlier (the last day of a shorter month)."""
    year, month = (day.year, day.month - 6) if day.month > 6 else (
        day.year - 1, day.month + 6)  # fmt: skip
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def figures_by_municipality(day: date) -> dict[str, Figures]:
    """Certified locations and beds on ``day`` per municipality: one query."""
    covered = certified_locations(day)
    query = (
        select(Location.municipality_code, func.count(), func.sum(covered.c.beds))
        .join(covered, covered.c.location_id == Location.id)
        .where(Location.municipality_code.is_not(None))
        .group_by(Location.municipality_code)
    )
    return {
        code: Figures(n, int(beds or 0)) for code, n, beds in db.session.execute(query)
    }


def total(figures: dict[str, Figures], codes) -> Figures:
    return sum((figures.get(code, Figures()) for code in codes), Figures())


def progress(agreement, realised: int, day: date) -> dict | None:
    """Realised against the agreement, and where the straight line says it
    should be on ``day``."""
    if agreement is None:
        return None
    span = (agreement.target - agreement.start).days
    share = min(max((day - agreement.start).days / span, 0.0), 1.0)
    expected = round(agreement.places * share)
    return {
        "realised": realised,
        "percent": round(100 * realised / agreement.places, 1),
        "expected": expected,
        "on_track": realised >= expected,
    }


def companies_by_municipality(day: date) -> dict[str, set[int]]:
    """The companies with a certified location on ``day``, per municipality."""
    covered = certified_locations(day)
    query = (
        select(Location.municipality_code, Location.company_id)
        .join(covered, covered.c.location_id == Location.id)
        .distinct()
    )
    found: dict[str, set[int]] = {}
    for code, company_id in db.session.execute(query):
        found.setdefault(code, set()).add(company_id)
    return found


class Snapshots:
    """Figures per municipality on the days asked, each read once."""

    def __init__(self):
        self._days: dict[date, dict[str, Figures]] = {}
        self._demand: dict[date, tuple] = {}
        self.names = municipality_names()

    def demand_on(self, day: date) -> tuple:
        """(demand per municipality, reporting companies, certified companies
        per municipality) for the half-year of ``day``."""
        if day not in self._demand:
            period = demand.period_of(day)
            self._demand[day] = (
                demand.demand_by_municipality(period),
                demand.reporting_companies(period),
                companies_by_municipality(day),
            )
        return self._demand[day]

    def on(self, day: date) -> dict[str, Figures]:
        if day not in self._days:
            self._days[day] = figures_by_municipality(day)
        return self._days[day]


def _figures(day: date, now, before_day: date, before) -> dict:
    """The totals on ``day`` and their change since ``before_day``."""
    return {
        "as_of": day,
        "certified_locations": now.locations,
        "certified_beds": now.beds,
        "change": {
            "since": before_day,
            "locations": now.locations - before.locations,
            "beds": now.beds - before.beds,
        },
    }


def region_monitoring(region: Region, day: date, snapshots=None) -> dict:
    """A region on ``day``: its totals, the change in half a year, progress
    against its agreement and the figures of its municipalities."""
    snapshots = snapshots or Snapshots()
    codes = region.municipality_codes
    now = total(snapshots.on(day), codes)
    before_day = six_months_before(day)
    before = total(snapshots.on(before_day), codes)
    agreement = region.agreement_on(day)
    realised = None
    if agreement is not None:
        realised = now.beds - total(snapshots.on(agreement.start), codes).beds
    return {
        "region": {"code": region.code, "name": region.name},
        **_figures(day, now, before_day, before),
        "agreement": agreement,
        "progress": progress(agreement, realised, day),
        "municipalities": _members(codes, snapshots, day),
        "demand": region_demand(codes, now.beds, snapshots.demand_on(day), day),
    }


def municipality_monitoring(municipality, day: date, snapshots=None) -> dict:
    """One municipality on ``day``: its totals, the change in half a year and
    stated demand beside certified beds (no agreement: regions have those)."""
    snapshots = snapshots or Snapshots()
    code = municipality.code
    now = snapshots.on(day).get(code, Figures())
    before_day = six_months_before(day)
    before = snapshots.on(before_day).get(code, Figures())
    return {
        "municipality": municipality,
        **_figures(day, now, before_day, before),
        "demand": region_demand([code], now.beds, snapshots.demand_on(day), day),
    }


def region_demand(codes, beds: int, state: tuple, day: date) -> dict:
    """Stated demand in the municipalities for the half-year of ``day``, the
    gap with certified beds, and how many companies with certified locations
    there did (not) report."""
    by_code, reporting, companies = state
    employed = sum(by_code.get(code, (0, 0))[0] for code in codes)
    housed = sum(by_code.get(code, (0, 0))[1] for code in codes)
    present = set().union(*(companies.get(code, set()) for code in codes))
    return {
        "period": demand.period_of(day),
        "employed": employed,
        "housed": housed,
        "gap": employed - beds,
        "reported_companies": len(present & reporting),
        "missing_companies": len(present - reporting),
    }


def _members(codes, snapshots: Snapshots, day: date) -> list:
    """Each municipality's certified supply, and the demand stated there."""
    figures, names = snapshots.on(day), snapshots.names
    stated = snapshots.demand_on(day)[0]
    members = []
    for code in codes:
        found = figures.get(code, Figures())
        employed, housed = stated.get(code, (0, 0))
        members.append(
            {"code": code, "name": names.get(code, code),
             "certified_locations": found.locations, "certified_beds": found.beds,
             "employed": employed, "housed": housed, "gap": employed - found.beds}
        )  # fmt: skip
    return members


def half_years(first: date, last: date) -> list[date]:
    """``first``, every 1 January and 1 July after it before ``last``, ``last``."""
    days, year, month = [first], first.year, 7 if first.month < 7 else 13
    while True:
        year, month = (year + 1, 1) if month == 13 else (year, month)
        boundary = date(year, month, 1)
        if boundary >= last:
            return [*days, last] if last > first else days
        days.append(boundary)
        month += 6


def beds_over_time(region: Region, day: date, snapshots: Snapshots) -> tuple:
    """Certified beds of the region on each half-year since the agreement's
    start (or the last three years), and the agreement's straight line."""
    codes, agreement = region.municipality_codes, region.agreement_on(day)
    first = agreement.start if agreement else date(day.year - 3, 1, 1)
    beds = [
        (when, total(snapshots.on(when), codes).beds)
        for when in half_years(min(first, day), day)
    ]
    if agreement is None:
        return beds, []
    base = total(snapshots.on(agreement.start), codes).beds
    return beds, [(agreement.start, base), (agreement.target, base + agreement.places)]


def national_monitoring(regions, day: date) -> dict:
    """The country on ``day``: every region's figures (sharing the snapshots)
    and the national totals, with the same half-year change."""
    snapshots = Snapshots()
    rows = [region_monitoring(region, day, snapshots) for region in regions]
    before_day = six_months_before(day)
    now = total(snapshots.on(day), snapshots.names)
    before = total(snapshots.on(before_day), snapshots.names)
    first = date(day.year - 3, 1, 1)
    beds = [
        (when, total(snapshots.on(when), snapshots.names).beds)
        for when in half_years(first, day)
    ]
    return {
        **_figures(day, now, before_day, before),
        "regions": rows,
        "beds_over_time": beds,
    }
