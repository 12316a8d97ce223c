"""SNF staff's complaint queue and triage; the information cards for a
company and staff; the complaint figures (staff and public)."""

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from snf.api import HTML_PER_PAGE, request_page
from snf.auth.permissions import require, requires
from snf.database import local_today, utcnow
from snf.errors import DomainError
from snf.extensions import db
from snf.forms import field_errors_to_form
from snf.residents import complaints, reports, triage
from snf.residents.forms import TriageForm
from snf.residents.labels import (
    CATEGORY_LABELS,
    LEVEL_LABELS,
    STATUS_LABELS,
    factor_text,
)
from snf.residents.models import CATEGORIES, STATUSES

bp = Blueprint("complaints", __name__, template_folder="templates")


def _labels() -> dict:
    return {
        "category_labels": CATEGORY_LABELS,
        "status_labels": STATUS_LABELS,
        "level_labels": LEVEL_LABELS,
        "factor_text": factor_text,
    }


@bp.route("/complaints")
@login_required
@requires("complaint.list")
def queue():
    """Open complaints, highest risk first, and the figures."""
    status = request.args.get("status")
    status = status if status in STATUSES else None
    ranked = triage.queue(status, today=local_today(), now=utcnow())
    page = request_page()
    start = (page - 1) * HTML_PER_PAGE
    meta = {"page": page, "per_page": HTML_PER_PAGE, "total": len(ranked)}
    return render_template(
        "residents/queue.html",
        items=ranked[start : start + HTML_PER_PAGE],
        meta=meta,
        status=status,
        statuses=STATUSES,
        figures=reports.complaint_figures(),
        categories=CATEGORIES,
        **_labels(),
    )


def _detail(complaint, form, status=200):
    risk = triage.risks_for([complaint], local_today(), utcnow())[complaint.id]
    form.status.choices = [
        SelectChoice(s, STATUS_LABELS[s]) for s in triage.TRIAGE_STATUSES
    ]
    page = render_template(
        "residents/complaint.html",
        complaint=complaint,
        risk=risk,
        form=form,
        due=triage.deadline_for(risk.level, local_today()),
        **_labels(),
    )
    return page, status


@bp.route("/complaints/<int:complaint_id>")
@login_required
def complaint(complaint_id):
    """One complaint: text, photo, risk and its factors, history, actions."""
    found = complaints.get_complaint(complaint_id)
    require(current_user, "complaint.view", found)
    return _detail(found, TriageForm())


@bp.route("/complaints/<int:complaint_id>/triage", methods=["POST"])
@login_required
def triage_complaint(complaint_id):
    found = complaints.get_complaint(complaint_id)
    require(current_user, "complaint.triage", found)
    form = TriageForm()
    if form.validate_on_submit():
        try:
            triage.triage_complaint(
                current_user, found, form.status.data, form.note.data, now=utcnow()
            )
        except DomainError as exc:
            db.session.rollback()
            field_errors_to_form(form, exc)
        else:
            db.session.commit()
            flash(_("The complaint's status was changed."), "success")
            return redirect(url_for(".complaint", complaint_id=found.id))
    return _detail(found, form, 422)


@bp.route("/complaints/<int:complaint_id>/inspection", methods=["POST"])
@login_required
def plan_inspection(complaint_id):
    found = complaints.get_complaint(complaint_id)
    require(current_user, "complaint.plan_inspection", found)
    form = TriageForm()  # carries the CSRF token
    try:
        inspection, _level = triage.plan_inspection_for(
            current_user, found, today=local_today(), now=utcnow()
        )
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _detail(found, form, exc.status)
    db.session.commit()
    flash(
        _(
            "Unannounced inspection planned for %(date)s with %(body)s.",
            date=inspection.scheduled_for.isoformat(),
            body=inspection.inspection_body.name,
        ),
        "success",
    )
    return redirect(url_for(".complaint", complaint_id=found.id))


@bp.route("/complaints/<int:complaint_id>/photo")
@login_required
def photo(complaint_id):
    found = complaints.get_complaint(complaint_id)
    require(current_user, "complaint.view", found)
    data = complaints.photo_of(found)
    if data is None:
        return render_template("errors/404.html"), 404
    return Response(data, mimetype="image/jpeg", headers={"Cache-Control": "no-store"})


@bp.route("/register/complaints")
def figures():
    """Complaints in figures (public aggregates)."""
    return render_template(
        "residents/figures.html",
        figures=reports.complaint_figures(),
        categories=CATEGORIES,
        **_labels(),
    )
