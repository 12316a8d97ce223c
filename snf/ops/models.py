"""Backups made by the backup job, kept in snf storage and listed for admins."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from snf.database import UTCDateTime, utcnow
from snf.extensions import db


class Backup(db.Model):
    __tablename__ = "backups"

    id: Mapped[int] = mapped_column(primary_key=True)
    # sqlite (a database file) or postgresql (a pg_dump custom-format archive)
    kind: Mapped[str] = mapped_column(String(12))
    storage_key: Mapped[str] = mapped_column(String(200))
    size: Mapped[int]
    revision: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, index=True
    )
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def __repr__(self) -> str:
        return f"<Backup {self.id} {self.kind} {self.size} bytes>"
