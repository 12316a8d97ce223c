"""/healthz against real dependencies, and /metrics in Prometheus' format."""

from prometheus_client.parser import text_string_to_metric_families

from snf.jobqueue_rq import RedisQueue
from tests.factories import login, make_user
from tests.infra.conftest import free_port


def test_healthz_is_ok_with_database_storage_and_redis(client, redis_queue):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ok",
        "checks": {"database": "ok", "storage": "ok", "redis": "ok"},
    }


def test_healthz_is_503_naming_redis_when_it_is_down(app, client, monkeypatch):
    nowhere = f"redis://127.0.0.1:{free_port()}/0"
    monkeypatch.setitem(app.config, "SNF_REDIS_URL", nowhere)
    monkeypatch.setitem(app.extensions, "snf_queue", RedisQueue(nowhere, "x", [0]))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["redis"] == "down"
    assert response.get_json()["checks"]["database"] == "ok"


def test_healthz_is_503_when_the_bucket_is_gone(app, client, s3_config, monkeypatch):
    from snf.storage import s3_storage

    missing = s3_storage({**s3_config, "SNF_S3_BUCKET": "no-such-bucket"})
    monkeypatch.setitem(app.extensions, "snf_storage", missing)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["storage"] == "down"


def _families(text: str) -> dict:
    return {f.name: f for f in text_string_to_metric_families(text)}


def test_metrics_has_latency_per_endpoint_and_the_queue(client, redis_queue):
    login(client, make_user(role="admin"))
    client.get("/api/v1/ping")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    families = _families(response.get_data(as_text=True))
    latency = families["snf_request_duration_seconds"]
    endpoints = {s.labels.get("endpoint") for s in latency.samples}
    assert "meta_api.ping" in endpoints
    assert families["snf_jobs_queued"].samples[0].value == 0
    assert families["snf_jobs_failed"].samples[0].value == 0


def test_metrics_answers_the_scrapers_token_and_nobody_else(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SNF_METRICS_TOKEN", "scrape-secret-123")
    good = {"Authorization": "Bearer scrape-secret-123"}
    assert client.get("/metrics", headers=good).status_code == 200
    bad = {"Authorization": "Bearer scrape-secret-124"}
    assert client.get("/metrics", headers=bad).status_code == 401
