"""``flask --app snf jobs ...``: workers, the schedule, running and following jobs."""

import time

import click
from flask import current_app

from snf.jobqueue import enqueue, queue

jobs_cli = click.Group("jobs", help="Long work: the queue, workers and schedule.")

# Nightly enforcement and deadline reminders, the yearly planning, and every
# quarter of an hour the verifiers' mail about the numbers they watch (times
# in UTC; Europe/Amsterdam is 1-2 h ahead).
SCHEDULE = (
    ("enforce", "15 1 * * *"),
    ("remind_deadlines", "0 6 * * *"),
    ("notify_watchers", "*/15 * * * *"),
    ("plan_year", "0 5 2 1 *"),  # the year's planning, once, on 2 January
)


def _redis_queue():
    from snf.jobqueue_rq import RedisQueue

    jobs = queue()
    if not isinstance(jobs, RedisQueue):
        raise click.ClickException("Set SNF_REDIS_URL: without Redis jobs run inline.")
    return jobs


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst):
    """Run jobs from the queue (one job at a time; start several)."""
    from rq import Worker

    from snf.extensions import db
    from snf.jobqueue_rq import use_app

    jobs = _redis_queue()
    use_app(current_app._get_current_object())
    db.engine.dispose()  # no connection crosses the fork into a job
    worker = Worker([jobs.queue], connection=jobs.connection)
    worker.work(burst=burst, with_scheduler=True)


@jobs_cli.command("schedule")
def schedule_command():
    """Enqueue the scheduled jobs on time (nightly enforcement); run one."""
    from rq.cron import CronScheduler

    from snf.jobqueue_rq import execute

    jobs = _redis_queue()
    scheduler = CronScheduler(connection=jobs.connection)
    for name, cron in SCHEDULE:
        scheduler.register(
            execute,
            jobs.queue.name,
            args=(name, {}),
            cron=cron,
            meta={"name": name, "progress": 0},
            name=name,
        )
        click.echo(f"{name}: {cron} (UTC)")
    scheduler.start()


@jobs_cli.command("run")
@click.argument("name")
@click.option("--arg", "args", multiple=True, help="key=value, repeatable.")
@click.option("--wait/--no-wait", default=True, help="Follow it to the end.")
def run_command(name, args, wait):
    """Start a job (e.g. ``enforce --arg on=2026-12-06``) and show its progress."""
    kwargs = dict(arg.split("=", 1) for arg in args)
    try:
        job_id = enqueue(name, **kwargs)
    except LookupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"job {job_id}")
    if wait:
        _follow(job_id)


@jobs_cli.command("show")
@click.argument("job_id")
def show_command(job_id):
    """Follow a job to its end, with a progress bar."""
    _follow(job_id)


def _follow(job_id: str) -> None:
    job = queue().fetch(job_id)
    if job is None:
        raise click.ClickException(f"no job {job_id}")
    with click.progressbar(length=100, label=job.name) as bar:
        shown = 0
        while not job.done:
            time.sleep(0.5)
            job = queue().fetch(job_id)
            bar.update(job.progress - shown)
            shown = job.progress
        bar.update(100 - shown)
    if job.status == "failed":
        raise click.ClickException(f"{job.status}: {job.error}")
    click.echo(f"{job.status}: {job.result}")
