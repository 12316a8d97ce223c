"""Access cases for operations: job pages, /healthz and /metrics."""

from flask import current_app

from snf.jobqueue import JobView
from tests.access.matrix import Case, everyone, page

JOB_ID = "enforce-access-matrix"


def build(world: dict) -> None:
    """A finished job nobody in particular started: only admins see it."""
    current_app.extensions["snf_queue"].jobs[JOB_ID] = JobView(
        JOB_ID, "enforce", "finished", result={"changes": 0}
    )


CASES = [
    Case("ops.jobs", "GET", "/jobs", page({"admin": 200})),
    Case("ops.job", "GET", lambda w: f"/jobs/{JOB_ID}", page({"admin": 200})),
    Case(
        "inspections.whatif_job",
        "POST",
        "/whatif/jobs",
        page({"admin": 302}),
        data={"v": ["SNF:2024.1"], "on": "2026-12-01"},
    ),
    Case("ops.healthz", "GET", "/healthz", everyone(200)),
    Case(
        "metrics.metrics",
        "GET",
        "/metrics",
        {**everyone(403), "anonymous": 401, "admin": 200},
    ),
]
