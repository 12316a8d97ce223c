"""The inspection report as PDF (reportlab): what the company keeps.

Every text comes from the catalogues in the reader's language, the rule
explanations from the norm version's own templates (snf.inspections.explain);
each page says "page n of m", and the report ends with the inspector's sign-off.
"""

import io
from xml.sax.saxutils import escape

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from snf.database import AMSTERDAM
from snf.inspections import explain
from snf.inspections import photos as photo_store
from snf.inspections.labels import (
    KIND_LABELS,
    OUTCOME_LABELS,
    SEVERITY_LABELS,
    VERDICT_LABELS,
)

OUTCOME_COLOURS = {
    "pass": colors.HexColor("#e3f4e8"),
    "fail": colors.HexColor("#fde6e6"),
}
GRID = [
    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1f3f5")),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
]


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _numbered_canvas(footer: str):
    """A canvas that writes ``footer % (page, pages)`` on every page once the
    number of pages is known (reportlab draws pages one by one)."""

    class NumberedCanvas(pdf_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont("Helvetica", 9)
                self.drawRightString(190 * mm, 10 * mm, footer(number, total))
                super().showPage()
            super().save()

    return NumberedCanvas


def _facts(inspection, styles) -> Table:
    location = (
        inspection.location.address
        if inspection.location
        else _("administrative (no location)")
    )
    kind = str(KIND_LABELS.get(inspection.kind, inspection.kind))
    if not inspection.announced:
        kind += " · " + _("unannounced")
    company = inspection.company
    rows = [
        (_("Company"), f"{company.name} (KvK {company.kvk or '-'})"),
        (_("Location"), location),
        (_("Kind"), kind),
        (_("Date"), format_date(inspection.inspected_on, "long")),
        (
            _("Inspector"),
            f"{inspection.inspector.name} · {inspection.inspection_body.name}",
        ),
        (_("Norm version"), inspection.norm_version.label),
        (_("Verdict"), VERDICT_LABELS[inspection.verdict]),
    ]
    table = Table(
        [[_p(a, styles["Normal"]), _p(b, styles["Normal"])] for a, b in rows],
        colWidths=[40 * mm, 130 * mm],
    )
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold")]))
    return table


def _results(inspection, lang, titles, styles) -> Table:
    small = styles["BodyText"]
    head = (_("Requirement"), _("Outcome"), _("Explanation"))
    rows = [[_p(text, small) for text in head]]
    style = list(GRID)
    for index, result in enumerate(explain.results(inspection, lang), start=1):
        code = result["requirement"]
        rows.append(
            [
                _p(f"{code} {titles.get(code, '')}", small),
                _p(OUTCOME_LABELS[result["outcome"]], small),
                _p(result["explanation"], small),
            ]
        )
        if result["outcome"] in OUTCOME_COLOURS:
            colour = OUTCOME_COLOURS[result["outcome"]]
            style.append(("BACKGROUND", (1, index), (1, index), colour))
    table = Table(rows, colWidths=[60 * mm, 25 * mm, 85 * mm], repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _findings(inspection, lang, titles, styles) -> list:
    if not inspection.findings:
        return [_p(_("No findings."), styles["Normal"])]
    lines = []
    for f in inspection.findings:
        head = f"{f.requirement_code} {titles.get(f.requirement_code, '')}"
        facts = str(SEVERITY_LABELS[f.severity])
        if f.due:
            facts += " · " + _("due %(date)s", date=format_date(f.due, "long"))
        why = explain.finding_explanation(f, lang)
        lines.append(
            Paragraph(
                f"<b>{escape(head)}</b> ({escape(facts)})<br/>{escape(why)}",
                styles["Normal"],
            )
        )
        lines.append(Spacer(1, 2 * mm))
    return lines


def _notes(inspection, titles, styles) -> list:
    """The inspector's own notes per requirement, as typed."""
    notes = (inspection.observations or {}).get("notes") or {}
    written = [(code, text.strip()) for code, text in notes.items() if text.strip()]
    if not written:
        return []
    small = styles["BodyText"]
    rows = [[_p(_("Requirement"), small), _p(_("Note"), small)]]
    rows += [[_p(f"{c} {titles.get(c, '')}", small), _p(t, small)] for c, t in written]
    table = Table(rows, colWidths=[60 * mm, 110 * mm], repeatRows=1)
    table.setStyle(TableStyle(GRID))
    return [_p(_("Inspector's notes"), styles["Heading2"]), table]


def _sign_off(inspection, styles) -> KeepTogether:
    """Who signs for this report, for which body, and when."""
    normal = styles["Normal"]
    submitted = inspection.submitted_at.astimezone(AMSTERDAM).date()
    rows = [
        (_("Inspector"), inspection.inspector.name),
        (_("Inspection body"), inspection.inspection_body.name),
        (_("Inspected on"), format_date(inspection.inspected_on, "long")),
        (_("Signed off on"), format_date(submitted, "long")),
    ]
    table = Table(
        [[_p(a, normal), _p(b, normal)] for a, b in rows],
        colWidths=[40 * mm, 130 * mm],
    )
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold")]))
    return KeepTogether([_p(_("Sign-off"), styles["Heading2"]), table])


def _photos(attachments, titles, styles) -> list:
    flow = []
    for attachment in attachments:
        data = photo_store.read(attachment)
        width = 80 * mm
        height = width * (attachment.height or 1) / (attachment.width or 1)
        code = attachment.requirement_code or ""
        flow += [
            Image(io.BytesIO(data), width=width, height=height),
            _p(f"{code} {titles.get(code, '')}".strip(), styles["Italic"]),
            Spacer(1, 4 * mm),
        ]
    return flow


def inspection_report(inspection, lang: str, attachments) -> bytes:
    """The report of a submitted inspection as PDF bytes, in ``lang``."""
    with force_locale(lang):
        return _build(inspection, lang, attachments)


def _build(inspection, lang: str, attachments) -> bytes:
    styles = getSampleStyleSheet()
    titles = explain.titles(inspection, lang)
    title = _("Inspection report #%(id)s", id=inspection.id)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        bottomMargin=20 * mm,
    )
    story = [
        _p(title, styles["Title"]),
        _facts(inspection, styles),
        Spacer(1, 6 * mm),
        _p(_("Findings"), styles["Heading2"]),
        *_findings(inspection, lang, titles, styles),
        *_notes(inspection, titles, styles),
        _p(_("Requirements"), styles["Heading2"]),
        _results(inspection, lang, titles, styles),
    ]
    if attachments:
        story += [
            _p(_("Photos"), styles["Heading2"]),
            *_photos(attachments, titles, styles),
        ]
    story.append(_sign_off(inspection, styles))

    def footer(page: int, pages: int) -> str:  # called inside force_locale
        return title + " · " + _("Page %(page)d of %(pages)d", page=page, pages=pages)

    doc.build(story, canvasmaker=_numbered_canvas(footer))
    return buffer.getvalue()
