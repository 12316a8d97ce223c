"""Company pages: status, history, certificate, and the staff's actions."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from snf.api import paged
from snf.auth.models import Organisation
from snf.auth.permissions import require
from snf.certificates import lifecycle, services
from snf.certificates.forms import (
    ACTION_LABELS,
    ApplyForm,
    MarkForm,
    StatusActionForm,
)
from snf.certificates.keys import signer
from snf.certificates.marks import set_company_mark
from snf.certificates.views import _company, bp, inspection_body_choices
from snf.database import local_today, utcnow
from snf.errors import DomainError
from snf.extensions import db
from snf.forms import field_errors_to_form
from snf.inspections import locations as location_services
from snf.jobqueue import enqueue


@bp.route("/companies")
@login_required
def companies():
    require(current_user, "registration.manage")
    today = local_today()
    current = lifecycle.statuses_on(today)
    query = (
        select(Organisation, current.c.status)
        .outerjoin(current, current.c.company_id == Organisation.id)
        .where(Organisation.kind == "company")
        .order_by(Organisation.name)
    )
    q = (request.args.get("q") or "").strip()
    if q:
        query = query.where(Organisation.name.ilike(f"%{q}%") | (Organisation.kvk == q))
    rows, meta = paged(query, rows=True)
    return render_template("certificates/companies.html", rows=rows, meta=meta, q=q)


@bp.route("/registration")
@login_required
def my_registration():
    """A company user's own registration page."""
    return redirect(url_for(".company", company_id=current_user.organisation_id))


@bp.route("/companies/<int:company_id>")
@login_required
def company(company_id):
    company = _company(company_id)
    require(current_user, "registration.view", company)
    status = lifecycle.status_on(company.id, local_today())
    form = StatusActionForm(effective=local_today()).offer(
        lifecycle.allowed_actions(status)
    )
    return _company_page(company, status, form)


def _company_page(company, status, form, code=200, mark_form=None):
    today = local_today()
    application = services.open_application(company.id)
    apply_form = ApplyForm(mark=company.mark)
    apply_form.inspection_body.choices = inspection_body_choices()
    return render_template(
        "certificates/company.html",
        company=company,
        today=today,
        status=status,
        history=lifecycle.history(company.id),
        certificate=services.latest_certificate(company.id),
        readiness=services.readiness(application, today) if application else None,
        locations=location_services.list_company_locations(company.id),
        form=form,
        apply_form=apply_form,
        mark_form=mark_form or MarkForm(mark=company.mark),
    ), code


@bp.route("/companies/<int:company_id>/status", methods=["POST"])
@login_required
def change_status(company_id):
    """Staff change the status in two steps: the form, then a page that says
    what will happen and asks to confirm (and, for what cannot be undone, to
    tick that this is understood). Nothing is written before the second step."""
    company = _company(company_id)
    require(current_user, "registration.manage")
    status = lifecycle.status_on(company.id, local_today())
    form = StatusActionForm().offer(lifecycle.allowed_actions(status))
    certificate = services.latest_certificate(company.id)
    if certificate is None:
        flash(_("This company has no certificate."), "error")
        return redirect(url_for(".company", company_id=company.id))
    if not form.validate_on_submit():
        return _company_page(company, status, form, 422)
    irreversible = form.action.data in lifecycle.IRREVERSIBLE
    if not form.confirmed.data or (irreversible and not form.understood.data):
        if form.confirmed.data:
            form.understood.errors = [_("Tick this box to confirm.")]
        return _confirmation(company, certificate, form, irreversible)
    try:
        _do(form, certificate)
    except DomainError as exc:
        db.session.rollback()
        field_errors_to_form(form, exc)
        return _company_page(company, status, form, 422)
    db.session.commit()
    flash(_("Recorded."), "success")
    return redirect(url_for(".company", company_id=company.id))


def _confirmation(company, certificate, form, irreversible):
    return render_template(
        "certificates/confirm_status.html",
        company=company,
        certificate=certificate,
        form=form,
        action=form.action.data,
        action_label=ACTION_LABELS[form.action.data],
        irreversible=irreversible,
        renewed_until=services.add_months(
            certificate.valid_until, services.VALIDITY_MONTHS
        ),
    ), (422 if form.understood.errors else 200)


def _do(form, certificate) -> None:
    if form.action.data == "renew":
        services.renew_certificate(
            current_user,
            certificate,
            reason=form.reason.data,
            today=form.effective.data,
            now=utcnow(),
            sign=signer(),
        )
        return
    services.change_status(
        current_user,
        certificate,
        form.action.data,
        reason=form.reason.data,
        effective=form.effective.data,
        now=utcnow(),
    )


@bp.route("/companies/<int:company_id>/apply", methods=["POST"])
@login_required
def apply(company_id):
    company = _company(company_id)
    require(current_user, "registration.apply", company)
    form = ApplyForm()
    form.inspection_body.choices = inspection_body_choices()
    if form.validate_on_submit():
        body = db.session.get(Organisation, int(form.inspection_body.data))
        try:
            services.apply(
                current_user, company, body, today=local_today(), now=utcnow(),
                mark=form.mark.data,
            )  # fmt: skip
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Your application is registered."), "success")
    return redirect(url_for(".company", company_id=company.id))


@bp.route("/companies/<int:company_id>/mark", methods=["POST"])
@login_required
def change_mark(company_id):
    """Staff set the mark the company is certified under (SNF or AGRI)."""
    company = _company(company_id)
    require(current_user, "registration.manage")
    form = MarkForm()
    status = lifecycle.status_on(company.id, local_today())
    if form.validate_on_submit():
        try:
            set_company_mark(current_user, company, form.mark.data, now=utcnow())
        except DomainError as exc:
            db.session.rollback()
            field_errors_to_form(form, exc)
        else:
            db.session.commit()
            flash(_("The mark is saved."), "success")
            return redirect(url_for(".company", company_id=company.id))
    status_form = StatusActionForm(effective=local_today()).offer(
        lifecycle.allowed_actions(status)
    )
    return _company_page(company, status, status_form, 422, mark_form=form)


def _language() -> str:
    language = str(get_locale())
    return language if language in current_app.config["LANGUAGES"] else "nl"


@bp.route("/companies/certificates.zip", methods=["POST"])
@login_required
def certificate_batch_all():
    """Staff: the certificate of every registered company, one ZIP, as a job."""
    require(current_user, "registration.manage")
    job_id = enqueue("certificate_batch", user=current_user, language=_language())
    return redirect(url_for("ops.job", job_id=job_id), code=303)


@bp.route("/companies/<int:company_id>/certificates.zip", methods=["POST"])
@login_required
def certificate_batch(company_id):
    """Every certificate of one company, one ZIP, as a job."""
    company = _company(company_id)
    require(current_user, "registration.view", company)
    job_id = enqueue(
        "certificate_batch",
        user=current_user,
        company_id=company.id,
        language=_language(),
    )
    return redirect(url_for("ops.job", job_id=job_id), code=303)
