"""The half-yearly progress report of a region (issue 18.4) for the
portfolio-holders' meeting: PDF (reportlab, with the chart) and CSV. Texts in
the reader's language; figures from snf.registry.monitoring."""

import io
from xml.sax.saxutils import escape

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from snf.csvout import csv_lines

FIGURE_FIELDS = (
    "certified_locations",
    "certified_beds",
    "change_since",
    "locations_change",
    "beds_change",
    "places",
    "realised",
    "percent",
    "expected",
    "on_track",
)
CSV_FIELDS = ("as_of", "region", "municipality_code", "municipality", *FIGURE_FIELDS)


def region_csv(m: dict):
    """One line per municipality, then the region's total with its progress.
    Column names are the API's (stable for machines)."""
    region, since = m["region"]["name"], m["change"]["since"]
    rows = [
        [m["as_of"], region, row["code"], row["name"], row["certified_locations"],
         row["certified_beds"], since, "", "", "", "", "", "", ""]
        for row in m["municipalities"]
    ]  # fmt: skip
    rows.append([m["as_of"], region, "", _("Total"), m["certified_locations"],
                 m["certified_beds"], since, m["change"]["locations"],
                 m["change"]["beds"], *_progress_cells(m)])  # fmt: skip
    return csv_lines(CSV_FIELDS, rows)


def _progress_cells(m: dict) -> list:
    agreement, progress = m["agreement"], m["progress"]
    if agreement is None:
        return ["", "", "", "", ""]
    return [agreement.places, progress["realised"], progress["percent"],
            progress["expected"], "yes" if progress["on_track"] else "no"]  # fmt: skip


def region_pdf(m: dict, chart) -> bytes:
    """The report as PDF bytes: figures, progress, the chart, municipalities."""
    styles = getSampleStyleSheet()
    title = _("Progress report %(region)s", region=m["region"]["name"])
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title,
                            leftMargin=20 * mm, rightMargin=20 * mm)  # fmt: skip
    story = [
        Paragraph(escape(title), styles["Title"]),
        Paragraph(escape(_summary(m)), styles["Normal"]),
        Spacer(1, 4 * mm),
        Paragraph(escape(_("Agreement")), styles["Heading2"]),
        Paragraph(escape(_agreement_text(m)), styles["Normal"]),
        Spacer(1, 4 * mm),
        chart,
        Paragraph(escape(_("Municipalities")), styles["Heading2"]),
        _table(m),
    ]
    doc.build(story)
    return buffer.getvalue()


def _n(value) -> str:
    return format_decimal(value)


def _signed(value: int) -> str:
    """A change with its sign, grouped the reader's way: +2,828 / +2.828."""
    return format_decimal(value, format="+#,##0;-#,##0")


def _percent(value: float) -> str:
    """Always one decimal, so that a column of percentages lines up."""
    return format_decimal(value, format="#,##0.0")


def _summary(m: dict) -> str:
    change = m["change"]
    return _(
        "On %(day)s: %(locations)s certified locations with %(beds)s beds; "
        "since %(since)s %(dl)s locations and %(db)s beds.",
        day=format_date(m["as_of"]), locations=_n(m["certified_locations"]),
        beds=_n(m["certified_beds"]), since=format_date(change["since"]),
        dl=_signed(change["locations"]), db=_signed(change["beds"]),
    )  # fmt: skip


def _agreement_text(m: dict) -> str:
    agreement, progress = m["agreement"], m["progress"]
    if agreement is None:
        return _("No agreement yet")
    verdict = _("on track") if progress["on_track"] else _("lagging")
    return _(
        "%(places)s places to realise from %(start)s to %(target)s. Realised: "
        "%(realised)s (%(percent)s%%); expected on this date: %(expected)s: "
        "%(verdict)s.",
        places=_n(agreement.places), start=format_date(agreement.start),
        target=format_date(agreement.target), realised=_n(progress["realised"]),
        percent=_percent(progress["percent"]), expected=_n(progress["expected"]),
        verdict=verdict,
    )  # fmt: skip


def _table(m: dict) -> Table:
    head = [_("Municipality"), _("Certified locations"), _("Certified beds")]
    body = [[r["name"], _n(r["certified_locations"]), _n(r["certified_beds"])]
            for r in m["municipalities"]]  # fmt: skip
    # Room for the longer Dutch headers ("Gecertificeerde locaties").
    table = Table([head, *body], colWidths=[70 * mm, 50 * mm, 50 * mm])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
    ]))  # fmt: skip
    return table


NATIONAL_FIELDS = ("as_of", "region_code", "region", *FIGURE_FIELDS)


def national_csv(n: dict):
    """One line per region, then the country's total."""
    rows = [_region_line(n["as_of"], m) for m in n["regions"]]
    change = n["change"]
    rows.append([n["as_of"], "", _("Netherlands"), n["certified_locations"],
                 n["certified_beds"], change["since"], change["locations"],
                 change["beds"], "", "", "", "", ""])  # fmt: skip
    return csv_lines(NATIONAL_FIELDS, rows)


def _region_line(day, m: dict) -> list:
    change = m["change"]
    return [day, m["region"]["code"], m["region"]["name"], m["certified_locations"],
            m["certified_beds"], change["since"], change["locations"],
            change["beds"], *_progress_cells(m)]  # fmt: skip


def national_pdf(n: dict, chart) -> bytes:
    """The national progress report: totals, the regions' progress, the chart."""
    styles = getSampleStyleSheet()
    title = _("National progress report")
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title,
                            leftMargin=15 * mm, rightMargin=15 * mm)  # fmt: skip
    doc.build([
        Paragraph(escape(title), styles["Title"]),
        Paragraph(escape(_summary(n)), styles["Normal"]),
        Spacer(1, 4 * mm),
        chart,
        Paragraph(escape(_("Regions")), styles["Heading2"]),
        _regions_table(n["regions"]),
    ])  # fmt: skip
    return buffer.getvalue()


def _regions_table(rows: list[dict]) -> Table:
    head = [_("Region"), _("Certified beds"), _("Places to realise"),
            _("Realised"), "%", _("Expected"), _("Progress")]  # fmt: skip
    body = [[m["region"]["name"], _n(m["certified_beds"]), *_progress_texts(m)]
            for m in rows]  # fmt: skip
    table = Table([head, *body], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("ALIGN", (1, 0), (-2, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
    ]))  # fmt: skip
    return table


def _progress_texts(m: dict) -> list[str]:
    agreement, progress = m["agreement"], m["progress"]
    if agreement is None:
        return ["", "", "", "", _("No agreement yet")]
    verdict = _("on track") if progress["on_track"] else _("lagging")
    percent = f"{_percent(progress['percent'])}%"
    return [_n(agreement.places), _n(progress["realised"]), percent,
            _n(progress["expected"]), verdict]  # fmt: skip
