"""Findings: failed requirements, their deadlines, repair letters and closure."""

from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from snf import audit
from snf.errors import Conflict, ValidationError, found
from snf.extensions import db
from snf.inspections.models import Finding, Inspection, RepairLetter
from snf.norms.models import Requirement

DEFAULT_MAJOR_DAYS = 30


def _major_days(inspection: Inspection) -> int:
    settings = inspection.norm_version.settings or {}
    return int(settings.get("major_finding_days", DEFAULT_MAJOR_DAYS))


def major_due(inspection: Inspection, on: date) -> date:
    return on + timedelta(days=_major_days(inspection))


def _snapshot(finding: Finding) -> dict:
    return {
        "status": finding.status,
        "severity": finding.severity,
        "due": finding.due,
        "requirement": finding.requirement_code,
    }


def _open_at_location(inspection: Inspection) -> list[Finding]:
    if inspection.location_id is None:
        query = select(Finding).where(
            Finding.location_id.is_(None), Finding.company_id == inspection.company_id
        )
    else:
        query = select(Finding).where(Finding.location_id == inspection.location_id)
    query = query.where(
        Finding.status != "closed", Finding.inspection_id != inspection.id
    )
    return list(db.session.scalars(query))


def record_findings(actor, inspection: Inspection, results, *, now: datetime) -> None:
    """Create findings for failed requirements and settle earlier ones.

    Earlier open findings at the location whose requirement now passes are
    closed; an earlier minor that still fails at a periodic inspection becomes
    major. A requirement with an open finding gets no second finding.
    """
    outcome = {r.requirement: r for r in results}
    still_open = _settle_earlier(actor, inspection, outcome, now=now)
    requirements = _requirements_by_code(inspection)
    for result in results:
        if result.outcome != "fail" or result.requirement in still_open:
            continue
        _create(actor, inspection, result, requirements, now=now)


def _create(actor, inspection, result, requirements, *, now) -> Finding:
    """A finding for a failed requirement; a major one gets its due date."""
    major = result.severity == "major"
    finding = Finding(
        inspection=inspection,
        company_id=inspection.company_id,
        location_id=inspection.location_id,
        requirement_id=requirements[result.requirement].id,
        requirement_code=result.requirement,
        severity=result.severity,
        due=major_due(inspection, inspection.inspected_on) if major else None,
    )
    db.session.add(finding)
    db.session.flush()
    audit.record(
        actor,
        "finding.create",
        "finding",
        finding.id,
        now=now,
        after=_snapshot(finding),
    )
    return finding


def _requirements_by_code(inspection: Inspection) -> dict[str, Requirement]:
    query = select(Requirement).where(
        Requirement.version_id == inspection.norm_version_id
    )
    return {r.code: r for r in db.session.scalars(query)}


def _settle_earlier(actor, inspection, outcome: dict, *, now) -> set[str]:
    still_open = set()
    for finding in _open_at_location(inspection):
        result = outcome.get(finding.requirement_code)
        if result is not None and result.outcome == "pass":
            how = "reinspection" if inspection.kind == "reinspection" else "inspection"
            close_finding(
                actor,
                finding,
                how,
                _("Passed at inspection %(id)s.", id=inspection.id),
                now=now,
            )
            continue
        if result is not None and result.outcome == "fail":
            still_open.add(finding.requirement_code)
            if finding.severity == "minor" and inspection.kind == "periodic":
                _escalate(actor, finding, inspection, now=now)
    return still_open


def _escalate(actor, finding: Finding, inspection: Inspection, *, now) -> None:
    before = _snapshot(finding)
    finding.severity = "major"
    finding.escalated_from_minor = True
    finding.due = major_due(inspection, inspection.inspected_on)
    db.session.flush()
    audit.record(
        actor,
        "finding.escalate",
        "finding",
        finding.id,
        now=now,
        before=before,
        after=_snapshot(finding),
        note=_("Minor not fixed by the next periodic inspection."),
    )


