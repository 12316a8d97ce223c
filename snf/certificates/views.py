"""Pages: verification (public), sign-up, the applications queue, companies."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user
from sqlalchemy import select
from wtforms import SelectChoice

from snf.auth import services as auth
from snf.auth.login import mark_seen
from snf.auth.models import Organisation
from snf.auth.permissions import require
from snf.certificates import services
from snf.certificates.keys import keyring, signer
from snf.certificates.signing import describe_payload
from snf.database import local_today, utcnow
from snf.errors import DomainError
from snf.extensions import db
from snf.forms import field_errors_to_form
from snf.templating import add_navigation

bp = Blueprint("certificates", __name__, template_folder="templates")
add_navigation("certificates.applications", _l("Applications"), "application.queue")
add_navigation("certificates.companies", _l("Companies"), "registration.manage")
add_navigation(
    "certificates.my_registration", _l("My registration"), "registration.own"
)


def inspection_body_choices() -> list[SelectChoice]:
    query = select(Organisation).where(Organisation.kind == "inspection_body")
    return [
        SelectChoice(str(o.id), o.name)
        for o in db.session.scalars(query.order_by(Organisation.name))
    ]


@bp.route("/verify/<number>")
def verify(number):
    """What a certificate's QR code opens: the live status in large type."""
    certificate = _find(number)
    status = (
        services.certificate_status(certificate, local_today())
        if certificate
        else "unknown"
    )
    signature = _check_signature(certificate, request.args.get("sig"))
    return render_template(
        "certificates/verify.html",
        number=number,
        certificate=certificate,
        status=status,
        signature=signature,
    ), (200 if certificate else 404)


def _find(number: str):
    try:
        return services.get_certificate(number)
    except DomainError:
        return None


def _check_signature(certificate, token: str | None) -> dict | None:
    """None without a payload; else whether it is genuine and matches."""
    if not token:
        return None
    ok, detail = describe_payload(token, keyring().public_key_map())
    if not ok:
        return {"genuine": False, "reason": detail}
    matches = (
        certificate is not None
        and detail.get("number") == certificate.number
        and (detail.get("kvk") == certificate.company.kvk)
    )
    current = certificate is not None and detail.get("valid_until") == (
        certificate.valid_until.isoformat()
    )
    return {
        "genuine": matches,
        "fields": detail,
        "current": current,
        "reason": None
        if matches
        else _("The signed data belong to another certificate."),
    }


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """A company signs up with its KvK number and applies in one go."""
    from snf.certificates.forms import SignupForm

    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = SignupForm()
    form.inspection_body.choices = inspection_body_choices()
    if form.validate_on_submit():
        try:
            user = _sign_up(form)
        except DomainError as exc:
            db.session.rollback()
            field_errors_to_form(form, exc)
        else:
            return _log_in_new_user(user)
    return render_template("certificates/signup.html", form=form)


def _sign_up(form):
    now, today = utcnow(), local_today()
    company = auth.create_organisation(
        None,
        kind="company",
        name=form.company_name.data,
        kvk=form.kvk.data,
        town=form.town.data,
        now=now,
    )
    user = auth.create_user(
        None,
        email=form.email.data,
        password=form.password.data,
        role="company",
        organisation=company,
        now=now,
        name=form.name.data,
    )
    body = db.session.get(Organisation, int(form.inspection_body.data))
    services.apply(user, company, body, today=today, now=now)
    return user


def _log_in_new_user(user):
    from flask import current_app, session

    session.clear()
    auth.start_session(
        user, now=utcnow(), lifetime=current_app.config["PERMANENT_SESSION_LIFETIME"]
    )
    login_user(user)
    mark_seen()
    session.permanent = True
    db.session.commit()
    flash(
        _("Welcome. Your application is registered; register your locations next."),
        "success",
    )
    return redirect(url_for(".company", company_id=user.organisation_id))


@bp.route("/applications")
@login_required
def applications():
    require(current_user, "application.queue")
    today = local_today()
    queue = [services.readiness(a, today) for a in services.applications_queue()]
    return render_template("certificates/applications.html", queue=queue)


@bp.route("/applications/<int:application_id>/fee-paid", methods=["POST"])
@login_required
def fee_paid(application_id):
    require(current_user, "registration.manage")
    from snf.certificates.models import Application

    application = db.session.get(Application, application_id) or abort(404)
    try:
        services.mark_fee_paid(
            current_user, application, today=local_today(), now=utcnow()
        )
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for(".applications"))
    db.session.commit()
    flash(_("Entry fee marked as paid."), "success")
    return redirect(url_for(".applications"))


@bp.route("/companies/<int:company_id>/certificate", methods=["POST"])
@login_required
def issue(company_id):
    require(current_user, "registration.manage")
    company = _company(company_id)
    try:
        certificate = services.issue_certificate(
            current_user, company, today=local_today(), now=utcnow(), sign=signer()
        )
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message + " " + " ".join(getattr(exc, "reasons", [])), "error")
        return redirect(request.referrer or url_for(".applications"))
    db.session.commit()
    flash(_("Certificate %(n)s issued.", n=certificate.number), "success")
    return redirect(url_for(".company", company_id=company.id))


def _company(company_id: int) -> Organisation:
    company = db.session.get(Organisation, company_id)
    if company is None or company.kind != "company":
        abort(404)
    return company
