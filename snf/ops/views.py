"""The job pages and /healthz."""

import mimetypes

from flask import Blueprint, Response, abort, current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from snf.auth.models import Organisation
from snf.auth.permissions import require
from snf.extensions import db
from snf.jobqueue import queue
from snf.storage import storage

bp = Blueprint("ops", __name__, template_folder="templates")
JOB_LABELS = {
    "whatif": _l("What-if"),
    "enforce": _l("Enforcement"),
    "remind_deadlines": _l("Deadline reminders"),
    "notify": _l("Notification"),
    "probe": _l("Probe"),
    "verification_report": _l("Bulk check"),
    "notify_watchers": _l("Mail about watched numbers"),
    "plan_year": _l("Yearly planning"),
    "certificate_batch": _l("Certificate PDFs"),
    "cards_batch": _l("Information cards"),
    "backup": _l("Backup"),
}


@bp.route("/jobs")
@login_required
def jobs():
    """Recent jobs, running and failed ones with their error (admins)."""
    require(current_user, "jobs.list")
    return render_template("ops/jobs.html", jobs=queue().recent(), labels=JOB_LABELS)


@bp.route("/jobs/<job_id>")
@login_required
def job(job_id: str):
    """One job's progress; the page reloads itself until the job is done."""
    found = queue().fetch(job_id) if len(job_id) <= 100 else None
    if found is None:
        abort(404)
    require(current_user, "job.view", found)
    return render_template("ops/job.html", job=found, labels=JOB_LABELS)


@bp.route("/jobs/<job_id>/file")
@login_required
def job_file(job_id: str):
    """The file a finished job made (a batch of PDFs): for who may see the job
    and, again now, the object the file is about (its company)."""
    found = queue().fetch(job_id) if len(job_id) <= 100 else None
    if found is None or not (found.result or {}).get("file"):
        abort(404)
    require(current_user, "job.view", found)
    access = found.result.get("access") or {}
    company_id = access.get("company_id")
    company = db.session.get(Organisation, company_id) if company_id else None
    require(current_user, access.get("action") or "jobs.list", company)
    file = found.result["file"]
    return Response(
        storage().load(file["key"]),
        mimetype=mimetypes.guess_type(file["name"])[0] or "application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{file["name"]}"'},
    )


@bp.route("/healthz")
def healthz():
    """Database, Redis (when configured) and storage: 200, or 503 naming what
    is down. Open to the load balancer; it tells nothing but up or down."""
    checks = {name: _probe(check) for name, check in _checks().items()}
    status = 200 if all(value == "ok" for value in checks.values()) else 503
    body = {"status": "ok" if status == 200 else "unavailable", "checks": checks}
    return body, status, {"Cache-Control": "no-store"}


def _checks() -> dict:
    from sqlalchemy import text

    from snf.extensions import db
    from snf.storage import storage

    checks = {
        "database": lambda: db.session.execute(text("SELECT 1")),
        "storage": lambda: storage().check(),
    }
    if current_app.config.get("SNF_REDIS_URL"):
        checks["redis"] = lambda: queue().check()
    return checks


def _probe(check) -> str:
    try:
        check()
    except Exception:  # any failure means down; the log has the detail
        current_app.logger.exception("health check failed")
        return "down"
    return "ok"
