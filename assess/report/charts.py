"""Charts for the report, drawn as SVG strings in Python (no JavaScript, nothing fetched).

Every piece of text goes through :func:`esc`, so a practice or team name can never become
markup (nor carry control codes or bidi overrides). Numbers come from the scorecards; nothing
here scores. Colours come from the template's :class:`~assess.report.palette.Palette`; every
series also has a line pattern and a marker of its own, so a chart reads in greyscale too.
Sizes are in CSS pixels at the size the page shows them (the stylesheet never scales a chart
up or down), so a 10-unit font is 7.5 pt on paper.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

from markupsafe import Markup

from assess.core.printable import for_document
from assess.report.palette import Palette

FONT = "DejaVu Sans, sans-serif"
LABEL = 10.0
"""Font size of every label: 7.5 pt on paper."""
CHAR_WIDTH = 0.6
"""Width of an average DejaVu Sans character, in ems (a little generous, so estimates err wide)."""
RADAR_LINE_CHARS = 24
RADAR_MIDDLE_CHARS = 16
"""Labels at the top and bottom are centred on their axis: narrower, so they leave room for their neighbours."""
RADAR_LINES = 2
LEGEND_ROW = 17.0

Marker = Literal["circle", "square", "triangle", "diamond"]


def esc(text: object) -> str:
    return escape(for_document(str(text)), quote=True)


def fit(text: str, limit: int) -> str:
    """A label cut to ``limit`` characters (SVG text does not wrap; the tables carry the full name)."""
    line = " ".join(for_document(text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def wrap(text: str, width: int, lines: int) -> list[str]:
    """Words into at most ``lines`` lines of ``width`` characters; the last is cut with an ellipsis."""
    words = " ".join(for_document(text).split()).split(" ")
    out: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    out.append(current)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return [fit(line, width) for line in out]


def text_width(text: str, size: float = LABEL) -> float:
    return len(text) * size * CHAR_WIDTH


def num(value: float) -> str:
    """A coordinate: short, locale-free."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Series:
    """One line of a chart: its values, colour, line pattern (``dash``) and marker."""

    name: str
    values: Sequence[float | None]
    colour: str
    dash: str | None = None
    marker: Marker = "circle"
    fill: bool = False
    width: float = 1.8
    swatch: str | None = None
    """In the legend, a bar filled with this paint instead of a line sample (bar charts)."""


@dataclass(frozen=True)
class Look:
    colour: str
    dash: str | None
    marker: Marker
    fill: bool = False
    words: str = ""
    """How the caption names the look: "solid line with dots"."""


def looks(palette: Palette) -> dict[str, Look]:
    """The standard series: now, target, after the plan, last time (and the benchmarks)."""
    return {
        "now": Look(palette.brand, None, "circle", True, "the filled shape with dots"),
        "target": Look(palette.accent, "7 3", "diamond", False, "the dashed line with diamonds"),
        "after": Look(palette.good, "2 2.5", "triangle", False, "the dotted line with triangles"),
        "previous": Look(palette.previous, "9 3 2 3", "square", False, "the dash-dot line with squares"),
    }


def series(name: str, values: Sequence[float | None], look: Look) -> Series:
    return Series(name, values, look.colour, look.dash, look.marker, look.fill)


def marker(kind: Marker, x: float, y: float, colour: str, fill: str, size: float = 3.4) -> str:
    """A marker centred on (x, y): a circle, square, triangle or diamond."""
    stroke = f'fill="{fill}" stroke="{colour}" stroke-width="1.3"'
    if kind == "circle":
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(size * 0.9)}" {stroke}/>'
    if kind == "square":
        s = size * 0.85
        return f'<rect x="{num(x - s)}" y="{num(y - s)}" width="{num(2 * s)}" height="{num(2 * s)}" {stroke}/>'
    if kind == "triangle":
        s = size * 1.1
        pts = f"{num(x)},{num(y - s)} {num(x + s)},{num(y + s * 0.8)} {num(x - s)},{num(y + s * 0.8)}"
        return f'<polygon points="{pts}" {stroke}/>'
    s = size * 1.15
    pts = f"{num(x)},{num(y - s)} {num(x + s)},{num(y)} {num(x)},{num(y + s)} {num(x - s)},{num(y)}"
    return f'<polygon points="{pts}" {stroke}/>'


def svg(width: float, height: float, body: list[str], title: str, palette: Palette) -> Markup:
    return Markup(  # noqa: S704  (every text inside was escaped with esc())
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" '
        f'width="{num(width)}" height="{num(height)}" role="img" font-family="{FONT}" fill="{palette.ink}">'
        f"<title>{esc(title)}</title>" + "".join(body) + "</svg>"
    )


