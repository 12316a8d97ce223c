"""Pages: verification (public), sign-up, the applications queue, companies."""

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from snf.auth.models import Organisation
from snf.auth.permissions import require
from snf.certificates import claim_mail, claims, services
from snf.certificates.keys import keyring, signer
from snf.certificates.signing import describe_payload
from snf.certificates.verdict import OTHER_CERTIFICATE, reason_text, verdict
from snf.database import local_today, utcnow
from snf.errors import DomainError
from snf.extensions import db, limiter
from snf.forms import field_errors_to_form

bp = Blueprint("certificates", __name__, template_folder="templates")


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
        verdict=verdict(status, signature),
        reason_text=reason_text,
        checked_at=utcnow(),
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
        "printed_until": _date_or_none(detail.get("valid_until")),
        "current": current,
        "reason": None if matches else OTHER_CERTIFICATE,
    }


def _date_or_none(text):
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _signup_limit() -> str:
    return current_app.config["RATELIMIT_SIGNUP"]


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_signup_limit, methods=["POST"])
def signup():
    """A company signs up; SNF confirms the claim before anything is public.

    Every valid sign-up gets the same answer (the next step goes by mail), so
    the page never tells whether an e-mail address or KvK number is known."""
    from snf.certificates.forms import SignupForm

    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = SignupForm()
    form.inspection_body.choices = inspection_body_choices()
    if form.validate_on_submit():
        language = str(get_locale())
        data = {name: field.data for name, field in form._fields.items()}
        try:
            outcome = claims.submit_claim(
                data, form.extract.data.read(), now=utcnow(), language=language
            )
        except DomainError as exc:
            db.session.rollback()
            field_errors_to_form(form, exc)
        else:
            db.session.commit()
            claim_mail.mail_signup(outcome, language)
            return redirect(url_for(".signup_sent"))
    return render_template("certificates/signup.html", form=form)


@bp.route("/signup/sent")
def signup_sent():
    """The one answer to every sign-up."""
    return render_template("certificates/signup_sent.html")


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
