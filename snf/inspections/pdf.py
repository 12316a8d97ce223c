"""The inspection report as PDF (reportlab): what the company keeps."""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from snf.inspections import photos as photo_store

TEXT = {
    "en": {
        "title": "Inspection report",
        "location": "Location",
        "company": "Company",
        "inspector": "Inspector",
        "date": "Date",
        "norm": "Norm version",
        "verdict": "Verdict",
        "kind": "Kind",
        "results": "Requirements",
        "findings": "Findings",
        "photos": "Photos",
        "due": "due",
        "none": "No findings.",
        "conform": "conform",
        "non_conform": "not conform",
        "pass": "pass",
        "fail": "fail",
        "not_applicable": "n/a",
        "not_answered": "not answered",
        "major": "major",
        "minor": "minor",
        "requirement": "Requirement",
        "outcome": "Outcome",
        "why": "Explanation",
        "administrative": "administrative (no location)",
    },
    "nl": {
        "title": "Inspectierapport",
        "location": "Locatie",
        "company": "Bedrijf",
        "inspector": "Inspecteur",
        "date": "Datum",
        "norm": "Normversie",
        "verdict": "Oordeel",
        "kind": "Soort",
        "results": "Eisen",
        "findings": "Tekortkomingen",
        "photos": "Foto's",
        "due": "uiterlijk",
        "none": "Geen tekortkomingen.",
        "conform": "conform",
        "non_conform": "niet conform",
        "pass": "voldoet",
        "fail": "voldoet niet",
        "not_applicable": "n.v.t.",
        "not_answered": "niet beantwoord",
        "major": "zwaar",
        "minor": "licht",
        "requirement": "Eis",
        "outcome": "Uitkomst",
        "why": "Toelichting",
        "administrative": "administratief (geen locatie)",
    },
}
OUTCOME_COLOURS = {
    "pass": colors.HexColor("#e3f4e8"),
    "fail": colors.HexColor("#fde6e6"),
}


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _facts(inspection, t: dict, styles) -> Table:
    location = (
        inspection.location.address if inspection.location else t["administrative"]
    )
    version = inspection.norm_version
    rows = [
        (
            t["company"],
            f"{inspection.company.name} (KvK {inspection.company.kvk or '-'})",
        ),
        (t["location"], location),
        (t["kind"], inspection.kind),
        (t["date"], inspection.inspected_on.isoformat()),
        (
            t["inspector"],
            f"{inspection.inspector.name} · {inspection.inspection_body.name}",
        ),
        (t["norm"], f"{version.norm.code} {version.version}"),
        (t["verdict"], t[inspection.verdict]),
    ]
    table = Table(
        [[_p(a, styles["Normal"]), _p(b, styles["Normal"])] for a, b in rows],
        colWidths=[40 * mm, 130 * mm],
    )
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold")]))
    return table


def _results(inspection, t: dict, styles) -> Table:
    small = styles["BodyText"]
    rows = [[_p(t["requirement"], small), _p(t["outcome"], small), _p(t["why"], small)]]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1f3f5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for index, result in enumerate(inspection.results or [], start=1):
        rows.append(
            [
                _p(result["requirement"], small),
                _p(t[result["outcome"]], small),
                _p(result["explanation"], small),
            ]
        )
        if result["outcome"] in OUTCOME_COLOURS:
            style.append(
                (
                    "BACKGROUND",
                    (1, index),
                    (1, index),
                    OUTCOME_COLOURS[result["outcome"]],
                )
            )
    table = Table(rows, colWidths=[22 * mm, 28 * mm, 120 * mm], repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _findings(inspection, t: dict, styles) -> list:
    if not inspection.findings:
        return [_p(t["none"], styles["Normal"])]
    lines = []
    for f in inspection.findings:
        due = f" · {t['due']} {f.due.isoformat()}" if f.due else ""
        lines.append(
            _p(
                f"{f.requirement_code} ({t[f.severity]}){due}: {f.explanation}",
                styles["Normal"],
            )
        )
    return lines


def _photos(attachments, t: dict, styles) -> list:
    flow = []
    for attachment in attachments:
        data = photo_store.read(attachment)
        width = 80 * mm
        height = width * (attachment.height or 1) / (attachment.width or 1)
        flow += [
            Image(io.BytesIO(data), width=width, height=height),
            _p(attachment.requirement_code or "", styles["Italic"]),
            Spacer(1, 4 * mm),
        ]
    return flow


def inspection_report(inspection, lang: str, attachments) -> bytes:
    """The report of a submitted inspection as PDF bytes."""
    t = TEXT.get(lang, TEXT["en"])
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{t['title']} {inspection.id}",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
    )
    story = [
        _p(f"{t['title']} #{inspection.id}", styles["Title"]),
        _facts(inspection, t, styles),
        Spacer(1, 6 * mm),
        _p(t["findings"], styles["Heading2"]),
        *_findings(inspection, t, styles),
        _p(t["results"], styles["Heading2"]),
        _results(inspection, t, styles),
    ]
    if attachments:
        story += [_p(t["photos"], styles["Heading2"]), *_photos(attachments, t, styles)]
    doc.build(story)
    return buffer.getvalue()
