"""The multi-process stack as a whole (prod/stack.py, what `make prod`
starts): two gunicorn app servers and two RQ workers on PostgreSQL, the real
Redis and an S3 server (moto). Jobs and files started or stored through one
process are seen through the other; a worker killed in the middle of a job
leaves a job that is retried and completes exactly once."""

import os
import re
import signal
import time
import uuid

import pytest
import redis
import requests
from rq.job import Job
from sqlalchemy import create_engine, make_url, text

from prod.stack import Stack, flask, production_env

PG = os.environ.get(
    "SNF_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
PASSWORD = "stack-test-password"  # noqa: S105
HOUSING = "regular_dwelling"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("stack")
    name = f"snf_stack_{os.getpid()}"
    server = make_url(PG).set(drivername="postgresql+psycopg")
    env = production_env(workdir)
    env.update(
        DATABASE_URL=server.set(database=name).render_as_string(hide_password=False),
        SNF_REDIS_URL=f"redis://127.0.0.1:6379/{1 + os.getpid() % 15}",
        SNF_QUEUE_NAME=f"snf-stack-{uuid.uuid4().hex[:8]}",
        SNF_S3_BUCKET="snf-stack",
        SNF_JOB_RETRY_INTERVALS="1,1,1",
        SNF_PROD_APP_WORKERS="1",  # two app servers of one worker each
        SNF_METRICS_TOKEN="stack-metrics-token",
        SNF_PROD_SETUP=f"users create --email admin@stack.test --password {PASSWORD}"
        " --role admin; users create --email inspector@stack.test --password "
        f"{PASSWORD} --role inspector --organisation 'Keurmerk Stack'",
    )
    env.pop("SNF_S3_ENDPOINT_URL", None)
    running = Stack(env, workdir)
    try:
        running.start()
        yield running
    finally:
        running.stop()
        _drop(server, name)
        _forget_jobs(env["SNF_REDIS_URL"], env["SNF_QUEUE_NAME"])


def _forget_jobs(url: str, queue_name: str) -> None:
    """Leave nothing of this run in Redis: its jobs, results and registries."""
    from rq import Queue

    connection = redis.Redis.from_url(url)
    queue = Queue(queue_name, connection=connection)
    ids = set(queue.job_ids)
    for registry in (
        queue.started_job_registry,
        queue.scheduled_job_registry,
        queue.failed_job_registry,
        queue.finished_job_registry,
    ):
        ids |= set(registry.get_job_ids())
    for job_id in ids:
        connection.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")
    for key in connection.scan_iter(match=f"*{queue_name}*"):
        connection.delete(key)


def _drop(server, name: str) -> None:
    engine = create_engine(
        server.set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _url(stack, index: int, path: str) -> str:
    return f"http://127.0.0.1:{stack.app_ports[index]}{path}"


def _csrf(html: str) -> str:
    """The form's token (a page for people not logged in has no meta tag)."""
    found = re.search(r'name="csrf-token" content="([^"]+)"', html) or re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', html
    )
    return found.group(1)


@pytest.fixture(scope="module")
def browser(stack) -> requests.Session:
    """An admin logged in through app server 0."""
    session = requests.Session()
    page = session.get(_url(stack, 0, "/login"), timeout=10).text
    answer = session.post(
        _url(stack, 0, "/login"),
        data={
            "email": "admin@stack.test",
            "password": PASSWORD,
            "csrf_token": _csrf(page),
        },  # fmt: skip
        timeout=10,
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[-2000:]
    return session


def _until(check, seconds: float = 30, every: float = 0.3):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out")


@pytest.mark.no_db
def test_a_whatif_job_started_on_one_server_is_followed_on_the_other(stack, browser):
    page = browser.get(_url(stack, 0, "/whatif?v=SNF:2021.1&v=SNF:2024.1"), timeout=30)
    started = browser.post(
        _url(stack, 0, "/whatif/jobs"),
        data={
            "v": ["SNF:2021.1", "SNF:2024.1"],
            "on": "2026-12-01",
            "csrf_token": _csrf(page.text),
        },  # fmt: skip
        allow_redirects=False,
        timeout=30,
    )
    assert started.status_code == 302, started.text[-2000:]
    job_path = started.headers["Location"]

    def finished():
        text = browser.get(_url(stack, 1, job_path), timeout=10).text
        return 'data-status="finished"' in text and text

    text = _until(finished)
    assert "SNF 2024.1" in text and 'value="100"' in text


@pytest.mark.no_db
def test_a_worker_killed_mid_job_leaves_a_job_retried_and_completed_once(stack):
    connection = redis.Redis.from_url(stack.env["SNF_REDIS_URL"])
    token = uuid.uuid4().hex
    output = flask(stack.env, "jobs", "run", "probe", "--no-wait",
                   "--arg", f"token={token}", "--arg", "seconds=3")  # fmt: skip
    job_id = output.split()[1]

    def running_pid():
        meta = Job.fetch(job_id, connection=connection).get_meta(refresh=True)
        return meta.get("progress", 0) >= 10 and meta.get("pid")

    first = _until(running_pid, every=0.1)
    os.kill(first, signal.SIGKILL)  # the process running the job dies

    def done():
        job = Job.fetch(job_id, connection=connection)
        return job.get_status().value == "finished" and job

    job = _until(done, seconds=40)
    assert job.retries_left == 2 and job.meta["pid"] != first  # one retry
    assert int(connection.get(f"snf:probe:{token}")) == 1
    time.sleep(1.5)  # no late second completion
    assert int(connection.get(f"snf:probe:{token}")) == 1
    connection.delete(f"snf:probe:{token}")


def _inspection(stack, admin: dict) -> int:
    """A company, a location and an inspection planned for an inspector who
    uploads the photo; returns (inspection id, the inspector's headers)."""
    post = _poster(stack, admin)
    post("/api/v1/companies", {"kvk": "87654321", "name": "Stack BV", "town": "Delft"})
    location = post(
        "/api/v1/companies/87654321/locations",
        {"street": "Markt", "house_number": 1, "postcode": "2611 GP",
         "town": "Delft", "housing_type": HOUSING, "beds": 4},
    )  # fmt: skip
    planned = post(
        "/api/v1/inspections",
        {"location_id": location["id"], "kind": "periodic",
         "scheduled_for": "2026-12-06", "inspector_email": "inspector@stack.test"},
    )  # fmt: skip
    return planned["id"]


def _poster(stack, headers: dict):
    def post(path: str, body: dict) -> dict:
        reply = requests.post(
            _url(stack, 0, path), json=body, headers=headers, timeout=10
        )
        assert reply.status_code == 201, reply.text
        return reply.json()

    return post


def _token(stack, index: int, email: str) -> dict:
    reply = requests.post(
        _url(stack, index, "/api/v1/auth/tokens"),
        json={"email": email, "password": PASSWORD},
        timeout=10,
    )
    assert reply.status_code == 201, reply.text
    return {"Authorization": f"Bearer {reply.json()['token']}"}


@pytest.mark.no_db
def test_a_photo_uploaded_through_one_server_is_served_by_the_other(stack):
    from tests.security.test_hostile_input import jpeg_bytes

    inspection = _inspection(stack, _token(stack, 0, "admin@stack.test"))
    tokens = [_token(stack, index, "inspector@stack.test") for index in (0, 1)]
    upload = requests.post(
        _url(stack, 0, f"/api/v1/inspections/{inspection}/photos"),
        files={"photo": ("kitchen.jpg", jpeg_bytes((61, 43)), "image/jpeg")},
        headers=tokens[0],
        timeout=30,
    )
    assert upload.status_code == 201, upload.text
    served = requests.get(
        _url(stack, 1, upload.json()["url"]), headers=tokens[1], timeout=10
    )
    assert served.status_code == 200 and served.content[:2] == b"\xff\xd8"
    assert (
        served.content
        == requests.get(
            _url(stack, 0, upload.json()["url"]), headers=tokens[0], timeout=10
        ).content
    )
    health = requests.get(_url(stack, 1, "/healthz"), timeout=10).json()
    assert health["checks"] == {"database": "ok", "storage": "ok", "redis": "ok"}
    scrape = {"Authorization": "Bearer stack-metrics-token"}
    metrics = requests.get(_url(stack, 0, "/metrics"), headers=scrape, timeout=10)
    assert 'endpoint="inspections_api.upload_photo"' in metrics.text
    assert "snf_jobs_failed 0.0" in metrics.text
