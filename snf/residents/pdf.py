"""The information card: one A4 page per location (reportlab), in one
language. A company's cards are one PDF, one page each.

DejaVu Sans (subset: Latin, Latin Extended, Cyrillic; its licence is in
fonts/LICENSE) is embedded because the standard PDF fonts have no Cyrillic
for the Bulgarian card and lack Polish and Romanian letters.
"""

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import segno
from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from snf.certificates.pdf import dark_runs

FONTS = Path(__file__).parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
WIDTH, HEIGHT = A4
MARGIN = 48.0
NAVY, INK, GREY = (0.11, 0.19, 0.36), (0.1, 0.1, 0.1), (0.38, 0.38, 0.42)
GREEN, RED = (0.05, 0.45, 0.2), (0.7, 0.1, 0.1)
QR_SIZE = 150.0
EMERGENCY = "112"


@dataclass
class CardDocument:
    address: str
    beds: int
    company_name: str
    certified: bool
    certificate_number: str | None
    valid_until: date | None
    phone: str
    emergency_phone: str
    rights: list[str]
    norm_label: str
    url: str


def _register_fonts() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, FONTS / "DejaVuSans.ttf"))
        pdfmetrics.registerFont(TTFont(BOLD, FONTS / "DejaVuSans-Bold.ttf"))


class _Writer:
    """Lines from the top down, wrapped to the width left of ``right``."""

    def __init__(self, canvas: Canvas):
        self.canvas, self.y = canvas, HEIGHT - MARGIN

    def line(self, text, size=11, font=REGULAR, color=INK, gap=4, right=MARGIN):
        width = WIDTH - MARGIN - right
        self.canvas.setFont(font, size)
        self.canvas.setFillColorRGB(*color)
        for part in simpleSplit(text, font, size, width) or [""]:
            self.y -= size + 2
            self.canvas.drawString(MARGIN, self.y, part)
        self.y -= gap


def _head(w: _Writer, doc: CardDocument) -> None:
    w.line(_("Information for residents"), 22, BOLD, NAVY, 8)
    w.line(doc.address, 15, BOLD)
    w.line(_("Permitted beds: %(beds)d", beds=doc.beds), 15, BOLD, gap=10)
    w.line(_("Housing provider: %(name)s", name=doc.company_name), 11)
    if doc.certified and doc.certificate_number:
        text = _(
            "SNF certificate %(number)s, valid until %(date)s.",
            number=doc.certificate_number,
            date=format_date(doc.valid_until, "long"),
        )
        w.line(text, 11, color=GREEN)
    else:
        w.line(_("This location has no valid SNF certificate today."), 11, color=RED)
    w.line(_("Check the current status: scan the QR code."), 9, color=GREY, gap=10)


def _contacts(w: _Writer, doc: CardDocument) -> None:
    w.line(_("Contact details"), 13, BOLD, NAVY)
    if doc.phone:
        w.line(_("Housing provider: %(phone)s", phone=doc.phone), 11)
    if doc.emergency_phone:
        w.line(_("24 hours a day: %(phone)s", phone=doc.emergency_phone), 11)
    w.line(_("Fire, ambulance, police: %(number)s", number=EMERGENCY), 11, BOLD, gap=10)


def _rights(w: _Writer, doc: CardDocument) -> None:
    w.line(
        _("Your rights under the norm (%(norm)s)", norm=doc.norm_label), 13, BOLD, NAVY
    )
    for text in doc.rights:
        w.line(f"• {text}", 10.5, gap=2, right=MARGIN)
    w.y -= 8


def _complain(w: _Writer, doc: CardDocument) -> None:
    right = QR_SIZE + MARGIN + 12
    w.line(_("Something wrong? Tell SNF"), 13, BOLD, NAVY, right=right)
    w.line(
        _(
            "Scan the QR code or open the address below. You do not have to give "
            "your name; your housing provider never learns who complained."
        ),
        10.5,
        right=right,
    )
    w.line(doc.url, 9, color=GREY, right=right)


def _draw_qr(canvas: Canvas, url: str) -> None:
    qr = segno.make(url, error="m", micro=False)
    size = len(qr.matrix)
    canvas.saveState()
    canvas.translate(WIDTH - MARGIN - QR_SIZE, MARGIN + 20)
    canvas.scale(QR_SIZE / size, QR_SIZE / size)
    canvas.setFillColorRGB(0, 0, 0)
    for row, cells in enumerate(qr.matrix):
        for start, length in dark_runs(cells):
            canvas.rect(start, size - 1 - row, length, 1, stroke=0, fill=1)
    canvas.restoreState()


def _page(canvas: Canvas, doc: CardDocument) -> None:
    w = _Writer(canvas)
    _head(w, doc)
    _contacts(w, doc)
    _rights(w, doc)
    w.y = min(w.y, MARGIN + 20 + QR_SIZE)
    _complain(w, doc)
    _draw_qr(canvas, doc.url)
    canvas.showPage()


def render_cards(docs: list[CardDocument], title: str) -> bytes:
    """The cards as one PDF, a page each (in the current locale)."""
    _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Stichting Normering Flexwonen")
    for doc in docs:
        _page(canvas, doc)
    canvas.save()
    return buffer.getvalue()
