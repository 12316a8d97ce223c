"""Operations: the job pages, /healthz, /metrics and the jobs commands."""

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Job pages (admins see every job and its error), health and metrics."""
    from snf import notify
    from snf.api import register_blueprint
    from snf.auth.permissions import register_policies
    from snf.jobqueue import register_job
    from snf.ops import backup_views, cli, metrics, views
    from snf.ops.jobs import backup_job, probe_job
    from snf.ops.permissions import POLICIES
    from snf.templating import add_navigation

    register_policies(app, POLICIES)
    register_blueprint(app, views.bp, backup_views)
    metrics.init_app(app)
    notify.init_app(app)
    register_job(app, "probe", probe_job)
    register_job(app, "backup", backup_job)
    app.cli.add_command(cli.jobs_cli)
    add_navigation(app, "ops.jobs", _l("Jobs"), "jobs.list")
