"""Bar and dot charts: business functions now and after the plan, progress per phase, benchmarks.

Same rules as :mod:`.charts`: escaped text, palette colours, and something besides colour
(a hatch, a marker) for every series, at the size the page prints them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from assess.core.display import fmt, fmt_count, fmt_percent
from assess.report.charts import LABEL, Series, esc, legend, marker, num, svg, text_width, wrap
from assess.report.palette import Palette

BAR_LABEL_CHARS = 20
WIDTH = 640.0


def _hatch(ident: str, colour: str) -> str:
    return (
        f'<defs><pattern id="{ident}" patternUnits="userSpaceOnUse" width="5" height="5" '
        f'patternTransform="rotate(45)"><rect width="5" height="5" fill="none"/>'
        f'<line x1="0" y1="0" x2="0" y2="5" stroke="{colour}" stroke-width="2.2"/></pattern></defs>'
    )


def _axis(left: float, length: float, top: float, bottom: float, maximum: float, palette: Palette) -> list[str]:
    parts = []
    for tick in range(math.ceil(maximum) + 1):
        x = left + length * min(tick, maximum) / maximum
        parts.append(
            f'<line x1="{num(x)}" y1="{num(top)}" x2="{num(x)}" y2="{num(bottom)}" stroke="{palette.line}" '
            f'stroke-width="0.9"/><text x="{num(x)}" y="{num(bottom + 12)}" font-size="{LABEL:g}" '
            f'fill="{palette.muted}" text-anchor="middle">{tick}</text>'
        )
    return parts


def _row_label(name: str, x: float, y: float) -> str:
    lines = wrap(name, BAR_LABEL_CHARS, 2)
    first = y - (len(lines) - 1) * LABEL * 0.6
    spans = "".join(
        f'<tspan x="{num(x)}" dy="{0 if n == 0 else num(LABEL * 1.2)}">{esc(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return f'<text x="{num(x)}" y="{num(first)}" font-size="{LABEL:g}" text-anchor="end">{spans}</text>'


def function_bars(
    names: Sequence[str],
    now: Sequence[float | None],
    after: Sequence[float | None] | None,
    previous: Sequence[float | None] | None,
    maximum: float,
    title: str,
    palette: Palette,
    *,
    counts: bool = False,
) -> Markup:
    """One row per business function: a solid bar now, a hatched bar after the plan, a square last time."""
    label_width, bar_width, row = 150.0, 330.0, 32.0
    left = label_width + 8
    top = 8.0
    plot_bottom = top + row * len(names)
    body = [_hatch("hatch-after", palette.good)]
    body += _axis(left, bar_width, top - 4, plot_bottom, maximum, palette)
    for i, name in enumerate(names):
        y = top + i * row
        middle = y + row / 2
        body.append(_row_label(name, label_width, middle + 3.5))
        later = after[i] if after is not None else None
        if later is not None:
            body.append(
                f'<rect x="{num(left)}" y="{num(middle - 10)}" width="{num(bar_width * later / maximum)}" '
                f'height="20" fill="url(#hatch-after)" stroke="{palette.good}" stroke-width="1"/>'
            )
        value = now[i]
        if value is not None:
            body.append(
                f'<rect x="{num(left)}" y="{num(middle - 5)}" width="{num(bar_width * value / maximum)}" '
                f'height="10" fill="{palette.brand}"/>'
            )
        was = previous[i] if previous is not None else None
        if was is not None:
            body.append(marker("square", left + bar_width * was / maximum, middle, palette.previous, palette.paper))
        shown = fmt_count if counts else fmt
        text = shown(value)
        if later is not None and value is not None and later - value > 0.005:
            text += f" → {shown(later)}"
        body.append(
            f'<text x="{num(left + bar_width + 10)}" y="{num(middle + 3.5)}" font-size="{LABEL:g}">{esc(text)}</text>'
        )
    items = [Series("now", (), palette.brand, swatch=palette.brand)]
    if after is not None:
        items.append(Series("after the plan", (), palette.good, swatch="url(#hatch-after)"))
    if previous is not None:
        items.append(Series("last time", (), palette.previous, None, "square", False))
    parts, height = legend(items, WIDTH, plot_bottom + 36, palette)
    body += parts
    return svg(WIDTH, plot_bottom + 36 + height, body, title, palette)


PROGRESS_WIDTH = 320.0
PROGRESS_WIDE_SLOT = 52.0
"""Room under a bar for "Phase 12" and "1.23" at the label size."""
PROGRESS_PERCENT_WIDTH = 30.0
"""Room above a bar for "100%" at the label size."""


def progress(
    percents: Sequence[float | None],
    overall: Sequence[float | None],
    title: str,
    palette: Palette,
    *,
    counts: bool = False,
) -> Markup:
    """Percent to target now (the first value) and after each phase, with the overall score under each bar.

    Many phases make narrow bars: they are then numbered under an "after phase" caption, and only
    every k-th bar (and the last) gets its percentage and number, so that no two labels overlap.
    """
    count = len(percents)
    left, plot_height, top = 38.0, 150.0, 18.0
    slot = (PROGRESS_WIDTH - left - 6) / max(1, count)
    wide = slot >= PROGRESS_WIDE_SLOT
    every = max(1, math.ceil(PROGRESS_PERCENT_WIDTH / slot))
    height = top + plot_height + (44 if wide else 40)
    body = [_hatch("hatch-phase", palette.good)]
    for tick in (0, 25, 50, 75, 100):
        y = top + plot_height * (1 - tick / 100)
        body.append(
            f'<line x1="{num(left)}" y1="{num(y)}" x2="{num(PROGRESS_WIDTH - 4)}" y2="{num(y)}" '
            f'stroke="{palette.line}" stroke-width="0.9"/><text x="{num(left - 5)}" y="{num(y + 3.5)}" '
            f'font-size="{LABEL:g}" fill="{palette.muted}" text-anchor="end">{tick}%</text>'
        )
    for i, share in enumerate(percents):
        x = left + slot * i + slot * 0.16
        bar = slot * 0.68
        middle = x + bar / 2
        labelled = i == count - 1 or (i % every == 0 and count - 1 - i >= every)
        if share is not None:
            h = plot_height * max(0.0, min(share, 1.0))
            fill = palette.brand if i == 0 else "url(#hatch-phase)"
            body.append(
                f'<rect x="{num(x)}" y="{num(top + plot_height - h)}" width="{num(bar)}" height="{num(h)}" '
                f'fill="{fill}" stroke="{palette.brand if i == 0 else palette.good}" stroke-width="1"/>'
            )
            if labelled:
                body.append(
                    f'<text x="{num(middle)}" y="{num(top + plot_height - h - 4)}" font-size="{LABEL:g}" '
                    f'font-weight="bold" text-anchor="middle">{esc(fmt_percent(share))}</text>'
                )
        if labelled or wide:
            label = "Now" if i == 0 else (f"Phase {i}" if wide else str(i))
            body.append(
                f'<text x="{num(middle)}" y="{num(top + plot_height + 14)}" font-size="{LABEL:g}" '
                f'text-anchor="middle">{esc(label)}</text>'
            )
        if wide:
            score = fmt_count(overall[i]) if counts else fmt(overall[i])
            body.append(
                f'<text x="{num(middle)}" y="{num(top + plot_height + 28)}" font-size="{LABEL:g}" '
                f'fill="{palette.muted}" text-anchor="middle">{esc(score)}</text>'
            )
    caption = "overall score under each bar" if wide else "after phase"
    if wide or count > 1:
        centre = left + (PROGRESS_WIDTH - left) / 2
        body.append(
            f'<text x="{num(centre)}" y="{num(height - 4)}" font-size="{LABEL:g}" fill="{palette.muted}" '
            f'text-anchor="middle">{esc(caption)}</text>'
        )
    return svg(PROGRESS_WIDTH, height, body, title, palette)


@dataclass(frozen=True)
class Comparison:
    """One row of a benchmark chart: the team's score beside the organisation's and the published one."""

    name: str
    team: float | None
    mean: float | None = None
    low: float | None = None
    high: float | None = None
    published: float | None = None


def benchmark_dots(
    rows: Sequence[Comparison], maximum: float, title: str, palette: Palette, published_name: str | None
) -> Markup:
    """A dot plot: the team (dot), the organisation's mean (diamond) and range (bar), the published average."""
    label_width, plot, row = 150.0, 360.0, 26.0
    left = label_width + 8
    top = 8.0
    bottom = top + row * len(rows)
    body = _axis(left, plot, top - 4, bottom, maximum, palette)

    def x(value: float) -> float:
        return left + plot * max(0.0, min(value, maximum)) / maximum

    for i, r in enumerate(rows):
        middle = top + i * row + row / 2
        body.append(_row_label(r.name, label_width, middle + 3.5))
        if r.low is not None and r.high is not None:
            body.append(
                f'<rect x="{num(x(r.low))}" y="{num(middle - 3)}" width="{num(max(1.0, x(r.high) - x(r.low)))}" '
                f'height="6" fill="{palette.line}"/>'
            )
        if r.mean is not None:
            body.append(marker("diamond", x(r.mean), middle, palette.accent, palette.paper, 4.2))
        if r.published is not None:
            body.append(marker("triangle", x(r.published), middle, palette.good, palette.paper, 4.2))
        if r.team is not None:
            body.append(marker("circle", x(r.team), middle, palette.brand, palette.brand, 4.2))
    items = [Series("this team", (), palette.brand, None, "circle", True)]
    if any(r.mean is not None for r in rows):
        items.append(Series("organisation mean (bar: lowest to highest team)", (), palette.accent, None, "diamond"))
    if published_name is not None:
        items.append(Series(published_name, (), palette.good, None, "triangle"))
    parts, height = legend(items, WIDTH, bottom + 34, palette)
    body += parts
    return svg(WIDTH, bottom + 34 + height, body, title, palette)


def widest_label(names: Sequence[str]) -> float:
    """How wide the widest row label is drawn (tests check it stays inside its column)."""
    return max((text_width(line) for n in names for line in wrap(n, BAR_LABEL_CHARS, 2)), default=0.0)
