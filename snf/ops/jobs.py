"""The probe job: checks the queue end to end (``flask jobs run probe``) and
is the small job the benchmark counts."""

import time

from flask import current_app

from snf.database import utcnow
from snf.ops.backups import make_backup


def probe_job(*, token: str = "", seconds: str | float = 0, progress) -> dict:
    """Wait ``seconds`` in steps, reporting progress, then count one completion
    of ``token`` (in Redis when the queue is there): a run that dies on the way
    counts nothing, so the counter says how often it completed."""
    steps = 10
    for step in range(steps):
        time.sleep(float(seconds) / steps)
        progress(step + 1, steps)
    completed = None
    connection = getattr(current_app.extensions["snf_queue"], "connection", None)
    if token and connection is not None:
        completed = connection.incr(f"snf:probe:{token}")
    return {"token": token, "completed": completed}


def backup_job(*, user_id: int | None = None, progress) -> dict:
    """A backup of the database into storage (``flask jobs run backup``)."""
    backup = make_backup(
        int(user_id) if user_id else None, now=utcnow(), progress=progress
    )
    return {
        "backup_id": backup.id,
        "size": backup.size,
        "link": ["ops.backups", {}],
    }
