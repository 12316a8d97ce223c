"""Backup and restore: demo data on a live database, ``flask backup``, then
``flask restore`` into a fresh database; every table must come back row for
row and the audit chain must verify. SQLite always; PostgreSQL (pg_dump and
pg_restore, run for real) when SNF_TEST_DATABASE_URL is set."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import threading
import time
from itertools import count

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from snf import audit, create_app
from snf.audit import AuditEntry
from snf.auth import services as auth
from snf.auth.models import Organisation
from snf.backup import PG_DUMP, PG_RESTORE
from snf.config import TestConfig
from snf.database import utcnow
from snf.demo import load_demo
from snf.extensions import db
from tests.reliability.helpers import PG_URL, fresh_postgres, release

pytestmark = pytest.mark.no_db


def _app(url: str, tmp_path):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        SNF_STORAGE_PATH = str(tmp_path / "uploads")
        SNF_KEYS_PATH = str(tmp_path / "keys")
        RATELIMIT_STORAGE_URI = "memory://"  # not the shared instance/ folder

    return create_app(Config)


def _with_demo(app) -> None:
    with app.app_context():
        upgrade()
        from snf.norms import services as norms

        norms.load_shipped(None, now=utcnow())
        load_demo(now=utcnow(), password="demo password 2014")
        db.session.commit()
        release()


def _contents(app) -> dict[str, tuple[int, str]]:
    """Per table: the number of rows and a digest of all of them."""
    with app.app_context():
        digests = {}
        for table in db.metadata.sorted_tables:
            rows = db.session.execute(
                select(table).order_by(*table.primary_key.columns)
            ).all()
            digest = hashlib.sha256(repr([tuple(r) for r in rows]).encode())
            digests[table.name] = (len(rows), digest.hexdigest())
        release()
    return digests


def _chain(app) -> tuple[int, list[str]]:
    with app.app_context():
        entries = db.session.scalar(select(func.count(AuditEntry.id)))
        problems = audit.verify_chain()
        release()
    return entries, problems


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A live SQLite database with the demo data in it."""
    tmp = tmp_path_factory.mktemp("backup-source")
    app = _app(f"sqlite:///{tmp / 'live.db'}", tmp)
    _with_demo(app)
    return app


def test_sqlite_backup_and_restore_bring_back_every_row_and_the_chain(source, tmp_path):
    backup = tmp_path / "snf-backup.db"
    started = time.perf_counter()
    made = source.test_cli_runner().invoke(args=["backup", str(backup)])
    took = time.perf_counter() - started
    assert made.exit_code == 0, made.output
    assert "signing keys" in made.output

    target = _app(f"sqlite:///{tmp_path / 'fresh.db'}", tmp_path)
    restored = target.test_cli_runner().invoke(args=["restore", str(backup)])
    assert restored.exit_code == 0, restored.output
    assert "The audit log is intact" in restored.output

    assert _contents(target) == _contents(source)
    entries, problems = _chain(target)
    assert problems == [] and entries > 50
    print(
        f"\nSQLite backup of the demo: {backup.stat().st_size:,} bytes, "
        f"{sum(n for n, _ in _contents(source).values()):,} rows, {took:.2f} s "
        "(CLI included)"
    )


def test_backup_never_overwrites_a_file(source, tmp_path):
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"precious")
    result = source.test_cli_runner().invoke(args=["backup", str(existing)])
    assert result.exit_code != 0 and "exists already" in result.output
    assert existing.read_bytes() == b"precious"
    assert os.listdir(tmp_path) == ["existing.db"]  # no temporary file left


def test_restore_refuses_a_database_with_data_unless_forced(source, tmp_path):
    backup = tmp_path / "backup.db"
    assert source.test_cli_runner().invoke(args=["backup", str(backup)]).exit_code == 0
    target = _app(f"sqlite:///{tmp_path / 'busy.db'}", tmp_path)
    _with_demo(target)
    with target.app_context():
        auth.create_organisation(None, kind="company", name="Only here", now=utcnow())
        db.session.commit()
        release()

    refused = target.test_cli_runner().invoke(args=["restore", str(backup)])
    assert refused.exit_code != 0 and "--force" in refused.output
    assert _organisation_named(target, "Only here")

    forced = target.test_cli_runner().invoke(args=["restore", "--force", str(backup)])
    assert forced.exit_code == 0, forced.output
    assert not _organisation_named(target, "Only here")
    assert _contents(target) == _contents(source)


