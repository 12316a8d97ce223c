"""Reports of bulk verifications made by verifiers (the last ones are kept)."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from snf.database import UTCDateTime, utcnow
from snf.extensions import db


class VerificationReport(db.Model):
    __tablename__ = "verification_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    as_of: Mapped[date]
    count: Mapped[int]
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    results: Mapped[list[dict]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<VerificationReport {self.id} {self.count} numbers>"
