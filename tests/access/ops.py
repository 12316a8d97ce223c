"""Access cases for operations: job pages, /healthz and /metrics."""

from flask import current_app

from snf.database import utcnow
from snf.extensions import db
from snf.jobqueue import JobView
from snf.ops.models import Backup
from snf.storage import storage
from tests.access.matrix import Case, everyone, page

JOB_ID = "enforce-access-matrix"
FILE_JOB_ID = "certificate_batch-access-matrix"


def build(world: dict) -> None:
    """Finished jobs nobody in particular started: only admins see them."""
    jobs = current_app.extensions["snf_queue"].jobs
    jobs[JOB_ID] = JobView(JOB_ID, "enforce", "finished", result={"changes": 0})
    key = storage().save(b"PK\x05\x06" + bytes(18), ".zip")  # an empty ZIP
    result = {
        "count": 0,
        "file": {"key": key, "name": "certificates.zip"},
        "access": {"action": "registration.manage", "company_id": None},
    }
    jobs[FILE_JOB_ID] = JobView(FILE_JOB_ID, "certificate_batch", "finished")
    jobs[FILE_JOB_ID].result = result
    backup = Backup(kind="sqlite", storage_key=key, size=22, created_at=utcnow())
    db.session.add(backup)
    db.session.flush()
    world["backup"] = backup


CASES = [
    Case("ops.jobs", "GET", "/jobs", page({"admin": 200})),
    Case("ops.job", "GET", lambda w: f"/jobs/{JOB_ID}", page({"admin": 200})),
    Case(
        "ops.job_file",
        "GET",
        lambda w: f"/jobs/{FILE_JOB_ID}/file",
        page({"admin": 200}),
    ),
    Case(
        "inspections.whatif_job",
        "POST",
        "/whatif/jobs",
        page({"admin": 302}),
        data={"v": ["SNF:2024.1"], "on": "2026-12-01"},
    ),
    Case("ops.backups", "GET", "/backups", page({"admin": 200})),
    Case("ops.start_backup", "POST", "/backups", page({"admin": 303})),
    Case(
        "ops.backup_file",
        "GET",
        lambda w: f"/backups/{w['backup'].id}/file",
        page({"admin": 200}),
    ),
    Case("ops.healthz", "GET", "/healthz", everyone(200)),
    Case(
        "metrics.metrics",
        "GET",
        "/metrics",
        {**everyone(403), "anonymous": 401, "admin": 200},
    ),
]
