"""The report's own files: templates, stylesheet and images, from reports/ or a --template folder.

This is the only place the report reads files. A name is looked up in the
template folder first, then in the shipped ``reports/``; it must stay inside that
folder (no ``..``, no absolute paths, no symlinks leading out) and have one of a
few known suffixes. Answers never choose a name: only templates and stylesheets do.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from assess.problems import InputError, Problem
from assess.resources import reports_dir

ENTRY_TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"
REQUIRED_FILES = (ENTRY_TEMPLATE, STYLESHEET)

MEDIA_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}
MAX_ASSET_BYTES = 5 * 1024 * 1024


class AssetError(ValueError):
    """A name that is not one of the report's own files."""


@dataclass(frozen=True)
class Assets:
    """Where report files are looked up, in order."""

    folders: tuple[Path, ...]

    @classmethod
    def for_template(cls, template_dir: Path | None) -> Assets:
        builtin = reports_dir().resolve()
        if template_dir is None:
            return cls((builtin,))
        return cls((template_dir.resolve(), builtin))

    @property
    def stylesheet(self) -> str:
        """The stylesheet of the first folder (a --template folder always has its own)."""
        return (self.folders[0] / STYLESHEET).read_text(encoding="utf-8")

    def find(self, name: str) -> tuple[Path, str]:
        """The file for an asset name, and its media type; AssetError for anything else."""
        pure = PurePosixPath(name)
        if not name or pure.is_absolute() or "\\" in name or any(part in ("..", "") for part in pure.parts):
            raise AssetError(f"not an asset name: {name!r}")
        media_type = MEDIA_TYPES.get(pure.suffix.lower())
        if media_type is None:
            raise AssetError(f"not an asset type the report serves: {name!r}")
        for folder in self.folders:
            candidate = (folder / pure).resolve()
            if candidate.is_relative_to(folder) and candidate.is_file():
                if candidate.stat().st_size > MAX_ASSET_BYTES:
                    raise AssetError(f"asset too large: {name!r}")
                return candidate, media_type
        raise AssetError(f"no such asset: {name!r}")

    def read(self, name: str) -> tuple[bytes, str]:
        path, media_type = self.find(name)
        return path.read_bytes(), media_type

    def data_uri(self, name: str) -> str:
        """The asset inlined as a ``data:`` URI, so that the HTML stands alone."""
        body, media_type = self.read(name)
        return f"data:{media_type};base64,{base64.b64encode(body).decode('ascii')}"


def check_template_dir(template_dir: Path) -> None:
    """A --template folder must exist and hold the entry template and the stylesheet."""
    where = str(template_dir)
    if not template_dir.is_dir():
        raise InputError.single(where, "no such folder; --template takes a folder holding a copy of reports/")
    missing = [name for name in REQUIRED_FILES if not (template_dir / name).is_file()]
    if missing:
        raise InputError(
            [Problem(where, f"missing {', '.join(missing)}; start from a copy of {reports_dir()}")],
        )
