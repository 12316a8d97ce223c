"""The mark a company is certified under: SNF, or AGRI for growers housing
their own seasonal staff (DOMAIN.md §6). Its inspections are judged by the
norm of that code (``snf.inspections.services.norm_code_of``), its
certificate and register entry name it."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from snf import audit
from snf.auth.models import MARKS, Organisation
from snf.errors import ValidationError
from snf.extensions import db
from snf.inspections.locations import CARAVAN
from snf.inspections.models import Location


def set_company_mark(actor, company: Organisation, mark: str, *, now: datetime):
    """Certify a company under another mark (staff). Refused (422 on ``mark``)
    for an unknown mark, and back to SNF while it has touring caravans."""
    if mark not in MARKS:
        message = _("Choose SNF or AGRI.")
        raise ValidationError(message, {"mark": [message]})
    if mark == company.mark:
        return company
    if mark != "AGRI" and _has_caravans(company):
        message = _(
            "This company has touring caravans, which only the agricultural "
            "mark allows: change or remove those locations first."
        )
        raise ValidationError(message, {"mark": [message]})
    before = company.mark
    company.mark = mark
    db.session.flush()
    audit.record(
        actor, "organisation.mark", "organisation", company.id, now=now,
        before={"mark": before}, after={"mark": mark},
    )  # fmt: skip
    return company


def _has_caravans(company: Organisation) -> bool:
    query = select(Location.id).where(
        Location.company_id == company.id, Location.housing_type == CARAVAN
    )
    return db.session.scalar(query.limit(1)) is not None
