"""Long work of the register, run as jobs (snf.jobqueue)."""

from datetime import date

from flask import current_app

from snf.auth.models import User
from snf.database import utcnow
from snf.extensions import db
from snf.registry.reports import save_report
from snf.registry.watch_mail import notify_watchers


def verification_report_job(
    *, user_id: int, numbers: list[str], as_of: str, title: str | None, progress
) -> dict:
    """A verifier's bulk check of many numbers, kept as a report."""
    user = db.session.get(User, user_id)
    report = save_report(user, numbers, date.fromisoformat(as_of), title, now=utcnow())
    progress(1, 1)
    return {
        "report_id": report.id,
        "count": len(numbers),
        "link": ["registry.report", {"report_id": report.id}],
    }


WATCH_PATH = "/register/watches"


def notify_watchers_job(*, progress) -> dict:
    """Mail verifiers the status changes of the numbers they watch (on the
    schedule every 15 minutes; idempotent: a second run finds nothing new)."""
    base = (current_app.config.get("SNF_PUBLIC_URL") or "").rstrip("/")
    mails = notify_watchers(base + WATCH_PATH)
    progress(1, 1)
    return {"mails": mails}
