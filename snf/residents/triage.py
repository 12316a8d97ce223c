"""SNF staff triage complaints and plan unannounced inspections from them."""

from datetime import date, datetime, timedelta

import holidays
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from snf.auth.models import User
from snf.errors import Conflict, ValidationError
from snf.extensions import db
from snf.inspections import planning
from snf.inspections.models import Inspection, Location
from snf.inspections.services import schedule_inspection
from snf.residents.complaints import COMPLAINT_INSPECTION_KIND, log_status
from snf.residents.models import STATUSES, Complaint
from snf.residents.risk import risks_for

# Statuses staff set by hand; "inspection_planned" comes with the plan.
TRIAGE_STATUSES = tuple(s for s in STATUSES if s != "inspection_planned")
DEFAULT_DEADLINE_DAYS = {"high": 5, "medium": 15, "low": 30}  # working days


def triage_complaint(actor, complaint: Complaint, status: str, note: str, *, now):
    """Move a complaint on (audited); a closed complaint stays closed."""
    if status not in TRIAGE_STATUSES:
        message = _("Choose a status.")
        raise ValidationError(message, {"status": [message]})
    if complaint.status == "closed":
        message = _("This complaint is closed.")
        raise Conflict(message, {"status": [message]})
    if status == complaint.status:
        message = _("The complaint already has this status.")
        raise Conflict(message, {"status": [message]})
    log_status(actor, complaint, status, (note or "").strip()[:2000], now)


def add_working_days(start: date, days: int) -> date:
    """``days`` working days after ``start``: Monday to Friday, Dutch public
    holidays (Christmas, Easter Monday, King's Day, ...) not counted."""
    dutch = holidays.country_holidays("NL", years=range(start.year, start.year + 2))
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in dutch:
            days -= 1
    return day


def deadline_for(level: str, today: date) -> date:
    setting = current_app.config.get("RESIDENT_INSPECTION_DAYS") or {}
    days = {**DEFAULT_DEADLINE_DAYS, **setting}[level]
    return add_working_days(today, int(days))


def _inspector_of_body(body_id: int | None) -> User | None:
    if body_id is None:
        return None
    query = select(User).where(
        User.organisation_id == body_id, User.role == "inspector", User.active
    )
    return db.session.scalars(query.order_by(User.id)).first()


def _check_open(complaint: Complaint) -> None:
    if complaint.inspection_id is not None:
        message = _("An inspection is already planned for this complaint.")
        raise Conflict(message)
    if complaint.status == "closed":
        raise Conflict(_("This complaint is closed."))


def plan_inspection_for(
    actor, complaint: Complaint, *, today: date, now: datetime, inspector=None
) -> tuple[Inspection, str]:
    """Plan an unannounced inspection of the complaint's location, by the
    location's company's inspection body, due by the risk level; returns the
    inspection and the level. Planning itself is the inspections service's."""
    _check_open(complaint)
    location = complaint.location
    inspector = inspector or _inspector_of_body(
        planning.chosen_body_id(location.company_id)
    )
    if inspector is None:
        message = _("The company's inspection body has no active inspector.")
        raise ValidationError(message, {"inspector": [message]})
    level = risks_for([complaint], today, now)[complaint.id].level
    inspection = schedule_inspection(
        actor,
        company=None,
        location=location,
        kind=COMPLAINT_INSPECTION_KIND,
        announced=False,
        scheduled_for=deadline_for(level, today),
        inspector=inspector,
        now=now,
    )
    complaint.inspection_id = inspection.id
    log_status(actor, complaint, "inspection_planned", "", now)
    return inspection, level


def queue(status: str | None, *, today: date, now: datetime):
    """Complaints (open ones, or those with ``status``) with their risk,
    highest risk first, then oldest first: ``[(complaint, risk)]``."""
    query = (
        select(Complaint)
        .options(joinedload(Complaint.location).joinedload(Location.company))
        .order_by(Complaint.created_at, Complaint.id)
    )
    if status:
        query = query.where(Complaint.status == status)
    else:
        query = query.where(Complaint.status.not_in(("closed", "not_substantiated")))
    complaints = list(db.session.scalars(query))
    risks = risks_for(complaints, today, now)
    ranked = sorted(complaints, key=lambda c: -risks[c.id].score)  # stable
    return [(c, risks[c.id]) for c in ranked]
