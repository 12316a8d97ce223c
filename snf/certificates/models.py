"""Applications, certificates and the append-only status history.

The status of a company on any date is the latest change effective on or
before that date; nothing is ever updated or deleted in the history.
"""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from snf.auth.models import Organisation
from snf.database import UTCDateTime, utcnow
from snf.extensions import db
from snf.inspections.models import Location
from snf.norms.models import NormVersion

STATUSES = ("applied", "registered", "suspended", "struck_off", "expired")
APPLICATION_STATES = ("open", "issued", "withdrawn")


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Application(db.Model):
    __tablename__ = "applications"
    __table_args__ = (CheckConstraint(_in("state", APPLICATION_STATES), name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    inspection_body_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    state: Mapped[str] = mapped_column(String(10), default="open")
    applied_on: Mapped[date]
    entry_fee_paid_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    company: Mapped[Organisation] = relationship(foreign_keys=[company_id])
    inspection_body: Mapped[Organisation] = relationship(
        foreign_keys=[inspection_body_id]
    )

    def __repr__(self) -> str:
        return f"<Application {self.id} company={self.company_id} {self.state}>"


class Certificate(db.Model):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    norm_version_id: Mapped[int] = mapped_column(ForeignKey("norm_versions.id"))
    valid_from: Mapped[date]
    valid_until: Mapped[date]
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The signed payload printed in the QR code of the latest PDF.
    payload: Mapped[str] = mapped_column(Text)
    locations_count: Mapped[int]
    beds: Mapped[int]

    company: Mapped[Organisation] = relationship()
    norm_version: Mapped[NormVersion] = relationship()
    locations: Mapped[list["CertificateLocation"]] = relationship(
        back_populates="certificate", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Certificate {self.number}>"


class CertificateLocation(db.Model):
    """A location covered by a certificate, with its beds when issued."""

    __tablename__ = "certificate_locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(
        ForeignKey("certificates.id"), index=True
    )
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    beds: Mapped[int]

    certificate: Mapped[Certificate] = relationship(back_populates="locations")
    location: Mapped[Location] = relationship()

    def __repr__(self) -> str:
        return f"<CertificateLocation {self.certificate_id}:{self.location_id}>"


class StatusChange(db.Model):
    """One dated change of a company's status; ``id`` orders the change feed."""

    __tablename__ = "status_changes"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="status"),
        Index("ix_status_changes_company_effective", "company_id", "effective", "id"),
        # "Registered since": the latest register action of a company.
        Index("ix_status_changes_company_action", "company_id", "action", "effective"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    status: Mapped[str] = mapped_column(String(12))
    effective: Mapped[date]
    action: Mapped[str] = mapped_column(String(20))
    # A reason the system composed is a code with parameters (see
    # snf.certificates.reasons), rendered in the reader's language; ``reason``
    # holds what staff typed, as typed ("" for a coded reason).
    reason: Mapped[str] = mapped_column(Text, default="")
    reason_code: Mapped[str | None] = mapped_column(String(40))
    reason_params: Mapped[dict | None] = mapped_column(JSON)
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    cause_type: Mapped[str | None] = mapped_column(String(20))
    cause_id: Mapped[int | None]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    certificate: Mapped[Certificate | None] = relationship()

    def __repr__(self) -> str:
        return (
            f"<StatusChange {self.id} {self.company_id} {self.status} {self.effective}>"
        )
