"""Backups as a job: started by an admin (page or CLI), the copy kept in
storage, listed and handed out to admins only."""

import os
import tempfile

from sqlalchemy import select

from snf.backup import inspect_file
from snf.extensions import db
from snf.jobqueue import queue
from snf.ops.jobs import backup_job
from snf.ops.models import Backup
from tests.factories import login, make_user


def _backups() -> list[Backup]:
    return list(db.session.scalars(select(Backup).order_by(Backup.id)))


def _check_sqlite_copy(data: bytes) -> str:
    """The schema revision of a backup file, after SQLite's integrity check."""
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "copy.db")
        with open(path, "wb") as copy:
            copy.write(data)
        return inspect_file(path).revision


def test_an_admin_starts_a_backup_from_the_page_and_follows_the_job(client, app):
    login(client, make_user(role="admin"))
    response = client.post("/backups")
    assert response.status_code == 303 and "/jobs/backup-" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert 'data-status="finished"' in page and "/backups" in page
    job = queue().fetch(response.location.rsplit("/", 1)[1])
    assert job.result["size"] > 0
    # (The row the job wrote is not asserted here: in a test, the job's
    # savepoint sits inside the request's, which the test client rolls back.)


def test_a_backup_is_listed_and_handed_to_admins_only(client, app, is_postgres):
    backup_job(user_id=None, progress=lambda *a: None)
    login(client, make_user(role="admin"))
    (backup,) = _backups()
    assert backup.kind == ("postgresql" if is_postgres else "sqlite")
    assert backup.revision == "b8c9d0e1f2a3"
    listed = client.get("/backups").get_data(as_text=True)
    assert f"/backups/{backup.id}/file" in listed
    copy = client.get(f"/backups/{backup.id}/file")
    assert copy.status_code == 200 and len(copy.data) == backup.size
    if is_postgres:  # a pg_dump custom-format archive
        assert copy.data.startswith(b"PGDMP")
    else:
        assert _check_sqlite_copy(copy.data) == "b8c9d0e1f2a3"
    other = app.test_client()
    login(other, make_user(role="verifier"))
    assert other.get(f"/backups/{backup.id}/file").status_code == 403
    assert other.post("/backups").status_code == 403


def test_the_cli_starts_a_backup_job(app):
    result = app.test_cli_runner().invoke(args=["jobs", "run", "backup"])
    assert result.exit_code == 0, result.output
    assert "finished" in result.output
    assert len(_backups()) == 1