def legend(items: Sequence[Series], width: float, y: float, palette: Palette) -> tuple[list[str], float]:
    """A line sample with its marker, then the name, laid out in centred rows; returns the parts and height."""
    rows: list[list[tuple[Series, float]]] = [[]]
    used = 0.0
    for s in items:
        w = 30 + text_width(s.name) + 16
        if rows[-1] and used + w > width:
            rows.append([])
            used = 0.0
        rows[-1].append((s, w))
        used += w
    parts = []
    for r, row in enumerate(rows):
        cursor = (width - sum(w for _, w in row)) / 2
        cy = y + r * LEGEND_ROW
        for s, w in row:
            dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
            if s.swatch is not None:
                parts.append(
                    f'<rect x="{num(cursor)}" y="{num(cy - 9)}" width="24" height="10" fill="{s.swatch}" '
                    f'stroke="{s.colour}" stroke-width="1"/>'
                    f'<text x="{num(cursor + 30)}" y="{num(cy)}" font-size="{LABEL:g}">{esc(s.name)}</text>'
                )
                cursor += w
                continue
            parts.append(
                f'<line x1="{num(cursor)}" y1="{num(cy - 3.5)}" x2="{num(cursor + 24)}" y2="{num(cy - 3.5)}" '
                f'stroke="{s.colour}" stroke-width="{num(s.width)}"{dash}/>'
                + marker(s.marker, cursor + 12, cy - 3.5, s.colour, s.colour if s.fill else palette.paper)
                + f'<text x="{num(cursor + 30)}" y="{num(cy)}" font-size="{LABEL:g}">{esc(s.name)}</text>'
            )
            cursor += w
    return parts, LEGEND_ROW * len(rows)


RADAR_WIDTH = 640.0
RADAR_RADIUS = 156.0
MIDDLE = 0.1
"""Labels of axes this close to vertical are centred on their point; the others start or end there."""
LABEL_GAP = 12.0
"""Between the rim and the nearest character of an axis label (markers sit on the rim at 3.00)."""


@dataclass(frozen=True)
class Label:
    """An axis label: its lines, anchor and first baseline, and the box it covers (x0, y0, x1, y1)."""

    lines: list[str]
    x: float
    y: float
    anchor: str
    box: tuple[float, float, float, float]


def radar_labels(labels: Sequence[str], cx: float, radius: float) -> tuple[float, list[Label]]:
    """Axis labels outside the rim, clear of each other; returns the centre's y and the labels.

    Right of the centre a label starts at its point, left of it it ends there; at the top and the
    bottom it is centred. Then, on each side, a label that would touch its neighbour moves away
    from the horizontal axis (up in the upper half, down in the lower), which keeps it off the rim.
    """
    count = len(labels)
    placed: list[Label] = []
    line_height = LABEL * 1.2
    for i, text in enumerate(labels):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        cos, sin = math.cos(angle), math.sin(angle)
        centred = abs(cos) < MIDDLE
        lines = wrap(text, RADAR_MIDDLE_CHARS if centred else RADAR_LINE_CHARS, RADAR_LINES)
        px, py = cx + (radius + LABEL_GAP) * cos, (radius + LABEL_GAP) * sin
        widest = max(text_width(line) for line in lines)
        block = line_height * len(lines)
        if centred:
            anchor, x0 = "middle", px - widest / 2
        elif cos > 0:
            anchor, x0 = "start", px
        else:
            anchor, x0 = "end", px - widest
        top = py - block if sin < -0.25 else (py if sin > 0.25 else py - block / 2)
        placed.append(Label(lines, px, top + LABEL * 0.85, anchor, (x0, top, x0 + widest, top + block)))
    right = [n for n, label in enumerate(placed) if label.box[2] > cx + 1]
    left = [n for n, label in enumerate(placed) if label.box[0] < cx - 1]
    for chosen in (right, left):
        upper = sorted((n for n in chosen if _middle(placed[n]) < 0), key=lambda n: -_middle(placed[n]))
        lower = sorted((n for n in chosen if _middle(placed[n]) >= 0), key=lambda n: _middle(placed[n]))
        for order, direction in ((upper, -1.0), (lower, 1.0)):
            for before, after in itertools.pairwise(order):
                a, b = placed[before], placed[after]
                if min(a.box[2], b.box[2]) <= max(a.box[0], b.box[0]):
                    continue
                gap = (a.box[1] - b.box[3]) if direction < 0 else (b.box[1] - a.box[3])
                if gap < 2:
                    placed[after] = _moved(b, direction * (2 - gap))
    offset = -min((label.box[1] for label in placed), default=-radius) + 4
    return offset, [_moved(label, offset) for label in placed]


def _middle(label: Label) -> float:
    return (label.box[1] + label.box[3]) / 2


