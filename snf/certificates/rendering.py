"""From a certificate in the database to its PDF and its verification URL."""

from collections import Counter
from contextlib import contextmanager
from urllib.parse import quote

from flask import current_app, has_request_context, request, url_for

from snf.certificates.pdf import CertificateDocument, render_certificate


def public_base_url() -> str:
    configured = current_app.config.get("SNF_PUBLIC_URL")
    return (configured or request.url_root).rstrip("/")


@contextmanager
def public_urls():
    """URLs built in a job (no request: a worker, the CLI) on the configured
    public address, as a request would build them."""
    if has_request_context():
        yield
        return
    base = current_app.config.get("SNF_PUBLIC_URL") or "http://localhost"
    with current_app.test_request_context("/", base_url=base):
        yield


def verify_url(certificate) -> str:
    """The URL in the QR code: the live status page, carrying the signed payload."""
    path = url_for("certificates.verify", number=certificate.number)
    return f"{public_base_url()}{path}?sig={quote(certificate.payload, safe='')}"


def document_for(certificate, url: str) -> CertificateDocument:
    towns = Counter(link.location.town for link in certificate.locations)
    return CertificateDocument(
        number=certificate.number,
        company_name=certificate.company.name,
        kvk=certificate.company.kvk,
        town=certificate.company.town or "",
        norm_label=certificate.norm_version.label,
        valid_from=certificate.valid_from,
        valid_until=certificate.valid_until,
        issued_at=certificate.issued_at,
        locations=certificate.locations_count,
        beds=certificate.beds,
        towns=sorted(towns.items()),
        verify_url=url,
        payload=certificate.payload,
        mark=certificate.norm_version.norm.code,
    )


def certificate_pdf(certificate, url: str) -> bytes:
    return render_certificate(document_for(certificate, url))
