"""How numbers are shown to people: one home for the display rules every view follows.

Scores are computed unrounded by the core; these turn them into text for tables, Markdown,
CSV, the workshop and the report alike.
"""

from __future__ import annotations

import math


def fmt(value: float | None, digits: int = 2) -> str:
    """A number for people: rounded for display only, a dash when there is none."""
    return "–" if value is None else f"{value:.{digits}f}"


def fmt_change(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


PERCENT_NOISE = 1e-6
"""Float noise, in percentage points, that still counts as the next whole percent."""


def fmt_percent(value: float | None) -> str:
    """A share as a whole percentage, rounded down: "100%" only when the target is met, never at 99.6%."""
    return "–" if value is None else f"{math.floor(value * 100 + PERCENT_NOISE)}%"
