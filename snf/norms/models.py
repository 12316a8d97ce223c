"""Norms, their versions, sections and requirements.

A published version never changes (the database refuses it too, see the
migration's triggers); a change is a new version.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from snf.database import UTCDateTime, utcnow
from snf.extensions import db

VERSION_STATUSES = ("draft", "published", "retired")
SEVERITIES = ("major", "minor")
PARTS = ("administrative", "location")


class Norm(db.Model):
    __tablename__ = "norms"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(40))

    versions: Mapped[list["NormVersion"]] = relationship(
        back_populates="norm", order_by="NormVersion.effective_from"
    )

    def __repr__(self) -> str:
        return f"<Norm {self.code}>"


class NormVersion(db.Model):
    __tablename__ = "norm_versions"
    __table_args__ = (
        UniqueConstraint("norm_id", "version"),
        CheckConstraint("status IN ('draft', 'published', 'retired')", name="status"),
        CheckConstraint(
            "status = 'draft' OR effective_from IS NOT NULL", name="published_dated"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    norm_id: Mapped[int] = mapped_column(ForeignKey("norms.id"), index=True)
    version: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="draft")
    effective_from: Mapped[date | None]
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("norm_versions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    norm: Mapped[Norm] = relationship(back_populates="versions")
    sections: Mapped[list["Section"]] = relationship(
        back_populates="version",
        order_by="Section.position",
        cascade="all, delete-orphan",
    )
    requirements: Mapped[list["Requirement"]] = relationship(
        back_populates="version",
        order_by="Requirement.position",
        cascade="all, delete-orphan",
        viewonly=True,
    )

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def label(self) -> str:
        return f"{self.norm.code} {self.version}"

    def __repr__(self) -> str:
        return f"<NormVersion {self.norm_id}:{self.version} {self.status}>"


class Section(db.Model):
    __tablename__ = "norm_sections"
    __table_args__ = (UniqueConstraint("version_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("norm_versions.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    position: Mapped[int]
    title_nl: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))

    version: Mapped[NormVersion] = relationship(back_populates="sections")
    requirements: Mapped[list["Requirement"]] = relationship(
        back_populates="section",
        order_by="Requirement.position",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Section {self.code}>"


class Requirement(db.Model):
    __tablename__ = "requirements"
    __table_args__ = (
        UniqueConstraint("version_id", "code"),
        CheckConstraint("severity IN ('major', 'minor')", name="severity"),
        CheckConstraint("part IN ('administrative', 'location')", name="part"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("norm_versions.id"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("norm_sections.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    position: Mapped[int]
    title_nl: Mapped[str] = mapped_column(Text)
    title_en: Mapped[str] = mapped_column(Text)
    guidance_nl: Mapped[str] = mapped_column(Text, default="")
    guidance_en: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[str] = mapped_column(String(5))
    part: Mapped[str] = mapped_column(String(20))
    applies_to: Mapped[list[str]] = mapped_column(JSON)
    effective_from: Mapped[date | None]
    rule: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    version: Mapped[NormVersion] = relationship()
    section: Mapped[Section] = relationship(back_populates="requirements")

    def title(self, lang: str) -> str:
        return self.title_nl if lang == "nl" else self.title_en

    def __repr__(self) -> str:
        return f"<Requirement {self.code}>"
