"""Planning, the checklist draft, submission and corrections of inspections."""

from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from snf import audit
from snf.auth.models import Organisation, User
from snf.errors import Conflict, PreconditionFailed, ValidationError, found
from snf.extensions import db
from snf.inspections import findings as finding_rules
from snf.inspections import planning
from snf.inspections.models import Finding, Inspection, Location
from snf.norms import services as norms
from snf.norms.observations import validate_observations

NORM_FOR_SECTOR = "SNF"
YEARLY = timedelta(days=365)


def _snapshot(inspection: Inspection) -> dict:
    return {
        "status": inspection.status,
        "kind": inspection.kind,
        "scheduled_for": inspection.scheduled_for,
        "inspector_id": inspection.inspector_id,
        "revision": inspection.revision,
        "verdict": inspection.verdict,
    }


def get_inspection(inspection_id: int) -> Inspection:
    return found(
        db.session.get(Inspection, inspection_id), _("This inspection does not exist.")
    )


def _check_plan(actor, company, location, kind, announced, inspector) -> bool:
    """Every rule of a plan (``planning``); returns whether it is announced."""
    planning.check_plan(
        actor, company=company, location=location, kind=kind, inspector=inspector
    )
    if kind == "urgent":
        announced = False  # urgent inspections are never announced
    planning.check_may_plan(
        actor, company=company, kind=kind, announced=announced, inspector=inspector
    )
    return announced


def schedule_inspection(
    actor,
    *,
    company: Organisation | None,
    location: Location | None,
    kind: str,
    announced: bool,
    scheduled_for: date,
    inspector: User | None,
    now: datetime,
) -> Inspection:
    """Plan an inspection; a location is inspected only through the company
    that is primarily responsible for it. Every rule of a plan is checked
    here (``planning``), for the plan page, the API and the demo data alike."""
    if location is not None:
        company = location.company
    announced = _check_plan(actor, company, location, kind, announced, inspector)
    inspection = Inspection(
        company=company,
        location=location,
        kind=kind,
        announced=announced,
        scheduled_for=scheduled_for,
        inspector=inspector,
        inspection_body_id=inspector.organisation_id,
        planned_by_id=getattr(actor, "id", None),
    )
    db.session.add(inspection)
    db.session.flush()
    audit.record(
        actor,
        "inspection.schedule",
        "inspection",
        inspection.id,
        now=now,
        after=_snapshot(inspection),
    )
    return inspection


# How far back a tablet may date an inspection it did offline (our rule): a
# tablet that was offline for longer brings it in to be planned again.
OFFLINE_GRACE = timedelta(days=30)


def start_inspection(
    actor, inspection: Inspection, *, today: date, now, on: date | None = None
) -> None:
    """Fix the norm version in force on the day the inspection is carried out.

    ``on`` is the day a tablet started it while offline (it reaches the server
    later): not after ``today`` and at most OFFLINE_GRACE before it.
    """
    if inspection.status != "planned":
        return
    if on is not None:
        _check_inspection_date(on, today)
        today = on
    version = norms.find_version_in_force(_norm_code(inspection), today)
    if version is None:
        raise Conflict(_("No norm version is in force on %(d)s.", d=today))
    inspection.norm_version = version
    inspection.inspected_on = today
    inspection.status = "in_progress"
    inspection.started_at = now
    if inspection.location is not None and not inspection.observations:
        inspection.observations = location_defaults(inspection.location)
    db.session.flush()
    audit.record(
        actor,
        "inspection.start",
        "inspection",
        inspection.id,
        now=now,
        after={"norm_version": version.label, "inspected_on": today},
    )


def _check_inspection_date(on: date, today: date) -> None:
    if on > today:
        message = _("The inspection date cannot be in the future.")
    elif on < today - OFFLINE_GRACE:
        message = _(
            "The inspection date is more than %(days)d days ago.",
            days=OFFLINE_GRACE.days,
        )
    else:
        return
    raise ValidationError(message, {"inspected_on": [message]})


