"""Organisations, users, their sessions and API tokens."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from snf.database import UTCDateTime, utcnow
from snf.extensions import db

ROLES = ("admin", "inspector", "company", "verifier", "municipality")
ORGANISATION_KINDS = (
    "snf",
    "inspection_body",
    "company",
    "association",
    "municipality",
)
# Which kind of organisation a role belongs to.
ROLE_ORGANISATION_KIND = {
    "admin": "snf",
    "inspector": "inspection_body",
    "company": "company",
    "verifier": "association",
    "municipality": "municipality",
}


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


# The quality mark a company is certified under (DOMAIN.md §6, API 1.2): the
# norm code its inspections are judged by.
MARKS = ("SNF", "AGRI")


class Organisation(db.Model):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(_in("kind", ORGANISATION_KINDS), name="kind"),
        CheckConstraint(_in("mark", MARKS), name="mark"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    # Private landlords have no KvK number; when present it is unique.
    kvk: Mapped[str | None] = mapped_column(String(8), unique=True)
    town: Mapped[str | None] = mapped_column(String(100))
    mark: Mapped[str] = mapped_column(String(10), default="SNF", server_default="SNF")
    # A municipality's organisation: the CBS code (GM0983) it stands for. No
    # foreign key: accounts sit below geography, and a merged municipality
    # stays in the list (inactive) anyway.
    municipality_code: Mapped[str | None] = mapped_column(String(6), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    users: Mapped[list["User"]] = relationship(back_populates="organisation")

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.kind} {self.name!r}>"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="users")

    # Set by the session loader: the server-side session this request runs in.
    session_token = None

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str | None:
        # Flask-Login keeps this in the cookie: the session token, never the
        # user id, so that a session can be ended on the server.
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class UserSession(db.Model):
    """A login on one device; deleting the row ends the session everywhere."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<UserSession {self.id} user={self.user_id}>"


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} user={self.user_id}>"


CLAIM_STATUSES = ("pending", "confirmed", "rejected")


class CompanyClaim(db.Model):
    """A self-signup: a claim that the signer runs the company with this KvK
    number. Nothing is public until SNF staff confirm it; two claims on one
    number may wait side by side (no unique KvK here, on purpose)."""

    __tablename__ = "company_claims"
    __table_args__ = (CheckConstraint(_in("status", CLAIM_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    kvk: Mapped[str] = mapped_column(String(8), index=True)
    company_name: Mapped[str] = mapped_column(String(200))
    town: Mapped[str] = mapped_column(String(100))
    contact_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), index=True)
    # Kept only while pending: the account is made from it on confirmation.
    password_hash: Mapped[str] = mapped_column(String(200), default="")
    inspection_body_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    # The KvK extract, in snf.storage; the type comes from its content.
    extract_key: Mapped[str] = mapped_column(String(100))
    extract_type: Mapped[str] = mapped_column(String(40))
    # The language the claimant used: the mails about this claim use it.
    language: Mapped[str] = mapped_column(String(5), default="nl")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(String(2000))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))

    inspection_body: Mapped[Organisation] = relationship(
        foreign_keys=[inspection_body_id]
    )
    organisation: Mapped[Organisation | None] = relationship(
        foreign_keys=[organisation_id]
    )

    def __repr__(self) -> str:
        return f"<CompanyClaim {self.id} {self.kvk} {self.status}>"
