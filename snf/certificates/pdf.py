"""The certificate as a one-page A4 PDF (reportlab), in the reader's language.

Every text comes from the catalogues (Flask-Babel) in the current locale;
dates and numbers are written the way that language writes them.

The PDF is public: it names the company, its KvK number and the towns of its
locations, never a street address (``CertificateDocument`` has no field for
one, and a town with a digit in it is refused). The QR code opens
``verify_url``, which carries the signed payload (``?sig=``); the payload is
also printed in small type, so it can be typed in when the code is damaged.

Drawn on a plain canvas with the standard PDF fonts (nothing embedded), which
keeps a certificate at a few milliseconds. Those fonts cover Windows-1252 only;
other letters (e.g. Polish ``Ł``, ``ś``) are printed without their accents, the
register keeps the exact spelling.
"""

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import segno
from flask_babel import format_date, format_decimal, ngettext
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

FOUNDATION = "Stichting Normering Flexwonen"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

WIDTH, HEIGHT = A4
CENTRE = WIDTH / 2
NAVY, INK, GREY = (0.11, 0.19, 0.36), (0.1, 0.1, 0.1), (0.38, 0.38, 0.42)
QR_SIZE, QR_BOTTOM = 160.0, 130.0  # points; the top edge of the code is at 290
QR_FORM = "qr"  # the QR code is a form XObject, /FormXob.qr in the PDF
MAX_TOWN_LINES = 3
PAYLOAD_LINE = 110  # characters: a JWS payload takes four lines of 6 pt Courier
_LATIN_FALLBACK = str.maketrans("ŁłĐđĦħıŀĿ", "LlDdHhilL")


@dataclass
class CertificateDocument:
    """What the certificate shows; ``towns`` are ``(town, locations)`` pairs."""

    number: str
    company_name: str
    kvk: str | None
    town: str
    norm_label: str
    valid_from: date
    valid_until: date
    issued_at: datetime  # UTC; naive means UTC
    locations: int
    beds: int
    towns: list[tuple[str, int]]
    verify_url: str
    payload: str
    mark: str = "SNF"


@dataclass(frozen=True)
class Text:
    """One string on the page; ``x`` is its centre, left or right edge by ``align``."""

    text: str
    y: float
    font: str = "Helvetica"
    size: float = 11
    color: tuple = INK
    x: float = CENTRE
    align: str = "centre"


def long_date(day: date) -> str:
    """``1 augustus 2014`` in Dutch, ``1 August 2014`` in English."""
    return format_date(day, "d MMMM y")


def number(value: int) -> str:
    """``1.234`` in Dutch, ``1,234`` in English."""
    return format_decimal(value)


def qr_code(doc: CertificateDocument) -> segno.QRCode:
    """The QR code printed on the certificate: it encodes ``doc.verify_url``."""
    return segno.make(doc.verify_url, error="m", micro=False)


def render_certificate(doc: CertificateDocument) -> bytes:
    """The certificate as PDF bytes: one A4 page."""
    check_document(doc)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(_("Certificate %(n)s", n=doc.number))
    canvas.setAuthor(FOUNDATION)
    canvas.setSubject(f"{doc.company_name} ({doc.norm_label})")
    _draw_frame(canvas)
    for item in page_texts(doc):
        _draw_text(canvas, item)
    _draw_qr(canvas, qr_code(doc))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def check_document(doc: CertificateDocument) -> None:
    """Refuse what must not be printed: addresses, a payload the QR does not hold."""
    for town in [doc.town, *(town for town, _count in doc.towns)]:
        if any(char.isdigit() for char in town or ""):
            raise ValueError(f"a town, not an address, is printed: {town!r}")
    signed = parse_qs(urlsplit(doc.verify_url).query).get("sig")
    if signed != [doc.payload]:
        raise ValueError("verify_url must carry the payload as its sig parameter")


def page_texts(doc: CertificateDocument) -> list[Text]:
    """Every string on the page, where and how it is drawn."""
    return [
        *_heading(doc),
        *_company(doc),
        *_details(doc),
        *_verification(doc),
        *_footer(),
    ]


def _heading(doc: CertificateDocument) -> list[Text]:
    return [
        Text(FOUNDATION, 775, "Times-Bold", 15, NAVY),
        Text(_("Certificate"), 735, "Times-Bold", 34, NAVY),
        Text(_("Certificate number"), 700, size=8.5, color=GREY),
        Text(latin(doc.number), 672, "Times-Bold", 28, NAVY),
    ]


def _company(doc: CertificateDocument) -> list[Text]:
    name = latin(doc.company_name)
    kvk = f"KvK {doc.kvk}" if doc.kvk else _("No KvK number")
    where = f"{kvk}  \u00b7  {latin(doc.town)}" if doc.town else kvk
    return [
        Text(
            _("%(foundation)s certifies that", foundation=FOUNDATION),
            624,
            "Times-Italic",
            12,
        ),
        Text(name, 592, "Times-Bold", _fit(name, "Times-Bold", 22, 470)),
        Text(where, 572),
        Text(_("complies with the standard"), 538, "Times-Italic", 12),
        Text(latin(doc.norm_label), 508, "Times-Bold", 17, NAVY),
        *_mark(doc),
    ]


def _mark(doc: CertificateDocument) -> list[Text]:
    """The agricultural mark is named under the norm (SNF needs no words)."""
    if doc.mark != "AGRI":
        return []
    return [Text(_("Agricultural mark (AGRI)"), 491, size=9.5, color=NAVY)]


