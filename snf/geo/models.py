"""Municipalities, the postcode + house number table of CBS, and regions of
municipalities with their housing agreements. Geography knows no locations,
inspections or certificates: a location points here, never the other way."""

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from snf.database import AMSTERDAM, UTCDateTime, utcnow
from snf.extensions import db


class Municipality(db.Model):
    """A municipality by its CBS code (GM0983). ``active`` is false once the
    last imported list no longer has it (merged into another)."""

    __tablename__ = "municipalities"
    __table_args__ = (CheckConstraint("code LIKE 'GM%'", name="code"),)

    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    province_code: Mapped[str] = mapped_column(String(4))
    province: Mapped[str] = mapped_column(String(40), index=True)
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Municipality {self.code} {self.name}>"


class AddressMunicipality(db.Model):
    """One line of CBS's "gemeente per postcode en huisnummer" (~8 million)."""

    __tablename__ = "address_municipalities"

    postcode: Mapped[str] = mapped_column(String(6), primary_key=True)
    house_number: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: the address file is loaded in bulk and may be a year
    # ahead of or behind the list of municipalities.
    municipality_code: Mapped[str] = mapped_column(String(6))

    def __repr__(self) -> str:
        return f"<AddressMunicipality {self.postcode} {self.house_number}>"


class Region(db.Model):
    """Municipalities that made one agreement on places to realise."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list["RegionMunicipality"]] = relationship(
        cascade="all, delete-orphan", order_by="RegionMunicipality.municipality_code"
    )
    agreements: Mapped[list["RegionAgreement"]] = relationship(
        cascade="all, delete-orphan", order_by="RegionAgreement.id"
    )

    @property
    def municipality_codes(self) -> list[str]:
        return [member.municipality_code for member in self.members]

    @property
    def agreement(self) -> "RegionAgreement | None":
        """The agreement in force: the last one recorded."""
        return self.agreements[-1] if self.agreements else None

    def agreement_on(self, day: date) -> "RegionAgreement | None":
        """The terms known on ``day``: the last revision recorded by then; for
        a day before the first was recorded, the first (the original terms)."""
        known = [
            a
            for a in self.agreements
            if a.recorded_at.astimezone(AMSTERDAM).date() <= day
        ]
        if known:
            return known[-1]
        return self.agreements[0] if self.agreements else None

    def __repr__(self) -> str:
        return f"<Region {self.code}>"


class RegionMunicipality(db.Model):
    __tablename__ = "region_municipalities"

    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), primary_key=True)
    municipality_code: Mapped[str] = mapped_column(
        ForeignKey("municipalities.code"), primary_key=True
    )
    municipality: Mapped[Municipality] = relationship()

    def __repr__(self) -> str:
        return f"<RegionMunicipality {self.region_id} {self.municipality_code}>"


class RegionAgreement(db.Model):
    """One version of a region's agreement; a revision adds a row, so the
    history of what was agreed stays."""

    __tablename__ = "region_agreements"
    __table_args__ = (
        CheckConstraint("places > 0", name="places"),
        CheckConstraint("target > start", name="dates"),
        Index("ix_region_agreements_region", "region_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"))
    places: Mapped[int]
    start: Mapped[date]
    target: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def __repr__(self) -> str:
        return f"<RegionAgreement {self.region_id} {self.places} {self.target}>"


class DemandReport(db.Model):
    """What a company stated for one half-year (``2026H2``) and municipality:
    how many labour migrants it employs there and how many of them it houses
    (API 1.2, "Demand"). A new statement for the period replaces its lines."""

    __tablename__ = "demand_reports"
    __table_args__ = (
        CheckConstraint("employed >= 0", name="employed"),
        CheckConstraint("housed >= 0 AND housed <= employed", name="housed"),
        UniqueConstraint("company_id", "period", "municipality_code"),
        Index("ix_demand_reports_period", "period", "municipality_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    period: Mapped[str] = mapped_column(String(6))
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipalities.code"))
    employed: Mapped[int]
    housed: Mapped[int]
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def __repr__(self) -> str:
        return (
            f"<DemandReport {self.company_id} {self.period} {self.municipality_code}>"
        )
