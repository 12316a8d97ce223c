"""Locations, inspections, findings, repair letters and attachments."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from snf.auth.models import Organisation, User
from snf.database import UTCDateTime, utcnow
from snf.extensions import db
from snf.geo.addresses import written_address, written_number, written_postcode
from snf.geo.models import Municipality
from snf.norms.models import NormVersion, Requirement

INSPECTION_KINDS = (
    "administrative",
    "initial",
    "periodic",
    "reinspection",
    "ad_hoc",
    "targeted",
    "urgent",
)
INSPECTION_STATUSES = ("planned", "in_progress", "submitted")
FINDING_STATUSES = ("open", "repair_submitted", "reinspection", "closed")
USE_CLASSES = ("wonen", "logies")
SEASONS = ("year_round", "seasonal")


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Address:
    """An address written the Dutch way: "Kerkstraat 12A-3, 1234 AB Utrecht"."""

    @property
    def address(self) -> str:
        return written_address(
            self.street,
            self.house_number,
            self.house_letter,
            self.house_addition,
            self.postcode,
            self.town,
        )

    @property
    def written_house_number(self) -> str:
        return written_number(self.house_number, self.house_letter, self.house_addition)

    @property
    def written_postcode(self) -> str:
        return written_postcode(self.postcode)


class Location(Address, db.Model):
    """A housing location; one company is primarily responsible for it."""

    __tablename__ = "locations"
    __table_args__ = (
        # One address, one location: other companies that use it report it.
        UniqueConstraint("postcode", "house_number", "house_letter", "house_addition"),
        CheckConstraint(_in("use_class", USE_CLASSES), name="use_class"),
        CheckConstraint(_in("season", SEASONS), name="season"),
        CheckConstraint("beds >= 0", name="beds"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    street: Mapped[str] = mapped_column(String(120))
    house_number: Mapped[int]
    house_letter: Mapped[str] = mapped_column(String(1), default="")
    house_addition: Mapped[str] = mapped_column(String(4), default="")
    postcode: Mapped[str] = mapped_column(String(6), index=True)
    town: Mapped[str] = mapped_column(String(80), index=True)
    bag_id: Mapped[str | None] = mapped_column(String(16), unique=True)
    housing_type: Mapped[str] = mapped_column(String(30))
    use_class: Mapped[str] = mapped_column(String(10))
    season: Mapped[str] = mapped_column(
        String(10), default="year_round", server_default="year_round"
    )
    beds: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # From postcode + house number through the CBS table, or set by staff
    # (then a re-import leaves it alone).
    municipality_code: Mapped[str | None] = mapped_column(
        ForeignKey("municipalities.code"), index=True
    )
    municipality_by_hand: Mapped[bool] = mapped_column(
        default=False, server_default=false()
    )

    company: Mapped[Organisation] = relationship()
    municipality: Mapped[Municipality | None] = relationship()
    users: Mapped[list["LocationUser"]] = relationship(
        back_populates="location", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Location {self.id} {self.postcode} {self.house_number}>"


class LocationUser(db.Model):
    """Another company that houses people at a location it does not manage."""

    __tablename__ = "location_users"
    __table_args__ = (UniqueConstraint("location_id", "company_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    location: Mapped[Location] = relationship(back_populates="users")
    company: Mapped[Organisation] = relationship()

    def __repr__(self) -> str:
        return f"<LocationUser {self.location_id} {self.company_id}>"


REQUEST_STATUSES = ("pending", "approved", "rejected")


class LocationRequest(Address, db.Model):
    """A company asks to register an address. Whether someone already uses the
    address is never told to the requester: the primarily responsible company
    (known address) or SNF (new address) decides."""

    __tablename__ = "location_requests"
    __table_args__ = (
        CheckConstraint(_in("status", REQUEST_STATUSES), name="status"),
        CheckConstraint(_in("use_class", USE_CLASSES), name="use_class"),
        CheckConstraint(_in("season", SEASONS), name="season"),
        CheckConstraint("beds >= 0", name="beds"),
        Index("ix_location_requests_status_location", "status", "location_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    company_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    # The registered location at this address when asked (None: a new address).
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))
    street: Mapped[str] = mapped_column(String(120))
    house_number: Mapped[int]
    house_letter: Mapped[str] = mapped_column(String(1), default="")
    house_addition: Mapped[str] = mapped_column(String(4), default="")
    postcode: Mapped[str] = mapped_column(String(6))
    town: Mapped[str] = mapped_column(String(80))
    bag_id: Mapped[str | None] = mapped_column(String(16))
    housing_type: Mapped[str] = mapped_column(String(30))
    use_class: Mapped[str] = mapped_column(String(10))
    season: Mapped[str] = mapped_column(
        String(10), default="year_round", server_default="year_round"
    )
    beds: Mapped[int]
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(String(2000))

    company: Mapped[Organisation] = relationship()
    location: Mapped[Location | None] = relationship()

    def __repr__(self) -> str:
        return f"<LocationRequest {self.id} {self.postcode} {self.status}>"


class Inspection(db.Model):
    __tablename__ = "inspections"
    __table_args__ = (
        CheckConstraint(_in("kind", INSPECTION_KINDS), name="kind"),
        CheckConstraint(_in("status", INSPECTION_STATUSES), name="status"),
        CheckConstraint(
            "kind = 'administrative' OR location_id IS NOT NULL", name="location"
        ),
        Index("ix_inspections_inspector_date", "inspector_id", "scheduled_for"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("locations.id"), index=True
    )
    inspection_body_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    inspector_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # Who planned it (None: the system, e.g. the CLI): enforcement acts only
    # on inspections planned by someone allowed to plan that kind.
    planned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))
    announced: Mapped[bool] = mapped_column(default=True)
    scheduled_for: Mapped[date] = mapped_column(index=True)
    # The day it was carried out: it decides which norm version applies.
    inspected_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(12), default="planned")
    norm_version_id: Mapped[int | None] = mapped_column(ForeignKey("norm_versions.id"))
    observations: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Bumped on every change of the observations: the ETag of the draft.
    revision: Mapped[int] = mapped_column(default=0)
    verdict: Mapped[str | None] = mapped_column(String(12))
    results: Mapped[list[dict] | None] = mapped_column(JSON)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    company: Mapped[Organisation] = relationship(foreign_keys=[company_id])
    location: Mapped[Location | None] = relationship()
    inspection_body: Mapped[Organisation] = relationship(
        foreign_keys=[inspection_body_id]
    )
    inspector: Mapped[User] = relationship(foreign_keys=[inspector_id])
    planned_by: Mapped[User | None] = relationship(foreign_keys=[planned_by_id])
    norm_version: Mapped[NormVersion | None] = relationship()
    findings: Mapped[list["Finding"]] = relationship(
        back_populates="inspection", order_by="Finding.id"
    )

    @property
    def is_submitted(self) -> bool:
        return self.status == "submitted"

    def __repr__(self) -> str:
        return f"<Inspection {self.id} {self.kind} {self.status}>"


class Finding(db.Model):
    """A failed requirement of a submitted inspection (tekortkoming)."""

    __tablename__ = "findings"
    __table_args__ = (
        CheckConstraint(_in("status", FINDING_STATUSES), name="status"),
        CheckConstraint("severity IN ('major', 'minor')", name="severity"),
        Index("ix_findings_company_status", "company_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("locations.id"), index=True
    )
    requirement_id: Mapped[int] = mapped_column(ForeignKey("requirements.id"))
    requirement_code: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(20), default="open")
    due: Mapped[date | None] = mapped_column(index=True)
    escalated_from_minor: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_how: Mapped[str | None] = mapped_column(String(20))
    closed_note: Mapped[str | None] = mapped_column(Text)

    inspection: Mapped[Inspection] = relationship(back_populates="findings")
    requirement: Mapped[Requirement] = relationship()
    location: Mapped[Location | None] = relationship()
    repair_letters: Mapped[list["RepairLetter"]] = relationship(
        back_populates="finding", order_by="RepairLetter.id"
    )

    @property
    def is_open(self) -> bool:
        return self.status != "closed"

    def __repr__(self) -> str:
        return f"<Finding {self.id} {self.requirement_code} {self.status}>"


class RepairLetter(db.Model):
    """The company's account of a repair, with evidence; staff decide on it."""

    __tablename__ = "repair_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decision: Mapped[str | None] = mapped_column(String(20))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    finding: Mapped[Finding] = relationship(back_populates="repair_letters")
    submitted_by: Mapped[User] = relationship(foreign_keys=[submitted_by_id])

    def __repr__(self) -> str:
        return f"<RepairLetter {self.id} finding={self.finding_id}>"


class Attachment(db.Model):
    """A photo or document, stored through snf.storage; one of the owners set."""

    __tablename__ = "attachments"
    __table_args__ = (
        # A client retrying an upload sends the same id: stored once.
        UniqueConstraint("uploaded_by_id", "client_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int | None] = mapped_column(
        ForeignKey("inspections.id"), index=True
    )
    requirement_code: Mapped[str | None] = mapped_column(String(20))
    repair_letter_id: Mapped[int | None] = mapped_column(
        ForeignKey("repair_letters.id"), index=True
    )
    storage_key: Mapped[str] = mapped_column(String(200), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    width: Mapped[int | None]
    height: Mapped[int | None]
    sha256: Mapped[str] = mapped_column(String(64))
    client_id: Mapped[str | None] = mapped_column(String(64))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Attachment {self.id} {self.content_type}>"


class PlanningRun(db.Model):
    """One planning run of a period (a year: "2027"): it runs once, and keeps
    what it counted and whom it told."""

    __tablename__ = "planning_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(10), unique=True)
    ran_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)

    def __repr__(self) -> str:
        return f"<PlanningRun {self.period}>"
