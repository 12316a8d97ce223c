"""Photos and documents: checked by content, photos re-encoded and shrunk."""

import hashlib
import io
import warnings

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select

from snf import audit
from snf.errors import Conflict, DomainError, ValidationError
from snf.extensions import db
from snf.inspections.models import Attachment
from snf.storage import storage

MAX_EDGE = 1600
MAX_PIXELS = 50_000_000  # a decompression bomb is refused before decoding
ACCEPTED_FORMATS = {"JPEG", "PNG"}


class TooLarge(DomainError):
    status = 413


def _decode(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise ValueError(image.format)
            if image.width * image.height > MAX_PIXELS:
                raise ValueError("too many pixels")
            image.load()
    except (
        UnidentifiedImageError,
        ValueError,
        OSError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ) as exc:
        message = _("This file is not a JPEG or PNG photo.")
        raise ValidationError(message, {"photo": [message]}) from exc
    return image


def reencode_photo(data: bytes) -> tuple[bytes, int, int]:
    """Decode (by content, whatever the name says), turn upright, shrink to at
    most 1600 px and write a fresh JPEG: no metadata, no hidden payload."""
    limit = current_app.config["MAX_PHOTO_BYTES"]
    if len(data) > limit:
        message = _("The photo is larger than %(mb)d MB.", mb=limit // (1024 * 1024))
        raise TooLarge(message, {"photo": [message]})
    image = ImageOps.exif_transpose(_decode(data))
    image = image.convert("RGB")
    image.thumbnail((MAX_EDGE, MAX_EDGE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue(), image.width, image.height


def find_by_client_id(user, client_id: str | None) -> Attachment | None:
    if not client_id:
        return None
    query = select(Attachment).where(
        Attachment.uploaded_by_id == user.id, Attachment.client_id == client_id
    )
    return db.session.scalar(query)


def _refuse_if_submitted(inspection) -> None:
    if inspection is not None and inspection.is_submitted:
        # A submitted inspection is the record the verdict rests on: it changes
        # only through a correction, with a reason and a revision.
        message = _("This inspection is submitted: photos can no longer be added.")
        raise Conflict(message, {"photo": [message]})


def _stored_jpeg(jpeg: bytes, width: int, height: int, now) -> dict:
    """Save the photo in the storage; the attachment's fields that describe it."""
    return {
        "storage_key": storage().save(jpeg, ".jpg"),
        "filename": f"photo-{now:%Y%m%d-%H%M%S}.jpg",
        "content_type": "image/jpeg",
        "size": len(jpeg),
        "width": width,
        "height": height,
        "sha256": hashlib.sha256(jpeg).hexdigest(),
    }


def add_photo(
    actor,
    data: bytes,
    *,
    now,
    inspection=None,
    requirement_code=None,
    repair_letter=None,
    client_id: str | None = None,
) -> Attachment:
    """Store a photo once: a retried upload with the same client id returns
    the attachment made the first time."""
    existing = find_by_client_id(actor, client_id)
    if existing is not None:
        return existing
    _refuse_if_submitted(inspection)
    jpeg, width, height = reencode_photo(data)
    attachment = Attachment(
        inspection_id=getattr(inspection, "id", None),
        requirement_code=requirement_code,
        repair_letter_id=getattr(repair_letter, "id", None),
        client_id=client_id,
        uploaded_by_id=actor.id,
        **_stored_jpeg(jpeg, width, height, now),
    )
    db.session.add(attachment)
    db.session.flush()
    audit.record(
        actor,
        "attachment.add",
        "attachment",
        attachment.id,
        now=now,
        after={
            "inspection": attachment.inspection_id,
            "requirement": requirement_code,
            "size": len(jpeg),
        },
    )
    return attachment


def photos_of(inspection) -> list[Attachment]:
    query = select(Attachment).where(Attachment.inspection_id == inspection.id)
    return list(db.session.scalars(query.order_by(Attachment.id)))


def read(attachment: Attachment) -> bytes:
    return storage().load(attachment.storage_key)
