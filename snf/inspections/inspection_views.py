"""Pages for inspections: lists, planning, the tablet checklist, the report."""

import secrets

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select
from wtforms import SelectChoice

from snf.api import paged
from snf.auth.models import Organisation, User
from snf.auth.permissions import can, require
from snf.database import local_today, utcnow
from snf.errors import DomainError
from snf.extensions import db
from snf.forms import field_errors_to_form
from snf.inspections import (
    cadence,
    checklist_page,
    locations,
    pdf,
    photos,
    planning,
    services,
)
from snf.inspections.forms import PlanForm
from snf.inspections.models import Location
from snf.inspections.views import bp, lang
from snf.norms import services as norms
from snf.norms.observations import HOUSING_TYPE_LABELS


@bp.route("/inspections")
@login_required
def list_inspections():
    require(current_user, "inspection.list")
    today = local_today()
    if current_user.role == "inspector" and request.args.get("all") is None:
        mine = services.inspections_for_inspector(current_user, today)
        findings = services.open_findings_at(i.location_id for i in mine)
        return render_template(
            "inspections/my_inspections.html",
            items=mine,
            today=today,
            findings=findings,
            housing_labels=HOUSING_TYPE_LABELS,
            lang=lang(),
        )
    items, meta = paged(services.inspections_query(current_user))
    return render_template(
        "inspections/inspections.html", items=items, meta=meta, today=today
    )


@bp.route("/inspections/due")
@login_required
def due():
    require(current_user, "inspection.plan")
    today = local_today()
    rows = services.due_locations(today, current_user)
    # Unannounced audits are planned by SNF staff only (planning.check_may_plan).
    drawn = cadence.unannounced_due(today) if current_user.role == "admin" else []
    return render_template(
        "inspections/due.html", rows=rows, drawn=drawn, year=today.year
    )


def _plan_choices(form: PlanForm) -> None:
    inspectors = select(User).where(User.role == "inspector", User.active.is_(True))
    if current_user.role == "inspector":
        inspectors = inspectors.where(
            User.organisation_id == current_user.organisation_id
        )
    form.inspector_id.choices = [
        SelectChoice(str(u.id), f"{u.name or u.email} ({u.organisation.name})")
        for u in db.session.scalars(inspectors.order_by(User.name))
    ]
    chosen = request.values.get("location_id", type=int)
    locs = [locations.get_location(chosen)] if chosen else []
    companies = select(Organisation).where(Organisation.kind == "company")
    if current_user.role == "inspector":
        # A body plans only for the companies that chose it, only the kinds
        # it may plan, and sees no other company's addresses (F4).
        body = current_user.organisation_id
        locs = [loc for loc in locs if planning.chosen_body_id(loc.company_id) == body]
        companies = companies.where(planning.chosen_body_sql(Organisation.id, body))
        form.kind.choices = [
            c for c in form.kind.choices if c.value in planning.body_planned_kinds()
        ]
    form.location_id.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(loc.id), loc.address) for loc in locs
    ]
    form.company_id.choices = [SelectChoice("", "—")] + [
        SelectChoice(str(c.id), c.name)
        for c in db.session.scalars(companies.order_by(Organisation.name))
    ]


@bp.route("/inspections/plan", methods=["GET", "POST"])
@login_required
def plan():
    require(current_user, "inspection.plan")
    form = PlanForm()
    _plan_choices(form)
    if request.method == "GET":
        form.scheduled_for.data = form.scheduled_for.data or local_today()
        # Opened from "Plan" on a due location: that location is chosen.
        if len(form.location_id.choices) > 1:
            form.location_id.data = form.location_id.choices[1].value
        # Opened from a drawn unannounced audit (agricultural mark).
        if request.args.get("unannounced") and current_user.role == "admin":
            form.kind.data, form.announced.data = "ad_hoc", False
    if form.validate_on_submit():
        try:
            inspection = _schedule_from(form)
        except DomainError as exc:
            db.session.rollback()
            field_errors_to_form(form, exc)
        else:
            db.session.commit()
            flash(_("Inspection planned."), "success")
            return redirect(url_for(".inspection", inspection_id=inspection.id))
    return render_template("inspections/plan.html", form=form)


def _schedule_from(form: PlanForm):
    location = company = None
    if form.location_id.data:
        location = db.session.get(Location, int(form.location_id.data))
    elif form.company_id.data:
        company = db.session.get(Organisation, int(form.company_id.data))
    with planning.fields_as(_PLAN_FIELDS):
        return services.schedule_inspection(
            current_user,
            company=company,
            location=location,
            kind=form.kind.data,
            announced=form.announced.data,
            scheduled_for=form.scheduled_for.data,
            inspector=db.session.get(User, int(form.inspector_id.data)),
            now=utcnow(),
        )


