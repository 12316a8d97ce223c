"""The risk score behind the triage queue: points per factor, every factor
shown (codes with parameters, worded at the edge), computed for a batch of
complaints in a constant number of queries.

Points (our rule, tuned with SNF's triage staff in mind): the category's
severity under the norm (its requirements major: 30, minor: 10), other
complaints at the location (10 each, at most 30) and at the company's other
locations (5 each, at most 20) in the last 90 days, open major findings at the
location (15 each, at most 30), the last inspection of the location (never or
over a year: 15, over half a year: 8) and the certificate (suspended: 20,
expired, struck off or none: 10). High from 60, medium from 30.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import func, select

from snf.certificates.services import certificate_mark
from snf.extensions import db
from snf.inspections.models import Finding, Inspection
from snf.norms.models import Requirement
from snf.norms.services import find_version_in_force
from snf.residents.info import certifications
from snf.residents.models import Complaint

WINDOW = timedelta(days=90)
HIGH, MEDIUM = 60, 30

# Which requirements a complaint of each category is about.
CATEGORY_REQUIREMENTS = {
    "overcrowding": ("B-1.1", "B-1.2", "B-2.1"),
    "bedroom_sharing": ("B-1.3", "B-1.5", "B-2.5"),
    "heating_hot_water": ("B-2.4",),
    "fire_safety": ("B-6.1", "B-7.1", "B-7.2", "B-7.3", "B-7.5", "B-7.6", "B-7.7"),
    "sanitary": ("B-3.1", "B-3.2"),
    "kitchen": ("B-5.1", "B-5.2"),
    "damp_mould": ("B-4.1", "B-8.1"),
    "other": (),
}
CERTIFICATE_POINTS = {"suspended": 20, "expired": 10, "struck_off": 10, "none": 10}


@dataclass
class Risk:
    score: int = 0
    factors: list[tuple[str, dict, int]] = field(default_factory=list)

    @property
    def level(self) -> str:
        if self.score >= HIGH:
            return "high"
        return "medium" if self.score >= MEDIUM else "low"

    def add(self, code: str, points: int, **params) -> None:
        self.score += points
        self.factors.append((code, params, points))


@lru_cache(maxsize=64)
def _severities(version_id: int, _published_at) -> dict[str, str]:
    """Requirement code -> severity of a published version (never changes)."""
    query = select(Requirement.code, Requirement.severity).where(
        Requirement.version_id == version_id
    )
    return dict(db.session.execute(query).all())


def category_severity(category: str, mark: str, today: date) -> str | None:
    """major, minor, or None when the category names no requirement."""
    codes = CATEGORY_REQUIREMENTS.get(category, ())
    version = find_version_in_force(mark, today)
    if not codes or version is None:
        return None
    known = _severities(version.id, version.published_at)
    severities = {known[code] for code in codes if code in known}
    if "major" in severities:
        return "major"
    return "minor" if severities else None


def _counts(column, ids, since) -> dict[int, int]:
    query = (
        select(column, func.count())
        .where(column.in_(ids), Complaint.created_at >= since)
        .group_by(column)
    )
    return dict(db.session.execute(query).all())


def _open_majors(location_ids) -> dict[int, int]:
    query = (
        select(Finding.location_id, func.count())
        .where(
            Finding.location_id.in_(location_ids),
            Finding.severity == "major",
            Finding.status != "closed",
        )
        .group_by(Finding.location_id)
    )
    return dict(db.session.execute(query).all())


def _last_inspected(location_ids) -> dict[int, date]:
    query = (
        select(Inspection.location_id, func.max(Inspection.inspected_on))
        .where(
            Inspection.location_id.in_(location_ids), Inspection.status == "submitted"
        )
        .group_by(Inspection.location_id)
    )
    return dict(db.session.execute(query).all())


@dataclass
class _Context:
    today: date
    since: datetime
    at_location: dict
    at_company: dict
    majors: dict
    inspected: dict
    severity: dict = field(default_factory=dict)
    certificate: dict = field(default_factory=dict)


def _context(complaints: list[Complaint], today: date, now) -> _Context:
    locations = {c.location_id for c in complaints}
    companies = {c.company_id for c in complaints}
    since = now - WINDOW
    return _Context(
        today=today,
        since=since,
        at_location=_counts(Complaint.location_id, locations, since),
        at_company=_counts(Complaint.company_id, companies, since),
        majors=_open_majors(locations),
        inspected=_last_inspected(locations),
        certificate=certifications({c.location.company_id for c in complaints}, today),
    )


def _score(complaint: Complaint, ctx: _Context) -> Risk:
    risk = Risk()
    company = complaint.location.company
    key = (complaint.category, certificate_mark(company))
    if key not in ctx.severity:
        ctx.severity[key] = category_severity(*key, ctx.today)
    severity = ctx.severity[key]
    points = {"major": 30, "minor": 10}.get(severity, 0)
    risk.add(f"category_{severity or 'unmapped'}", points, category=complaint.category)
    at_location = ctx.at_location.get(complaint.location_id, 0)
    itself = 1 if complaint.created_at >= ctx.since else 0
    here = max(at_location - itself, 0)
    risk.add("location_complaints", min(10 * here, 30), count=here)
    elsewhere = max(ctx.at_company.get(complaint.company_id, 0) - at_location, 0)
    risk.add("company_complaints", min(5 * elsewhere, 20), count=elsewhere)
    majors = ctx.majors.get(complaint.location_id, 0)
    risk.add("open_major_findings", min(15 * majors, 30), count=majors)
    _inspection_factor(risk, ctx.inspected.get(complaint.location_id), ctx.today)
    status = ctx.certificate[complaint.location.company_id]
    risk.add("certificate", CERTIFICATE_POINTS.get(status, 0), status=status)
    return risk


def _inspection_factor(risk: Risk, last: date | None, today: date) -> None:
    if last is None:
        risk.add("never_inspected", 15)
        return
    days = (today - last).days
    points = 15 if days > 365 else 8 if days > 182 else 0
    risk.add("last_inspection", points, days=days)


def risks_for(complaints: list[Complaint], today: date, now) -> dict[int, Risk]:
    """Complaint id -> its risk, for a batch of complaints."""
    if not complaints:
        return {}
    ctx = _context(complaints, today, now)
    return {c.id: _score(c, ctx) for c in complaints}
