"""Where text sits on a rendered page, read back with pypdf: for the tests of page layout and type sizes.

pypdf hands each piece of text to a visitor with its matrices; from them come its baseline (points
from the bottom of the page) and its size on paper. The running header and footer sit in the
page margins and are left out of "content".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

MARGIN = 20 * 72 / 25.4
"""The stylesheet's top and bottom page margin (20 mm), where the running header and footer are."""
ZWSP = "\u200b"


@dataclass(frozen=True)
class Piece:
    text: str
    x: float
    y: float
    size: float


@dataclass(frozen=True)
class Page:
    number: int
    height: float
    pieces: list[Piece]

    @property
    def content(self) -> list[Piece]:
        """Text between the header and the footer."""
        return [p for p in self.pieces if MARGIN - 2 < p.y < self.height - MARGIN + 2]

    @property
    def lines(self) -> list[float]:
        """Baselines of the content, one per line of text (pieces within 2 pt share a line)."""
        found: list[float] = []
        for y in sorted((p.y for p in self.content), reverse=True):
            if not found or found[-1] - y > 2:
                found.append(y)
        return found

    def text(self) -> str:
        return " ".join(p.text for p in self.pieces)


def pages(pdf: Path | PdfReader) -> list[Page]:
    reader = pdf if isinstance(pdf, PdfReader) else PdfReader(pdf)
    out = []
    for number, page in enumerate(reader.pages, 1):
        pieces: list[Piece] = []

        def visit(
            text: str, cm: list[float], tm: list[float], font: object, size: float, pieces: list[Piece] = pieces
        ) -> None:
            shown = text.replace(ZWSP, "").strip()
            if not shown:
                return
            a, b, c, d, e, f = (
                tm[0] * cm[0] + tm[1] * cm[2],
                tm[0] * cm[1] + tm[1] * cm[3],
                tm[2] * cm[0] + tm[3] * cm[2],
                tm[2] * cm[1] + tm[3] * cm[3],
                tm[4] * cm[0] + tm[5] * cm[2] + cm[4],
                tm[4] * cm[1] + tm[5] * cm[3] + cm[5],
            )
            scale = math.sqrt(abs(a * d - b * c))
            pieces.append(Piece(shown, e, f, size * scale))

        page.extract_text(visitor_text=visit)
        out.append(Page(number, float(page.mediabox.height), pieces))
    return out
