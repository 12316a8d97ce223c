"""What the resident page, its API and the information card show: one
location's live status, read for today, worded in the current locale."""

from dataclasses import dataclass, field
from datetime import date

from flask import url_for
from sqlalchemy import func, select

from snf.certificates import lifecycle
from snf.certificates.models import Certificate
from snf.certificates.rendering import public_base_url
from snf.certificates.services import latest_certificate
from snf.extensions import db
from snf.inspections.models import Location
from snf.residents.models import ResidentContact
from snf.residents.rights import Right, rights_for

LANGUAGES = ("nl", "en", "pl", "ro", "bg")
LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "en": "English",
    "pl": "Polski",
    "ro": "Română",
    "bg": "Български",
}


@dataclass
class ResidentInfo:
    location: Location
    company_name: str
    beds: int
    certified: bool
    status: str  # valid, suspended, struck_off, expired, none
    certificate: Certificate | None
    contact: ResidentContact | None
    rights: list[Right] = field(default_factory=list)

    @property
    def address(self) -> str:
        return self.location.address


def certification(location: Location, today: date) -> tuple[str, Certificate | None]:
    """The status of the certificate covering the location today: the
    primarily responsible company's latest certificate, live."""
    certificate = latest_certificate(location.company_id)
    if certificate is None:
        return "none", None
    # certificate_status() for the newest certificate, without looking it up
    # a second time.
    company_status = lifecycle.status_on(location.company_id, today)
    return _status(company_status, certificate.valid_until, today), certificate


def _status(company_status: str, valid_until: date | None, today: date) -> str:
    if valid_until is None:
        return "none"
    if company_status in ("suspended", "struck_off", "expired"):
        return company_status
    if company_status != "registered" or today > valid_until:
        return "expired"
    return "valid"


def certifications(company_ids, today: date) -> dict[int, str]:
    """Company id -> the status of its newest certificate today, as
    ``certification`` says it, for a batch of companies in two queries."""
    ids = list(set(company_ids))
    statuses = lifecycle.statuses_on(today)
    current = dict(
        db.session.execute(
            select(statuses.c.company_id, statuses.c.status).where(
                statuses.c.company_id.in_(ids)
            )
        ).all()
    )
    ranked = (
        select(
            Certificate.company_id,
            Certificate.valid_until,
            func.row_number()
            .over(
                partition_by=Certificate.company_id,
                order_by=(Certificate.issued_at.desc(), Certificate.id.desc()),
            )
            .label("rank"),
        )
        .where(Certificate.company_id.in_(ids))
        .subquery()
    )
    newest = dict(
        db.session.execute(
            select(ranked.c.company_id, ranked.c.valid_until).where(ranked.c.rank == 1)
        ).all()
    )
    return {i: _status(current.get(i, ""), newest.get(i), today) for i in ids}


def contact_of(company_id: int) -> ResidentContact | None:
    query = select(ResidentContact).where(ResidentContact.company_id == company_id)
    return db.session.scalar(query)


def resident_info(location: Location, today: date) -> ResidentInfo:
    status, certificate = certification(location, today)
    return ResidentInfo(
        location=location,
        company_name=location.company.name,
        beds=location.beds,
        certified=status == "valid",
        status=status,
        certificate=certificate,
        contact=contact_of(location.company_id),
        rights=rights_for(location, today),
    )


def resident_url(token: str) -> str:
    """The address printed in the QR code: the configured public address,
    never the Host header of whoever asked for the card."""
    return public_base_url() + url_for("residents.page", token=token)


def resident_urls(location_ids) -> dict[int, str]:
    """Location id -> the address of its resident page (one query)."""
    from snf.residents.tokens import active_tokens

    return {lid: resident_url(t) for lid, t in active_tokens(location_ids).items()}
