"""Jobs per second for a small job (the probe job, no sleep), through RQ on the
Redis at 127.0.0.1:6379 (``SNF_BENCH_REDIS_URL``) with a real worker, and run
in-process (the embedded default) for comparison.

``python -m benchmarks --only jobs``. Its own SQLite database and queue name;
the jobs are removed afterwards. Enqueueing and running are timed apart: the
queue's cost is enqueue plus the worker's run of each job.
"""

import os
import secrets
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.table import format_table

NAME = "jobs"
JOBS = 300


@dataclass(frozen=True)
class JobsResult:
    jobs: int = 0
    enqueue_s: float = 0.0
    run_s: float = 0.0
    inline_s: float = 0.0
    error: str = ""

    @property
    def per_s(self) -> dict[str, float]:
        return {
            "enqueue": self.jobs / self.enqueue_s,
            "worker": self.jobs / self.run_s,
            "end to end": self.jobs / (self.enqueue_s + self.run_s),
            "in-process": self.jobs / self.inline_s,
        }


def _app(workdir: Path, redis_url: str):
    from snf import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'jobs.db'}",
            "SECRET_KEY": secrets.token_urlsafe(32),
            "SNF_STORAGE_PATH": str(workdir / "storage"),
            "SNF_KEYS_PATH": str(workdir / "keys"),
            "RATELIMIT_STORAGE_URI": "memory://",
            "SNF_PUBLIC_URL": "http://127.0.0.1",
            "SNF_REDIS_URL": redis_url,
            "SNF_QUEUE_NAME": f"snf-bench-{uuid.uuid4().hex[:8]}",
        }
    )


def _timed(app, jobs: int) -> tuple[float, float, float]:
    from rq import SimpleWorker

    from snf import jobqueue_rq
    from snf.jobqueue import InlineQueue, enqueue

    queue = app.extensions["snf_queue"]
    jobqueue_rq.use_app(app)
    with app.test_request_context():
        started = time.perf_counter()
        for _ in range(jobs):
            enqueue("probe")
        enqueued = time.perf_counter()
        worker = SimpleWorker([queue.queue], connection=queue.connection)
        worker.work(burst=True, logging_level="WARNING")
        ran = time.perf_counter()
        app.extensions["snf_queue"] = InlineQueue()
        for _ in range(jobs):
            enqueue("probe")
        inline = time.perf_counter() - ran
        app.extensions["snf_queue"] = queue
    queue.queue.delete(delete_jobs=True)
    for registry in (
        queue.queue.finished_job_registry,
        queue.queue.failed_job_registry,
    ):
        for job_id in registry.get_job_ids():
            queue.connection.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")
        queue.connection.delete(registry.key)
    return enqueued - started, ran - enqueued, inline


def run_jobs(jobs: int = JOBS) -> JobsResult:
    url = os.environ.get("SNF_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    with tempfile.TemporaryDirectory(prefix="snf-jobs-") as tmp:
        try:
            app = _app(Path(tmp), url)
            app.extensions["snf_queue"].check()
            return JobsResult(jobs, *_timed(app, jobs))
        except Exception as exc:  # reported like a failed endpoint
            return JobsResult(error=f"{type(exc).__name__}: {exc}")


def as_json(result: JobsResult) -> dict:
    per_s = {} if result.error else result.per_s
    return {**asdict(result), "jobs_per_s": per_s}


def table(result: JobsResult) -> str:
    title = f"jobs: {result.jobs} probe jobs (no work) through RQ and in-process"
    if result.error:
        return f"{title}\nERROR: {result.error}"
    rows = [[name, f"{rate:,.0f}"] for name, rate in result.per_s.items()]
    return "\n".join([title, format_table(["step", "jobs/s"], rows, right={1})])


if __name__ == "__main__":  # python -m benchmarks.jobs: this one alone
    print(table(run_jobs()))
