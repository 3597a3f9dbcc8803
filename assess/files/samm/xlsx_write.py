"""Change a few cells of a workbook and nothing else, by editing the sheet's XML inside the zip.

openpyxl's save rewrites the whole workbook and drops what it does not model (the Toolbox's
conditional-formatting extensions among them), so the Toolbox is edited as text instead: each
cell written keeps its style (``s``), text goes in as an inline string, the calculation chain is
dropped and the workbook asks Excel (and LibreOffice) to recalculate everything when it opens.
Every other member of the archive is copied byte for byte.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from xml.sax.saxutils import escape

CellValue = str | float | dt.date | None
"""Text, a number, a date (stored as Excel's day number), or None to empty the cell."""

EXCEL_EPOCH = dt.date(1899, 12, 30)
CALC_CHAIN = "xl/calcChain.xml"

_ROW = re.compile(rb"<row\b[^>]*?(?:/>|>.*?</row>)", re.DOTALL)
_CELL = re.compile(rb"<c\b[^>]*?(?:/>|>.*?</c>)", re.DOTALL)
_R_ATTR = re.compile(rb'\br="([A-Z]+)?(\d+)"')
_STYLE = re.compile(rb'\bs="(\d+)"')
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def rewrite_workbook(source: bytes, sheet_part: str, cells: Mapping[str, CellValue]) -> bytes:
    """A copy of the xlsx ``source`` with ``cells`` (``"F18"`` -> value) set in the sheet ``sheet_part``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as archive, zipfile.ZipFile(out, "w") as target:
        for info in archive.infolist():
            if info.filename == CALC_CHAIN:
                continue
            data = archive.read(info)
            if info.filename == sheet_part:
                data = set_cells(data, cells)
            elif info.filename == "xl/workbook.xml":
                data = recalculate_on_load(data)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = re.sub(rb"<Relationship\b[^>]*?Target=\"/?(?:xl/)?calcChain\.xml\"[^>]*?/>", b"", data)
            elif info.filename == "[Content_Types].xml":
                data = re.sub(rb"<Override\b[^>]*?PartName=\"/xl/calcChain\.xml\"[^>]*?/>", b"", data)
            target.writestr(info, data, compress_type=info.compress_type)
    return out.getvalue()


def recalculate_on_load(workbook_xml: bytes) -> bytes:
    """``<calcPr fullCalcOnLoad="1">``: the cached results of formulas are stale once answers change."""
    found = re.search(rb"<calcPr\b[^>]*?/?>", workbook_xml)
    if found:
        tag = re.sub(rb'\s+fullCalcOnLoad="[^"]*"', b"", found.group(0))
        tag = re.sub(rb"^<calcPr", b'<calcPr fullCalcOnLoad="1"', tag)
        return workbook_xml[: found.start()] + tag + workbook_xml[found.end() :]
    # calcPr follows definedNames (or sheets) in the schema's order
    for anchor in (rb"</definedNames>", rb"</sheets>"):
        at = workbook_xml.find(anchor)
        if at >= 0:
            at += len(anchor)
            return workbook_xml[:at] + b'<calcPr fullCalcOnLoad="1"/>' + workbook_xml[at:]
    return workbook_xml


def set_cells(sheet_xml: bytes, cells: Mapping[str, CellValue]) -> bytes:
    """The sheet's XML with each cell replaced (style kept) or added in its row, in column order."""
    by_row: dict[int, dict[int, tuple[str, CellValue]]] = {}
    for ref, value in cells.items():
        match = _CELL_REF.fullmatch(ref)
        if match is None:
            raise ValueError(f"not a cell reference: {ref!r}")
        by_row.setdefault(int(match.group(2)), {})[column_number(match.group(1))] = (ref, value)
    start = sheet_xml.find(b"<sheetData")
    end = sheet_xml.find(b"</sheetData>")
    if start < 0:
        raise ValueError("the sheet has no sheetData")
    if end < 0:  # <sheetData/>
        close = sheet_xml.index(b"/>", start)
        sheet_xml = sheet_xml[:close] + b"></sheetData>" + sheet_xml[close + 2 :]
        end = sheet_xml.find(b"</sheetData>")
    head_end = sheet_xml.index(b">", start) + 1
    body = sheet_xml[head_end:end]
    pieces: list[bytes] = []
    position = 0
    pending = sorted(by_row.items())
    for row_match in _ROW.finditer(body):
        number = _row_number(row_match.group(0))
        while pending and pending[0][0] < number:
            row, wanted = pending.pop(0)
            pieces += [body[position : row_match.start()], _new_row(row, wanted)]
            position = row_match.start()
        if pending and pending[0][0] == number:
            _, wanted = pending.pop(0)
            pieces += [body[position : row_match.start()], _edit_row(row_match.group(0), wanted)]
            position = row_match.end()
    pieces.append(body[position:])
    pieces += [_new_row(row, wanted) for row, wanted in pending]
    return sheet_xml[:head_end] + b"".join(pieces) + sheet_xml[end:]


def formula_cells(sheet_xml: bytes, wanted: set[str]) -> set[str]:
    """Which of the ``wanted`` cells (``"F18"``) hold a formula (``<f>``), by the same scan that writes them."""
    found: set[str] = set()
    for match in _CELL.finditer(sheet_xml):
        cell = match.group(0)
        head_end = cell.find(b">")
        ref = _R_ATTR.search(cell[: head_end + 1])
        if ref is None or not ref.group(1):
            continue
        name = ref.group(1).decode() + ref.group(2).decode()
        if name in wanted and re.search(rb"<f[\s>/]", cell[head_end:]):
            found.add(name)
    return found


def _row_number(row_xml: bytes) -> int:
    head = row_xml[: row_xml.index(b">") + 1]
    found = _R_ATTR.search(head)
    if found is None:
        raise ValueError("a row without its number (r=...)")
    return int(found.group(2))


def _new_row(number: int, wanted: dict[int, tuple[str, CellValue]]) -> bytes:
    cells = b"".join(_cell(ref, value, None) for _, (ref, value) in sorted(wanted.items()))
    return b'<row r="%d">' % number + cells + b"</row>"


def _edit_row(row_xml: bytes, wanted: dict[int, tuple[str, CellValue]]) -> bytes:
    if row_xml.endswith(b"/>"):
        row_xml = row_xml[:-2] + b"></row>"
    open_end = row_xml.index(b">") + 1
    inner = row_xml[open_end : -len(b"</row>")]
    left = dict(wanted)
    pieces: list[bytes] = []
    position = 0
    for match in _CELL.finditer(inner):
        cell = match.group(0)
        found = _R_ATTR.search(cell[: cell.index(b">") + 1])
        column = column_number(found.group(1).decode()) if found and found.group(1) else 0
        for before in sorted(c for c in left if c < column):
            ref, value = left.pop(before)
            pieces += [inner[position : match.start()], _cell(ref, value, None)]
            position = match.start()
        if column in left:
            ref, value = left.pop(column)
            style = _STYLE.search(cell[: cell.index(b">") + 1])
            pieces += [inner[position : match.start()], _cell(ref, value, style.group(1) if style else None)]
            position = match.end()
    pieces.append(inner[position:])
    pieces += [_cell(ref, value, None) for _, (ref, value) in sorted(left.items())]
    return row_xml[:open_end] + b"".join(pieces) + b"</row>"


def _cell(ref: str, value: CellValue, style: bytes | None) -> bytes:
    attrs = f'r="{ref}"' + (f' s="{style.decode()}"' if style else "")
    if value is None or value == "":
        return f"<c {attrs}/>".encode()
    if isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return f"<c {attrs}><v>{(day - EXCEL_EPOCH).days}</v></c>".encode()
    if isinstance(value, (int, float)):
        return f"<c {attrs}><v>{value!r}</v></c>".encode()
    return f'<c {attrs} t="inlineStr"><is><t xml:space="preserve">{_xml_text(value)}</t></is></c>'.encode()


def _xml_text(text: str) -> str:
    """Text for an XML element, as Excel writes it: ``_xHHHH_`` for characters XML cannot hold."""
    text = re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", text)  # a literal "_x0041_" stays literal
    text = re.sub(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]", lambda m: f"_x{ord(m.group(0)):04X}_", text)
    text = re.sub(r"[\ud800-\udfff]", "\ufffd", text)
    return escape(text)