def test_restore_refuses_while_the_database_is_open_elsewhere(source, tmp_path):
    backup = tmp_path / "backup.db"
    assert source.test_cli_runner().invoke(args=["backup", str(backup)]).exit_code == 0
    live = tmp_path / "in-use.db"
    shutil.copy(backup, live)
    other_process = sqlite3.connect(live)  # e.g. a gunicorn worker, idle
    other_process.execute("PRAGMA journal_mode = WAL")  # as the app opens it
    other_process.execute("SELECT count(*) FROM users").fetchone()
    try:
        target = _app(f"sqlite:///{live}", tmp_path)
        result = target.test_cli_runner().invoke(
            args=["restore", "--force", str(backup)]
        )
        assert result.exit_code != 0 and "in use" in result.output
    finally:
        other_process.close()


def test_restore_refuses_a_file_that_is_not_an_snf_database(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    target = _app(f"sqlite:///{tmp_path / 'fresh.db'}", tmp_path)
    result = target.test_cli_runner().invoke(args=["restore", str(junk)])
    assert result.exit_code != 0 and "not an SQLite database" in result.output
    assert not (tmp_path / "fresh.db").exists()  # nothing was restored


def _organisation_named(app, name: str) -> bool:
    with app.app_context():
        found = db.session.scalar(select(Organisation).where(Organisation.name == name))
        release()
    return found is not None


def test_backup_while_the_app_writes_is_one_consistent_snapshot(source, tmp_path):
    """Writers commit an organisation and its audit entry together; every
    backup taken meanwhile has both or neither, and a chain that verifies."""
    stop, written = threading.Event(), count()

    def write():
        with source.app_context():
            while not stop.is_set():
                name = f"Writer {next(written)}"
                auth.create_organisation(None, kind="company", name=name, now=utcnow())
                db.session.commit()
            release()

    writer = threading.Thread(target=write)
    writer.start()
    backups = []
    try:
        for n in range(3):
            time.sleep(0.2)
            backups.append(tmp_path / f"during-{n}.db")
            result = source.test_cli_runner().invoke(args=["backup", str(backups[-1])])
            assert result.exit_code == 0, result.output
    finally:
        stop.set()
        writer.join()
    for backup in backups:
        copy = _app(f"sqlite:///{backup}", tmp_path)
        assert _chain(copy)[1] == []
        with copy.app_context():
            made = db.session.scalar(
                select(func.count()).where(Organisation.name.like("Writer %"))
            )
            audited = db.session.scalar(
                select(func.count()).where(
                    AuditEntry.action == "organisation.create",
                    AuditEntry.after["name"].as_string().like("Writer %"),
                )
            )
            release()
        assert made == audited


# -- PostgreSQL -------------------------------------------------------------------


def _run(command: str, url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run(  # noqa: S603 (the documented command, our own text)
        ["bash", "-c", command],  # noqa: S607
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _printed_command(output: str) -> str:
    lines = [line.strip() for line in output.splitlines()]
    return next(line for line in lines if line.startswith(("pg_dump", "pg_restore")))


@pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL: set SNF_TEST_DATABASE_URL")
@pytest.mark.skipif(
    not (shutil.which("pg_dump") and shutil.which("pg_restore")),
    reason="needs pg_dump and pg_restore on PATH",
)
def test_postgres_dump_and_restore_bring_back_every_row_and_the_chain(tmp_path):
    pid = os.getpid()
    source_url, drop_source = fresh_postgres(f"snf_rel_backup_src_{pid}")
    target_url, drop_target = fresh_postgres(f"snf_rel_backup_dst_{pid}")
    dump = tmp_path / "snf.dump"
    try:
        source_app = _app(source_url, tmp_path)
        _with_demo(source_app)
        printed = source_app.test_cli_runner().invoke(args=["backup", str(dump)])
        assert printed.exit_code == 1  # nothing written by the command itself
        command = _printed_command(printed.output)
        assert command == PG_DUMP.format(path=dump)
        started = time.perf_counter()
        _run(command, source_url)

        target_app = _app(target_url, tmp_path)
        printed = target_app.test_cli_runner().invoke(args=["restore", str(dump)])
        command = _printed_command(printed.output)
        assert command == PG_RESTORE.format(path=dump)
        _run(command, target_url)
        took = time.perf_counter() - started

        assert _contents(target_app) == _contents(source_app)
        entries, problems = _chain(target_app)
        assert problems == [] and entries > 50
        print(
            f"\npg_dump + pg_restore of the demo: {dump.stat().st_size:,} bytes, "
            f"{took:.2f} s"
        )
    finally:
        drop_source()
        drop_target()
