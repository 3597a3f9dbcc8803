"""Charts for the report, drawn as SVG strings in Python (no JavaScript, nothing fetched).

Every piece of text goes through :func:`esc`, so a practice or team name can
never become markup (nor carry control codes or bidi overrides). Numbers come from the scorecards; nothing here scores.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from assess.core.display import fmt, fmt_percent
from assess.core.printable import for_document

INK = "#1c2b39"
MUTED = "#6b7785"
GRID = "#d5dbe1"
CURRENT = "#1f4e79"
TARGET = "#d9822b"
FONT = "DejaVu Sans, sans-serif"
RADAR_LABEL_CHARS = 32
BAR_LABEL_CHARS = 22
PHASE_COLOURS = ("#9cc5a1", "#6aa97b", "#3f8a5c", "#226b44", "#11502f", "#063a20")


def esc(text: object) -> str:
    return escape(for_document(str(text)), quote=True)


def fit(text: str, limit: int) -> str:
    """A label cut to ``limit`` characters (SVG text does not wrap; the tables carry the full name)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def num(value: float) -> str:
    """A coordinate: short, locale-free."""
    return f"{value:.1f}"


def phase_colour(index: int, count: int) -> str:
    """Light to dark green as the phases advance, whatever their number."""
    if count <= 1:
        return PHASE_COLOURS[2]
    position = round(index * (len(PHASE_COLOURS) - 1) / (count - 1))
    return PHASE_COLOURS[position]


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    colour: str
    fill: bool = False
    dashed: bool = False
    width: float = 1.2
    opacity: float = 0.25
    """Of the legend swatch's fill."""


def _svg(width: float, height: float, body: list[str], title: str) -> Markup:
    return Markup(  # noqa: S704  (every text inside was escaped with esc())
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" '
        f'width="{num(width)}" height="{num(height)}" role="img" font-family="{FONT}">'
        f"<title>{esc(title)}</title>" + "".join(body) + "</svg>"
    )


Legend = list[list[tuple[Series, float]]]
LEGEND_ROW = 15.0


def _legend_rows(series: Sequence[Series], width: float) -> Legend:
    """Swatches and names laid out in rows that fit ``width``."""
    rows: Legend = [[]]
    used = 0.0
    for s in series:
        item = (s, 16 + 5.0 * len(s.name) + 12)
        if rows[-1] and used + item[1] > width:
            rows.append([])
            used = 0.0
        rows[-1].append(item)
        used += item[1]
    return rows


def _legend(rows: Legend, x: float, y: float, width: float) -> list[str]:
    """The legend rows, each centred in ``width``, the first with its baseline at ``y``."""
    parts = []
    for r, row in enumerate(rows):
        cursor = x + (width - sum(w for _, w in row)) / 2
        cy = y + r * LEGEND_ROW
        for s, w in row:
            dash = ' stroke-dasharray="4 2"' if s.dashed else ""
            fill = f' fill="{s.colour}" fill-opacity="{s.opacity}"' if s.fill else ' fill="none"'
            parts.append(
                f'<rect x="{num(cursor)}" y="{num(cy - 7)}" width="12" height="8" stroke="{s.colour}" '
                f'stroke-width="1.5"{fill}{dash}/>'
                f'<text x="{num(cursor + 16)}" y="{num(cy)}" font-size="9" fill="{INK}">{esc(s.name)}</text>'
            )
            cursor += w
    return parts


