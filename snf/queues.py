"""Work queues: what each role has to do now, oldest deadline first.

Every queue is a constant number of queries, whatever the size of the
register. Items carry codes and dates, never sentences: the home page words
them in the reader's language and links each to where it is handled.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from snf.auth.models import CompanyClaim, Organisation
from snf.certificates import lifecycle
from snf.certificates.enforcement import DEFAULT_SUSPENSION_DAYS, RENEWAL_WINDOW
from snf.certificates.models import Application, Certificate
from snf.extensions import db
from snf.inspections import locations
from snf.inspections.models import Finding, Inspection, LocationRequest, RepairLetter
from snf.norms.models import NormVersion
from snf.registry.models import VerificationReport

SHOWN = 20  # per queue; the full lists are one link away
OPEN = ("open", "reinspection", "repair_submitted")


@dataclass
class Queue:
    """One kind of work: its items (``total`` may exceed what is shown)."""

    key: str
    items: list = field(default_factory=list)
    total: int = 0


def _queue(key: str, query, count_query=None) -> Queue:
    items = list(db.session.execute(query.limit(SHOWN)).unique().all())
    total = len(items)
    if count_query is not None and total == SHOWN:
        total = db.session.scalar(count_query)
    return Queue(key, items, total)


def _count(query):
    return select(func.count()).select_from(query.order_by(None).subquery())


# -- SNF staff ---------------------------------------------------------------


def admin_queues(today: date) -> list[Queue]:
    return [
        _overdue_findings(today),
        _repair_letters(),
        _suspensions(today),
        _claims(),
        _location_requests(None),
        _applications(),
        _renewals(today),
        _inspections_on(today),
    ]


def _claims() -> Queue:
    """Sign-ups waiting for SNF to confirm the KvK number, oldest first."""
    query = (
        select(CompanyClaim)
        .where(CompanyClaim.status == "pending")
        .order_by(CompanyClaim.created_at, CompanyClaim.id)
    )
    return _queue("claims", query, _count(query))


def _location_requests(user) -> Queue:
    """Requests to register an address that wait for this user's decision
    (staff: every one; a company: those for addresses it is responsible for)."""
    query = (
        locations.incoming_requests_query(user)
        if user is not None
        else select(LocationRequest)
        .where(LocationRequest.status == "pending")
        .order_by(LocationRequest.created_at, LocationRequest.id)
    )
    query = query.options(joinedload(LocationRequest.company))
    return _queue("location_requests", query, _count(query))


def _overdue_findings(today: date) -> Queue:
    query = (
        select(Finding, Organisation)
        .join(Organisation, Organisation.id == Finding.company_id)
        .options(joinedload(Finding.location))
        .where(
            Finding.severity == "major",
            Finding.status.in_(("open", "reinspection")),
            Finding.due < today,
        )
        .order_by(Finding.due, Finding.id)
    )
    return _queue("overdue_findings", query, _count(query))


def _repair_letters() -> Queue:
    query = (
        select(RepairLetter, Finding, Organisation)
        .join(Finding, Finding.id == RepairLetter.finding_id)
        .join(Organisation, Organisation.id == Finding.company_id)
        .where(RepairLetter.decision.is_(None))
        .order_by(Finding.due, RepairLetter.submitted_at, RepairLetter.id)
    )
    return _queue("repair_letters", query, _count(query))


def _suspensions(today: date) -> Queue:
    """Suspended companies and the day enforcement strikes them off: the
    suspension's start plus the period of the norm version of the open major
    finding behind it (None when nothing open would strike off)."""
    current = lifecycle.statuses_on(today)
    query = (
        select(Organisation, current.c.since)
        .join(current, current.c.company_id == Organisation.id)
        .where(current.c.status == "suspended")
        .order_by(current.c.since, Organisation.id)
    )
    queue = _queue("suspensions", query, _count(query))
    days = _suspension_days([company.id for company, _since in queue.items], today)
    queue.items = sorted(
        (
            (company, since + timedelta(days=days[company.id]))
            if company.id in days
            else (company, None)
            for company, since in queue.items
        ),
        key=lambda item: (item[1] is None, item[1] or today),
    )
    return queue


def _suspension_days(company_ids: list[int], today: date) -> dict[int, int]:
    """Per company the suspension period of its first open major finding
    that suspends (as enforcement picks it): one query."""
    query = (
        select(Finding.company_id, NormVersion.settings)
        .join(Inspection, Inspection.id == Finding.inspection_id)
        .join(NormVersion, NormVersion.id == Inspection.norm_version_id)
        .where(
            Finding.company_id.in_(company_ids),
            Finding.severity == "major",
            Finding.status != "closed",
            (Inspection.kind == "urgent") | (Finding.due < today),
        )
        .order_by(Finding.due.desc(), Finding.id.desc())  # the first one wins
    )
    return {
        company_id: int(
            (settings or {}).get("suspension_days", DEFAULT_SUSPENSION_DAYS)
        )
        for company_id, settings in db.session.execute(query)
    }


def _applications() -> Queue:
    query = (
        select(Application, Organisation)
        .join(Organisation, Organisation.id == Application.company_id)
        .where(Application.state == "open")
        .order_by(Application.applied_on, Application.id)
    )
    return _queue("applications", query, _count(query))


def _latest_certificates():
    """Per company its newest certificate (one subquery)."""
    ranked = select(
        Certificate.id,
        func.row_number()
        .over(
            partition_by=Certificate.company_id,
            order_by=(Certificate.issued_at.desc(), Certificate.id.desc()),
        )
        .label("rank"),
    ).subquery()
    return select(ranked.c.id).where(ranked.c.rank == 1)


def _renewals(today: date) -> Queue:
    current = lifecycle.statuses_on(today)
    query = (
        select(Certificate, Organisation)
        .join(Organisation, Organisation.id == Certificate.company_id)
        .join(current, current.c.company_id == Certificate.company_id)
        .where(
            current.c.status == "registered",
            Certificate.id.in_(_latest_certificates()),
            Certificate.valid_until >= today,
            Certificate.valid_until <= today + RENEWAL_WINDOW,
        )
        .order_by(Certificate.valid_until, Certificate.id)
    )
    return _queue("renewals", query, _count(query))


def _inspections_on(today: date, inspector_id: int | None = None) -> Queue:
    query = (
        select(Inspection, Organisation)
        .join(Organisation, Organisation.id == Inspection.company_id)
        .options(joinedload(Inspection.location), joinedload(Inspection.inspector))
        .where(Inspection.scheduled_for == today, Inspection.status != "submitted")
        .order_by(Inspection.id)
    )
    if inspector_id is not None:
        query = query.where(Inspection.inspector_id == inspector_id)
    return _queue("today", query, _count(query))


# -- inspector -----------------------------------------------------------------


def inspector_queues(user, today: date) -> list[Queue]:
    """Today's route: the inspector's own visits with what to expect there."""
    route = _inspections_on(today, user.id)
    route.key = "route"
    location_ids = [i.location_id for i, _c in route.items if i.location_id]
    open_counts = dict(
        db.session.execute(
            select(Finding.location_id, func.count())
            .where(Finding.location_id.in_(location_ids), Finding.status.in_(OPEN))
            .group_by(Finding.location_id)
        ).all()
    )
    route.items = [
        (inspection, company, open_counts.get(inspection.location_id, 0))
        for inspection, company in route.items
    ]
    return [route]


# -- company -------------------------------------------------------------------


def company_queues(user, today: date) -> list[Queue]:
    company_id = user.organisation_id
    findings = (
        select(Finding)
        .options(joinedload(Finding.location))
        .where(Finding.company_id == company_id, Finding.status.in_(OPEN))
        .order_by(Finding.due.is_(None), Finding.due, Finding.id)
    )
    upcoming = (
        select(Inspection)
        .options(joinedload(Inspection.location))
        .where(
            Inspection.company_id == company_id,
            Inspection.status != "submitted",
            Inspection.announced,  # unannounced visits stay unannounced
            Inspection.scheduled_for >= today,
        )
        .order_by(Inspection.scheduled_for, Inspection.id)
    )
    return [
        _queue("open_findings", findings, _count(findings)),
        _location_requests(user),
        _queue("upcoming_inspections", upcoming, _count(upcoming)),
    ]


def renewal(company_id: int, today: date) -> dict:
    """The company's status and when its certificate must be renewed."""
    certificate = db.session.scalars(
        select(Certificate)
        .where(Certificate.company_id == company_id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        .limit(1)
    ).first()
    return {
        "status": lifecycle.status_on(company_id, today),
        "certificate": certificate,
        "window_opens": certificate.valid_until - RENEWAL_WINDOW
        if certificate
        else None,
    }


# -- verifier ------------------------------------------------------------------


def verifier_reports(user, limit: int = 5) -> list[VerificationReport]:
    query = (
        select(VerificationReport)
        .where(VerificationReport.organisation_id == user.organisation_id)
        .order_by(VerificationReport.created_at.desc(), VerificationReport.id.desc())
    )
    return list(db.session.scalars(query.limit(limit)))
