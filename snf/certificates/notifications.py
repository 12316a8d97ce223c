"""Mails to companies about their registration: suspension and strike-off,
composed in the recipient's language when the notification job runs."""

from flask import Flask
from flask_babel import gettext as _

from snf.auth.models import Organisation
from snf.auth.recipients import company_addresses
from snf.certificates.reasons import render
from snf.extensions import db
from snf.notify import notify, register_notification

NOTIFIED_ACTIONS = {"suspend": "company_suspended", "strike_off": "company_struck_off"}


def _reason(params: dict) -> str:
    return render(params.get("reason_code"), params.get("reason_params"))


def _suspended(params: dict) -> tuple[str, str]:
    return (
        _("Your SNF registration is suspended"),
        _(
            "The registration of %(company)s (KvK %(kvk)s) in the SNF register is "
            "suspended from %(date)s. Reason: %(reason)s. Repair what is open and "
            "send a repair letter; without it the registration is struck off.",
            company=params["company"],
            kvk=params["kvk"] or "-",
            date=params["date"],
            reason=_reason(params),
        ),
    )


def _struck_off(params: dict) -> tuple[str, str]:
    return (
        _("Your company is struck off the SNF register"),
        _(
            "%(company)s (KvK %(kvk)s) is struck off the SNF register from "
            "%(date)s. Reason: %(reason)s.",
            company=params["company"],
            kvk=params["kvk"] or "-",
            date=params["date"],
            reason=_reason(params),
        ),
    )


def notify_enforcement(actions) -> int:
    """Mail the companies that enforcement suspended or struck off."""
    sent = 0
    for action in actions:
        event = NOTIFIED_ACTIONS.get(action.action)
        if event is None:
            continue
        company = db.session.get(Organisation, action.company_id)
        params = {
            "company": company.name,
            "kvk": company.kvk,
            "date": action.effective.isoformat(),
            "reason_code": action.reason.code,
            "reason_params": action.reason.params,
        }
        sent += bool(notify(event, to=company_addresses(company.id), params=params))
    return sent


def init_app(app: Flask) -> None:
    register_notification(app, "company_suspended", _suspended)
    register_notification(app, "company_struck_off", _struck_off)
