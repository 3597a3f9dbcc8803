"""HTML -> PDF with WeasyPrint, behind a URL fetcher that can reach nothing but the report's own files.

WeasyPrint asks its URL fetcher for every image, stylesheet and attachment. Its
default one opens ``file:``, ``http(s):`` and ``ftp:`` URLs and follows redirects;
ours answers only ``data:`` URLs and ``asset:NAME`` (a file of reports/ or of the
--template folder, see :mod:`assess.report.assets`) and refuses everything else
without opening it. WeasyPrint itself is imported here only, on first use.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote
from urllib.request import DataHandler, Request

from assess.report.assets import AssetError, Assets

ASSET_SCHEME = "asset:"
ALLOWED_SCHEMES = ("data", "asset")


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
    """What WeasyPrint could not use (a refused URL, a broken image): worth telling a template author."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def html_to_pdf(html: str, assets: Assets, fetcher: Any | None = None) -> Rendered:
    """Render ``html`` (stylesheet included) to PDF bytes through the locked fetcher."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    fetcher = fetcher if fetcher is not None else locked_fetcher_class()(assets)
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        document = HTML(string=html, base_url=None, url_fetcher=fetcher)
        pdf: bytes = document.write_pdf(presentational_hints=False)
    finally:
        logger.removeHandler(collect)
    return Rendered(pdf, collect.messages)
