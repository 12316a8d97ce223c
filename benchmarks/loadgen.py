"""The Python load generator: keep-alive http.client connections in threads,
spread over a few processes so that one GIL does not cap the request rate."""

import http.client
import multiprocessing
import os
import random
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from benchmarks.endpoint import Endpoint

# Time for the worker processes to start before the clock runs.
START_DELAY_S = 0.3
SOCKET_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class LoadResult:
    """What one load run measured, whichever generator ran it."""

    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    failures: int = 0  # non-2xx answers and socket errors
    detail: str = ""  # what the failures were, for the report


@dataclass(frozen=True)
class Job:
    host: str
    port: int
    method: str
    path: str
    paths: tuple[str, ...]  # when set, one at random per request
    body: bytes | None
    headers: tuple[tuple[str, str], ...]
    threads: int
    start_at: float
    deadline: float


@dataclass
class _Tally:
    latencies: list[float]
    done_in_time: int
    statuses: Counter
    errors: Counter


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of an ascending list; 0 when empty."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * q // 100))  # ceil without floats
    return sorted_values[int(rank) - 1]


def _connection_loop(job: Job, tally: _Tally, lock: threading.Lock) -> None:
    connection = http.client.HTTPConnection(job.host, job.port, SOCKET_TIMEOUT_S)
    headers = dict(job.headers)
    local = _Tally([], 0, Counter(), Counter())
    pick = random.Random().choice
    while (start := time.monotonic()) < job.deadline:
        path = pick(job.paths) if job.paths else job.path
        try:
            connection.request(job.method, path, job.body, headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            local.errors[type(exc).__name__] += 1
            connection.close()  # http.client reconnects on the next request
            continue
        end = time.monotonic()
        local.latencies.append(end - start)
        local.statuses[response.status] += 1
        local.done_in_time += end <= job.deadline
    connection.close()
    with lock:
        tally.latencies += local.latencies
        tally.done_in_time += local.done_in_time
        tally.statuses.update(local.statuses)
        tally.errors.update(local.errors)


def _run_job(job: Job) -> _Tally:
    """One process: job.threads connections until the shared deadline."""
    tally, lock = _Tally([], 0, Counter(), Counter()), threading.Lock()
    time.sleep(max(0.0, job.start_at - time.monotonic()))
    threads = [
        threading.Thread(target=_connection_loop, args=(job, tally, lock))
        for _ in range(job.threads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def _init_worker() -> None:
    # Ctrl-C is the parent's to handle (it terminates the pool), and the
    # parent's SIGTERM handler, inherited through fork, would turn the pool's
    # own SIGTERM into a SystemExit that can leave a worker hanging.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def split(total: int, parts: int) -> list[int]:
    """``total`` spread as evenly as possible over at most ``parts`` (all > 0)."""
    parts = max(1, min(parts, total))
    return [total // parts + (i < total % parts) for i in range(parts)]


def _merge(tallies: list[_Tally]) -> _Tally:
    merged = _Tally([], 0, Counter(), Counter())
    for tally in tallies:
        merged.latencies += tally.latencies
        merged.done_in_time += tally.done_in_time
        merged.statuses.update(tally.statuses)
        merged.errors.update(tally.errors)
    return merged


def summarise(tally: _Tally, seconds: float) -> LoadResult:
    """Rate, latency percentiles and failures of a finished run."""
    latencies = sorted(tally.latencies)
    bad = {s: n for s, n in tally.statuses.items() if not 200 <= s < 300}
    details = [f"{n} x HTTP {s}" for s, n in sorted(bad.items())]
    details += [f"{n} x {name}" for name, n in sorted(tally.errors.items())]
    return LoadResult(
        requests_per_s=tally.done_in_time / seconds,
        p50_ms=percentile(latencies, 50) * 1000,
        p99_ms=percentile(latencies, 99) * 1000,
        requests=len(latencies),
        failures=sum(bad.values()) + sum(tally.errors.values()),
        detail="; ".join(details),
    )


def _jobs(
    base_url: str, endpoint: Endpoint, duration: float, connections: int
) -> list[Job]:
    parts = urlsplit(base_url)
    start_at = time.monotonic() + START_DELAY_S
    request = (endpoint.method, endpoint.path, endpoint.paths, endpoint.payload())
    headers = tuple(endpoint.all_headers().items())
    return [
        Job(
            parts.hostname,
            parts.port,
            *request,
            headers,
            threads,
            start_at,
            start_at + duration,
        )
        for threads in split(connections, os.cpu_count() or 1)
    ]


def run_python(
    base_url: str, endpoint: Endpoint, duration: float, connections: int
) -> LoadResult:
    """Load one endpoint with ``connections`` concurrent connections."""
    jobs = _jobs(base_url, endpoint, duration, connections)
    with multiprocessing.Pool(len(jobs), initializer=_init_worker) as pool:
        tallies = pool.map(_run_job, jobs)
        pool.close()  # let the workers exit on their own; `with` terminates
        pool.join()
    return summarise(_merge(tallies), duration)