# What the service calls a field, as PlanForm calls it.
_PLAN_FIELDS = {"company": "company_id", "inspector": "inspector_id"}


@bp.route("/inspections/<int:inspection_id>")
@login_required
def inspection(inspection_id):
    """The checklist for its inspector (a planned one as it will be once
    started: showing changes nothing), otherwise the report."""
    found = services.get_inspection(inspection_id)
    require(current_user, "inspection.view", found)
    if can(current_user, "inspection.fill_in", found) and not found.is_submitted:
        if found.status == "planned":
            return render_planned(found, local_today())
        return render_checklist(found)
    return render_template(
        "inspections/report.html",
        inspection=found,
        lang=lang(),
        photos=photos.photos_of(found),
        labels=HOUSING_TYPE_LABELS,
    )


@bp.route("/inspections/<int:inspection_id>/start", methods=["POST"])
@login_required
def start(inspection_id):
    """Start the inspection: today's date and the norm version in force today
    are fixed (the button on the checklist of a planned inspection)."""
    found = services.get_inspection(inspection_id)
    require(current_user, "inspection.fill_in", found)
    if found.is_submitted:
        abort(409)
    try:
        services.start_inspection(
            current_user, found, today=local_today(), now=utcnow()
        )
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
    return redirect(url_for(".inspection", inspection_id=found.id))


def render_planned(found, on):
    """The checklist of a planned inspection as it will be when started on
    ``on``, behind its Start button; the changes are rolled back unsaved."""
    version = norms.find_version_in_force(services.norm_code_of(found.company), on)
    if version is None:
        abort(404)
    with db.session.no_autoflush:
        found.norm_version = version
        found.inspected_on = on
        found.status = "in_progress"
        if found.location is not None and not found.observations:
            found.observations = services.location_defaults(found.location)
        try:
            return render_checklist(found, planned=True)
        finally:
            db.session.rollback()


def render_checklist(found, correction: bool = False, planned: bool = False):
    """The tablet checklist of a started inspection (or a planned one, shown
    by render_planned). Only what applies to the location's housing type on
    the inspection date is asked; the page is a cached skeleton of that
    (snf.inspections.checklist_page) filled with the inspection's values."""
    housing_type = (found.observations or {}).get("housing_type") or (
        found.location.housing_type if found.location else None
    )
    part = services.part_of(found)
    # A planned inspection is shown with the version in force, set on it but
    # not saved. The version's sections are read only to render a skeleton.
    language = lang()
    version = norms.load_with_norm(found.norm_version_id or found.norm_version.id)
    made = checklist_page.skeleton(
        version, housing_type, found.inspected_on, language, part
    )
    body = checklist_page.fill(
        made, found.observations, photos.photos_of(found), language, _("Photo")
    )
    return render_template(
        "inspections/checklist.html",
        inspection=found,
        body=body,
        total=made.total,
        i18n=Markup(made.i18n),  # noqa: S704  # nosec B704
        version_json=Markup(made.version_json),  # noqa: S704  # nosec B704
        lang=language,
        etag=services.etag(found),
        submit_key=secrets.token_urlsafe(16),
        correction=correction,
        planned=planned,
        part=part,
    )


@bp.route("/inspections/<int:inspection_id>/correct")
@login_required
def correct(inspection_id):
    """The checklist again, for a submitted inspection: saving it needs a reason
    and makes a new revision (POST /api/v1/inspections/<id>/correction)."""
    found = services.get_inspection(inspection_id)
    require(current_user, "inspection.correct", found)
    if not found.is_submitted:
        return redirect(url_for(".inspection", inspection_id=found.id))
    return render_checklist(found, correction=True)


@bp.route("/inspections/<int:inspection_id>/report.pdf")
@login_required
def report_pdf(inspection_id):
    found = services.get_inspection(inspection_id)
    require(current_user, "inspection.view", found)
    if not found.is_submitted:
        abort(404)
    data = pdf.inspection_report(found, lang(), photos.photos_of(found))
    return Response(
        data,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="inspection-{found.id}.pdf"'
        },
    )


@bp.route("/attachments/<int:attachment_id>")
@login_required
def photo(attachment_id):
    from snf.inspections.models import Attachment

    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        abort(404)
    _require_attachment_access(attachment)
    return Response(
        photos.read(attachment),
        mimetype=attachment.content_type,
        headers={"Cache-Control": "private, max-age=3600"},
    )


def _require_attachment_access(attachment) -> None:
    from snf.inspections.findings import get_finding
    from snf.inspections.models import RepairLetter

    if attachment.inspection_id is not None:
        require(
            current_user,
            "inspection.view",
            services.get_inspection(attachment.inspection_id),
        )
        return
    letter = db.session.get(RepairLetter, attachment.repair_letter_id or 0)
    if letter is None:
        abort(404)
    require(current_user, "finding.view", get_finding(letter.finding_id))
