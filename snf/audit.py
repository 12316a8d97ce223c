"""The append-only audit log: who changed what, before and after, and when.

Entries are written in the same transaction as the change they describe, and
chained by hash: each entry's hash covers its content and the previous hash, so
an entry changed behind the application's back breaks the chain
(``flask --app snf audit verify``). The database refuses UPDATE and DELETE on
the table (triggers in the migration).
"""

import hashlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, select, text
from sqlalchemy.orm import Mapped, mapped_column

from snf.database import WRITE_LOCK, UTCDateTime
from snf.extensions import db

GENESIS = "0" * 64
# The advisory lock that serialises writers on PostgreSQL (snf.database).
_PG_CHAIN_LOCK = WRITE_LOCK


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(80), index=True)
    object_type: Mapped[str] = mapped_column(String(60))
    object_id: Mapped[str] = mapped_column(String(80))
    before: Mapped[Any | None] = mapped_column(JSON)
    after: Mapped[Any | None] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    note: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (db.Index("ix_audit_entries_object", "object_type", "object_id"),)

    def __repr__(self) -> str:
        return (
            f"<AuditEntry {self.id} {self.action} {self.object_type}:{self.object_id}>"
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def entry_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def _hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor": entry.actor,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": entry.before,
        "after": entry.after,
        "note": entry.note,
    }


def serialise_writes() -> None:
    """Take the write lock that orders the audit chain (PostgreSQL; SQLite
    writers are serialised by BEGIN IMMEDIATE already). Held until commit, so
    rows inserted after it commit in the order of their ids: readers that page
    by id (the change feed) never skip a row committed late."""
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_CHAIN_LOCK})


def _last_hash() -> str:
    serialise_writes()
    query = select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    last = db.session.scalar(query)
    return last or GENESIS


def record(
    actor,
    action: str,
    obj_type: str,
    obj_id,
    *,
    now: datetime,
    before: dict | None = None,
    after: dict | None = None,
    note: str | None = None,
) -> AuditEntry:
    """Append an entry for a change made by ``actor`` (a User, or None for
    the system) in the current transaction. Flushes; the caller commits."""
    entry = AuditEntry(
        at=now.astimezone(UTC),
        actor_id=getattr(actor, "id", None),
        actor=getattr(actor, "email", None) or "system",
        action=action,
        object_type=obj_type,
        object_id=str(obj_id),
        before=_jsonable(before),
        after=_jsonable(after),
        note=note,
    )
    db.session.flush()  # the change itself gets its id before we chain
    entry.prev_hash = _last_hash()
    entry.hash = entry_hash(entry.prev_hash, _hashed_fields(entry))
    db.session.add(entry)
    db.session.flush()
    return entry


def verify_chain() -> list[str]:
    """Walk the whole log; return a description of every broken link."""
    problems = []
    prev = GENESIS
    query = select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=500)
    for entry in db.session.scalars(query):
        if entry.prev_hash != prev:
            problems.append(f"entry {entry.id}: does not follow entry before it")
        if entry_hash(entry.prev_hash, _hashed_fields(entry)) != entry.hash:
            problems.append(f"entry {entry.id}: content does not match its hash")
        prev = entry.hash
    return problems


def list_entries_for(obj_type: str, obj_id) -> list[AuditEntry]:
    query = (
        select(AuditEntry)
        .where(AuditEntry.object_type == obj_type, AuditEntry.object_id == str(obj_id))
        .order_by(AuditEntry.id)
    )
    return list(db.session.scalars(query))
