"""Applications, issuing and renewing certificates."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from snf import audit
from snf.auth.models import Organisation
from snf.certificates import lifecycle
from snf.certificates.marks import set_company_mark
from snf.certificates.models import Application, Certificate, CertificateLocation
from snf.certificates.reasons import Reason, reason
from snf.errors import Conflict, NotFound, ValidationError
from snf.extensions import db
from snf.inspections import findings as finding_rules
from snf.inspections import locations as location_services
from snf.inspections.models import Inspection
from snf.norms import services as norms

VALIDITY_MONTHS = 12
NUMBER_PREFIX = "SNF"


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


# -- applications ------------------------------------------------------------


def open_application(company_id: int) -> Application | None:
    query = select(Application).where(
        Application.company_id == company_id, Application.state == "open"
    )
    return db.session.scalar(query)


def apply(
    actor,
    company: Organisation,
    inspection_body: Organisation,
    *,
    today: date,
    now: datetime,
    mark: str | None = None,
) -> Application:
    """The company applies for registration with its chosen inspection body,
    saying which mark (``SNF`` or ``AGRI``) it wants to be certified under."""
    if company.kind != "company":
        raise ValidationError(_("Only companies apply for registration."))
    if inspection_body is None or inspection_body.kind != "inspection_body":
        message = _("Choose an inspection body.")
        raise ValidationError(message, {"inspection_body": [message]})
    if open_application(company.id) is not None:
        raise Conflict(_("This company has already applied."))
    if mark is not None:
        set_company_mark(actor, company, mark, now=now)
    application = Application(
        company=company, inspection_body=inspection_body, applied_on=today
    )
    db.session.add(application)
    db.session.flush()
    lifecycle.record(
        actor,
        company.id,
        "apply",
        effective=today,
        now=now,
        reason=reason("applied"),
        cause=("application", application.id),
    )
    return application


def chosen_inspection_body_id(company_id: int) -> int | None:
    """The inspection body named in the company's latest application."""
    return db.session.scalar(_latest_body(company_id))


def chosen_body_clause(company_id, body_id):
    """SQL: the latest application of ``company_id`` (a column) names ``body_id``."""
    return _latest_body(company_id).scalar_subquery() == body_id


def _latest_body(company_id):
    return (
        select(Application.inspection_body_id)
        .where(Application.company_id == company_id)
        .order_by(Application.id.desc())
        .limit(1)
    )


def mark_fee_paid(actor, application: Application, *, today: date, now) -> None:
    if application.state != "open":
        # Decided (issued or withdrawn): the application is a closed record.
        raise Conflict(_("This application is decided and can no longer change."))
    application.entry_fee_paid_on = today
    db.session.flush()
    audit.record(
        actor,
        "application.fee_paid",
        "application",
        application.id,
        now=now,
        after={"paid_on": today},
    )


@dataclass
class Readiness:
    application: Application
    reasons: list[str]
    locations: list
    norm_version: object

    @property
    def ready(self) -> bool:
        return not self.reasons


def _submitted(company_id: int, since: date, administrative: bool):
    query = select(Inspection).where(
        Inspection.company_id == company_id,
        Inspection.status == "submitted",
        Inspection.inspected_on >= since,
    )
    kind = Inspection.kind == "administrative"
    return list(db.session.scalars(query.where(kind if administrative else ~kind)))


def readiness(application: Application, today: date) -> Readiness:
    """What is still missing before a certificate can be issued."""
    company_id = application.company_id
    since = application.applied_on - timedelta(days=365)
    reasons = []
    admin = [i for i in _submitted(company_id, since, True) if i.verdict == "conform"]
    if not admin:
        reasons.append(_("No conform administrative inspection yet."))
    locs = location_services.list_company_locations(company_id)
    if not locs:
        reasons.append(_("No locations registered."))
    inspected = {i.location_id for i in _submitted(company_id, since, False)}
    for loc in locs:
        if loc.id not in inspected:
            reasons.append(
                _("Location %(address)s has not been inspected.", address=loc.address)
            )
    majors = finding_rules.open_major_findings(company_id)
    if majors:
        reasons.append(
            ngettext(
                "%(num)d major finding still open.",
                "%(num)d major findings still open.",
                len(majors),
            )
        )
    if application.entry_fee_paid_on is None:
        reasons.append(_("The entry fee has not been paid."))
    mark = certificate_mark(application.company)
    version = norms.find_version_in_force(mark, today)
    return Readiness(application, reasons, locs, version)


def applications_queue() -> list[Application]:
    query = select(Application).where(Application.state == "open")
    return list(db.session.scalars(query.order_by(Application.applied_on)))


# -- certificates -------------------------------------------------------------


def next_number(year: int) -> str:
    """SNF-2014-00042: a number is never used twice (certificates are never
    deleted, and the column is unique)."""
    prefix = f"{NUMBER_PREFIX}-{year}-"
    last = db.session.scalar(
        select(func.max(Certificate.number)).where(
            Certificate.number.like(prefix + "%")
        )
    )
    serial = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{serial:05d}"


