"""Resident tokens (the QR code on a location's information card) and the
complaints residents send through them."""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from snf.auth.models import User
from snf.database import UTCDateTime, utcnow
from snf.extensions import db
from snf.inspections.models import Inspection, Location

CATEGORIES = (
    "overcrowding",
    "bedroom_sharing",
    "heating_hot_water",
    "fire_safety",
    "sanitary",
    "kitchen",
    "damp_mould",
    "other",
)
STATUSES = (
    "received",
    "triaged",
    "inspection_planned",
    "substantiated",
    "not_substantiated",
    "closed",
)


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ResidentToken(db.Model):
    """The random part of a location's resident address (``/r/<token>``).
    Revoking keeps the row: an old card then says it is outdated."""

    __tablename__ = "resident_tokens"
    __table_args__ = (
        Index("ix_resident_tokens_location", "location_id", "revoked_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    location: Mapped[Location] = relationship()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def __repr__(self) -> str:
        return f"<ResidentToken {self.id} location={self.location_id}>"


class Complaint(db.Model):
    """A resident's complaint. The text and the contact are for SNF staff
    only; a company never reads them, an inspector sees the category."""

    __tablename__ = "complaints"
    __table_args__ = (
        CheckConstraint(_in("category", CATEGORIES), name="category"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        # A retried submit (same Idempotency-Key on the same card) is one.
        UniqueConstraint("token_id", "idempotency_key"),
        Index("ix_complaints_status_created", "status", "created_at"),
        Index("ix_complaints_location_created", "location_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt: Mapped[str] = mapped_column(String(12), unique=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("resident_tokens.id"))
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    # The company primarily responsible when the complaint came in.
    company_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    photo_key: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(5), default="en")
    status: Mapped[str] = mapped_column(String(20), default="received")
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id"))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    request_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    location: Mapped[Location] = relationship()
    inspection: Mapped[Inspection | None] = relationship()
    changes: Mapped[list["ComplaintStatusChange"]] = relationship(
        back_populates="complaint", order_by="ComplaintStatusChange.id"
    )

    def __repr__(self) -> str:
        return f"<Complaint {self.id} {self.category} {self.status}>"


class ComplaintStatusChange(db.Model):
    """One step of a complaint (append-only); the receipt shows the latest."""

    __tablename__ = "complaint_status_changes"
    __table_args__ = (CheckConstraint(_in("status", STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    complaint: Mapped[Complaint] = relationship(back_populates="changes")
    changed_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ComplaintStatusChange {self.complaint_id} {self.status}>"


class ResidentContact(db.Model):
    """What a company prints on its cards: how residents reach it, day and
    night. One row per company; the company keeps it current."""

    __tablename__ = "resident_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), unique=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    emergency_phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<ResidentContact company={self.company_id}>"
