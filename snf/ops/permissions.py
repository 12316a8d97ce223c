"""Who sees jobs and metrics."""

from snf.auth.permissions import Policy, roles


def _own_job(user, job) -> bool:
    return user.role == "admin" or (
        job is not None and job.started_by is not None and job.started_by == user.id
    )


POLICIES: dict[str, Policy] = {
    "jobs.list": roles("admin"),
    "job.view": _own_job,
    "metrics.view": roles("admin"),
    "backup.manage": roles("admin"),
}
