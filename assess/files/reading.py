"""Read a file's text, and only a regular file's, within the size limit: the YAML files assess reads
(answers, questionnaires, crosswalks) and committed versions of them come through here, so the checks
live once. ``yaml_source`` re-exports these names for its callers."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from assess.core.problems import InputError

MAX_FILE_BYTES = 5 * 1024 * 1024


def read_text(path: Path, display: str | None = None) -> str:
    """Read a file as UTF-8 text, refusing huge or non-UTF-8 files with a clear error.

    Only regular files are read: a FIFO would block forever, a device never ends (or has side
    effects when opened), a folder or socket is no file at all. The path is checked before it is
    opened (so nothing else is ever opened) and again on the open descriptor (so nothing swapped
    in between is read); the open itself never blocks (``O_NONBLOCK``).
    """
    name = display or str(path)
    try:
        _refuse_unless_regular(path.stat().st_mode, name)
        handle = os.open(path, _READ_FLAGS)
    except OSError as error:
        raise _unreadable(error, name) from None
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(handle)
        _refuse_unless_regular(info.st_mode, name)
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large(name)
        try:
            raw = stream.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise _unreadable(error, name) from None
    return decode_text(raw, name)


def decode_text(raw: bytes, name: str) -> str:
    """Bytes read from a file (or a committed version of one) as UTF-8 text, refusing huge or non-UTF-8 input."""
    if len(raw) > MAX_FILE_BYTES:
        raise _too_large(name)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError.single(
            name,
            f"is not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8",
            line=line,
            column=column,
        ) from None


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)

_NOT_REGULAR = (
    (stat.S_ISDIR, "is a folder, not a YAML file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a file; assess reads only regular files"),
    (stat.S_ISCHR, "is a device, not a file; assess reads only regular files"),
    (stat.S_ISBLK, "is a device, not a file; assess reads only regular files"),
    (stat.S_ISSOCK, "is a socket, not a file; assess reads only regular files"),
)


def _refuse_unless_regular(mode: int, name: str) -> None:
    if stat.S_ISREG(mode):
        return
    what = next((words for test, words in _NOT_REGULAR if test(mode)), "is not a regular file; assess reads only those")
    raise InputError.single(name, what)


def _unreadable(error: OSError, name: str) -> InputError:
    """One line for a file that cannot be opened or read, in words (never a traceback)."""
    if isinstance(error, FileNotFoundError):
        return InputError.single(name, "file not found; check the path")
    if isinstance(error, IsADirectoryError):
        return InputError.single(name, "is a folder, not a YAML file")
    if isinstance(error, PermissionError):
        return InputError.single(name, "cannot be read (permission denied); check its permissions")
    if error.errno == errno.ELOOP:
        return InputError.single(name, "is a symbolic link that leads back to itself (a loop); fix or remove the link")
    if error.errno == errno.ENXIO:
        return InputError.single(name, "is a socket, not a file; assess reads only regular files")
    return InputError.single(name, f"cannot be read ({error.strerror or error}); check the path and its permissions")


def _too_large(name: str) -> InputError:
    return InputError.single(
        name, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; assess refuses files this big"
    )
