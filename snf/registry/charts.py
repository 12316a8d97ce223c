"""Small SVG charts drawn on the server: no JavaScript, no CDN, printable."""

from xml.sax.saxutils import escape

from flask_babel import format_number

WIDTH, HEIGHT, PAD = 720, 260, 48
INK, BAR, LINE, GRID = "#111", "#0b4f8a", "#0a6b2d", "#ccc"


def _svg(body: str, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" class="chart">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


TICKS = 4


def _nice_max(value: float) -> int:
    """The top of the axis: TICKS whole-number steps of 1, 2 or 5 times a power
    of ten (counts are whole: 0, 1, 2, 3, 4 rather than 0, 0, 0, 0, 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor * TICKS >= value:
                return step * factor * TICKS
        step *= 10


def _axis(top: float) -> str:
    parts = []
    for i in range(TICKS + 1):
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * i / TICKS
        parts.append(
            f'<line x1="{PAD}" x2="{WIDTH - 10}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}"/><text x="{PAD - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end" font-size="11" fill="{INK}">'
            f"{format_number(top * i // TICKS)}</text>"
        )
    return "".join(parts)


def line_chart(points: list[tuple[str, float]], title: str) -> str:
    """Values over time; labels under every few points."""
    top = _nice_max(max((v for _l, v in points), default=0))
    span = max(len(points) - 1, 1)
    xy = [
        (
            PAD + (WIDTH - PAD - 10) * i / span,
            HEIGHT - PAD - (HEIGHT - 2 * PAD) * v / top,
        )
        for i, (_l, v) in enumerate(points)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    labels = "".join(
        f'<text x="{x:.1f}" y="{HEIGHT - PAD + 16}" text-anchor="middle" '
        f'font-size="11" fill="{INK}">{escape(points[i][0])}</text>'
        for i, (x, _y) in enumerate(xy)
        if i % max(len(points) // 6, 1) == 0
    )
    body = (
        _axis(top) + f'<polyline fill="none" stroke="{LINE}" stroke-width="3" '
        f'points="{path}"/>' + labels
    )
    return _svg(body, title)


def bar_chart(bars: list[tuple[str, float]], title: str) -> str:
    """Horizontal bars with their values written out."""
    top = _nice_max(max((v for _l, v in bars), default=0))
    row = 22
    height = max(len(bars) * row + 20, 60)
    parts = []
    for i, (label, value) in enumerate(bars):
        y = 10 + i * row
        width = (WIDTH - 260) * value / top
        parts.append(
            f'<text x="150" y="{y + 14}" text-anchor="end" font-size="12" '
            f'fill="{INK}">{escape(label)}</text><rect x="158" y="{y}" '
            f'width="{width:.1f}" height="{row - 6}" fill="{BAR}"/>'
            f'<text x="{164 + width:.1f}" y="{y + 14}" font-size="12" '
            f'fill="{INK}">{format_number(int(value))}</text>'
        )
    body = "".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )
