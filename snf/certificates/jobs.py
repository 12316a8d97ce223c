"""Long work of the certificates domain, run as jobs (snf.jobqueue)."""

from datetime import date

from snf.certificates.batches import certificate_batch
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


def certificate_batch_job(
    *,
    company_id: int | None = None,
    language: str = "nl",
    on: str | None = None,
    progress,
) -> dict:
    """Certificate PDFs in one ZIP: a company's, or every registered one's."""
    day = date.fromisoformat(on) if on else local_today()
    company = int(company_id) if company_id not in (None, "") else None
    return certificate_batch(company, language, day, progress)