def reconcile_findings(actor, inspection: Inspection, results, *, now) -> None:
    """After a correction: findings of this inspection follow the new results."""
    outcome = {r.requirement: r for r in results}
    existing = {f.requirement_code: f for f in inspection.findings}
    for code, finding in existing.items():
        if finding.is_open and outcome.get(code) and outcome[code].outcome != "fail":
            close_finding(
                actor, finding, "correction", _("Corrected inspection."), now=now
            )
    requirements = _requirements_by_code(inspection)
    for result in results:
        if result.outcome == "fail" and result.requirement not in existing:
            _create(actor, inspection, result, requirements, now=now)


def close_finding(actor, finding: Finding, how: str, note: str, *, now) -> None:
    before = _snapshot(finding)
    finding.status = "closed"
    finding.closed_at = now
    finding.closed_how = how
    finding.closed_note = note
    db.session.flush()
    audit.record(
        actor,
        "finding.close",
        "finding",
        finding.id,
        now=now,
        before=before,
        after=_snapshot(finding),
        note=note,
    )


def get_finding(finding_id: int) -> Finding:
    return found(db.session.get(Finding, finding_id), _("This finding does not exist."))


def submit_repair_letter(actor, finding: Finding, text: str, *, now) -> RepairLetter:
    """The company explains the repair (evidence is attached separately)."""
    if not finding.is_open:
        raise Conflict(_("This finding is already closed."))
    if not (text or "").strip():
        message = _("Describe the repair.")
        raise ValidationError(message, {"note": [message]})
    letter = RepairLetter(finding=finding, text=text.strip(), submitted_by_id=actor.id)
    before = _snapshot(finding)
    finding.status = "repair_submitted"
    db.session.add(letter)
    db.session.flush()
    audit.record(
        actor,
        "finding.repair_letter",
        "finding",
        finding.id,
        now=now,
        before=before,
        after={**_snapshot(finding), "letter": letter.id},
    )
    return letter


def decide_repair(actor, finding: Finding, accept: bool, note: str, *, now) -> None:
    """Staff decide on a finding's repair letter, on the page and over the
    API alike: accept it (the finding closes) or order a re-inspection."""
    if accept:
        accept_repair(actor, finding, note, now=now)
    else:
        order_reinspection(actor, finding, note, now=now)


def accept_repair(actor, finding: Finding, note: str, *, now) -> None:
    letter = _pending_letter(finding)
    letter.decision, letter.decided_by_id, letter.decided_at = "accepted", actor.id, now
    close_finding(actor, finding, "repair_letter", note or letter.text, now=now)


def order_reinspection(actor, finding: Finding, note: str, *, now) -> None:
    """Staff do not accept the letter (or want to see it): a re-inspection
    decides. The finding stays open until it passes there."""
    if not finding.is_open:
        raise Conflict(_("This finding is already closed."))
    for letter in finding.repair_letters:
        if letter.decision is None:
            letter.decision, letter.decided_by_id, letter.decided_at = (
                "reinspection",
                actor.id,
                now,
            )
    before = _snapshot(finding)
    finding.status = "reinspection"
    db.session.flush()
    audit.record(
        actor,
        "finding.order_reinspection",
        "finding",
        finding.id,
        now=now,
        before=before,
        after=_snapshot(finding),
        note=note,
    )


def _pending_letter(finding: Finding) -> RepairLetter:
    if not finding.is_open:
        raise Conflict(_("This finding is already closed."))
    pending = [lt for lt in finding.repair_letters if lt.decision is None]
    if not pending:
        raise Conflict(_("There is no repair letter to accept."))
    return pending[-1]


def findings_query(user, *, open_only: bool):
    query = (
        select(Finding)
        .options(selectinload(Finding.location), selectinload(Finding.requirement))
        .order_by(Finding.due.is_(None), Finding.due, Finding.id)
    )
    if open_only:
        query = query.where(Finding.status != "closed")
    if user.role == "company":
        return query.where(Finding.company_id == user.organisation_id)
    if user.role == "inspector":
        return query.join(Inspection).where(
            Inspection.inspection_body_id == user.organisation_id
        )
    return query if user.role == "admin" else query.where(False)


def open_major_findings(company_id: int) -> list[Finding]:
    query = select(Finding).where(
        Finding.company_id == company_id,
        Finding.severity == "major",
        Finding.status != "closed",
    )
    return list(db.session.scalars(query))
