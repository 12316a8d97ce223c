"""The chart of a region's certified beds over time against its agreement
line, drawn once with reportlab.graphics: a Drawing for the PDF, and the same
drawing rendered as SVG for the page (no JavaScript, printable)."""

import re
from datetime import date

from flask_babel import format_date, format_decimal
from reportlab.graphics import renderSVG
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors

BEDS, LINE = colors.HexColor("#0b4f8a"), colors.HexColor("#0a6b2d")
WIDTH, HEIGHT = 480, 240


def _month(value: float) -> str:
    """A tick in the reader's language: "jul 2025" / "Jul 2025"."""
    return format_date(date.fromordinal(int(value)), "MMM y")


def _ticks(beds, line) -> list[int]:
    """Ticks on the half-years the figures are for (and the agreement's ends),
    not wherever reportlab's even spacing falls (04-2024, 09-2025)."""
    days = sorted({d for d, _n in (*beds, *line)})
    step = max(1, len(days) // 8)  # at most about eight labels fit
    ticks = days[::step]
    if days[-1] not in ticks:
        ticks.append(days[-1])
    return [d.toordinal() for d in ticks]


def _count(value: float) -> str:
    """An axis label in the reader's locale: 5.000 in Dutch, 5,000 in English."""
    return format_decimal(round(value), format="#,##0")


def _plot(beds, line) -> LinePlot:
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 50, 60, WIDTH - 70, HEIGHT - 80
    plot.data = [[(d.toordinal(), n) for d, n in beds]]
    plot.lines[0].strokeColor, plot.lines[0].strokeWidth = BEDS, 2
    if line:
        plot.data.append([(d.toordinal(), n) for d, n in line])
        plot.lines[1].strokeColor, plot.lines[1].strokeWidth = LINE, 1.5
        plot.lines[1].strokeDashArray = [4, 3]
    plot.xValueAxis.labelTextFormat = _month
    plot.xValueAxis.valueSteps = _ticks(beds, line)
    plot.xValueAxis.labels.fontName = plot.yValueAxis.labels.fontName = "Helvetica"
    plot.xValueAxis.labels.fontSize = plot.yValueAxis.labels.fontSize = 8
    plot.yValueAxis.valueMin = 0
    plot.yValueAxis.labelTextFormat = _count
    return plot


def beds_chart(beds, line, labels: tuple[str, str]) -> Drawing:
    """``beds``: [(date, certified beds)]; ``line``: the agreement's straight
    line [(start, beds then), (target, beds then + places)] or empty."""
    drawing = Drawing(WIDTH, HEIGHT)
    drawing.add(_plot(beds, line))
    legend = Legend()
    legend.x, legend.y, legend.fontName, legend.fontSize = 50, 18, "Helvetica", 8
    legend.alignment, legend.columnMaximum = "right", 1
    legend.deltax = 150  # room for the longer Dutch label
    legend.colorNamePairs = [(BEDS, labels[0])] + ([(LINE, labels[1])] if line else [])
    drawing.add(legend)
    return drawing


def as_svg(drawing: Drawing, title: str) -> str:
    """The drawing as an inline <svg> element with a title for screen readers.
    renderSVG writes ``style="..."`` attributes, which the pages' Content
    Security Policy (style-src 'self') ignores: they become the equivalent
    presentation attributes (stroke="...", font-size="...")."""
    text = renderSVG.drawToString(drawing)
    svg = STYLE.sub(_presentation, text[text.index("<svg") :])
    svg = svg.replace("<title>...</title>", f"<title>{_attr(title)}</title>", 1)
    svg = svg.replace("<desc>...</desc>", "", 1)
    label = f'<svg role="img" aria-label="{_attr(title)}" class="chart"'
    return svg.replace("<svg", label, 1)


STYLE = re.compile(r'style="([^"]*)"')


def _presentation(match: re.Match) -> str:
    pairs = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return " ".join(f'{k.strip()}="{_attr(v.strip())}"' for k, v in pairs)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
