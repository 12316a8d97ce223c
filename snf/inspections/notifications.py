"""Mails to companies about findings: a reminder before a deadline."""

from collections import defaultdict
from datetime import date, timedelta

from flask import Flask
from flask_babel import gettext as _
from sqlalchemy import select

from snf.auth.recipients import company_addresses
from snf.database import local_today
from snf.extensions import db
from snf.inspections.models import Finding
from snf.notify import notify, register_notification

REMIND_DAYS_BEFORE = (7, 1)


def _deadline(params: dict) -> tuple[str, str]:
    return (
        _("Findings due on %(date)s", date=params["date"]),
        _(
            "%(count)d finding(s) of your company must be repaired by %(date)s "
            "(%(codes)s). Send a repair letter in the SNF register before then; "
            "a major finding still open after its deadline suspends the "
            "registration.",
            count=params["count"],
            date=params["date"],
            codes=", ".join(params["codes"]),
        ),
    )


def remind_deadlines_job(*, on: str | None = None, progress) -> dict:
    """Mail each company whose open findings fall due 7 days or 1 day after ``on``."""
    day = date.fromisoformat(on) if on else local_today()
    dues = [day + timedelta(days=days) for days in REMIND_DAYS_BEFORE]
    query = select(Finding.company_id, Finding.due, Finding.requirement_code).where(
        Finding.status != "closed", Finding.due.in_(dues)
    )
    grouped: dict[tuple, list[str]] = defaultdict(list)
    for company_id, due, code in db.session.execute(query):
        grouped[(company_id, due)].append(code)
    for done, ((company_id, due), codes) in enumerate(sorted(grouped.items()), 1):
        params = {"date": due.isoformat(), "count": len(codes), "codes": sorted(codes)}
        notify("finding_deadline", to=company_addresses(company_id), params=params)
        progress(done, len(grouped))
    return {"on": day.isoformat(), "companies": len(grouped)}


def init_app(app: Flask) -> None:
    from snf.jobqueue import register_job

    register_notification(app, "finding_deadline", _deadline)
    register_job(app, "remind_deadlines", remind_deadlines_job)
