"""Backup and restore of the database: ``flask --app snf backup|restore PATH``.

SQLite: ``backup`` uses SQLite's online backup API in one step, so the copy is
one consistent snapshot while the app keeps reading and writing (WAL lets the
copy read while writers commit). ``restore`` copies the backup to a temporary
file next to the database and renames it over the database: a crash leaves the
old or the new database, never a mix. Then it verifies the audit chain.

PostgreSQL: ``pg_dump`` and ``pg_restore`` do this properly; the commands print
the documented invocations instead of running them.

The database is not all of an install: certificates are signed with the keys in
``SNF_KEYS_PATH`` and photos live in ``SNF_STORAGE_PATH``; back them up too.
"""

import os
import shlex
import sqlite3
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass, field

import click
from flask import current_app
from flask.cli import with_appcontext

from snf import audit
from snf.extensions import db

PG_DUMP = 'pg_dump --format=custom --no-owner "$DATABASE_URL" > {path}'
PG_RESTORE = 'pg_restore --clean --if-exists --no-owner -d "$DATABASE_URL" {path}'
# How long a restore waits for other connections to go away before refusing.
IN_USE_TIMEOUT_S = 2.0
FILES_TOO = (
    "Back up the signing keys as well ({keys}): certificates already issued can "
    "only be verified with them. Photos and documents are in {storage}."
)
RESTORE_FILES_TOO = (
    "Restore the signing keys ({keys}) from the same backup: without them, "
    "issued certificates cannot be verified."
)


class BackupError(click.ClickException):
    """A backup or restore that was refused or failed; nothing was changed."""


@dataclass
class Summary:
    path: str
    size: int
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)
    revision: str | None = None


# -- SQLite -------------------------------------------------------------------