def radar(labels: Sequence[str], series: Sequence[Series], maximum: float, title: str) -> Markup:
    """A radar (spider) chart: one axis per label, one polygon per series, rings at each whole score."""
    count = len(labels)
    width = 520.0
    legend = _legend_rows(series, width)
    legend_y = 363.0
    height = legend_y + LEGEND_ROW * (len(legend) - 1) + 22
    cx, cy, radius = width / 2, 172.0, 138.0
    angles = [-math.pi / 2 + 2 * math.pi * i / count for i in range(count)]
    body: list[str] = []

    def point(i: int, value: float) -> tuple[float, float]:
        r = radius * max(0.0, min(value, maximum)) / maximum if maximum else 0.0
        return cx + r * math.cos(angles[i]), cy + r * math.sin(angles[i])

    rings = max(1, math.ceil(maximum - 1e-9))
    for ring in range(1, rings + 1):
        level = min(float(ring), maximum)
        pts = " ".join(f"{num(x)},{num(y)}" for x, y in (point(i, level) for i in range(count)))
        body.append(f'<polygon points="{pts}" fill="none" stroke="{GRID}" stroke-width="0.8"/>')
        if ring == rings and rings > 1:
            continue  # the rim's value would sit on the first practice's name; the caption gives it
        between = -math.pi / 2 + math.pi / count
        r = radius * level / maximum if maximum else 0.0
        lx, ly = cx + r * math.cos(between), cy + r * math.sin(between)
        body.append(
            f'<text x="{num(lx + 2)}" y="{num(ly + 3)}" font-size="7.5" fill="{MUTED}">{esc(f"{level:g}")}</text>'
        )
    for i in range(count):
        x, y = point(i, maximum)
        body.append(
            f'<line x1="{num(cx)}" y1="{num(cy)}" x2="{num(x)}" y2="{num(y)}" stroke="{GRID}" stroke-width="0.8"/>'
        )
    for s in series:
        dash = ' stroke-dasharray="5 3"' if s.dashed else ""
        if all(v is not None for v in s.values):
            pts = " ".join(f"{num(x)},{num(y)}" for x, y in (point(i, v or 0.0) for i, v in enumerate(s.values)))
            fill = f'fill="{s.colour}" fill-opacity="0.22"' if s.fill else 'fill="none"'
            body.append(
                f'<polygon points="{pts}" {fill} stroke="{s.colour}" stroke-width="{num(s.width)}" '
                f'stroke-linejoin="round"{dash}/>'
            )
            continue
        # Some practices have no value (no target, or no score): mark the others, joining neighbours only,
        # rather than drawing a spike to 0 that reads as "target 0".
        for i, v in enumerate(s.values):
            if v is None:
                continue
            x, y = point(i, v)
            after = s.values[(i + 1) % count]
            if after is not None and count > 1:
                x2, y2 = point((i + 1) % count, after)
                body.append(
                    f'<line x1="{num(x)}" y1="{num(y)}" x2="{num(x2)}" y2="{num(y2)}" stroke="{s.colour}" '
                    f'stroke-width="{num(s.width)}"{dash}/>'
                )
            body.append(
                f'<circle cx="{num(x)}" cy="{num(y)}" r="2.6" fill="white" stroke="{s.colour}" '
                f'stroke-width="{num(s.width)}"/>'
            )
    for i, label in enumerate(labels):
        cos = math.cos(angles[i])
        x, y = point(i, maximum * (1.09 if abs(cos) >= 0.2 else 1.12))
        anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
        dy = 3 if abs(cos) >= 0.2 else (-2 if math.sin(angles[i]) < 0 else 9)
        body.append(
            f'<text x="{num(x)}" y="{num(y + dy)}" font-size="8.5" fill="{INK}" text-anchor="{anchor}">'
            f"{esc(fit(label, RADAR_LABEL_CHARS))}</text>"
        )
    body += _legend(legend, 0, legend_y, width)
    return _svg(width, height, body, title)


def function_bars(
    names: Sequence[str],
    current: Sequence[float | None],
    after: Sequence[float | None] | None,
    maximum: float,
    title: str,
) -> Markup:
    """Horizontal bars per business function: the score now, and after the plan (``None``: no plan)."""
    label_width, bar_width, row = 130.0, 300.0, 34.0
    width = label_width + bar_width + 60
    top = 14.0
    height = top + row * len(names) + 40
    body: list[str] = []
    for tick in range(math.ceil(maximum) + 1):
        x = label_width + bar_width * min(tick, maximum) / maximum
        body.append(
            f'<line x1="{num(x)}" y1="{num(top - 4)}" x2="{num(x)}" y2="{num(top + row * len(names))}" '
            f'stroke="{GRID}" stroke-width="0.8"/>'
            f'<text x="{num(x)}" y="{num(top + row * len(names) + 11)}" font-size="8" fill="{MUTED}" '
            f'text-anchor="middle">{tick}</text>'
        )
    for i, name in enumerate(names):
        y = top + i * row
        body.append(
            f'<text x="{num(label_width - 8)}" y="{num(y + 17)}" font-size="9.5" fill="{INK}" '
            f'text-anchor="end">{esc(fit(name, BAR_LABEL_CHARS))}</text>'
        )
        later = after[i] if after is not None else None
        for offset, value, colour in ((3.0, later, PHASE_COLOURS[3]), (3.0, current[i], CURRENT)):
            length = bar_width * (value or 0.0) / maximum
            height_bar = 22.0 if colour == PHASE_COLOURS[3] else 12.0
            yy = y + offset + (0 if colour == PHASE_COLOURS[3] else 5)
            opacity = "0.35" if colour == PHASE_COLOURS[3] else "1"
            body.append(
                f'<rect x="{num(label_width)}" y="{num(yy)}" width="{num(length)}" height="{num(height_bar)}" '
                f'fill="{colour}" fill-opacity="{opacity}" rx="1.5"/>'
            )
        now = current[i]
        text = fmt(now)
        if later is not None and now is not None and later - now > 0.005:
            text += f" → {fmt(later)}"
        body.append(
            f'<text x="{num(label_width + bar_width + 6)}" y="{num(y + 17)}" font-size="9" fill="{INK}">'
            f"{esc(text)}</text>"
        )
    legend = [Series("now", (), CURRENT, fill=True, opacity=1)]
    if after is not None:
        legend.append(Series("after the plan", (), PHASE_COLOURS[3], fill=True, opacity=0.35))
    body += _legend(_legend_rows(legend, width), 0, height - 8, width)
    return _svg(width, height, body, title)


