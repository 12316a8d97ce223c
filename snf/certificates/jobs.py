"""Long work of the certificates domain, run as jobs (snf.jobqueue)."""

from datetime import date

from snf.certificates.enforcement import enforce
from snf.certificates.keys import signer
from snf.database import local_today, utcnow


def enforce_job(*, on: str | None = None, progress) -> dict:
    """The daily enforcement run for a day (idempotent, like ``flask enforce``)."""
    day = date.fromisoformat(on) if on else local_today()
    actions = enforce(day, now=utcnow(), sign=signer())
    progress(1, 1)
    return {"on": day.isoformat(), "changes": len(actions)}
