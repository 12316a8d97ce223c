"""The certificate PDF as the app renders it, against the plainest reportlab page.

``render`` is what ``GET /api/v1/certificates/<number>.pdf`` computes once the
certificate is loaded: ``snf.certificates.pdf.render_certificate`` on a
realistic document (signed payload in the verify URL, three towns). ``floor``
is the same page written the plainest way for this benchmark: a bare canvas,
one font, one ``drawString`` per line of the same text, the same QR code
(``segno.make`` on the same URL, encoded on every call as in ``render``) as one
``canvas.rect`` per dark module; no frame, no layout, no metadata.

Both encode the QR code, which is most of the time of either (segno picks the
best of eight masks in pure Python). ``render`` writes the code's rectangles as
PDF operators in whole modules, cheaper than ``canvas.rect``'s float formatting,
so it can come out faster than its floor.

Targets: at least ``TARGET_PER_S`` certificates per second on one core, and at
least ``TARGET_RATIO`` of the floor. The harness table shows the first;
``python -m benchmarks.certificates`` prints both verdicts.
"""

import io
import sys
import tempfile
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import segno
from flask import Flask
from flask_babel import Babel
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from benchmarks.timing import Micro, run_micro
from snf.certificates.pdf import CertificateDocument, page_texts, render_certificate
from snf.certificates.signing import KeyRing, sign_payload

TARGET_PER_S = 20  # certificates per second per core
TARGET_RATIO = 0.5  # of the floor
TRANSLATIONS = Path(__file__).resolve().parent.parent / "snf" / "translations"
URL = "https://register.normeringflexwonen.nl/certificates/SNF-2014-00042/verify"


def setup() -> tuple[CertificateDocument, list[str]]:
    """A signed certificate document and the strings its page shows."""
    issued = datetime(2014, 8, 1, 10, 0, tzinfo=UTC)
    fields = {
        "number": "SNF-2014-00042",
        "kvk": "12345678",
        "mark": "SNF",
        "valid_until": date(2015, 7, 31),
        "issued_at": issued,
    }
    with tempfile.TemporaryDirectory() as directory:
        payload = sign_payload(KeyRing(directory), fields)
    document = CertificateDocument(
        number="SNF-2014-00042",
        company_name="Flexwonen Noord-Nederland B.V.",
        kvk="12345678",
        town="Groningen",
        norm_label="SNF 2024.1",
        valid_from=date(2014, 8, 1),
        valid_until=date(2015, 7, 31),
        issued_at=issued,
        locations=4,
        beds=148,
        towns=[("Assen", 1), ("Groningen", 2), ("Hoogezand", 1)],
        verify_url=f"{URL}?sig={payload}",
        payload=payload,
    )
    with _babel_app().app_context():
        return document, [item.text for item in page_texts(document)]


@cache
def _babel_app() -> Flask:
    """A Flask app with the app's catalogues: the PDF formats its dates and
    texts through Flask-Babel, which needs an application context."""
    app = Flask("bench-certificates")
    app.config["BABEL_DEFAULT_LOCALE"] = "nl"
    Babel(app, default_translation_directories=str(TRANSLATIONS))
    return app


def render(sample: tuple[CertificateDocument, list[str]]) -> bytes:
    """The app's certificate (in Dutch, the register's default language)."""
    with _babel_app().app_context():
        return render_certificate(sample[0])


def floor(sample: tuple[CertificateDocument, list[str]]) -> bytes:
    """The same text and QR code on a bare canvas."""
    document, texts = sample
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setFont("Helvetica", 10)
    for line, text in enumerate(texts):
        canvas.drawString(40, 800 - 14 * line, text)
    qr = segno.make(document.verify_url, error="m")
    for row, cells in enumerate(qr.matrix):
        for column, dark in enumerate(cells):
            if dark:
                canvas.rect(200 + 2 * column, 300 - 2 * row, 2, 2, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def main(seconds: float = 5.0) -> int:
    """Measure through the harness and say whether both targets are met."""
    micro = Micro("certificate-pdf", render, floor, setup, TARGET_PER_S)
    result = run_micro(micro, seconds)
    rate_ok, ratio_ok = result.target_met, result.ratio >= TARGET_RATIO
    print(f"render {result.ops_per_s:,.1f} certificates/s", end=" ")
    print(f"(target >= {TARGET_PER_S}/s: {_verdict(rate_ok)})")
    print(f"floor  {result.floor_ops_per_s:,.1f}/s, ratio {result.ratio:.2f}", end=" ")
    print(f"(target >= {TARGET_RATIO}: {_verdict(ratio_ok)})")
    return 0


def _verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1]) if len(sys.argv) > 1 else 5.0))
