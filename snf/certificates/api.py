"""Certificates over JSON (API.md): public reads, staff lifecycle actions."""

from contextlib import nullcontext
from functools import wraps

from flask import Response, current_app, request
from flask_babel import force_locale
from flask_login import current_user
from sqlalchemy import select

from snf.api import make_api_blueprint
from snf.auth.models import Organisation
from snf.auth.permissions import require, requires
from snf.certificates import lifecycle, services
from snf.certificates.keys import keyring, signer
from snf.certificates.marks import set_company_mark
from snf.certificates.rendering import certificate_pdf, verify_url
from snf.certificates.schemas import (
    ApplicationInSchema,
    ApplicationSchema,
    CertificateSchema,
    KeysSchema,
    MarkInSchema,
    StatusChangeInSchema,
)
from snf.database import local_today, utcnow
from snf.errors import ValidationError
from snf.extensions import ErrorSchema, db
from snf.idempotency import idempotent
from snf.inspections.api import company_body, get_company
from snf.inspections.schemas import CompanySchema

blp = make_api_blueprint("certificates_api", __name__, description="Certificates")
ACTIONS = {
    "suspend": "suspend",
    "strike-off": "strike_off",
    "reinstate": "reinstate",
    "expire": "expire",
}


def unless_struck_off(view):
    """409 before the body is read: a struck-off registration is closed; the
    company applies again instead (frozen data answers 409, API.md)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        certificate = services.get_certificate(kwargs["number"])
        action = ACTIONS.get(kwargs.get("action"), "renew")
        lifecycle.ensure_not_struck_off(certificate.company_id, local_today(), action)
        return view(*args, **kwargs)

    return wrapper


def _with_status(certificate):
    certificate.status = services.certificate_status(certificate, local_today())
    return certificate


@blp.route("/certificates/<number>")
@blp.response(200, CertificateSchema)
def get_certificate(number):
    """A certificate and its live status (public)."""
    return _with_status(services.get_certificate(number))


@blp.route("/certificates/<number>.pdf")
@blp.response(200, description="The certificate as PDF")
def get_certificate_pdf(number):
    """The certificate as PDF (public; it holds no addresses), in the language
    of ``?lang=nl|en``, else of Accept-Language (English by default)."""
    certificate = services.get_certificate(number)
    headers = {
        "Content-Disposition": f'inline; filename="{number}.pdf"',
        "Vary": "Accept-Language",
        # Public and the same for everyone (the QR code holds the configured
        # address, never the caller's Host): caches may keep it briefly; the
        # live status is behind the QR code, not in the file.
        "Cache-Control": "public, max-age=300",
    }
    lang = request.args.get("lang")
    chosen = lang in current_app.config["LANGUAGES"]
    with force_locale(lang) if chosen else nullcontext():
        body = certificate_pdf(certificate, verify_url(certificate))
    return Response(body, mimetype="application/pdf", headers=headers)


@blp.route("/keys")
@blp.response(200, KeysSchema)
def keys():
    """A JWK Set (RFC 7517) of the Ed25519 keys that verify the JWS in a
    certificate's QR code; keys that signed before stay listed."""
    ring = keyring()
    ring.active()  # a fresh install makes its first key here
    return {"keys": ring.public_keys()}


@blp.route("/companies/<kvk>/certificates", methods=["POST"])
@requires("registration.manage")
@idempotent
@blp.response(201, CertificateSchema)
@blp.alt_response(
    409, schema=ErrorSchema, description="Something is missing: error.reasons lists it"
)
def issue(kvk):
    """Issue a certificate when nothing is missing (staff)."""
    company = get_company(kvk)
    certificate = services.issue_certificate(
        current_user, company, today=local_today(), now=utcnow(), sign=signer()
    )
    return (
        _with_status(certificate),
        201,
        {"Location": f"/api/v1/certificates/{certificate.number}"},
    )


@blp.route("/companies/<kvk>/mark", methods=["PUT"])
@requires("registration.manage")
@blp.arguments(MarkInSchema)
@blp.response(200, CompanySchema)
def set_mark(body, kvk):
    """Set the mark the company is certified under, SNF or AGRI (staff); 422
    on ``mark`` for a company with touring caravans going back to SNF."""
    company = get_company(kvk)
    set_company_mark(current_user, company, body["mark"], now=utcnow())
    db.session.commit()
    return company_body(company)


@blp.route(
    "/certificates/<number>/<any(suspend, 'strike-off', reinstate, expire):action>",
    methods=["POST"],
)
@requires("registration.manage")
@unless_struck_off
@blp.arguments(StatusChangeInSchema)
@blp.response(200, CertificateSchema)
@blp.alt_response(
    409, schema=ErrorSchema, description="Not allowed from the current status"
)
def change(body, number, action):
    """Suspend, strike off, reinstate or expire, with a reason (staff)."""
    certificate = services.get_certificate(number)
    services.change_status(
        current_user,
        certificate,
        ACTIONS[action],
        reason=body["reason"],
        now=utcnow(),
        effective=body["effective"] or local_today(),
    )
    db.session.commit()
    return _with_status(certificate)


@blp.route("/certificates/<number>/renew", methods=["POST"])
@requires("registration.manage")
@unless_struck_off
@blp.arguments(StatusChangeInSchema)
@blp.response(200, CertificateSchema)
@blp.alt_response(
    409, schema=ErrorSchema, description="Not allowed from the current status"
)
def renew(body, number):
    """Extend the validity by 12 months (staff)."""
    certificate = services.get_certificate(number)
    services.renew_certificate(
        current_user,
        certificate,
        reason=body["reason"],
        today=body["effective"] or local_today(),
        now=utcnow(),
        sign=signer(),
    )
    db.session.commit()
    return _with_status(certificate)


@blp.route("/companies/<kvk>/applications", methods=["POST"])
@requires("registration.apply")
@idempotent
@blp.arguments(ApplicationInSchema)
@blp.response(201, ApplicationSchema)
@blp.alt_response(409, schema=ErrorSchema, description="Already applied")
def apply(body, kvk):
    """Apply for registration with a chosen inspection body."""
    company = get_company(kvk)
    require(current_user, "registration.apply", company)
    body_org = db.session.scalar(
        select(Organisation).where(
            Organisation.name == body["inspection_body"],
            Organisation.kind == "inspection_body",
        )
    )
    if body_org is None:
        raise ValidationError(
            "Unknown inspection body.",
            {"inspection_body": ["Unknown inspection body."]},
        )
    application = services.apply(
        current_user, company, body_org, today=local_today(), now=utcnow(),
        mark=body["mark"],
    )  # fmt: skip
    application.missing = services.readiness(application, local_today()).reasons
    return application
