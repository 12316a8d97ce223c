"""Notifications by mail, sent by a job so that a slow mail server never holds
a request, and composed in the recipient's language when the job runs.

Each domain registers the texts of its events (``register_notification``) and
calls ``notify(event, to=[...], params={...})`` after its change; ``params``
are plain values (codes, numbers, dates as text). ``notify_staff`` writes to
SNF staff (``SNF_STAFF_MAIL``, else every active admin), e.g. about a new
high-risk complaint. The job id is derived from the content: notifying twice
about the same thing (a retried job, enforcement run again) sends one mail.
"""

import hashlib
import json
from collections.abc import Callable

from flask import Flask, current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from snf.jobqueue import enqueue
from snf.mail import Message, send_mail

Render = Callable[[dict], tuple[str, str]]  # params -> (subject, body)


def register_notification(app: Flask, event: str, render: Render) -> None:
    app.extensions.setdefault("snf_notifications", {})[event] = render


def notify(event: str, *, to: list[str], params: dict, language: str = "nl"):
    """Mail ``event`` to each address in ``to`` (as a job); returns the job id."""
    if event not in current_app.extensions.get("snf_notifications", {}):
        raise LookupError(f"no notification {event!r}")
    to = sorted(set(to))
    if not to:
        return None
    content = json.dumps([event, to, params, language], sort_keys=True, default=str)
    job_id = "notify-" + hashlib.sha256(content.encode()).hexdigest()[:24]
    return enqueue(
        "notify", job_id=job_id, event=event, to=to, params=params, language=language
    )


def notify_staff(event: str, params: dict):
    """Mail SNF staff about ``event`` (e.g. ``complaint_high_risk``)."""
    from snf.auth.recipients import staff_addresses

    staff = current_app.config.get("SNF_STAFF_MAIL")
    return notify(event, to=[staff] if staff else staff_addresses(), params=params)


def notify_job(*, event: str, to: list[str], params: dict, language: str, progress):
    render = current_app.extensions["snf_notifications"][event]
    with force_locale(language):
        subject, body = render(params)
    for done, address in enumerate(to, start=1):
        send_mail(Message(address, subject, body))
        progress(done, len(to))
    return {"event": event, "sent": len(to)}


def _complaint_high_risk(params: dict) -> tuple[str, str]:
    return (
        _("New high-risk complaint"),
        _(
            "A complaint about %(subject)s was judged high risk. Read it at %(url)s.",
            subject=params.get("subject", ""),
            url=params.get("url", ""),
        ),
    )


def init_app(app: Flask) -> None:
    from snf.jobqueue import register_job

    register_job(app, "notify", notify_job)
    register_notification(app, "complaint_high_risk", _complaint_high_risk)