def _details(doc: CertificateDocument) -> list[Text]:
    """Label / value rows; a value may take several lines."""
    issued = _local_day(doc.issued_at)
    rows = [
        (_("Locations"), [number(doc.locations)]),
        (_("Beds"), [number(doc.beds)]),
        (_("Towns"), town_lines(doc.towns)),
        (_("Valid"), validity_lines(doc.valid_from, doc.valid_until)),
        (_("Issued"), [long_date(issued)]),
    ]
    texts, y = [], 475.0
    for label, values in rows:
        texts.append(Text(label, y, size=9, color=GREY, x=CENTRE - 60, align="right"))
        for value in values:
            texts.append(Text(value, y, x=CENTRE - 45, align="left"))
            y -= 14
        y -= 6
    return texts


def validity_lines(valid_from: date, valid_until: date) -> list[str]:
    """``1 augustus 2014 – 31 juli 2015``."""
    return [f"{long_date(valid_from)} \u2013 {long_date(valid_until)}"]


def town_lines(towns: list[tuple[str, int]]) -> list[str]:
    """``Amsterdam (2), Rotterdam (1)`` wrapped; past three lines, a count."""
    if not towns:
        return ["\u2013"]
    joined = ", ".join(f"{latin(town or '?')} ({count})" for town, count in towns)
    lines = simpleSplit(joined, "Helvetica", 11, 300)
    if len(lines) <= MAX_TOWN_LINES:
        return lines
    kept = lines[: MAX_TOWN_LINES - 1]
    shown = ", ".join(kept).count("(")
    more = len(towns) - shown
    return [*kept, ngettext("and %(num)d more town", "and %(num)d more towns", more)]


def _verification(doc: CertificateDocument) -> list[Text]:
    """Above the QR code where to verify, under it the URL and the payload."""
    site = urlsplit(doc.verify_url).netloc
    url = doc.verify_url.removesuffix(doc.payload)
    lines = payload_lines(doc.payload)
    return [
        Text(_("Verify at %(site)s", site=site), 304, size=9.5),
        Text(url, 118, size=_fit(url, "Helvetica", 7, 470), color=GREY),
        *(
            Text(line, 107 - 8 * i, "Courier", _fit(line, "Courier", 6, 470), GREY)
            for i, line in enumerate(lines)
        ),
    ]


def payload_lines(payload: str, width: int = PAYLOAD_LINE) -> list[str]:
    """The payload in lines of at most ``width`` characters, broken after a
    dot where one is near, so it can be typed in from the paper."""
    lines, current = [], ""
    for piece in re.findall(r"[^.]*\.|[^.]+$", payload):
        if current and len(current) + len(piece) > width:
            lines.append(current)
            current = ""
        current += piece
        while len(current) > width:
            lines.append(current[:width])
            current = current[width:]
    return [*lines, current] if current else lines


def _footer() -> list[Text]:
    return [
        Text(
            _(
                "This certificate lists no addresses. The current status is in "
                "the public register."
            ),
            62,
            size=7.5,
            color=GREY,
        )
    ]


def latin(text: str) -> str:
    """``text`` in the standard fonts' Windows-1252 set, accents dropped if need be."""
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        return "".join(_latin_char(char) for char in text)


def _latin_char(char: str) -> str:
    for candidate in (char, _strip_accents(char).translate(_LATIN_FALLBACK)):
        try:
            candidate.encode("cp1252")
            return candidate
        except UnicodeEncodeError:
            continue
    return "?"


def _strip_accents(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits in ``width``."""
    natural = stringWidth(text, font, size)
    return size if natural <= width else max(size * width / natural, 4.0)


def _local_day(moment: datetime) -> date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(AMSTERDAM).date()


def _draw_frame(canvas: Canvas) -> None:
    canvas.setStrokeColorRGB(*NAVY)
    canvas.setLineWidth(2.5)
    canvas.rect(30, 30, WIDTH - 60, HEIGHT - 60)
    canvas.setLineWidth(0.6)
    canvas.rect(37, 37, WIDTH - 74, HEIGHT - 74)
    canvas.line(CENTRE - 110, 721, CENTRE + 110, 721)


def _draw_text(canvas: Canvas, item: Text) -> None:
    canvas.setFont(item.font, item.size)
    canvas.setFillColorRGB(*item.color)
    if item.align == "left":
        canvas.drawString(item.x, item.y, item.text)
    elif item.align == "right":
        canvas.drawRightString(item.x, item.y, item.text)
    else:
        canvas.drawCentredString(item.x, item.y, item.text)


def _draw_qr(canvas: Canvas, qr: segno.QRCode) -> None:
    """The modules as filled rectangles, one per run of dark modules in a row,
    in a form whose unit is one module (the quiet zone is the white page)."""
    size = len(qr.matrix)
    canvas.beginForm(QR_FORM, 0, 0, size, size)
    canvas.setFillColorRGB(0, 0, 0)
    # PDF operators written directly: the coordinates are whole modules, and
    # reportlab's float formatting of ~1,000 rectangles took a third of a render.
    canvas.addLiteral(
        "".join(
            f"{start} {size - 1 - row} {length} 1 re "
            for row, cells in enumerate(qr.matrix)
            for start, length in dark_runs(cells)
        )
        + "f"
    )
    canvas.endForm()
    canvas.saveState()
    canvas.translate(CENTRE - QR_SIZE / 2, QR_BOTTOM)
    canvas.scale(QR_SIZE / size, QR_SIZE / size)
    canvas.doForm(QR_FORM)
    canvas.restoreState()


def dark_runs(cells) -> list[tuple[int, int]]:
    """``(start, length)`` of every run of dark modules in one row."""
    runs, start = [], None
    for column, dark in enumerate([*cells, 0]):
        if dark and start is None:
            start = column
        elif not dark and start is not None:
            runs.append((start, column - start))
            start = None
    return runs
