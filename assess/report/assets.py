"""The report's own files: templates, stylesheet and images, from reports/ or a --template folder.

This is the only place the report reads files: templates, the stylesheet and
what the fetcher serves. A name is looked up in the template folder first, then in
the shipped ``reports/``; it must stay inside that folder (no ``..``, no absolute
paths, no symlinks leading out), and what the fetcher serves must have one of a few
known suffixes. Answers never choose a name: only templates and stylesheets do.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from assess.core.problems import InputError, Problem
from assess.files.resources import reports_dir

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
LOGO_NAMES = ("logo.svg", "logo.png", "logo.jpg")


class AssetError(ValueError):
    """A name that is not one of the report's own files."""


class MissingAssetError(AssetError):
    """A well-formed name that no folder holds."""


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
        return self.text(STYLESHEET, self.folders[:1])

    def locate(self, name: str, folders: tuple[Path, ...] | None = None) -> Path:
        """The file for a relative name, from the first folder that has it; AssetError for anything else.

        A name that exists in a folder but leads out of it (a symlink, or a symlinked
        subfolder) is refused rather than skipped, so a template folder cannot pull in
        any other file of the machine, whether as an image, a stylesheet or a template.
        """
        pure = PurePosixPath(name)
        if not name or pure.is_absolute() or "\\" in name or any(part in ("..", "") for part in pure.parts):
            raise AssetError(f"not a file name inside the template folder: {name!r}")
        for folder in folders if folders is not None else self.folders:
            candidate = folder / pure
            if not candidate.exists() and not candidate.is_symlink():
                continue
            resolved = candidate.resolve()
            if not resolved.is_relative_to(folder):
                raise AssetError(f"{name!r} leads outside its folder {folder}; copy the file in instead of linking it")
            if not resolved.is_file():
                raise AssetError(f"{name!r} is not a file")
            if resolved.stat().st_size > MAX_ASSET_BYTES:
                raise AssetError(f"{name!r} is larger than {MAX_ASSET_BYTES // (1024 * 1024)} MB")
            return resolved
        raise MissingAssetError(f"no such file: {name!r}")

    def find(self, name: str) -> tuple[Path, str]:
        """An image, stylesheet or font for the fetcher, and its media type."""
        media_type = MEDIA_TYPES.get(PurePosixPath(name).suffix.lower())
        if media_type is None:
            raise AssetError(f"not an asset type the report serves: {name!r}")
        return self.locate(name), media_type

    def read(self, name: str) -> tuple[bytes, str]:
        path, media_type = self.find(name)
        return path.read_bytes(), media_type

    def text(self, name: str, folders: tuple[Path, ...] | None = None) -> str:
        """A template or stylesheet as text (UTF-8)."""
        return self.source(name, folders)[1]

    def source(self, name: str, folders: tuple[Path, ...] | None = None) -> tuple[Path, str]:
        """A template's file and text (UTF-8)."""
        path = self.locate(name, folders)
        try:
            return path, path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise AssetError(f"{name!r} is not UTF-8 text (byte {error.start})") from None

    def logo(self) -> str | None:
        """The brand's logo for the cover (``logo.svg``, ``logo.png`` or ``logo.jpg`` of the template folder)."""
        for name in LOGO_NAMES:
            try:
                return self.data_uri(name)
            except MissingAssetError:
                continue
        return None

    def data_uri(self, name: str) -> str:
        """The asset inlined as a ``data:`` URI, so that the HTML stands alone."""
        body, media_type = self.read(name)
        return f"data:{media_type};base64,{base64.b64encode(body).decode('ascii')}"


def check_template_dir(template_dir: Path) -> None:
    """A --template folder must exist and hold the entry template and the stylesheet, inside it."""
    where = str(template_dir)
    if not template_dir.is_dir():
        raise InputError.single(where, "no such folder; --template takes a folder holding a copy of reports/")
    folder = (template_dir.resolve(),)
    missing, problems = [], []
    for name in REQUIRED_FILES:
        try:
            Assets(folder).locate(name)
        except MissingAssetError:
            missing.append(name)
        except AssetError as error:
            problems.append(Problem(where, str(error)))
    if missing:
        problems.insert(0, Problem(where, f"missing {', '.join(missing)}; start from a copy of {reports_dir()}"))
    if problems:
        raise InputError(problems)
