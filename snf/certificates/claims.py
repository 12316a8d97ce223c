"""Company claims: a self-signup waits for SNF staff to confirm that the signer
runs the company with that KvK number (F2 of issue 14).

Until then nothing is public: the organisation, its account and its
application are made on confirmation, so a pending claim is in no register,
feed or open data, and never blocks another claim on the same number. The
signer gets the same answer whether or not the e-mail address or the KvK
number is known; the next step goes by mail (snf.certificates.claim_mail).
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from snf import audit
from snf.auth import services as auth
from snf.auth.models import CompanyClaim, Organisation
from snf.certificates import services
from snf.errors import Conflict, ValidationError, found
from snf.extensions import db
from snf.inspections.photos import TooLarge, reencode_photo
from snf.storage import storage


@dataclass(frozen=True)
class SignupOutcome:
    """What to mail; the signer's page is the same for both kinds."""

    kind: str  # "claim_received" or "account_exists"
    email: str
    claim: CompanyClaim | None


def check_extract(data: bytes) -> tuple[bytes, str, str]:
    """The KvK extract checked by content: a PDF, or a JPEG/PNG photo (which
    is re-encoded, as inspection photos are). Returns bytes, suffix, type."""
    limit = current_app.config["MAX_PHOTO_BYTES"]
    if len(data) > limit:
        message = _("The file is larger than %(mb)d MB.", mb=limit // (1024 * 1024))
        raise TooLarge(message, {"extract": [message]})
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]:
        return data, ".pdf", "application/pdf"
    try:
        image, _width, _height = reencode_photo(data)
    except ValidationError as exc:
        message = _("Upload the KvK extract as a PDF, JPEG or PNG file.")
        raise ValidationError(message, {"extract": [message]}) from exc
    return image, ".jpg", "image/jpeg"


def submit_claim(data: dict, extract: bytes, *, now: datetime, language: str):
    """Record a signup as a pending claim; returns a SignupOutcome.

    An e-mail address that has an account gets a mail instead of a claim; the
    caller shows the same page either way. Both paths hash the password, so
    they take the same time."""
    content, suffix, kind = check_extract(extract)
    password_hash = auth.hash_password(data["password"])
    email = auth.normalise_email(data["email"])
    if auth.find_user_by_email(email) is not None:
        return SignupOutcome("account_exists", email, None)
    body = db.session.get(Organisation, int(data["inspection_body"]))
    if body is None or body.kind != "inspection_body":
        message = _("Choose an inspection body.")
        raise ValidationError(message, {"inspection_body": [message]})
    claim = CompanyClaim(
        kvk=data["kvk"],
        company_name=data["company_name"].strip(),
        town=data["town"].strip(),
        contact_name=data["name"].strip(),
        email=email,
        password_hash=password_hash,
        inspection_body=body,
        extract_key=storage().save(content, suffix),
        extract_type=kind,
        language=language,
        created_at=now,
    )
    db.session.add(claim)
    db.session.flush()
    audit.record(None, "claim.submit", "claim", claim.id, now=now, after=_fields(claim))
    return SignupOutcome("claim_received", email, claim)


def _fields(claim: CompanyClaim) -> dict:
    return {
        "kvk": claim.kvk,
        "company_name": claim.company_name,
        "email": claim.email,
        "status": claim.status,
    }


def get_claim(claim_id: int) -> CompanyClaim:
    return found(
        db.session.get(CompanyClaim, claim_id), _("This claim does not exist.")
    )


def claims_query(status: str | None = "pending"):
    """Claims, oldest first (the order staff work through them)."""
    query = select(CompanyClaim).order_by(CompanyClaim.created_at, CompanyClaim.id)
    if status:
        query = query.where(CompanyClaim.status == status)
    return query


def list_pending_claims() -> list[CompanyClaim]:
    """Every claim waiting for staff, oldest first (for the staff work queue)."""
    return list(db.session.scalars(claims_query("pending")))


@dataclass(frozen=True)
class Conflicts:
    other_claims: int  # other pending claims on the same KvK number
    company: Organisation | None  # a company that already has the number


def conflicts_of(claims: list[CompanyClaim]) -> dict[int, Conflicts]:
    """Per claim, what else claims its KvK number: two queries for any list."""
    numbers = {c.kvk for c in claims}
    if not numbers:
        return {}
    counts = dict(
        db.session.execute(
            select(CompanyClaim.kvk, func.count(CompanyClaim.id))
            .where(CompanyClaim.kvk.in_(numbers), CompanyClaim.status == "pending")
            .group_by(CompanyClaim.kvk)
        ).all()
    )
    companies = {
        o.kvk: o
        for o in db.session.scalars(
            select(Organisation).where(Organisation.kvk.in_(numbers))
        )
    }
    return {
        c.id: Conflicts(
            other_claims=counts.get(c.kvk, 0) - (c.status == "pending"),
            company=companies.get(c.kvk),
        )
        for c in claims
    }


def _pending(claim: CompanyClaim) -> None:
    if claim.status != "pending":
        raise Conflict(_("This claim has been decided already."))


def confirm_claim(actor, claim: CompanyClaim, *, today: date, now: datetime):
    """Staff confirmed ownership: make the company, its account and its
    application. Refused (409) while another company has the number or an
    account has the e-mail address: then staff reject this claim."""
    _pending(claim)
    taken = db.session.scalar(select(Organisation).where(Organisation.kvk == claim.kvk))
    if taken is not None:
        raise Conflict(
            _(
                "The KvK number %(kvk)s belongs to %(name)s already.",
                kvk=claim.kvk,
                name=taken.name,
            )  # fmt: skip
        )
    if auth.find_user_by_email(claim.email) is not None:
        raise Conflict(_("An account with this e-mail address already exists."))
    company = auth.create_organisation(
        actor, kind="company", name=claim.company_name, kvk=claim.kvk,
        town=claim.town, now=now,
    )  # fmt: skip
    user = auth.create_user(
        actor, email=claim.email, password=None, password_hash=claim.password_hash,
        role="company", organisation=company, now=now, name=claim.contact_name,
    )  # fmt: skip
    services.apply(user, company, claim.inspection_body, today=today, now=now)
    _decide(actor, claim, "confirmed", "claim.confirm", None, now)
    claim.organisation = company
    return company


def reject_claim(actor, claim: CompanyClaim, *, reason: str, now: datetime) -> None:
    """Staff refuse the claim, with a reason the signer is sent."""
    _pending(claim)
    reason = (reason or "").strip()
    if len(reason) < 3:
        message = _("Give a reason.")
        raise ValidationError(message, {"reason": [message]})
    _decide(actor, claim, "rejected", "claim.reject", reason, now)


def _decide(actor, claim: CompanyClaim, status, action, reason, now) -> None:
    before = _fields(claim)
    claim.status = status
    claim.reason = reason
    claim.decided_at = now
    claim.decided_by_id = getattr(actor, "id", None)
    claim.password_hash = ""  # no credentials kept beyond the decision
    db.session.flush()
    after = {**_fields(claim), "reason": reason}
    audit.record(actor, action, "claim", claim.id, now=now, before=before, after=after)
