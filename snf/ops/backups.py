"""Backups as a job: a consistent copy of the database kept in snf storage
(the local folder or S3) and listed for admins at /backups.

SQLite: the online backup API (snf.backup), the app keeps running.
PostgreSQL: ``pg_dump --format=custom`` (restore it with ``pg_restore``, see
``flask --app snf restore``); the password travels in the environment, never
on the command line. The signing keys and the stored files are not in the
database: back them up too (README, "Reliability").
"""

import os
import subprocess  # nosec B404
import tempfile
from datetime import datetime

from sqlalchemy import select, text

from snf.backup import BackupError, backup_sqlite, sqlite_file
from snf.extensions import db
from snf.ops.models import Backup
from snf.storage import storage

PG_DUMP_TIMEOUT_S = 3600


def _current_revision() -> str | None:
    return db.session.scalar(text("SELECT version_num FROM alembic_version"))


def _sqlite_copy(source: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="snf-backup-") as directory:
        target = os.path.join(directory, "snf.db")
        backup_sqlite(source, target)
        with open(target, "rb") as copy:
            return copy.read()


def _pg_dump() -> bytes:
    url = db.engine.url.set(drivername="postgresql")
    env = {**os.environ, "PGPASSWORD": url.password or ""}
    dsn = url.set(password=None).render_as_string(hide_password=False)
    with tempfile.TemporaryDirectory(prefix="snf-backup-") as directory:
        target = os.path.join(directory, "snf.dump")
        command = ["pg_dump", "--format=custom", "--no-owner", "-f", target, dsn]
        done = subprocess.run(  # noqa: S603  # nosec B603
            command, env=env, capture_output=True, timeout=PG_DUMP_TIMEOUT_S
        )
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip()[-300:]
            raise BackupError(f"pg_dump failed: {message}")
        with open(target, "rb") as dump:
            return dump.read()


def make_backup(user_id: int | None, *, now: datetime, progress) -> Backup:
    """Copy the database into storage and record it."""
    source = sqlite_file()
    kind = "sqlite" if source is not None else "postgresql"
    data = _sqlite_copy(source) if source is not None else _pg_dump()
    progress(1, 2)
    key = storage().save(data, ".db" if kind == "sqlite" else ".dump")
    backup = Backup(
        kind=kind,
        storage_key=key,
        size=len(data),
        revision=_current_revision(),
        created_at=now,
        started_by_id=user_id,
    )
    db.session.add(backup)
    db.session.flush()
    progress(2, 2)
    return backup


def backups_query():
    return select(Backup).order_by(Backup.created_at.desc(), Backup.id.desc())


def file_name(backup: Backup) -> str:
    stamp = backup.created_at.strftime("%Y%m%d-%H%M%S")
    return f"snf-{stamp}.{'db' if backup.kind == 'sqlite' else 'dump'}"