PROGRESS_WIDE_SLOT = 44.0
"""Room under a bar for "Phase 12" and "score 1.23"."""
PROGRESS_PERCENT_WIDTH = 22.0
"""Room above a bar for "100%"."""


def progress(
    percents: Sequence[float | None], overall: Sequence[float | None], title: str, *, counts: bool = False
) -> Markup:
    """Percent to target now (the first value) and after each phase, with the overall score under each bar.

    Many phases make narrow bars: they are then numbered under a "phase" caption, the scores
    are left to the phase table beside the chart, and only every k-th bar (and the last) gets
    its percentage, so that no two labels overlap.
    """
    count = len(percents)
    left, plot_height, top = 34.0, 150.0, 16.0
    slot = min(64.0, 320.0 / max(1, count))
    wide = slot >= PROGRESS_WIDE_SLOT
    every = max(1, math.ceil(PROGRESS_PERCENT_WIDTH / slot))
    width = left + slot * count + 10
    height = top + plot_height + (46 if wide else 36)
    body: list[str] = []
    for tick in (0, 25, 50, 75, 100):
        y = top + plot_height * (1 - tick / 100)
        body.append(
            f'<line x1="{num(left)}" y1="{num(y)}" x2="{num(width - 6)}" y2="{num(y)}" stroke="{GRID}" '
            f'stroke-width="0.8"/><text x="{num(left - 5)}" y="{num(y + 3)}" font-size="8" fill="{MUTED}" '
            f'text-anchor="end">{tick}%</text>'
        )
    for i, share in enumerate(percents):
        x = left + slot * i + slot * 0.18
        bar = slot * 0.64
        middle = x + bar / 2
        colour = CURRENT if i == 0 else phase_colour(i - 1, count - 1)
        labelled = i == count - 1 or (i % every == 0 and count - 1 - i >= every)
        if share is not None:
            h = plot_height * max(0.0, min(share, 1.0))
            body.append(
                f'<rect x="{num(x)}" y="{num(top + plot_height - h)}" width="{num(bar)}" height="{num(h)}" '
                f'fill="{colour}" rx="1.5"/>'
            )
            if labelled:
                body.append(
                    f'<text x="{num(middle)}" y="{num(top + plot_height - h - 4)}" font-size="{9 if wide else 7.5}" '
                    f'font-weight="bold" fill="{INK}" text-anchor="middle">{esc(fmt_percent(share))}</text>'
                )
        label = "Now" if i == 0 else (f"Phase {i}" if wide else str(i))
        size = 9 if wide else (8 if slot >= 16 else 6.5)
        body.append(
            f'<text x="{num(middle)}" y="{num(top + plot_height + 14)}" font-size="{size}" '
            f'fill="{INK}" text-anchor="middle">{esc(label)}</text>'
        )
        if wide:
            score = overall[i]
            shown = "–" if score is None else f"score {score:g}" if counts else f"score {fmt(score)}"
            body.append(
                f'<text x="{num(middle)}" y="{num(top + plot_height + 27)}" font-size="8" fill="{MUTED}" '
                f'text-anchor="middle">{esc(shown)}</text>'
            )
    if not wide and count > 1:
        centre = left + slot * (1 + count) / 2
        body.append(
            f'<text x="{num(centre)}" y="{num(top + plot_height + 27)}" font-size="8" fill="{MUTED}" '
            f'text-anchor="middle">after phase</text>'
        )
    return _svg(width, height, body, title)
