"""Reports of bulk verifications made by verifiers (the last ones are kept)."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
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


class WatchedNumber(db.Model):
    """A KvK number a verifier's account watches: the account is mailed, in
    ``language``, when the register records a status change for it.
    ``seen_change_id`` is the last status change it was told of (or that
    existed when it started watching): the mail job takes the changes after it.
    """

    __tablename__ = "watched_numbers"
    __table_args__ = (UniqueConstraint("user_id", "kvk"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kvk: Mapped[str] = mapped_column(String(8), index=True)
    language: Mapped[str] = mapped_column(String(5), default="nl")
    seen_change_id: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<WatchedNumber {self.kvk} user={self.user_id}>"
