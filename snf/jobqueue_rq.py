"""The RQ backend of ``snf.jobqueue``: jobs in Redis, run by ``rq worker``
processes (``flask --app snf jobs worker``) on any machine."""

import os

from redis import Redis
from rq import Queue, Retry, get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from snf.jobqueue import (
    JOB_TIMEOUT,
    KEEP_SECONDS,
    JobView,
    _last_line_text,
    percent,
    run_job,
)

_worker_app = None


def worker_app():
    """The app of this worker process, made once from the environment."""
    global _worker_app
    if _worker_app is None:
        from snf import create_app

        _worker_app = create_app()
    return _worker_app


def use_app(app) -> None:
    """Run jobs of this process in ``app`` (tests, in-process workers)."""
    global _worker_app
    _worker_app = app


def execute(name: str, kwargs: dict):
    """What RQ runs: the registered job ``name``, reporting progress in meta."""
    job = get_current_job()
    job.meta["progress"] = 0
    job.meta["pid"] = os.getpid()  # the process running it, for operators
    job.save_meta()

    def report(done: int, total: int) -> None:
        job.meta["progress"] = percent(done, total)
        job.save_meta()

    result = run_job(worker_app(), name, kwargs, report)
    job.meta["progress"] = 100
    job.save_meta()
    return result


class RedisQueue:
    def __init__(self, url: str, name: str, retry_intervals: list[int]):
        self.connection = Redis.from_url(url)
        self.queue = Queue(name, connection=self.connection)
        self.retry_intervals = retry_intervals

    def enqueue(self, name, kwargs, *, job_id, started_by) -> str:
        try:
            known = Job.fetch(job_id, connection=self.connection)
        except NoSuchJobError:
            known = None
        if known is not None:
            if known.get_status() != JobStatus.FAILED:
                return job_id  # asked for already: the same work, once
            known.delete()
        self.queue.enqueue(
            execute,
            name,
            kwargs,
            job_id=job_id,
            retry=Retry(max=len(self.retry_intervals), interval=self.retry_intervals),
            meta={"name": name, "started_by": started_by, "progress": 0},
            job_timeout=JOB_TIMEOUT,
            result_ttl=KEEP_SECONDS,
            failure_ttl=KEEP_SECONDS,
        )
        return job_id

    def fetch(self, job_id: str) -> JobView | None:
        try:
            return _view(Job.fetch(job_id, connection=self.connection))
        except NoSuchJobError:
            return None

    def recent(self, limit: int = 50) -> list[JobView]:
        ids = list(self.queue.job_ids)
        for registry in (
            self.queue.started_job_registry,
            self.queue.scheduled_job_registry,
            self.queue.failed_job_registry,
            self.queue.finished_job_registry,
        ):
            ids += registry.get_job_ids()
        jobs = Job.fetch_many(list(dict.fromkeys(ids)), connection=self.connection)
        views = [_view(job) for job in jobs if job is not None]
        views.sort(key=lambda v: v.enqueued_at.timestamp() if v.enqueued_at else 0)
        return list(reversed(views))[:limit]

    def depth(self) -> int:
        return self.queue.count

    def failures(self) -> int:
        return self.queue.failed_job_registry.count

    def check(self) -> None:
        self.connection.ping()


def _view(job: Job) -> JobView:
    status = job.get_status(refresh=False)
    status = status.value if status is not None else "unknown"
    view = JobView(
        job.id,
        job.meta.get("name", job.func_name),
        status,
        progress=job.meta.get("progress", 0),
        enqueued_at=job.enqueued_at,
        started_by=job.meta.get("started_by"),
        attempts=_attempts(job),
        meta=job.meta,
    )
    if status == "failed":
        latest = job.latest_result()
        view.error = _last_line_text(latest.exc_string if latest else None)
    elif status == "finished":
        view.result = job.return_value()
        view.progress = 100
    return view


def _attempts(job: Job) -> int:
    """Runs so far, from RQ's own retry count (a worker's copy of the meta
    may be stale when it records a failure)."""
    planned = len(job.retry_intervals or [])
    return planned - (job.retries_left or 0) + 1 if planned else 1
