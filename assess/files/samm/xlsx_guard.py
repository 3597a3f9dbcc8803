"""Check a workbook before anything parses it: an .xlsx file is a zip of XML, and either can be a weapon.

Refused before openpyxl sees the file: anything but a regular file, files over
:data:`MAX_WORKBOOK_BYTES`, zips whose members would unpack to more than the caps or compress
suspiciously well (a zip bomb), member names that climb out of the archive (``../``, absolute
paths), encrypted members, and XML that declares a DTD or entities (the "billion laughs"
expansion). openpyxl then parses through defusedxml as a second line of defence. Python's zipfile
never yields more bytes than a member's declared size, so checking the declared sizes is enough.
"""

from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from assess.core.problems import InputError

MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
"""The official Toolbox is about 260 KB and a filled one well under 2 MB."""
MAX_MEMBER_BYTES = 8 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
"""Unpacked, the official Toolbox is 1.5 MB; these caps keep a hostile workbook under 2 s and 200 MB."""
MAX_MEMBERS = 2000
MAX_RATIO = 100
"""Uncompressed / compressed size; the Toolbox's members stay under 20 (its styles.xml)."""
RATIO_FLOOR = 1024 * 1024
"""Members smaller than this unpacked are not held to the ratio (tiny files compress very well)."""
PROLOG_BYTES = 64 * 1024
"""How far into an XML member its prolog (where a DTD would be) may reach."""

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_ELEMENT_START = re.compile(rb"<[A-Za-z_]")
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedWorkbook:
    """A workbook that passed the checks: its member names, in archive order."""

    path: Path
    members: tuple[str, ...]


def check_workbook(path: Path, display: str | None = None) -> CheckedWorkbook:
    """Refuse a workbook that is not a plain, reasonably sized xlsx zip; InputError names the file."""
    name = display or str(path)
    _check_file(path, name)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_members(infos, name)
            for info in infos:
                if info.filename.endswith(_XML_SUFFIXES):
                    _check_prolog(archive, info, name)
    except zipfile.BadZipFile:
        raise InputError.single(
            name, "is not an xlsx workbook (not a zip archive); save it from Excel as .xlsx"
        ) from None
    except (OSError, EOFError, RuntimeError, ValueError, NotImplementedError) as error:
        raise InputError.single(name, f"cannot be read as an xlsx workbook ({type(error).__name__})") from None
    names = tuple(info.filename for info in infos)
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise InputError.single(name, "is a zip archive but not an xlsx workbook (no xl/workbook.xml)")
    return CheckedWorkbook(path, names)


def _check_file(path: Path, name: str) -> None:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError.single(name, "file not found; check the path") from None
    except OSError as error:
        raise InputError.single(name, f"cannot be read ({error.strerror}); check its permissions") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError.single(name, "is a folder, not a workbook")
    if not stat.S_ISREG(info.st_mode):
        raise InputError.single(name, "is not a regular file (a pipe or a device?); give a saved .xlsx file")
    if info.st_size > MAX_WORKBOOK_BYTES:
        raise InputError.single(
            name,
            f"is {info.st_size / 1024 / 1024:.0f} MB; a SAMM Toolbox workbook is well under "
            f"{MAX_WORKBOOK_BYTES // 1024 // 1024} MB, so assess refuses it",
        )


def _check_members(infos: list[zipfile.ZipInfo], name: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise InputError.single(name, f"holds {len(infos)} files; an xlsx workbook holds far fewer")
    total = 0
    for info in infos:
        member = _shown(info.filename)
        if _climbs_out(info.filename):
            raise InputError.single(
                name, "a file name inside the workbook leads out of it (../ or an absolute path)", where=member
            )
        if info.flag_bits & 0x1:
            raise InputError.single(name, "is encrypted; save the workbook without a password", where=member)
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise InputError.single(
                name, f"unpacks {ratio} times larger than it is stored; refused (a zip bomb?)", where=member
            )
        if info.file_size > MAX_MEMBER_BYTES:
            raise InputError.single(
                name,
                f"unpacks to {info.file_size // 1024 // 1024} MB, more than any part of a Toolbox workbook; refused",
                where=member,
            )
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise InputError.single(name, f"unpacks to more than {MAX_TOTAL_BYTES // 1024 // 1024} MB; refused")


def _climbs_out(filename: str) -> bool:
    if "\\" in filename or "\x00" in filename or re.match(r"^[A-Za-z]:", filename):
        return True
    path = PurePosixPath(filename)
    return path.is_absolute() or ".." in path.parts


def _check_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """No DTD and no entity declaration before the root element (xlsx XML never needs one)."""
    with archive.open(info) as member:
        head = member.read(PROLOG_BYTES)
    start = _ELEMENT_START.search(head)
    prolog = head if start is None else head[: start.start()]
    where = _shown(info.filename)
    if _DECLARATION.search(prolog):
        raise InputError.single(name, "declares a DTD or XML entities, which no workbook needs; refused", where=where)
    if start is None and info.file_size > len(head):
        raise InputError.single(name, "has no XML element in its first 64 KB; refused", where=where)


def _shown(filename: str) -> str:
    """A member name for a message: printable and short."""
    text = filename.encode("ascii", "backslashreplace").decode("ascii")
    return text if len(text) <= 60 else text[:57] + "..."