DEFAULT_MARK = "SNF"


def certificate_mark(company: Organisation) -> str:
    """The quality mark a company is certified under: the company's own
    ``mark`` once companies have one (``AGRI``, API 1.2), else ``SNF``."""
    return getattr(company, "mark", None) or DEFAULT_MARK


def payload_fields(certificate: Certificate) -> dict:
    """What the QR payload of a certificate signs (``snf.certificates.signing``)."""
    return {
        "number": certificate.number,
        "kvk": certificate.company.kvk,
        "mark": certificate_mark(certificate.company),
        "valid_until": certificate.valid_until.isoformat(),
        "issued_at": certificate.issued_at.replace(microsecond=0).isoformat(),
    }


def _ready_application(company: Organisation, today: date):
    """The open application and its readiness; 409 with every reason if not ready."""
    application = open_application(company.id)
    if application is None:
        raise Conflict(
            _("This company has no open application."),
            reasons=[_("No open application.")],
        )
    ready = readiness(application, today)
    if not ready.ready:
        raise Conflict(
            _("The certificate cannot be issued yet."), reasons=ready.reasons
        )
    return application, ready


def _new_certificate(company, application, ready, today: date, now: datetime):
    certificate = Certificate(
        number=next_number(today.year),
        company=company,
        application_id=application.id,
        norm_version_id=ready.norm_version.id,
        valid_from=today,
        valid_until=add_months(today, VALIDITY_MONTHS) - timedelta(days=1),
        issued_at=now,
        payload="",
        locations_count=len(ready.locations),
        beds=sum(loc.beds for loc in ready.locations),
    )
    for loc in ready.locations:
        certificate.locations.append(CertificateLocation(location=loc, beds=loc.beds))
    return certificate


def issue_certificate(
    actor, company: Organisation, *, today: date, now: datetime, sign
) -> Certificate:
    """Issue when nothing is missing; otherwise 409 with every reason.
    ``sign(fields) -> payload`` signs the QR payload."""
    application, ready = _ready_application(company, today)
    certificate = _new_certificate(company, application, ready, today, now)
    db.session.add(certificate)
    db.session.flush()
    certificate.payload = sign(payload_fields(certificate))
    application.state = "issued"
    lifecycle.record(
        actor,
        company.id,
        "register",
        effective=today,
        now=now,
        reason=reason("issued", number=certificate.number),
        certificate_id=certificate.id,
    )
    return certificate


def renew_certificate(
    actor,
    certificate: Certificate,
    *,
    reason: "str | Reason",
    today: date,
    now: datetime,
    sign,
    cause=None,
) -> Certificate:
    """Extend validity by 12 months (after the yearly administrative inspection)."""
    before = certificate.valid_until
    effective = max(today, certificate.valid_from)
    lifecycle.record(
        actor,
        certificate.company_id,
        "renew",
        effective=effective,
        reason=reason,
        now=now,
        certificate_id=certificate.id,
        cause=cause,
    )
    certificate.valid_until = add_months(before, VALIDITY_MONTHS)
    certificate.issued_at = now
    certificate.payload = sign(payload_fields(certificate))
    db.session.flush()
    audit.record(
        actor,
        "certificate.renew",
        "certificate",
        certificate.id,
        now=now,
        before={"valid_until": before},
        after={"valid_until": certificate.valid_until},
    )
    return certificate


def get_certificate(number: str) -> Certificate:
    certificate = db.session.scalar(
        select(Certificate).where(Certificate.number == number)
    )
    if certificate is None:
        raise NotFound(_("No certificate with this number."))
    return certificate


def latest_certificate(company_id: int) -> Certificate | None:
    query = (
        select(Certificate)
        .where(Certificate.company_id == company_id)
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    )
    return db.session.scalars(query.limit(1)).first()


def certificate_status(certificate: Certificate, day: date) -> str:
    """valid, suspended, struck_off, expired: what /verify shows in large type."""
    company_status = lifecycle.status_on(certificate.company_id, day)
    newest = latest_certificate(certificate.company_id)
    if newest is not None and newest.id != certificate.id:
        return "expired"  # a newer certificate replaced this one
    if company_status in ("suspended", "struck_off", "expired"):
        return company_status
    if company_status != "registered" or day > certificate.valid_until:
        return "expired"
    return "valid"


def change_status(
    actor,
    certificate: Certificate,
    action: str,
    *,
    reason: str,
    effective: date,
    now: datetime,
) -> None:
    """Suspend, strike off, reinstate or expire by hand (staff)."""
    lifecycle.record(
        actor,
        certificate.company_id,
        action,
        effective=effective,
        reason=reason,
        now=now,
        certificate_id=certificate.id,
    )