def norm_code_of(company: Organisation | None) -> str:
    """The norm a company's inspections are judged by: the code of its mark
    (``SNF``, or ``AGRI`` for growers under the agricultural mark)."""
    return getattr(company, "mark", None) or NORM_FOR_SECTOR


def _norm_code(inspection: Inspection) -> str:
    return norm_code_of(inspection.company)


def location_defaults(location: Location) -> dict:
    """What the register already knows; the inspector checks it on site."""
    return {
        "housing_type": location.housing_type,
        "use_class": location.use_class,
        "housing_season": location.season,
    }


def etag(inspection: Inspection) -> str:
    return f'"{inspection.id}-{inspection.revision}"'


def ensure_not_submitted(inspection: Inspection) -> None:
    if inspection.is_submitted:
        raise Conflict(_("This inspection is submitted and can no longer be changed."))


def save_observations(
    actor, inspection: Inspection, observations, *, if_match: str | None, now
) -> None:
    """Replace the draft's observations when the client saw the latest draft.

    A stale ``If-Match`` is refused with both versions available to the
    client: nothing is overwritten silently.
    """
    ensure_not_submitted(inspection)
    if if_match is not None and if_match.strip() not in (etag(inspection), "*"):
        raise PreconditionFailed(
            _("Someone else changed this inspection meanwhile."),
            current={"observations": inspection.observations, "etag": etag(inspection)},
        )
    clean, errors = validate_observations(observations)
    if errors:
        raise ValidationError(_("Some observations are invalid."), errors)
    before = inspection.observations or {}
    changed = sorted(
        k for k in before.keys() | clean.keys() if before.get(k) != clean.get(k)
    )
    inspection.observations = clean
    inspection.revision += 1
    db.session.flush()
    audit.record(
        actor,
        "inspection.observe",
        "inspection",
        inspection.id,
        now=now,
        before={k: before.get(k) for k in changed},
        after={"revision": inspection.revision, **{k: clean.get(k) for k in changed}},
    )


def evaluate_draft(inspection: Inspection, lang: str = "en"):
    """The live result of the draft under its fixed norm version."""
    return norms.evaluate(
        inspection.norm_version,
        inspection.observations or {},
        inspection.inspected_on,
        lang=lang,
        part=part_of(inspection),
    )


def part_of(inspection: Inspection) -> str:
    """An administrative inspection judges part A, every other kind part B."""
    return "administrative" if inspection.kind == "administrative" else "location"


def submit_inspection(actor, inspection: Inspection, *, now) -> Inspection:
    """Judge the draft by the norm's rules: verdict, results and findings with
    due dates. Afterwards the inspection is read-only."""
    if inspection.is_submitted:
        raise Conflict(_("This inspection was already submitted."))
    if inspection.status == "planned":
        raise Conflict(_("Start the inspection before submitting it."))
    evaluation = evaluate_draft(inspection)
    inspection.results = [_result_dict(r) for r in evaluation.results]
    inspection.verdict = evaluation.verdict
    inspection.status = "submitted"
    inspection.submitted_at = now
    db.session.flush()
    finding_rules.record_findings(actor, inspection, evaluation.results, now=now)
    audit.record(
        actor,
        "inspection.submit",
        "inspection",
        inspection.id,
        now=now,
        after={"verdict": inspection.verdict, "observations": inspection.observations},
    )
    return inspection


def _result_dict(result) -> dict:
    return {
        "requirement": result.requirement,
        "section": result.section,
        "outcome": result.outcome,
        "severity": result.severity,
        # No explanation: it is rendered in the reader's language when read
        # (snf.inspections.explain), from the observations kept here.
    }