def sqlite_file() -> str | None:
    """The configured SQLite database file, or None on another database."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        return None
    if url.database in (None, "", ":memory:"):
        raise BackupError("An in-memory database cannot be backed up or restored.")
    return os.path.abspath(url.database)


def backup_sqlite(source: str, target: str) -> Summary:
    """Copy ``source`` to the new file ``target`` while the app keeps running."""
    started = time.perf_counter()
    if not os.path.exists(source):
        raise BackupError(f"There is no database at {source}.")
    if os.path.lexists(target):
        raise BackupError(f"{target} exists already; choose a new file name.")
    tmp = _temp_file_next_to(target)
    try:
        _copy(source, tmp, journal_mode="DELETE")  # one self-contained file
        summary = inspect_file(tmp)
        _publish_without_overwriting(tmp, target)
    finally:
        _remove(tmp)
    summary.path, summary.seconds = target, time.perf_counter() - started
    return summary


def restore_sqlite(source: str, target: str, *, force: bool = False) -> Summary:
    """Replace the database ``target`` by the backup ``source``, atomically.

    Refuses when ``target`` holds data (unless ``force``) or is in use.
    """
    started = time.perf_counter()
    if os.path.abspath(source) == os.path.abspath(target):
        raise BackupError("The backup is the database itself.")
    summary = inspect_file(source)
    if not force and has_data(target):
        raise BackupError(
            f"The database {target} holds data; restoring replaces all of it. "
            "Use --force to replace it."
        )
    tmp = _temp_file_next_to(target)
    try:
        _copy(source, tmp, journal_mode="WAL")
        _retire(target)
        os.replace(tmp, target)
    finally:
        _remove(tmp)
    summary.path, summary.seconds = target, time.perf_counter() - started
    return summary


def inspect_file(path: str) -> Summary:
    """Check an SNF SQLite file (integrity, schema) and count its rows."""
    if not os.path.isfile(path):
        raise BackupError(f"There is no file at {path}.")
    try:
        with closing(sqlite3.connect(path)) as conn:
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = _tables(conn)
            rows = {t: _count(conn, t) for t in tables}
            revision = _revision(conn) if "alembic_version" in tables else None
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not an SQLite database: {exc}") from exc
    if check != "ok":
        raise BackupError(f"{path} is damaged: {check}")
    if revision is None or "audit_entries" not in tables:
        raise BackupError(f"{path} is not an SNF database (no schema revision).")
    return Summary(path, os.path.getsize(path), 0.0, rows, revision)


def has_data(path: str) -> bool:
    """True when any table other than the schema revision has a row."""
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return False
    with closing(sqlite3.connect(path)) as conn:
        tables = [t for t in _tables(conn) if t != "alembic_version"]
        return any(_count(conn, t) for t in tables)


def _tables(conn) -> list[str]:
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [name for (name,) in conn.execute(query)]


def _count(conn, table: str) -> int:
    # The name comes from sqlite_master, not from a user.
    return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608  # nosec B608


def _revision(conn) -> str | None:
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _copy(source: str, target: str, *, journal_mode: str) -> None:
    """The backup API in one step (pages=-1): a single read transaction on the
    source, so the copy is one snapshot, whatever commits meanwhile."""
    timeout = current_app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000
    with (
        closing(sqlite3.connect(source, timeout=timeout)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst, pages=-1)
        dst.execute(f"PRAGMA journal_mode = {journal_mode}")


def _retire(target: str) -> None:
    """Fold the old database's WAL into it and make sure nobody has it open:
    a WAL file left next to the new database would be replayed into it. In
    WAL mode (the app's) every open connection, even an idle one, holds a
    shared lock, so a running gunicorn worker makes the exclusive lock fail."""
    if not os.path.exists(target):
        return
    db.engine.dispose()  # this process's own pooled connections
    conn = sqlite3.connect(target, timeout=IN_USE_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")  # fails while another connection is open
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        raise BackupError(
            f"The database {target} is in use ({exc}); stop the app and try again."
        ) from exc
    finally:
        conn.close()
    _remove_sidecars(target)


def _temp_file_next_to(target: str) -> str:
    """A temporary file in the target's directory, so the rename is atomic."""
    directory = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(directory):
        raise BackupError(f"The directory {directory} does not exist.")
    fd, tmp = tempfile.mkstemp(prefix=".snf-", suffix=".db.tmp", dir=directory)
    os.close(fd)
    os.unlink(tmp)  # sqlite3 creates it; an empty file would be taken as a db
    return tmp


def _publish_without_overwriting(tmp: str, target: str) -> None:
    try:
        os.link(tmp, target)  # atomic, and fails when target exists
    except FileExistsError as exc:
        raise BackupError(f"{target} exists already; choose a new name.") from exc
    except OSError:  # a file system without hard links
        if os.path.lexists(target):
            raise BackupError(f"{target} exists already; choose a new name.") from None
        os.rename(tmp, target)


def _remove_sidecars(path: str) -> None:
    for suffix in ("-journal", "-wal", "-shm"):
        if os.path.lexists(path + suffix):
            os.unlink(path + suffix)


def _remove(path: str) -> None:
    if os.path.lexists(path):
        os.unlink(path)
    _remove_sidecars(path)


# -- commands -----------------------------------------------------------------


def _keys_path() -> str:
    path = current_app.config.get("SNF_KEYS_PATH")
    return path or os.path.join(current_app.instance_path, "keys")


def _files_note() -> str:
    storage = current_app.config.get("SNF_STORAGE_PATH") or os.path.join(
        current_app.instance_path, "uploads"
    )
    return FILES_TOO.format(keys=_keys_path(), storage=storage)


def _report(summary: Summary) -> None:
    click.echo(
        f"{summary.path}: {summary.size:,} bytes, "
        f"{sum(summary.rows.values()):,} rows in {len(summary.rows)} tables, "
        f"schema revision {summary.revision}, {summary.seconds:.2f} s."
    )


def _postgres(template: str, path: str) -> None:
    click.echo("On PostgreSQL, run (DATABASE_URL as the app's):")
    click.echo("  " + template.format(path=shlex.quote(path)))
    click.echo(_files_note())
    raise SystemExit(1)  # nothing was written: a script must not think otherwise


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(path):
    """Copy the database to PATH while the app keeps running.

    SQLite: a consistent snapshot through the online backup API; an existing
    PATH is never overwritten. PostgreSQL: prints the pg_dump command to run
    (and exits 1, as nothing was written).

    The signing keys (SNF_KEYS_PATH, default instance/keys) are not in the
    database: certificates already issued can only be verified with them, so
    back up that directory too, with the photos (SNF_STORAGE_PATH).
    """
    source = sqlite_file()
    if source is None:
        _postgres(PG_DUMP, path)
    _report(backup_sqlite(source, path))
    click.echo(_files_note())


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace a database that holds data.")
@with_appcontext
def restore_command(path, force):
    """Replace the configured SQLite database by the backup at PATH.

    Stop the app first. Refuses when the database holds data, unless --force.
    The backup is written next to the database and renamed over it (never
    half restored); then the audit chain is verified (exit 1 when broken).
    Restore the signing keys (SNF_KEYS_PATH) from the same backup: without
    them, issued certificates cannot be verified. PostgreSQL: prints the
    pg_restore command to run.
    """
    target = sqlite_file()
    if target is None:
        _postgres(PG_RESTORE, path)
    summary = restore_sqlite(path, target, force=force)
    _report(summary)
    db.engine.dispose()  # read the restored file, not a pooled old one
    problems = audit.verify_chain()
    db.session.remove()
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise SystemExit(1)
    click.echo(f"The audit log is intact ({summary.rows['audit_entries']:,} entries).")
    click.echo(
        "Run `flask --app snf db upgrade` when the backup is older than the code. "
        + RESTORE_FILES_TOO.format(keys=_keys_path())
    )


BACKUP_COMMANDS = (backup_command, restore_command)
