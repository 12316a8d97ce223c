"""Demo: ABU's check of four members against the register of 1 August 2014,
the day ABU began to require registration (its report and CSV to look at),
and ABU watching those members' numbers (mailed when their status changes)."""

from datetime import date, datetime

from sqlalchemy import select

from snf.auth import services as auth
from snf.extensions import db
from snf.registry.models import VerificationReport
from snf.registry.reports import save_report
from snf.registry.watches import watch_numbers

VERIFIER = "controle@abu.example"
MEMBERS = ["34567812", "17283946", "24681357", "12345678"]


def load_registry_demo(now: datetime) -> None:
    verifier = auth.find_user_by_email(VERIFIER)
    if verifier is None:
        return
    mine = VerificationReport.organisation_id == verifier.organisation_id
    if db.session.scalar(select(VerificationReport.id).where(mine).limit(1)):
        return
    save_report(
        verifier, MEMBERS, date(2014, 8, 1), "ABU-leden per 1 augustus 2014", now=now
    )
    watch_numbers(verifier, MEMBERS, language="nl", now=now)
