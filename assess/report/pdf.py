"""HTML -> PDF with WeasyPrint, behind a URL fetcher that can reach nothing but the report's own files.

WeasyPrint asks its URL fetcher for every image, stylesheet and attachment. Its default one
opens ``file:``, ``http(s):`` and ``ftp:`` URLs and follows redirects; ours answers only
``data:`` URLs and ``asset:NAME`` (a file of reports/ or of the --template folder, see
:mod:`assess.report.assets`) and refuses everything else without opening it. Before the PDF is
written, every link is checked whatever made it (an answer, a template's ``<a href>``, CSS):
only http(s), mailto and places inside the report stay live. The PDF is tagged (PDF/UA-1:
structure, language, title shown in the window) and opens with its outline. A character that
no installed font has would print as an empty box: it is shown as ``[U+1F680]`` instead and
reported once. WeasyPrint itself is imported here only, on first use.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote
from urllib.request import DataHandler, Request

from assess.report.assets import AssetError, Assets
from assess.report.text import allowed_link

ASSET_SCHEME = "asset:"
ALLOWED_SCHEMES = ("data", "asset")
TAGGED = {"pdf_variant": "pdf/ua-1"}
"""WeasyPrint's options for a tagged, accessible PDF (the same as ``weasyprint --pdf-variant pdf/ua-1``)."""
_MISSING_GLYPH = re.compile(r"\.notdef glyph rendered .*\(U\+([0-9A-F]{4,6})\)")


class FetchRefusedError(ValueError):
    """WeasyPrint logs this (and renders without the resource); nothing was opened."""


def locked_fetcher_class() -> type[Any]:
    """The fetcher class, built on first use so that importing this module stays cheap."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

    class LockedURLFetcher(URLFetcher):  # type: ignore[misc]
        """Serves ``data:`` and ``asset:`` URLs; refuses every other URL before opening it.

        ``requested`` lists every URL WeasyPrint asked for, in order (tests assert on it).
        """

        def __init__(self, assets: Assets) -> None:
            super().__init__(timeout=1, allowed_protocols=ALLOWED_SCHEMES, allow_redirects=False)
            # Drop every opener handler (file, http, https, ftp, redirects): fetch() never opens a URL itself.
            self.handlers: list[Any] = []
            self.handle_open: dict[str, Any] = {}
            self.assets = assets
            self.requested: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            self.requested.append(url)
            lowered = url.lower()
            if lowered.startswith(ASSET_SCHEME):
                name = unquote(url[len(ASSET_SCHEME) :].split("?", 1)[0].split("#", 1)[0])
                try:
                    body, media_type = self.assets.read(name)
                except AssetError as error:
                    raise FetchRefusedError(str(error)) from None
                return URLFetcherResponse(url, body, {"Content-Type": media_type})
            if lowered.startswith("data:"):
                response = DataHandler().data_open(Request(url))  # noqa: S310  (only data: URLs get here)
                return URLFetcherResponse(url, response.read(), dict(response.headers.items()))
            raise FetchRefusedError(f"the report fetches nothing outside its own files: {url[:80]!r}")

    return LockedURLFetcher


@dataclass
class Rendered:
    pdf: bytes
    problems: list[str] = field(default_factory=list)
    """What WeasyPrint could not use (a refused URL, a broken image, a missing glyph): worth telling."""
    dropped_links: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.missing: set[int] = set()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if (found := _MISSING_GLYPH.search(message)) is not None:
            self.missing.add(int(found.group(1), 16))
        elif record.levelno >= logging.ERROR:
            self.messages.append(message)


def drop_unsafe_links(document: Any) -> list[str]:
    """Remove every link but http(s), mailto and internal ones, and every attachment, from a rendered document."""
    dropped = []
    for page in document.pages:
        kept = []
        for link in page.links:
            kind, target = link[0], link[1]
            if kind == "internal" or (kind == "external" and isinstance(target, str) and allowed_link(target)):
                kept.append(link)
            else:
                dropped.append(str(target)[:80])
        page.links[:] = kept
    return dropped


def _open_outline(document: Any, pdf: Any) -> None:
    """Viewers show the bookmarks when the PDF opens (PDF/UA already shows the title, not the file name)."""
    if pdf.catalog.get("Outlines") is not None:
        pdf.catalog["PageMode"] = "/UseOutlines"


def _write(html: str, fetcher: Any, tagged: bool, collect: _Collect) -> tuple[bytes, list[str]]:
    from weasyprint import HTML  # type: ignore[import-untyped]

    document = HTML(string=html, base_url=None, url_fetcher=fetcher).render(presentational_hints=False)
    dropped = drop_unsafe_links(document)
    options = TAGGED if tagged else {}
    pdf: bytes = document.write_pdf(finisher=_open_outline, **options)
    return pdf, dropped


def html_to_pdf(html: str, assets: Assets, fetcher: Any | None = None, *, tagged: bool = True) -> Rendered:
    """Render ``html`` (stylesheet included) to PDF bytes through the locked fetcher."""
    fetcher = fetcher if fetcher is not None else locked_fetcher_class()(assets)
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        pdf, dropped = _write(html, fetcher, tagged, collect)
        missing = sorted(collect.missing)
        if missing:
            html = replace_missing(html, missing)
            pdf, dropped = _write(html, fetcher, tagged, collect)
    finally:
        logger.removeHandler(collect)
    problems = list(dict.fromkeys(collect.messages))
    if missing:
        listed = ", ".join(f"U+{code:04X}" for code in missing[:10]) + (" …" if len(missing) > 10 else "")
        problems.append(
            f"{len(missing)} character{'s' * (len(missing) > 1)} not in the report's fonts, shown as [U+…] "
            f"instead of an empty box: {listed}"
        )
    return Rendered(pdf, problems, dropped)


def replace_missing(html: str, codepoints: list[int]) -> str:
    """Each character no font has, written as its code point (``[U+1F680]``) so the reader sees it was there."""
    table = {code: f"[U+{code:04X}]" for code in codepoints if code > 0x7F}
    return html.translate(table)
