"""Long work of the residents domain, run as jobs (snf.jobqueue)."""

from datetime import date

from snf.auth.models import Organisation
from snf.certificates.rendering import public_urls
from snf.database import local_today
from snf.errors import NotFound
from snf.extensions import db
from snf.inspections import locations
from snf.residents.cards import cards_pdf
from snf.storage import storage


def cards_batch_job(
    *, company_id: int, language: str, on: str | None = None, progress
) -> dict:
    """The information cards of every location of a company, one PDF (a page
    each) kept in storage; downloadable by whoever may print its cards."""
    company = db.session.get(Organisation, int(company_id))
    if company is None:
        raise NotFound(f"no company {company_id}")
    day = date.fromisoformat(on) if on else local_today()
    places = locations.list_company_locations(company.id)
    with public_urls():  # the QR codes: the configured address
        data = cards_pdf(places, language, day)
    progress(1, 1)
    return {
        "count": len(places),
        "file": {
            "key": storage().save(data, ".pdf"),
            "name": f"cards-{company.kvk}-{language}.pdf",
        },
        "access": {"action": "resident_card.download", "company_id": company.id},
    }
