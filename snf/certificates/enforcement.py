"""Daily enforcement: deadlines of findings and validity of certificates.

Safe to run every day and as often as you like: every step looks at the
history first and changes nothing that is already in the state it would bring
about. Each automatic change names its cause (the finding or the certificate
and its deadline).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import aliased

from snf.auth.models import User
from snf.certificates import lifecycle, services
from snf.certificates.models import StatusChange
from snf.certificates.reasons import Reason, reason
from snf.extensions import db
from snf.inspections import planning
from snf.inspections.models import Finding, Inspection

RENEWAL_WINDOW = timedelta(weeks=6)
DEFAULT_SUSPENSION_DAYS = 30


@dataclass
class Action:
    company_id: int
    action: str
    effective: date
    reason: Reason


def _companies(day: date, statuses: tuple[str, ...]) -> list[tuple[int, str, date]]:
    current = lifecycle.statuses_on(day)
    query = select(current.c.company_id, current.c.status, current.c.since).where(
        current.c.status.in_(statuses)
    )
    return [tuple(row) for row in db.session.execute(query)]


def _last_effective(company_id: int) -> date | None:
    query = select(StatusChange.effective).where(StatusChange.company_id == company_id)
    return db.session.scalar(query.order_by(StatusChange.effective.desc()).limit(1))


def _apply(actions, company_id, action, effective, reason, now, **kwargs) -> None:
    last = _last_effective(company_id)
    effective = max(effective, last) if last else effective
    lifecycle.record(
        None, company_id, action, effective=effective, reason=reason, now=now, **kwargs
    )
    actions.append(Action(company_id, action, effective, reason))


def _open_majors(company_id: int, day: date) -> list[Finding]:
    """Open major findings of inspections planned by someone allowed to plan
    them: an inspection a body planned beyond its powers suspends nobody."""
    planner = aliased(User)
    query = (
        select(Finding)
        .join(Inspection)
        .outerjoin(planner, planner.id == Inspection.planned_by_id)
        .where(
            Finding.company_id == company_id,
            Finding.severity == "major",
            Finding.status != "closed",
            Inspection.inspected_on <= day,
            planning.planned_by_allowed(Inspection, planner),
        )
        .order_by(Finding.due, Finding.id)
    )
    return list(db.session.scalars(query))


def _suspension_cause(company_id: int, day: date) -> tuple[Finding, date] | None:
    """The finding that suspends, and from when: an urgent inspection's major
    at once, any other major the day after its deadline."""
    causes = []
    for finding in _open_majors(company_id, day):
        if finding.inspection.kind == "urgent":
            causes.append((finding.inspection.inspected_on, finding))
        elif finding.due is not None and finding.due < day:
            causes.append((finding.due + timedelta(days=1), finding))
    if not causes:
        return None
    start, finding = min(causes, key=lambda c: (c[0], c[1].id))
    return finding, start


def _suspend(day: date, now: datetime, actions: list) -> None:
    for company_id, _status, _since in _companies(day, ("registered",)):
        cause = _suspension_cause(company_id, day)
        if cause is None:
            continue
        finding, start = cause
        why = (
            reason("major_urgent", code=finding.requirement_code)
            if finding.inspection.kind == "urgent"
            else reason("major_overdue", code=finding.requirement_code, due=finding.due)
        )
        _apply(
            actions,
            company_id,
            "suspend",
            start,
            why,
            now,
            cause=("finding", finding.id),
        )


def _suspension_days(finding: Finding) -> int:
    settings = finding.inspection.norm_version.settings or {}
    return int(settings.get("suspension_days", DEFAULT_SUSPENSION_DAYS))


def _strike_off(day: date, now: datetime, actions: list) -> None:
    for company_id, _status, since in _companies(day, ("suspended",)):
        cause = _suspension_cause(company_id, day)
        if cause is None:
            continue  # resolved: staff reinstate
        finding = cause[0]
        deadline = since + timedelta(days=_suspension_days(finding))
        if day < deadline:
            continue
        why = reason(
            "suspension_unresolved",
            since=since,
            code=finding.requirement_code,
            days=_suspension_days(finding),
        )
        _apply(
            actions,
            company_id,
            "strike_off",
            deadline,
            why,
            now,
            cause=("finding", finding.id),
        )


def _expire(day: date, now: datetime, actions: list) -> None:
    for company_id, _status, _since in _companies(day, ("registered", "suspended")):
        certificate = services.latest_certificate(company_id)
        if certificate is None or certificate.valid_until >= day:
            continue
        why = reason(
            "not_renewed",
            number=certificate.number,
            valid_until=certificate.valid_until,
        )
        _apply(
            actions,
            company_id,
            "expire",
            certificate.valid_until + timedelta(days=1),
            why,
            now,
            certificate_id=certificate.id,
            cause=("certificate", certificate.id),
        )


def _renewing_inspection(certificate, day: date) -> Inspection | None:
    """The latest conform administrative inspection of the renewal window:
    the weeks up to and including the last day of validity (and up to
    ``day``). A run after a pause (the schedule was down) still renews a
    certificate whose company passed in time; one inspected too late expires.

    Used once by construction: a renewal moves the end of validity a year on,
    so the window moves past every inspection up to that day."""
    window_start = certificate.valid_until - RENEWAL_WINDOW
    window_end = min(day, certificate.valid_until)
    query = (
        select(Inspection)
        .where(
            Inspection.company_id == certificate.company_id,
            Inspection.kind == "administrative",
            Inspection.status == "submitted",
            Inspection.verdict == "conform",
            Inspection.inspected_on >= window_start,
            Inspection.inspected_on <= window_end,
        )
        .order_by(Inspection.inspected_on.desc())
    )
    return db.session.scalars(query.limit(1)).first()


def _renew(day: date, now: datetime, sign, actions: list) -> None:
    for company_id, _status, _since in _companies(day, ("registered",)):
        certificate = services.latest_certificate(company_id)
        if certificate is None:
            continue
        inspection = _renewing_inspection(certificate, day)
        if inspection is None:
            continue
        why = reason("renewed", inspected_on=inspection.inspected_on)
        services.renew_certificate(
            None,
            certificate,
            reason=why,
            today=day,
            now=now,
            sign=sign,
            cause=("inspection", inspection.id),
        )
        actions.append(Action(company_id, "renew", day, why))


def enforce(day: date, *, now: datetime, sign) -> list[Action]:
    """Apply every rule for ``day``; returns what changed (nothing, the second
    time on the same day)."""
    actions: list[Action] = []
    _renew(day, now, sign, actions)
    _expire(day, now, actions)
    _suspend(day, now, actions)
    _strike_off(day, now, actions)
    return actions
