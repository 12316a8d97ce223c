"""One endpoint from set-up to numbers: set up, probe, warm up, load."""

import sys
from collections.abc import Callable
from dataclasses import dataclass, replace

from benchmarks.client import HTTPStatusError, expect_2xx, fetch
from benchmarks.endpoint import Endpoint
from benchmarks.loadgen import LoadResult, run_python
from benchmarks.wrk import WrkError

# (base_url, endpoint, duration, connections) -> LoadResult
LoadGenerator = Callable[[str, Endpoint, float, int], LoadResult]


@dataclass(frozen=True)
class EndpointResult:
    name: str
    request: str  # "GET /api/v1/ping"
    load: LoadResult | None = None
    skipped: str = ""  # why it was not measured (a declared skip)
    error: str = ""  # why it failed: make bench exits non-zero
    note: str = ""  # what the row measures (Endpoint.note)
    target: float | None = None  # the ratio to the baseline to reach

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass(frozen=True)
class Settings:
    loadgen: LoadGenerator
    duration: float
    connections: int
    warmup: float


# The probe may wait behind requests the previous endpoint's load left queued
# in gunicorn (seconds each for a slow endpoint on a large database).
PROBE_TIMEOUT_S = 120.0


def probe(base_url: str, endpoint: Endpoint) -> None:
    """One request; HTTPStatusError unless it answers 2xx."""
    response = fetch(
        base_url,
        endpoint.method,
        endpoint.path,
        endpoint.payload(),
        endpoint.all_headers(),
        timeout=PROBE_TIMEOUT_S,
    )
    expect_2xx(endpoint.method, endpoint.path, response)


def _prepare(base_url: str, endpoint: Endpoint) -> Endpoint:
    ready = endpoint.setup(endpoint, base_url) if endpoint.setup else endpoint
    probe(base_url, ready)
    return ready


def _load(base_url: str, ready: Endpoint, settings: Settings) -> LoadResult:
    if settings.warmup > 0:
        # Every worker compiles templates, builds specs, fills caches once.
        run_python(base_url, ready, settings.warmup, settings.connections)
        # Requests still queued from the warm-up would eat into the measured
        # seconds of a slow endpoint; this one answers once they are done.
        probe(base_url, ready)
    return settings.loadgen(base_url, ready, settings.duration, settings.connections)


def run_endpoint(base_url: str, endpoint: Endpoint, settings: Settings):
    """Measure one endpoint; failures become an EndpointResult with an error."""
    result = _measure(base_url, endpoint, settings)
    return replace(result, target=endpoint.target)


def _measure(base_url: str, endpoint: Endpoint, settings: Settings):
    request, note = f"{endpoint.method} {endpoint.path}", endpoint.note
    if endpoint.paths:
        request += f" (1 of {len(endpoint.paths):,} at random)"
    try:
        ready = _prepare(base_url, endpoint)
    except HTTPStatusError as exc:
        if exc.status == 404 and endpoint.missing_ok:
            return EndpointResult(
                endpoint.name, request, skipped="404: not built yet", note=note
            )
        return EndpointResult(endpoint.name, request, error=str(exc), note=note)
    except (OSError, ValueError, KeyError) as exc:
        error = f"set-up failed: {exc!r}"
        return EndpointResult(endpoint.name, request, error=error, note=note)
    try:
        load = _load(base_url, ready, settings)
    except (WrkError, OSError) as exc:
        return EndpointResult(endpoint.name, request, error=str(exc), note=note)
    error = f"{load.failures} failed requests: {load.detail}" if load.failures else ""
    return EndpointResult(endpoint.name, request, load=load, error=error, note=note)


def run_endpoints(base_url: str, endpoints: list[Endpoint], settings: Settings):
    """Every endpoint in turn, reporting progress on stderr."""
    results = []
    for endpoint in endpoints:
        print(f"  {endpoint.name} ...", file=sys.stderr, flush=True)
        results.append(run_endpoint(base_url, endpoint, settings))
    return results
