"""Real servers for the infrastructure tests: an S3-protocol server (moto in
server mode), Redis at 127.0.0.1:6379 (a database number of this run's own)
and an SMTP server (aiosmtpd), each started or claimed by the test run."""

import socket

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """An S3 endpoint URL: moto's server in a thread of this process."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_config(s3_endpoint, request):
    """Settings of a fresh private bucket on the S3 server."""
    import boto3

    bucket = "snf-" + request.node.name.lower().replace("_", "-")[:40]
    settings = {
        "SNF_S3_BUCKET": bucket,
        "SNF_S3_ENDPOINT_URL": s3_endpoint,
        "SNF_S3_ACCESS_KEY": "test-access",
        "SNF_S3_SECRET_KEY": "test-secret",  # noqa: S105 - moto accepts any
        "SNF_S3_REGION": "us-east-1",
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test-access",
        aws_secret_access_key="test-secret",  # noqa: S106
    )
    client.create_bucket(Bucket=bucket)
    return settings


@pytest.fixture
def redis_queue(app, monkeypatch):
    """The app's jobs on the real Redis at 127.0.0.1:6379, in a database
    number and queue of this run's own; retried at once (no backoff wait)."""
    import os
    import uuid

    from snf import jobqueue_rq

    db_number = int(os.environ.get("SNF_TEST_REDIS_DB", 1 + os.getpid() % 15))
    url = f"redis://127.0.0.1:6379/{db_number}"
    jobs = jobqueue_rq.RedisQueue(url, f"snf-test-{uuid.uuid4().hex[:8]}", [0, 0])
    monkeypatch.setitem(app.config, "SNF_REDIS_URL", url)
    monkeypatch.setitem(app.extensions, "snf_queue", jobs)
    monkeypatch.setattr(jobqueue_rq, "_worker_app", app)
    yield jobs
    for job in jobs.recent(limit=1000):
        jobs.connection.delete(f"rq:job:{job.id}", f"rq:results:{job.id}")
    queue = jobs.queue
    for registry in (
        queue.started_job_registry,
        queue.scheduled_job_registry,
        queue.failed_job_registry,
        queue.finished_job_registry,
    ):
        jobs.connection.delete(registry.key)
    queue.delete(delete_jobs=True)


def run_worker(jobs) -> None:
    """A real RQ worker in this process until the queue is empty."""
    from rq import SimpleWorker

    SimpleWorker([jobs.queue], connection=jobs.connection).work(burst=True)


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free port; ``.messages`` holds what
    arrived, as parsed e-mail messages."""
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            message = message_from_bytes(envelope.content, policy=policy.default)
            self.messages.append(message)
            return "250 OK"

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


@pytest.fixture
def smtp_app(app, smtp_server, monkeypatch):
    """The app sending its mail to ``smtp_server``."""
    from snf.mail import SmtpMailer

    config = {"SNF_SMTP_HOST": "127.0.0.1", "SNF_SMTP_PORT": smtp_server.port}
    mailer = SmtpMailer({**config, "SNF_MAIL_FROM": "register@snf.test"})
    monkeypatch.setitem(app.extensions, "snf_mailer", mailer)
    return app
