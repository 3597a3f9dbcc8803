"""Score bars as Textual markup: filled to the score, a tick at the target, colours from the theme.

Plain string work with no Textual import, so it is cheap to test. Colours are
theme variables (``$success``...), resolved by Textual when the markup is drawn,
so the bars follow whatever theme is active.
"""

from __future__ import annotations

import math

EIGHTHS = " ▏▎▍▌▋▊▉█"
TRACK = "╌"
TICK = "▕"


ZERO_WIDTH_SPACE = "\u200b"


def escape(text: str) -> str:
    """Make user text safe inside Textual markup, to show exactly as typed.

    Textual reads ``\\[`` as a literal bracket and every other backslash as itself, so only
    brackets are escaped (doubling backslashes would show them doubled). A backslash at the
    very end would escape the tag that follows the text, so a zero-width space ends it.
    """
    escaped = text.replace("[", "\\[")
    return escaped + ZERO_WIDTH_SPACE if escaped.endswith("\\") else escaped


def bar_colour(score: float | None, target: float | None) -> str:
    if target is None or score is None:
        return "$primary"
    return "$success" if score >= target - 1e-9 else "$warning"


def bar(score: float | None, maximum: float, width: int, target: float | None = None) -> str:
    """A horizontal bar ``width`` cells wide for ``score`` out of ``maximum``, with a tick at ``target``."""
    if width <= 0:
        return ""
    filled = 0.0 if score is None or maximum <= 0 else max(0.0, min(1.0, score / maximum)) * width
    tick = None
    if target is not None and maximum > 0:
        share = max(0.0, min(1.0, target / maximum))  # a target beyond the scale (1e308 in a file) ticks the end
        tick = min(width - 1, max(0, math.ceil(share * width - 1e-9) - 1))
    colour = bar_colour(score, target)
    cells: list[str] = []
    for index in range(width):
        part = max(0.0, min(1.0, filled - index))
        if index == tick:
            background = f" on {colour}" if part >= 1 else ""
            cells.append(f"[$text{background}]{TICK}[/]")
        elif part >= 1:
            cells.append(f"[{colour}]█[/]")
        elif part > 0:
            cells.append(f"[{colour}]{EIGHTHS[max(1, round(part * 8))]}[/]")
        else:
            cells.append(f"[$text-disabled]{TRACK}[/]")
    return _merge("".join(cells))


def _merge(markup: str) -> str:
    """Join runs of identically styled cells so the markup stays short."""
    out: list[str] = []
    style = None
    text: list[str] = []
    for chunk in markup.split("[/]"):
        if not chunk:
            continue
        head, _, body = chunk.partition("]")
        if head == style:
            text.append(body)
            continue
        if style is not None:
            out.append(f"{style}]{''.join(text)}[/]")
        style, text = head, [body]
    if style is not None:
        out.append(f"{style}]{''.join(text)}[/]")
    return "".join(out)


def fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` cells with an ellipsis, padded to exactly ``width``."""
    if width <= 0:
        return ""
    if len(text) > width:
        text = text[: max(0, width - 1)] + "…"
    return text.ljust(width)
