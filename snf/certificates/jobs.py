"""Long work of the certificates domain, run as jobs (snf.jobqueue)."""

from datetime import date

from snf.certificates.enforcement import enforce
from snf.certificates.keys import signer
from snf.certificates.notifications import notify_enforcement
from snf.database import local_today, utcnow
from snf.extensions import db


def enforce_job(*, on: str | None = None, progress) -> dict:
    """The daily enforcement run for a day (idempotent, like ``flask enforce``)."""
    day = date.fromisoformat(on) if on else local_today()
    actions = enforce(day, now=utcnow(), sign=signer())
    db.session.commit()  # the changes stand before anyone is told about them
    notify_enforcement(actions)
    progress(1, 1)
    return {"on": day.isoformat(), "changes": len(actions)}
