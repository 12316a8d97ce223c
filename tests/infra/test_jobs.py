"""Jobs: RQ on the real Redis with a real worker, and the in-process default."""

import re
from datetime import date

import pytest

from snf.inspections.jobs import whatif_job
from snf.jobqueue import InlineQueue, enqueue, register_job
from tests.factories import login, make_user
from tests.infra.conftest import run_worker
from tests.inspections_factories import make_inspection

VERSIONS = ["SNF:2021.1", "SNF:2024.1"]


@pytest.fixture
def admin(client):
    user = make_user(role="admin")
    login(client, user)
    return user


def _start_whatif(client) -> str:
    response = client.post("/whatif/jobs", data={"v": VERSIONS, "on": "2026-12-01"})
    assert response.status_code == 302
    return response.headers["Location"]


def test_a_whatif_job_is_queued_run_by_a_worker_and_followed_on_its_page(
    client, admin, redis_queue
):
    make_inspection()
    page = _start_whatif(client)
    waiting = client.get(page)
    assert waiting.status_code == 200
    assert b'http-equiv="refresh"' in waiting.data
    assert b'data-status="queued"' in waiting.data
    run_worker(redis_queue)
    done = client.get(page)
    assert b'data-status="finished"' in done.data
    assert b'http-equiv="refresh"' not in done.data
    assert b'value="100"' in done.data
    assert b"SNF 2024.1" in done.data or b"2024.1" in done.data
    listing = client.get("/jobs")
    assert page.rsplit("/", 1)[1].encode() in listing.data


def test_a_failing_job_is_retried_and_its_error_shown_to_admins(
    app, client, admin, redis_queue, monkeypatch
):
    calls = []

    def broken(*, progress):
        calls.append(1)
        raise ValueError("the disk is full")

    monkeypatch.setitem(app.extensions["snf_jobs"], "broken", broken)
    with app.test_request_context():
        job_id = enqueue("broken")
    run_worker(redis_queue)
    assert len(calls) == 3  # the first attempt and two retries
    job = redis_queue.fetch(job_id)
    assert job.status == "failed" and job.attempts == 3
    assert job.error == "ValueError: the disk is full"
    listing = client.get("/jobs")
    assert b"ValueError: the disk is full" in listing.data
    assert redis_queue.failures() == 1


def test_a_job_that_fails_once_completes_on_its_retry(app, redis_queue, monkeypatch):
    attempts = []

    def flaky(*, progress):
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionError("the database went away")
        progress(1, 2)
        return {"done": True}

    monkeypatch.setitem(app.extensions["snf_jobs"], "flaky", flaky)
    with app.test_request_context():
        job_id = enqueue("flaky")
    run_worker(redis_queue)
    job = redis_queue.fetch(job_id)
    assert (job.status, job.result, job.attempts) == ("finished", {"done": True}, 2)


def test_asking_twice_for_the_same_work_starts_it_once(app, redis_queue):
    with app.test_request_context():
        first = enqueue("enforce", job_id="enforce-2026-12-06", on="2026-12-06")
        second = enqueue("enforce", job_id="enforce-2026-12-06", on="2026-12-06")
    assert first == second and redis_queue.depth() == 1
    run_worker(redis_queue)
    assert redis_queue.fetch(first).result == {"on": "2026-12-06", "changes": 0}


def test_without_redis_a_job_runs_in_process_at_once(app, client, admin, monkeypatch):
    monkeypatch.setitem(app.extensions, "snf_queue", InlineQueue())
    make_inspection()
    done = client.get(_start_whatif(client))
    assert b'data-status="finished"' in done.data
    assert b'http-equiv="refresh"' not in done.data


def test_only_admins_and_the_starter_see_a_job(app, client, admin):
    job_id = app.extensions["snf_queue"].enqueue(
        "enforce", {}, job_id="enforce-x", started_by=admin.id
    )
    assert client.get(f"/jobs/{job_id}").status_code == 200
    other = app.test_client()
    login(other, make_user(role="company"))
    assert other.get(f"/jobs/{job_id}").status_code == 403
    assert other.get("/jobs").status_code == 403
    assert other.get("/jobs/no-such-job").status_code == 404


def test_the_whatif_job_reports_its_progress_to_the_end(app):
    make_inspection()
    seen = []
    result = whatif_job(
        versions=VERSIONS, on="2026-12-01", progress=lambda d, t: seen.append((d, t))
    )
    assert seen and seen[-1][0] == seen[-1][1]
    assert [row["label"] for row in result["versions"]] == ["SNF 2021.1", "SNF 2024.1"]


def test_the_cli_runs_a_job_and_shows_its_end(app, runner):
    result = runner.invoke(args=["jobs", "run", "enforce", "--arg", "on=2026-12-06"])
    assert result.exit_code == 0, result.output
    assert "finished: {'on': '2026-12-06', 'changes': 0}" in result.output


def test_register_job_names_are_checked_before_queueing(app):
    register_job(app, "enforce", app.extensions["snf_jobs"]["enforce"])
    with app.test_request_context(), pytest.raises(LookupError):
        enqueue("no-such-job")


def test_the_schedule_registers_enforcement_reminders_watchers_and_planning(
    app, redis_queue, monkeypatch
):
    from rq.cron import CronScheduler

    registered = []
    monkeypatch.setattr(CronScheduler, "start", lambda self: registered.extend(
        (job.name, job.cron, job.queue_name) for job in self.get_jobs()
    ))  # fmt: skip
    result = app.test_cli_runner().invoke(args=["jobs", "schedule"])
    assert result.exit_code == 0, result.output
    queue_name = redis_queue.queue.name
    assert registered == [
        ("enforce", "15 1 * * *", queue_name),
        ("remind_deadlines", "0 6 * * *", queue_name),
        ("notify_watchers", "*/15 * * * *", queue_name),
        ("plan_year", "0 5 2 1 *", queue_name),
    ]


def test_workers_and_the_schedule_need_redis(app, runner):
    result = runner.invoke(args=["jobs", "schedule"])
    assert result.exit_code != 0 and "SNF_REDIS_URL" in result.output


def test_a_large_bulk_check_runs_as_a_job_whose_page_links_the_report(
    app, client, redis_queue, monkeypatch
):
    from tests.certificates_factories import make_registered

    company, _ = make_registered(date(2025, 1, 6))
    monkeypatch.setitem(app.config, "SNF_REPORT_JOB_NUMBERS", 2)
    verifier = make_user(role="verifier")
    login(client, verifier)
    numbers = [company.kvk, "99999999", "12345678"]
    started = client.post(
        "/register/verifications",
        data={"title": "Leden", "numbers": "\n".join(numbers), "as_of": "2025-02-01"},
    )
    job_page = started.headers["Location"]
    assert job_page.startswith("/jobs/verification_report-")
    assert b'data-status="queued"' in client.get(job_page).data
    run_worker(redis_queue)
    done = client.get(job_page).get_data(as_text=True)
    assert 'data-status="finished"' in done
    link = re.search(r'id="job-link" href="([^"]+)"', done).group(1)
    report = client.get(link).get_data(as_text=True)
    assert company.name in report and "Leden" in report
    other = app.test_client()
    login(other, make_user(role="verifier"))
    assert other.get(job_page).status_code == 403