def _moved(label: Label, dy: float) -> Label:
    x0, y0, x1, y1 = label.box
    return Label(label.lines, label.x, label.y + dy, label.anchor, (x0, y0 + dy, x1, y1 + dy))


def radar(labels: Sequence[str], lines: Sequence[Series], maximum: float, title: str, palette: Palette) -> Markup:
    """A radar (spider) chart: one axis per label, one line per series, rings labelled at each whole score."""
    count = len(labels)
    width = RADAR_WIDTH
    radius = RADAR_RADIUS
    cx = width / 2
    cy, placed = radar_labels(labels, cx, radius)
    bottom = max(label.box[3] for label in placed) if placed else cy + radius
    legend_parts, legend_height = legend(lines, width, bottom + 24, palette)
    height = bottom + 24 + legend_height
    angles = [-math.pi / 2 + 2 * math.pi * i / count for i in range(count)]
    body: list[str] = []

    def point(i: int, value: float) -> tuple[float, float]:
        r = radius * max(0.0, min(value, maximum)) / maximum if maximum else 0.0
        return cx + r * math.cos(angles[i]), cy + r * math.sin(angles[i])

    rings = max(1, math.ceil(maximum - 1e-9))
    for ring in range(1, rings + 1):
        level = min(float(ring), maximum)
        pts = " ".join(f"{num(x)},{num(y)}" for x, y in (point(i, level) for i in range(count)))
        body.append(f'<polygon points="{pts}" fill="none" stroke="{palette.line}" stroke-width="0.9"/>')
    for i in range(count):
        x, y = point(i, maximum)
        body.append(
            f'<line x1="{num(cx)}" y1="{num(cy)}" x2="{num(x)}" y2="{num(y)}" stroke="{palette.line}" '
            'stroke-width="0.9"/>'
        )
    for s in lines:
        body += _radar_series(s, count, point, palette)
    between = -math.pi / 2 + math.pi / count
    for ring in range(rings + 1):
        level = min(float(ring), maximum)
        r = radius * level / maximum if maximum else 0.0
        lx, ly = cx + r * math.cos(between), cy + r * math.sin(between)
        shown = f"{level:g}"
        body.append(
            f'<rect x="{num(lx - 4)}" y="{num(ly - 6.5)}" width="{num(text_width(shown) + 3)}" height="12" '
            f'fill="{palette.paper}" fill-opacity="0.85"/>'
            f'<text x="{num(lx - 2.5)}" y="{num(ly + 3.5)}" font-size="{LABEL:g}" fill="{palette.muted}">'
            f"{esc(shown)}</text>"
        )
    for label in placed:
        spans = "".join(
            f'<tspan x="{num(label.x)}" dy="{0 if n == 0 else num(LABEL * 1.2)}">{esc(line)}</tspan>'
            for n, line in enumerate(label.lines)
        )
        body.append(
            f'<text x="{num(label.x)}" y="{num(label.y)}" font-size="{LABEL:g}" text-anchor="{label.anchor}">'
            f"{spans}</text>"
        )
    body += legend_parts
    return svg(width, height, body, title, palette)


def _radar_series(
    s: Series, count: int, at: Callable[[int, float], tuple[float, float]], palette: Palette
) -> list[str]:
    dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
    parts: list[str] = []
    if count > 1 and all(v is not None for v in s.values):
        pts = " ".join(f"{num(x)},{num(y)}" for x, y in (at(i, v or 0.0) for i, v in enumerate(s.values)))
        fill = f'fill="{s.colour}" fill-opacity="0.16"' if s.fill else 'fill="none"'
        parts.append(
            f'<polygon points="{pts}" {fill} stroke="{s.colour}" stroke-width="{num(s.width)}" '
            f'stroke-linejoin="round"{dash}/>'
        )
    else:
        # Some practices have no value (no target, or not answered): join neighbours only, never
        # a spike to 0 that would read as a score of 0.
        for i, v in enumerate(s.values):
            after = s.values[(i + 1) % count]
            if v is None or after is None or count < 2 or (count == 2 and i == 1):
                continue
            (x, y), (x2, y2) = at(i, v), at((i + 1) % count, after)
            parts.append(
                f'<line x1="{num(x)}" y1="{num(y)}" x2="{num(x2)}" y2="{num(y2)}" stroke="{s.colour}" '
                f'stroke-width="{num(s.width)}"{dash}/>'
            )
    for i, v in enumerate(s.values):
        if v is not None:
            x, y = at(i, v)
            parts.append(marker(s.marker, x, y, s.colour, s.colour if s.fill else palette.paper))
    return parts


def caption(drawn: Sequence[tuple[str, Look]]) -> str:
    """The chart's caption names exactly the series drawn, each by its look."""
    return "; ".join(f"{look.words}: {name}" for name, look in drawn) + "."
