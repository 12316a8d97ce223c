"""The resident page behind the QR code: no login, no JavaScript, small.

Its language is ``?lang=`` or the phone's (Accept-Language) among nl, en, pl,
ro and bg; staff pages stay Dutch and English (``choose_locale``)."""

import secrets

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from snf.auth.models import Organisation
from snf.database import local_today, utcnow
from snf.errors import DomainError, NotFound
from snf.extensions import db
from snf.forms import field_errors_to_form
from snf.residents import complaints
from snf.residents.alerts import alert_staff_if_high_risk
from snf.residents.forms import ComplaintForm
from snf.residents.info import LANGUAGE_NAMES, LANGUAGES, resident_info
from snf.residents.labels import (
    CATEGORY_LABELS,
    CERTIFICATION_LABELS,
    STATUS_LABELS,
)
from snf.residents.limits import complaint_limits
from snf.residents.tokens import find_token

bp = Blueprint("residents", __name__, template_folder="templates")
RESIDENT_PATHS = ("/r/", "/api/v1/resident/")


def resident_language() -> str:
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES) or "en"


def choose_locale() -> str | None:
    """The locale of a resident page (None elsewhere: the app decides)."""
    if request.path.startswith(RESIDENT_PATHS):
        return resident_language()
    return None


def company_by_kvk(kvk: str) -> Organisation:
    company = db.session.scalar(
        select(Organisation).where(
            Organisation.kvk == kvk[:8], Organisation.kind == "company"
        )
    )
    if company is None:
        raise NotFound(_("No company with this KvK number."))
    return company


def _render(template: str, status: int = 200, **context):
    context.setdefault("lang", str(get_locale()))
    context.setdefault("languages", LANGUAGE_NAMES)
    return render_template(template, **context), status


def _submission(form: ComplaintForm) -> complaints.Submission:
    upload = form.photo.data
    photo = upload.read() if upload and getattr(upload, "filename", "") else None
    return complaints.Submission(
        category=form.category.data,
        text=form.text.data or "",
        contact=form.contact.data or "",
        photo=photo,
        language=str(get_locale()),
    )


def _submit(token, form: ComplaintForm):
    """The complaint of a valid form: a redirect to its receipt, or None
    with the errors placed next to the fields."""
    submission = _submission(form)
    # The form's key with what it says: the same form sent twice is one
    # complaint; changed after going back, it is a new one (not a refusal).
    key = form.key.data[:64] if form.key.data else None
    if key:
        key = f"{key}:{complaints.submission_hash(submission)[:32]}"
    try:
        complaint, replayed = complaints.submit_complaint(
            token, submission, now=utcnow(), key=key
        )
    except DomainError as exc:
        db.session.rollback()
        field_errors_to_form(form, exc)
        return None
    db.session.commit()
    if not replayed:
        alert_staff_if_high_risk(complaint, today=local_today(), now=utcnow())
    target = url_for(
        ".receipt", token=token.token, code=complaint.receipt, lang=str(get_locale())
    )
    return redirect(target, code=303)


@bp.route("/r/<token>", methods=["GET", "POST"])
@complaint_limits
def page(token):
    """Live: certified today or not, the company, the beds, the rights, and
    the complaint form."""
    found = find_token(token)
    if found.is_revoked:
        return _render("residents/outdated.html", 410)
    form = ComplaintForm()
    if request.method == "POST":
        if form.website.data:  # the honeypot: a robot filled it in
            return _render("residents/refused.html", 400, token=token)
        if form.validate():
            done = _submit(found, form)
            if done is not None:
                return done
    else:
        form.key.data = secrets.token_urlsafe(16)  # one complaint per form
    info = resident_info(found.location, local_today())
    status = 422 if form.errors else 200
    return _render(
        "residents/page.html",
        status,
        info=info,
        form=form,
        token=token,
        headline=CERTIFICATION_LABELS[info.status],
        category_labels=CATEGORY_LABELS,
    )


@bp.route("/r/<token>/receipt")
def receipt(token):
    """The status of a complaint by its receipt code."""
    found = find_token(token)
    if found.is_revoked:
        return _render("residents/outdated.html", 410)
    code = (request.args.get("code") or "").strip()[:20]
    complaint, status = None, 200
    if code:
        try:
            complaint = complaints.find_by_receipt(found, code)
        except NotFound:
            status = 404
    return _render(
        "residents/receipt.html",
        status,
        token=token,
        code=code,
        complaint=complaint,
        status_labels=STATUS_LABELS,
    )
