"""Long work as jobs: RQ on Redis when ``SNF_REDIS_URL`` is set, otherwise run
in-process (the embedded default: ``make run`` needs nothing new): in a thread
when a request starts it, at once from the CLI (and in tests, where every test
is one transaction: ``SNF_JOBS_IN_THREAD = False``).

A job is a plain function in a domain's ``jobs.py``, registered by name in the
domain's ``init_app`` (``register_job``); it takes keyword arguments that are
plain values plus ``progress(done, total)``, does its own commit, and returns a
small JSON-able result. Jobs must be idempotent: RQ retries a failed or
abandoned one with backoff, and callers pass a ``job_id`` naming the work
(``enforce-2026-12-06``) so that asking twice starts it once.
"""

import logging
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from threading import Thread

from flask import Flask, current_app, has_request_context

log = logging.getLogger("snf.jobs")
RETRY_INTERVALS = [2, 10, 60]  # seconds between the attempts after a failure
JOB_TIMEOUT = 3600
KEEP_SECONDS = 7 * 24 * 3600


@dataclass
class JobView:
    """What a page or the CLI shows of a job, whichever backend ran it."""

    id: str
    name: str
    status: str  # queued | started | finished | failed | scheduled | deferred
    progress: int = 0  # percent
    enqueued_at: datetime | None = None
    started_by: int | None = None
    error: str | None = None
    result: dict | None = None
    attempts: int = 0
    meta: dict = field(default_factory=dict)

    @property
    def done(self) -> bool:
        return self.status in {"finished", "failed", "canceled", "stopped"}


def register_job(app: Flask, name: str, function: Callable) -> None:
    app.extensions.setdefault("snf_jobs", {})[name] = function


def job_function(app: Flask, name: str) -> Callable:
    try:
        return app.extensions["snf_jobs"][name]
    except KeyError:
        raise LookupError(f"no job named {name!r}") from None


def queue():
    """The app's job queue (``RedisQueue`` or ``InlineQueue``)."""
    return current_app.extensions["snf_queue"]


def enqueue(name: str, *, job_id: str | None = None, user=None, **kwargs) -> str:
    """Start (or find, when ``job_id`` names work already asked for) a job."""
    job_function(current_app, name)  # an unknown name fails here, not later
    started_by = getattr(user, "id", None)
    job_id = job_id or f"{name}-{uuid.uuid4().hex[:12]}"
    return queue().enqueue(name, kwargs, job_id=job_id, started_by=started_by)


def make_queue(app: Flask):
    url = app.config.get("SNF_REDIS_URL")
    if url:
        from snf.jobqueue_rq import RedisQueue

        intervals = app.config.get("SNF_JOB_RETRY_INTERVALS") or RETRY_INTERVALS
        return RedisQueue(url, app.config.get("SNF_QUEUE_NAME") or "snf", intervals)
    return InlineQueue()


def run_job(app: Flask, name: str, kwargs: dict, report) -> dict | None:
    """Run one job inside an app context: commit what it did, or roll back."""
    from snf.extensions import db

    with app.app_context():
        try:
            result = job_function(app, name)(progress=report, **kwargs)
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
        finally:
            db.session.remove()
    return result


class InlineQueue:
    """The embedded default: the job runs at once in this process; the last
    jobs are kept in memory for their pages."""

    def __init__(self) -> None:
        self.jobs: dict[str, JobView] = {}

    def enqueue(self, name, kwargs, *, job_id, started_by) -> str:
        known = self.jobs.get(job_id)
        if known is not None and known.status != "failed":
            return job_id
        view = JobView(job_id, name, "queued", enqueued_at=datetime.now(UTC))
        view.started_by, view.attempts = started_by, 1
        self.jobs = {**dict(list(self.jobs.items())[-99:]), job_id: view}
        app = current_app._get_current_object()
        if has_request_context() and app.config.get("SNF_JOBS_IN_THREAD", True):
            # After the request: it holds the write lock the job may need.
            Thread(target=self._run, args=(app, view, kwargs), daemon=True).start()
        else:
            self._run(app, view, kwargs)
        return job_id

    @staticmethod
    def _run(app, view: JobView, kwargs: dict) -> None:
        def report(done: int, total: int) -> None:
            view.progress = percent(done, total)

        view.status = "started"
        try:
            view.result = run_job(app, view.name, kwargs, report)
            view.status, view.progress = "finished", 100
        except Exception as error:
            log.exception("job %s failed", view.id)
            view.status, view.error = "failed", _last_line(error)

    def fetch(self, job_id: str) -> JobView | None:
        return self.jobs.get(job_id)

    def recent(self, limit: int = 50) -> list[JobView]:
        return list(reversed(self.jobs.values()))[:limit]

    def depth(self) -> int:
        return 0

    def failures(self) -> int:
        return sum(1 for job in self.jobs.values() if job.status == "failed")

    def check(self) -> None:
        return None


def percent(done: int, total: int) -> int:
    if total <= 0:
        return 0
    return max(0, min(100, int(done * 100 / total)))


def _last_line(error: BaseException) -> str:
    lines = traceback.format_exception_only(type(error), error)
    return lines[-1].strip()[:500]


def _last_line_text(text: str | None) -> str | None:
    """The last line of a traceback: the exception and its message."""
    lines = [line for line in (text or "").strip().splitlines() if line.strip()]
    return lines[-1].strip()[:500] if lines else None