def correct_inspection(
    actor, inspection: Inspection, observations, reason: str, *, now
):
    """Change a submitted inspection: a reason is required, the previous
    observations and verdict stay in the audit log as the earlier revision."""
    if not inspection.is_submitted:
        raise Conflict(_("Only submitted inspections are corrected; edit the draft."))
    if not (reason or "").strip():
        message = _("Give the reason for the correction.")
        raise ValidationError(message, {"reason": [message]})
    clean, errors = validate_observations(observations)
    if errors:
        raise ValidationError(_("Some observations are invalid."), errors)
    before = {
        "observations": inspection.observations,
        "verdict": inspection.verdict,
        "revision": inspection.revision,
    }
    inspection.observations = clean
    inspection.revision += 1
    evaluation = evaluate_draft(inspection)
    inspection.results = [_result_dict(r) for r in evaluation.results]
    inspection.verdict = evaluation.verdict
    finding_rules.reconcile_findings(actor, inspection, evaluation.results, now=now)
    audit.record(
        actor,
        "inspection.correct",
        "inspection",
        inspection.id,
        now=now,
        before=before,
        note=reason.strip(),
        after={
            "observations": clean,
            "verdict": inspection.verdict,
            "revision": inspection.revision,
        },
    )
    return inspection


# -- lists -------------------------------------------------------------------


def inspections_for_inspector(user: User, today: date) -> list[Inspection]:
    """The inspector's own inspections: today first, then upcoming, then the rest."""
    query = (
        select(Inspection)
        .options(selectinload(Inspection.location), selectinload(Inspection.company))
        .where(Inspection.inspector_id == user.id)
        .order_by(
            case(
                (Inspection.scheduled_for == today, 0),
                (Inspection.scheduled_for > today, 1),
                else_=2,
            ),
            case((Inspection.scheduled_for >= today, Inspection.scheduled_for)),
            Inspection.scheduled_for.desc(),
        )
    )
    return list(db.session.scalars(query))


def open_findings_at(location_ids) -> dict[int, list[Finding]]:
    """The findings not yet closed at each location (one query): what the
    inspector looks at again on the next visit, majors and oldest first."""
    ids = {i for i in location_ids if i is not None}
    if not ids:
        return {}
    query = (
        select(Finding)
        .where(Finding.location_id.in_(ids), Finding.status != "closed")
        .order_by(
            Finding.location_id,
            case((Finding.severity == "major", 0), else_=1),
            Finding.created_at,
            Finding.id,
        )
    )
    found: dict[int, list[Finding]] = {}
    for finding in db.session.scalars(query):
        found.setdefault(finding.location_id, []).append(finding)
    return found


def inspections_query(user):
    """The inspections a user may see."""
    query = select(Inspection).order_by(Inspection.scheduled_for.desc(), Inspection.id)
    if user.role == "admin":
        return query
    if user.role == "inspector":
        return query.where(Inspection.inspection_body_id == user.organisation_id)
    if user.role == "company":
        # Unannounced visits stay hidden until they are done.
        return query.where(
            Inspection.company_id == user.organisation_id,
            (Inspection.status == "submitted") | Inspection.announced,
        )
    return query.where(False)


def due_locations(
    today: date, user=None, limit: int = 200
) -> list[tuple[Location, date | None]]:
    """Locations whose last location inspection is a year old (or never); for
    an inspector only those of companies that chose the inspector's body."""
    last = (
        select(Inspection.location_id, func.max(Inspection.inspected_on).label("last"))
        .where(Inspection.status == "submitted", Inspection.kind != "administrative")
        .group_by(Inspection.location_id)
        .subquery()
    )
    planned = select(Inspection.location_id).where(Inspection.status != "submitted")
    query = (
        select(Location, last.c.last)
        .outerjoin(last, last.c.location_id == Location.id)
        .where((last.c.last.is_(None)) | (last.c.last <= today - YEARLY))
        .where(Location.id.not_in(planned.where(Inspection.location_id.is_not(None))))
        .order_by(last.c.last.is_not(None), last.c.last, Location.id)
        .limit(limit)
    )
    if user is not None and user.role != "admin":
        body = user.organisation_id if user.role == "inspector" else None
        query = query.where(planning.chosen_body_sql(Location.company_id, body))
    return [(row[0], row[1]) for row in db.session.execute(query)]
