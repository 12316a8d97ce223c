"""Complaints from residents: received anonymously by default, followed by
receipt code, triaged by SNF staff (``triage``)."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from snf import audit
from snf.errors import DomainError, NotFound, ValidationError
from snf.extensions import db
from snf.idempotency import KeyReused
from snf.inspections.photos import reencode_photo
from snf.residents.models import (
    CATEGORIES,
    Complaint,
    ComplaintStatusChange,
    ResidentToken,
)
from snf.storage import storage

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
MAX_TEXT = 5000
MAX_CONTACT = 200


class CardOutdated(DomainError):
    """The card's token was revoked: its page says so, nothing is stored."""

    status = 410


@dataclass
class Submission:
    category: str
    text: str = ""
    contact: str = ""
    photo: bytes | None = None
    language: str = "en"


def new_receipt() -> str:
    chars = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def normalise_receipt(code: str) -> str:
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())[:8]
    return f"{cleaned[:4]}-{cleaned[4:]}"


def _refuse(field: str, message: str) -> None:
    raise ValidationError(message, {field: [message]})


def _check(submission: Submission) -> None:
    if submission.category not in CATEGORIES:
        _refuse("category", _("Choose what your complaint is about."))
    if len(submission.text) > MAX_TEXT:
        _refuse("text", _("Write at most %(n)d characters.", n=MAX_TEXT))
    if len(submission.contact) > MAX_CONTACT:
        _refuse("contact", _("Write at most %(n)d characters.", n=MAX_CONTACT))
    for name in ("text", "contact"):
        if "\x00" in getattr(submission, name):
            _refuse(name, _("Text may not contain NUL characters."))


def submission_hash(submission: Submission) -> str:
    digest = hashlib.sha256()
    for part in (submission.category, submission.text, submission.contact):
        digest.update(part.encode() + b"\0")
    digest.update(hashlib.sha256(submission.photo or b"").digest())
    return digest.hexdigest()


def _replay(token: ResidentToken, key: str | None, digest: str) -> Complaint | None:
    if not key:
        return None
    existing = db.session.scalar(
        select(Complaint).where(
            Complaint.token_id == token.id, Complaint.idempotency_key == key
        )
    )
    if existing is not None and existing.request_hash != digest:
        raise KeyReused(
            _("This Idempotency-Key was already used for a different request."),
            {"Idempotency-Key": [_("Use a new key for a new request.")]},
        )
    return existing


def _photo_key(photo: bytes | None) -> str | None:
    if not photo:
        return None
    jpeg, _width, _height = reencode_photo(photo)  # sniffed, shrunk, no metadata
    return storage().save(jpeg, ".jpg")


def submit_complaint(
    token: ResidentToken, submission: Submission, *, now: datetime, key=None
) -> tuple[Complaint, bool]:
    """Store a complaint; ``(complaint, replayed)``. A retried submit with the
    same ``key`` on the same card returns the first complaint."""
    if token.is_revoked:
        raise CardOutdated(_("This information card is outdated."))
    _check(submission)
    digest = submission_hash(submission)
    existing = _replay(token, key, digest)
    if existing is not None:
        return existing, True
    complaint = Complaint(
        receipt=new_receipt(),
        token_id=token.id,
        location_id=token.location_id,
        company_id=token.location.company_id,
        category=submission.category,
        text=submission.text.strip(),
        contact=submission.contact.strip(),
        photo_key=_photo_key(submission.photo),
        language=submission.language,
        idempotency_key=key,
        request_hash=digest,
        created_at=now,
        updated_at=now,
    )
    db.session.add(complaint)
    db.session.flush()
    log_status(None, complaint, "received", "", now)
    return complaint, False


def log_status(actor, complaint: Complaint, status: str, note: str, now) -> None:
    before = complaint.status if complaint.changes else None
    complaint.status = status
    complaint.updated_at = now
    db.session.add(
        ComplaintStatusChange(
            complaint=complaint,
            status=status,
            note=note,
            changed_at=now,
            changed_by_id=getattr(actor, "id", None),
        )
    )
    db.session.flush()
    # The audit entry names the category and the status, never the text or
    # the contact: the log is read more widely than the complaint.
    audit.record(
        actor,
        f"complaint.{status}",
        "complaint",
        complaint.id,
        now=now,
        before={"status": before} if before else None,
        after={"status": status, "category": complaint.category},
        note=note or None,
    )


def find_by_receipt(token: ResidentToken, code: str) -> Complaint:
    """A complaint by its receipt, only on the card it was sent from."""
    query = select(Complaint).where(
        Complaint.receipt == normalise_receipt(code),
        Complaint.location_id == token.location_id,
    )
    complaint = db.session.scalar(query)
    if complaint is None:
        raise NotFound(_("No complaint with this receipt code."))
    return complaint


def get_complaint(complaint_id: int) -> Complaint:
    complaint = db.session.get(Complaint, complaint_id)
    if complaint is None:
        raise NotFound(_("This complaint does not exist."))
    return complaint


def photo_of(complaint: Complaint) -> bytes | None:
    return storage().load(complaint.photo_key) if complaint.photo_key else None


# The kind of visit a complaint leads to (DOMAIN.md §3: targeted, after a
# complaint; the company is not told beforehand): snf.residents.triage plans it.
COMPLAINT_INSPECTION_KIND = "targeted"


def categories_behind(inspection) -> list[str]:
    """The categories (codes) of the complaints an inspection was planned
    after; never the text, the contact or who sent them. Triage plans them
    all, of one kind: any other inspection has none (no statement)."""
    if inspection.kind != COMPLAINT_INSPECTION_KIND:
        return []
    query = select(Complaint.category).where(Complaint.inspection_id == inspection.id)
    return sorted(set(db.session.scalars(query)))


def inspection_context(inspection) -> dict | None:
    """What the inspector of an inspection planned after complaints reads:
    their categories, in the reader's language."""
    from snf.residents.labels import CATEGORY_LABELS

    categories = categories_behind(inspection)
    if not categories:
        return None
    return {"categories": [str(CATEGORY_LABELS[c]) for c in categories]}
