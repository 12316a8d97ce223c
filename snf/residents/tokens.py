"""Resident tokens: one active per location, random, never the location's id.

A location gets its token when it is registered (``give_token``, connected
to the locations service's ``location_registered`` in ``init_app``), locations
made without the service (the scaled demo) through ``issue_missing_tokens``.
Revoking keeps the old row, so an old card answers "outdated" instead of
"unknown".
"""

import secrets
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import insert, select
from sqlalchemy.orm import joinedload

from snf import audit
from snf.errors import NotFound
from snf.extensions import db
from snf.inspections.models import Location
from snf.residents.models import ResidentToken

TOKEN_BYTES = 16  # 128 bits: 22 characters in the URL


def new_token_value() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def find_token(value: str) -> ResidentToken:
    """The token behind ``/r/<value>``, revoked or not; 404 when unknown."""
    token = None
    if value and len(value) <= 64:
        # The page reads the location and its company: one query for all.
        query = (
            select(ResidentToken)
            .where(ResidentToken.token == value)
            .options(joinedload(ResidentToken.location).joinedload(Location.company))
        )
        token = db.session.scalar(query)
    if token is None:
        raise NotFound(_("This resident page does not exist."))
    return token


def active_token(location_id: int) -> ResidentToken | None:
    query = select(ResidentToken).where(
        ResidentToken.location_id == location_id, ResidentToken.revoked_at.is_(None)
    )
    return db.session.scalars(query.order_by(ResidentToken.id.desc())).first()


def active_tokens(location_ids) -> dict[int, str]:
    """Location id -> its active token value, in one query."""
    if not location_ids:
        return {}
    query = select(ResidentToken.location_id, ResidentToken.token).where(
        ResidentToken.location_id.in_(list(location_ids)),
        ResidentToken.revoked_at.is_(None),
    )
    return dict(db.session.execute(query).all())


def revoke_token(actor, location: Location, *, now: datetime) -> ResidentToken:
    """SNF revokes the location's token (e.g. a card was misused); the new
    token is printed on the next card. The old page says it is outdated."""
    old = active_token(location.id)
    if old is not None:
        old.revoked_at = now
        old.revoked_by_id = getattr(actor, "id", None)
    token = ResidentToken(location_id=location.id, token=new_token_value())
    db.session.add(token)
    db.session.flush()
    audit.record(
        actor,
        "resident_token.revoke",
        "location",
        location.id,
        now=now,
        before={"token": old.id if old else None},
        after={"token": token.id},
    )
    return token


def issue_missing_tokens(*, now: datetime) -> int:
    """Give every location without an active token one (bulk, idempotent)."""
    has_token = select(ResidentToken.location_id).where(
        ResidentToken.revoked_at.is_(None)
    )
    missing = db.session.scalars(
        select(Location.id).where(Location.id.not_in(has_token))
    ).all()
    rows = [
        {"location_id": lid, "token": new_token_value(), "created_at": now}
        for lid in missing
    ]
    for start in range(0, len(rows), 1000):
        db.session.execute(insert(ResidentToken), rows[start : start + 1000])
    return len(rows)


def give_token(_app, *, location: Location, now: datetime, **_extra) -> None:
    """A newly registered location gets its first token in the same
    transaction."""
    token = ResidentToken(location=location, token=new_token_value(), created_at=now)
    db.session.add(token)
