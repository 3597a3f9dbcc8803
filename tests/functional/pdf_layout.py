"""What a rendered PDF shows, read back with PDFium (pypdfium2): its text, and where each piece sits.

PDFium reads a 30-page handout in a tenth of a second, where pypdf took 2.6 s; the report tests
read every rendered page. Each text object of a page (one run of text in one font, as WeasyPrint
writes it) becomes a piece with its baseline origin (points from the bottom of the page) and its
size on paper. The running header and footer sit in the page margins and are left out of "content".
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

MARGIN = 20 * 72 / 25.4
"""The stylesheet's top and bottom page margin (20 mm), where the running header and footer are."""
ZWSP = "\u200b"
SOFT_HYPHEN_MARK = 2
"""What PDFium answers for a hyphen WeasyPrint added at a line break."""
SPACE = 0x20


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


def pages(pdf: Path) -> list[Page]:
    """Every page's text pieces, in the order the page draws them."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [_page(number, page) for number, page in enumerate(document, 1)]
    finally:
        document.close()


def texts(pdf: Path) -> list[str]:
    """Each page's text as a reader would copy it: lines joined by newlines, zero-width spaces dropped."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [_text(page) for page in document]
    finally:
        document.close()


def text(pdf: Path) -> str:
    """The whole document's text, page after page."""
    return "\n".join(texts(pdf))


def _text(page: pdfium.PdfPage) -> str:
    """The page's characters with PDFium's inferred spaces and line breaks.

    An inferred space inside one text object is letter spacing ("C O N F"), so it is dropped;
    between two objects it separates what the page shows apart (table cells).
    """
    textpage = page.get_textpage()
    count = textpage.count_chars()
    codes = [pdfium_raw.FPDFText_GetUnicode(textpage.raw, index) for index in range(count)]
    owners = [_owner(textpage, index) for index in range(count)]
    shown = []
    for index, code in enumerate(codes):
        inferred = pdfium_raw.FPDFText_IsGenerated(textpage.raw, index) == 1
        if inferred and code == SPACE and 0 < index < count - 1 and owners[index - 1] == owners[index + 1] != 0:
            continue
        shown.append("-" if code == SOFT_HYPHEN_MARK else chr(code))
    return "".join(shown).replace("\r\n", "\n").replace("\r", "\n").replace(ZWSP, "")


def _owner(textpage: pdfium.PdfTextPage, index: int) -> int:
    """The address of the text object that draws a character (0 for one PDFium inferred)."""
    handle = pdfium_raw.FPDFText_GetTextObject(textpage.raw, index)
    address: int | None = ctypes.cast(handle, ctypes.c_void_p).value
    return address or 0


def _page(number: int, page: pdfium.PdfPage) -> Page:
    """The page's characters grouped by the text object that draws them: a run of text in one font.

    A chart's SVG text is drawn one glyph per object, so its pieces are single characters; the
    tests read a chart's labels from the HTML instead.
    """
    textpage = page.get_textpage()
    runs: dict[int, list[str]] = {}
    objects: dict[int, object] = {}
    for index in range(textpage.count_chars()):
        if pdfium_raw.FPDFText_IsGenerated(textpage.raw, index) == 1:
            continue  # a space or line break PDFium infers from gaps (letter spacing shows as "C O N F")
        handle = pdfium_raw.FPDFText_GetTextObject(textpage.raw, index)
        key = _owner(textpage, index)
        code = pdfium_raw.FPDFText_GetUnicode(textpage.raw, index)
        runs.setdefault(key, []).append("-" if code == SOFT_HYPHEN_MARK else chr(code))
        objects.setdefault(key, handle)
    pieces = []
    for key, chars in runs.items():
        shown = "".join(chars).replace(ZWSP, "").strip()
        if shown:
            pieces.append(_piece(shown, objects[key]))
    return Page(number, float(page.get_height()), pieces)


def _piece(shown: str, handle: object) -> Piece:
    matrix = pdfium_raw.FS_MATRIX()
    pdfium_raw.FPDFPageObj_GetMatrix(handle, matrix)
    size = ctypes.c_float()
    pdfium_raw.FPDFTextObj_GetFontSize(handle, size)
    scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
    return Piece(shown, matrix.e, matrix.f, size.value * scale)
