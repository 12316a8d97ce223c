"""Accounts, sessions and tokens. Services flush; the caller commits."""

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import joinedload

from snf import audit
from snf.auth.models import (
    ROLE_ORGANISATION_KIND,
    ROLES,
    ApiToken,
    Organisation,
    User,
    UserSession,
)
from snf.errors import Conflict, ValidationError
from snf.extensions import db

MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()  # argon2id with the library's current parameters
# Verified against when the e-mail is unknown, so both paths cost the same.
_DUMMY_HASH = _hasher.hash("not-a-real-password-for-timing")


class AuthenticationFailed(ValidationError):
    status = 401


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            _("The password is too short."),
            {"password": [_("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)]},
        )
    return _hasher.hash(password)


def _password_matches(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def find_organisation(name: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def create_organisation(
    actor,
    *,
    kind: str,
    name: str,
    now: datetime,
    kvk=None,
    town=None,
    mark="SNF",
    municipality_code=None,
) -> Organisation:
    if kvk and db.session.scalar(select(Organisation).where(Organisation.kvk == kvk)):
        raise Conflict(
            _("An organisation with this KvK number already exists."),
            {"kvk": [_("This KvK number is already registered.")]},
        )
    values = {
        "kind": kind,
        "name": name,
        "kvk": kvk or None,
        "town": town,
        "mark": mark,
        "municipality_code": municipality_code,
    }
    organisation = Organisation(**values)
    db.session.add(organisation)
    db.session.flush()
    audit.record(
        actor, "organisation.create", "organisation", organisation.id, now=now,
        after={**values, "kvk": kvk},
    )  # fmt: skip
    return organisation


def create_user(
    actor,
    *,
    email: str,
    password: str | None,
    role: str,
    organisation: Organisation,
    now: datetime,
    name: str = "",
    password_hash: str | None = None,
) -> User:
    """Create an account; the role must fit the kind of organisation.

    ``password_hash`` (instead of a password) comes from a confirmed claim."""
    email = normalise_email(email)
    _check_new_user(email, role, organisation)
    user = User(
        email=email,
        name=name,
        password_hash=password_hash or hash_password(password or ""),
        role=role,
        organisation=organisation,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        actor,
        "user.create",
        "user",
        user.id,
        now=now,
        after={"email": email, "role": role, "organisation_id": organisation.id},
    )
    return user


def _check_new_user(email: str, role: str, organisation: Organisation) -> None:
    if role not in ROLES:
        raise ValidationError(_("Unknown role."), {"role": [_("Unknown role.")]})
    if ROLE_ORGANISATION_KIND[role] != organisation.kind:
        message = _("This role does not belong to this kind of organisation.")
        raise ValidationError(message, {"role": [message]})
    if organisation.kind == "municipality" and not organisation.municipality_code:
        message = _("A municipality's account needs the municipality's CBS code.")
        raise ValidationError(message, {"organisation": [message]})
    if find_user_by_email(email):
        message = _("An account with this e-mail address already exists.")
        raise Conflict(message, {"email": [message]})


def authenticate(email: str, password: str) -> User:
    """The user with these credentials, or AuthenticationFailed.

    The message never tells whether the e-mail address exists.
    """
    user = find_user_by_email(email)
    matches = _password_matches(user.password_hash if user else _DUMMY_HASH, password)
    if not (user and matches and user.active):
        raise AuthenticationFailed(_("Unknown e-mail address or wrong password."))
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def start_session(user: User, *, now: datetime, lifetime: timedelta) -> str:
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(user=user, token_hash=hash_token(token), expires_at=now + lifetime)
    )
    db.session.flush()
    user.session_token = token
    return token


# Built once: every signed-in request asks (building the statement cost
# about as much as running it). Values are bound per call. The user's
# organisation comes along: every signed-in page names it in its top bar.
_SESSION_USER = (
    select(User)
    .options(joinedload(User.organisation))
    .join(UserSession, UserSession.user_id == User.id)
    .where(
        UserSession.token_hash == bindparam("token_hash"),
        UserSession.expires_at > bindparam("now"),
        User.active.is_(True),
    )
)


def load_session_user(token: str, *, now: datetime) -> User | None:
    """The active user of a live session (one statement)."""
    values = {"token_hash": hash_token(token), "now": now}
    user = db.session.scalar(_SESSION_USER, values)
    if user is None:
        return None
    user.session_token = token
    return user


def end_session(token: str | None) -> None:
    if token:
        db.session.execute(
            delete(UserSession).where(UserSession.token_hash == hash_token(token))
        )


def issue_token(
    user: User, *, now: datetime, lifetime: timedelta
) -> tuple[str, datetime]:
    """A new bearer token; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    expires_at = now + lifetime
    db.session.add(
        ApiToken(user=user, token_hash=hash_token(token), expires_at=expires_at)
    )
    db.session.flush()
    audit.record(
        user, "token.issue", "user", user.id, now=now, after={"expires_at": expires_at}
    )
    return token, expires_at


_TOKEN_USER = (
    select(User)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(
        ApiToken.token_hash == bindparam("token_hash"),
        ApiToken.revoked_at.is_(None),
        ApiToken.expires_at > bindparam("now"),
        User.active.is_(True),
    )
)


def load_token_user(token: str, *, now: datetime) -> User | None:
    """The active user of a valid bearer token (one statement)."""
    return db.session.scalar(_TOKEN_USER, {"token_hash": hash_token(token), "now": now})


def revoke_token(user: User, token: str, *, now: datetime) -> None:
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_token(token))
    )
    if row and row.user_id == user.id and row.revoked_at is None:
        row.revoked_at = now
        audit.record(user, "token.revoke", "user", user.id, now=now)


def set_active(actor, user: User, active: bool, *, now: datetime) -> None:
    """(De)activate an account; deactivation ends its sessions and tokens at once."""
    before = user.active
    user.active = active
    if not active:
        db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
        db.session.execute(
            ApiToken.__table__.update()
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
    audit.record(
        actor,
        "user.set_active",
        "user",
        user.id,
        now=now,
        before={"active": before},
        after={"active": active},
    )
