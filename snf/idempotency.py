"""Idempotent writes: the same ``Idempotency-Key`` and body give the same answer
and no second effect, across processes (the record lives in the database).

The record is inserted before the effect and committed with it, in one
transaction: a concurrent duplicate waits on the unique index (PostgreSQL) or
on the write lock (SQLite) and then replays the stored answer. Only 2xx answers
are stored; an error rolls everything back, so a retry simply runs again.
"""

import hashlib
from datetime import datetime
from functools import wraps

from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from snf.database import UTCDateTime, utcnow
from snf.errors import ValidationError
from snf.extensions import db

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200


class IdempotencyRecord(db.Model):
    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None]
    body: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<IdempotencyRecord {self.user_id}:{self.key}>"


class KeyReused(ValidationError):
    status = 422


def _request_hash() -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.get_data()):
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _find(user_id: int, key: str) -> IdempotencyRecord | None:
    query = select(IdempotencyRecord).where(
        IdempotencyRecord.user_id == user_id, IdempotencyRecord.key == key
    )
    return db.session.scalar(query)


def _replay(record: IdempotencyRecord, request_hash: str) -> Response:
    if record.request_hash != request_hash:
        raise KeyReused(
            _("This Idempotency-Key was already used for a different request."),
            {HEADER: [_("Use a new key for a new request.")]},
        )
    response = Response(record.body, status=record.status_code)
    for name, value in (record.headers or {}).items():
        response.headers[name] = value
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _claim(key: str, request_hash: str):
    """Insert the record, or return the answer of the request that did."""
    existing = _find(current_user.id, key)
    if existing is not None:
        return None, _replay(existing, request_hash)
    record = IdempotencyRecord(
        user_id=current_user.id, key=key, request_hash=request_hash
    )
    try:
        with db.session.begin_nested():
            db.session.add(record)
    except IntegrityError:
        # Another process holds this key and has committed by now.
        db.session.rollback()
        return None, _replay(_find(current_user.id, key), request_hash)
    return record, None


def _check_key(key: str) -> None:
    if not (0 < len(key) <= MAX_KEY_LENGTH) or not key.isprintable():
        raise ValidationError(
            _("The Idempotency-Key header is not valid."),
            {HEADER: [_("Use 1 to 200 printable characters.")]},
        )


def idempotent(view):
    """Decorate a write endpoint (outside its response serialisation). The
    view must not commit: this decorator commits the effect and the stored
    answer together."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            response = view(*args, **kwargs)
            db.session.commit()
            return response
        # Who is asking comes first: the record is kept per user, and an
        # anonymous caller must learn nothing about the endpoint.
        if not current_user.is_authenticated:
            from snf.auth.permissions import NotAuthenticated

            raise NotAuthenticated(_("Please log in first."))
        _check_key(key)
        record, replay = _claim(key, _request_hash())
        if replay is not None:
            return replay
        response = view(*args, **kwargs)
        if not isinstance(response, Response):
            raise TypeError("@idempotent must wrap the serialised response")
        if 200 <= response.status_code < 300:
            _store(record, response)
            db.session.commit()
        else:
            db.session.rollback()
        return response

    return wrapper


def _store(record: IdempotencyRecord, response: Response) -> None:
    record.status_code = response.status_code
    record.body = response.get_data(as_text=True)
    kept = ("Content-Type", "Location", "ETag")
    record.headers = {k: v for k, v in response.headers.items() if k in kept}
    db.session.flush()
