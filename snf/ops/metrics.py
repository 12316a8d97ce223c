"""``/metrics`` in Prometheus' text format (prometheus_client): request
latency per endpoint, and the job queue's depth and failures.

Each process counts its own requests; under gunicorn set
``PROMETHEUS_MULTIPROC_DIR`` (an empty directory per start) and the scrape
adds up every worker's figures. Scraped by an admin session or with
``Authorization: Bearer $SNF_METRICS_TOKEN``.
"""

import hmac
import os
import time

from flask import Blueprint, Flask, Response, current_app, g, request
from flask_login import current_user
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from snf.api import bearer_token
from snf.auth.permissions import require
from snf.jobqueue import queue

bp = Blueprint("metrics", __name__)
REGISTRY = CollectorRegistry(auto_describe=True)
LATENCY = Histogram(
    "snf_request_duration_seconds",
    "Time to answer a request, by endpoint.",
    ["endpoint", "method", "status"],
    registry=REGISTRY,
)


def init_app(app: Flask) -> None:
    from snf.api import register_blueprint

    register_blueprint(app, bp)
    app.before_request(_start_timer)
    app.after_request(_observe)


def _start_timer() -> None:
    g.snf_request_started = time.perf_counter()


def _observe(response):
    started = g.pop("snf_request_started", None)
    if started is not None:
        LATENCY.labels(
            request.endpoint or "none", request.method, str(response.status_code)
        ).observe(time.perf_counter() - started)
    return response


@bp.route("/metrics")
def metrics():
    """Prometheus metrics (admins, or the scraper's bearer token)."""
    token = current_app.config.get("SNF_METRICS_TOKEN")
    given = bearer_token()
    if not (token and given and hmac.compare_digest(given, token)):
        require(current_user, "metrics.view")
    text = generate_latest(_registry()) + generate_latest(_queue_registry())
    return Response(text, mimetype=CONTENT_TYPE_LATEST)


def _registry() -> CollectorRegistry:
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    combined = CollectorRegistry()
    multiprocess.MultiProcessCollector(combined)
    return combined


def _queue_registry() -> CollectorRegistry:
    """Read from the queue at scrape time: the same figures in every process."""
    registry = CollectorRegistry()
    jobs = queue()
    Gauge("snf_jobs_queued", "Jobs waiting for a worker.", registry=registry).set(
        jobs.depth()
    )
    Gauge(
        "snf_jobs_failed", "Jobs that failed after their retries.", registry=registry
    ).set(jobs.failures())
    return registry
