"""How numbers are shown to people: one home for the display rules every view follows.

Scores are computed unrounded by the core; these turn them into text for tables, Markdown,
CSV, the workshop and the report alike. Rounding follows the SAMM Toolbox, which is an Excel
workbook: Excel keeps 15 significant digits and rounds ties away from zero, so 0.625 shows
0.63 (Python's ``f"{0.625:.2f}"`` rounds the binary value to even and shows 0.62).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

SIGNIFICANT_DIGITS = 15
"""Digits Excel keeps of a number before it formats it; float noise beyond them never tips a tie."""


def rounded(value: float, digits: int = 2) -> Decimal:
    """``value`` as the Toolbox shows it: 15 significant digits, then ``digits`` places, ties away from zero."""
    exact = Decimal(format(value, f".{SIGNIFICANT_DIGITS}g"))
    result = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return result.copy_abs() if result.is_zero() else result  # never "-0.00"


def fmt(value: float | None, digits: int = 2) -> str:
    """A number for people: rounded for display only (see :func:`rounded`), a dash when there is none."""
    return "–" if value is None else f"{rounded(value, digits):f}"


def fmt_change(value: float | None) -> str:
    """A signed change, rounded like every other score (``+0.13``, ``-0.63``, ``+0.00``)."""
    return "–" if value is None else f"{rounded(value):+f}"


PERCENT_NOISE = 1e-6
"""Float noise, in percentage points, that still counts as the next whole percent."""


def fmt_percent(value: float | None) -> str:
    """A share as a whole percentage, rounded down: "100%" only when the target is met, never at 99.6%."""
    return "–" if value is None else f"{math.floor(value * 100 + PERCENT_NOISE)}%"


def fmt_count(value: float | None) -> str:
    """A count of activities (BSIMM scores): a whole number, a dash when there is none."""
    return "–" if value is None else f"{value:g}"


def fmt_count_change(value: float | None) -> str:
    return "–" if value is None else f"{value:+g}"


SPARK_LEVELS = "▁▂▃▄▅▆▇█"
SPARK_MIN_SPAN = 1 / 6
"""The smallest range a sparkline spans, as a share of the score's maximum (0.5 on SAMM's 0..3)."""


def sparkline(values: tuple[float | None, ...], maximum: float) -> str:
    """One block per value, a space where there is none, scaled to the values' own range.

    A quarter's typical move (0.1 to 0.3 on SAMM's 0..3) would not show on the full scale, so the
    line spans the lowest to the highest value, but never less than a sixth of ``maximum``: small
    noise stays nearly flat. The numbers themselves sit beside it in every table.
    """
    present = [v for v in values if v is not None]
    if not present or maximum <= 0:
        return " " * len(values)
    span = max(max(present) - min(present), maximum * SPARK_MIN_SPAN)
    low = max(0.0, min(min(present), maximum - span))
    top = len(SPARK_LEVELS) - 1
    blocks = []
    for value in values:
        if value is None:
            blocks.append(" ")
        else:
            share = min(max((value - low) / span, 0.0), 1.0)
            blocks.append(SPARK_LEVELS[math.floor(share * top + 0.5)])
    return "".join(blocks)
