"""Batches of certificate PDFs as a job: every certificate of one company, or
the current certificate of every registered company, in one ZIP file kept
in snf storage. The job page (snf.ops) offers the file to whoever may see
it: the result names the file and the check (``access``) its download makes.
"""

import io
import zipfile
from datetime import date

from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from snf.certificates import lifecycle
from snf.certificates.models import Certificate, CertificateLocation
from snf.certificates.rendering import certificate_pdf, public_urls, verify_url
from snf.extensions import db
from snf.storage import storage


def batch_query(company_id: int | None, today: date):
    """One company's certificates (newest first), or each registered
    company's certificate in force ``today``."""
    query = select(Certificate).options(
        selectinload(Certificate.company),
        selectinload(Certificate.norm_version),
        selectinload(Certificate.locations).selectinload(CertificateLocation.location),
    )
    if company_id is not None:
        return query.where(Certificate.company_id == company_id).order_by(
            Certificate.valid_from.desc(), Certificate.id.desc()
        )
    current = lifecycle.statuses_on(today)
    return (
        query.join(current, current.c.company_id == Certificate.company_id)
        .where(
            current.c.status == "registered",
            Certificate.valid_from <= today,
            Certificate.valid_until >= today,
        )
        .order_by(Certificate.number)
    )


def certificates_zip(certificates, language: str, progress) -> bytes:
    """The PDFs of ``certificates`` in ``language``, one file each."""
    buffer = io.BytesIO()
    zipped = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)
    with zipped as archive, public_urls(), force_locale(language):
        for done, certificate in enumerate(certificates, start=1):
            pdf = certificate_pdf(certificate, verify_url(certificate))
            archive.writestr(f"{certificate.number}.pdf", pdf)
            progress(done, len(certificates))
    return buffer.getvalue()


def certificate_batch(
    company_id: int | None, language: str, today: date, progress
) -> dict:
    """Make and store the ZIP; the job's result (file, count, access)."""
    certificates = list(db.session.scalars(batch_query(company_id, today)))
    data = certificates_zip(certificates, language, progress)
    name = f"certificates-{company_id or 'registered'}-{today.isoformat()}.zip"
    # A company's certificates: whoever may see its registration; all
    # registered companies' (public documents, but a bulk export): staff.
    access = (
        {"action": "registration.view", "company_id": company_id}
        if company_id is not None
        else {"action": "registration.manage", "company_id": None}
    )
    return {
        "count": len(certificates),
        "file": {"key": storage().save(data, ".zip"), "name": name},
        "access": access,
    }
