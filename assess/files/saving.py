"""Write answers files safely: atomically, with a backup, keeping everything they hold.

A crash or a full disk mid-write must never leave a half-written answers file:
the new text goes to a temporary file in the same folder, gets the old file's
owner, group and mode, is flushed to disk, and only then renamed over the old
one, whose previous content is kept as ``<name>.bak``. A save is refused, with
nothing changed, when it would replace something that is not a regular file,
rewrite a read-only file, or write a file too big for assess to read back.
Every failure removes the temporary files it made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import glob
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from assess.core.model import AnswerEntry, Answers
from assess.core.problems import InputError
from assess.files.yaml_source import MAX_FILE_BYTES, parse_yaml, plain_reads_as_text

_STR_TAG = "tag:yaml.org,2002:str"


class _QuoteWhatReadsOtherwise:
    """Quote every string that assess's reader would not read back as that text."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        tag = super().resolve(kind, value, implicit)  # type: ignore[misc]
        if kind is yaml.ScalarNode and implicit[0] and tag == _STR_TAG and not plain_reads_as_text(value):
            return "tag:assess:not-text"  # any tag but str: the emitter then writes the string quoted
        return tag


class _Dumper(_QuoteWhatReadsOtherwise, yaml.CSafeDumper):
    """PyYAML's C dumper: fast, but libyaml escapes every character outside the BMP (``\\U0001F680``)."""


class _UnicodeDumper(_QuoteWhatReadsOtherwise, yaml.SafeDumper):
    """PyYAML's Python dumper, which writes emoji and other non-BMP characters as themselves."""


def _represent_list(dumper: Any, data: list[Any]) -> yaml.Node:
    """Lists of plain values (evidence, criteria, assessors) stay on one line, as people write them.

    Block form costs a line and an indent per item: a file written that way could grow past the
    size assess reads back.
    """
    flow = all(item is None or isinstance(item, str | bool | int | float) for item in data)
    node: yaml.Node = dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)
    return node


_Dumper.add_representer(list, _represent_list)
_UnicodeDumper.add_representer(list, _represent_list)


def answers_to_data(answers: Answers) -> dict[str, Any]:
    """The answers as plain data in the documented key order (short forms where possible)."""
    data: dict[str, Any] = {
        "format": answers.format,
        "questionnaire": answers.questionnaire,
        "version": answers.version,
    }
    for key in ("team", "scope", "date"):
        value = getattr(answers, key)
        if value is not None:
            data[key] = value
    if answers.assessors:
        data["assessors"] = list(answers.assessors)
    data["answers"] = {activity_id: _entry_to_data(entry) for activity_id, entry in answers.answers.items()}
    if answers.targets:
        data["targets"] = {k: _number(v) for k, v in answers.targets.items()}
    if answers.estate is not None:
        e = answers.estate
        estate = {k: v for k, v in (("apis", e.apis), ("teams", e.teams), ("exposure", e.exposure)) if v is not None}
        data["estate"] = {**estate, **answers.estate.extensions}
    if answers.classification is not None:
        data["classification"] = answers.classification
    data.update(answers.extensions)
    return data


def _entry_to_data(entry: AnswerEntry) -> Any:
    if entry.is_short:
        return entry.answer
    data: dict[str, Any] = {"answer": entry.answer}
    if entry.note is not None:
        data["note"] = entry.note
    if entry.evidence:
        data["evidence"] = list(entry.evidence)
    if entry.criteria:
        data["criteria"] = list(entry.criteria)
    if entry.by is not None:
        data["by"] = entry.by
    if entry.at is not None:
        data["at"] = _in_utc(entry.at)
    if entry.finding is not None:
        data["finding"] = entry.finding
    if entry.finding_note is not None:
        data["finding_note"] = entry.finding_note
    data.update(entry.extensions)
    return data


def _in_utc(moment: dt.datetime) -> dt.datetime:
    """A timestamp in UTC, whole seconds; kept in its own offset where UTC would leave the calendar (9999-12-31)."""
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(dt.UTC).replace(microsecond=0)
    except OverflowError:
        return moment.replace(microsecond=0)


EXACT_INTEGERS = 2**53
"""Floats below this that are whole are written as integers (``2`` not ``2.0``); larger ones stay floats."""


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < EXACT_INTEGERS else value


def dump_answers(answers: Answers) -> str:
    """The YAML text of an answers file."""
    return dump_yaml(answers_to_data(answers))


def dump_yaml(data: Any) -> str:
    """Plain data as YAML text that :func:`assess.files.yaml_source.parse_yaml` reads back unchanged.

    UTF-8 is written as UTF-8: when libyaml escaped something (a ``\\U`` in its output, which is rare),
    the text is written again by the Python emitter, which keeps emoji as they were typed. Not when the
    text also holds a Unicode line break (NEL, LS, PS: libyaml's ``\\N``, ``\\L``, ``\\P``): the Python
    emitter writes those raw inside quotes, where reading folds them into a space.
    """
    text = _dump(data, _Dumper)
    if "\\U" in text and not any(escape in text for escape in UNICODE_BREAK_ESCAPES):
        return _dump(data, _UnicodeDumper)
    return text


UNICODE_BREAK_ESCAPES = ("\\N", "\\L", "\\P")
"""How libyaml writes NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR inside double quotes."""


def _dump(data: Any, dumper: type[_Dumper | _UnicodeDumper]) -> str:
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


class SaveRefusedError(OSError):
    """A write refused before anything was changed: what is in the way, and what to do."""

    def __init__(self, path: Path, what: str, code: int = errno.EPERM) -> None:
        super().__init__(code, what, str(path))

    def __str__(self) -> str:
        return f"{Path(str(self.filename)).name}: {self.strerror}"


class FileStamp(NamedTuple):
    """What identifies one version of a file on disk: an editor's replacement changes the inode or ctime."""

    device: int
    inode: int
    mtime_ns: int
    ctime_ns: int
    size: int


def file_stamp(path: Path) -> FileStamp | None:
    """The stamp of the file at ``path`` (through links), or None when there is none."""
    try:
        found = path.stat()
    except OSError:
        return None
    return FileStamp(found.st_dev, found.st_ino, found.st_mtime_ns, found.st_ctime_ns, found.st_size)


def save_answers(path: Path, answers: Answers) -> None:
    """Atomically replace ``path`` with ``answers``, keeping the old file as ``.bak``.

    Refused (:class:`SaveRefusedError`, nothing changed) when the text would be larger than the
    reader accepts or would not read back as valid answers (a note over the length limit typed in
    the workshop, say): a file assess wrote must always open again.
    """
    text = dump_answers(answers)
    problem = read_back_problem(text) if len(text) <= MAX_FILE_BYTES else None  # too big: atomic_write says so
    if problem is not None:
        raise SaveRefusedError(path, f"not saved: once written it would not read back ({problem})", errno.EINVAL)
    atomic_write(path, text, max_bytes=MAX_FILE_BYTES)


def read_back_problem(text: str) -> str | None:
    """What the reader would refuse in the answers text ``text`` (its first problem), or None."""
    from assess.files.loading import validate_data  # the reader's own rules, not a copy of them

    try:
        validate_data(Answers, parse_yaml(text, "saved").data, text, "saved")
    except InputError as error:
        first = error.problems[0]
        return f"{first.where}: {first.what}" if first.where else first.what
    return None


def target_problem(path: Path) -> str | None:
    """Why :func:`atomic_write` would refuse or fail to write ``path``, found before any work is done.

    None when it can: ``path`` is missing or a writable regular file, and its folder takes new files
    (tried by creating and removing an empty temporary file, which also catches read-only mounts).
    """
    try:
        found: os.stat_result | None = path.stat()
    except FileNotFoundError:
        found = None
    except OSError as error:
        return f"cannot be checked ({error.strerror or error})"
    if found is not None and (problem := _file_problem(path, found)) is not None:
        return problem
    folder = path.parent
    if not folder.is_dir():
        return f"the folder {folder} does not exist; create it first"
    try:
        handle, probe = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        return f"cannot write in the folder {folder} ({error.strerror or error}); choose a folder you can write in"
    os.close(handle)
    with contextlib.suppress(OSError):
        Path(probe).unlink()
    return None


def _file_problem(path: Path, found: os.stat_result) -> str | None:
    if stat.S_ISDIR(found.st_mode):
        return "is a folder; give a file name"
    if not stat.S_ISREG(found.st_mode):
        return "is not a regular file (a pipe, a device or a socket); assess replaces only regular files"
    if not found.st_mode & 0o222 or not os.access(path, os.W_OK):
        return (
            f"is read-only (mode {stat.S_IMODE(found.st_mode):04o}); make it writable (chmod u+w) "
            "to replace it, or write to another file"
        )
    return None


def atomic_write(path: Path, content: str | bytes, *, keep_backup: bool = True, max_bytes: int | None = None) -> None:
    """Write ``content`` to ``path`` so that readers see the old or the new file, never a mix.

    A replaced file keeps its owner and group (where the system permits) and its mode; a new one
    gets the usual mode (0o666 less the umask). :class:`SaveRefusedError` before anything is
    touched for a target that is not a writable regular file, or content over ``max_bytes``.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if max_bytes is not None and len(data) > max_bytes:
        mib = 1024 * 1024
        raise SaveRefusedError(
            path,
            f"not saved: it would be {len(data) / mib:.1f} MB, over the {max_bytes // mib} MB that assess reads; "
            "shorten the longest notes or lists",
            errno.EFBIG,
        )
    try:
        found: os.stat_result | None = path.stat()
    except FileNotFoundError:
        found = None
    if found is not None and (problem := _file_problem(path, found)) is not None:
        raise SaveRefusedError(path, problem, errno.EACCES)
    folder = path.parent
    before_rename = (lambda: _keep_backup(path, folder, found)) if found is not None and keep_backup else None
    _write_replace(path, data, folder, found, before_rename)


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def _keep_backup(path: Path, folder: Path, like: os.stat_result) -> None:
    """Make ``<name>.bak`` the current file, just before the new one replaces it.

    A hard link costs no copy and no fsync (the old data is already on disk) and keeps the old
    file's owner, group and mode. Where links are not supported, or ``path`` is a symbolic link
    (a hard link to it would be another symbolic link, not the content), the bytes are copied.
    The link is made under one fixed name, so one left by a crash is reused, and older runs'
    ``.<name>.bak.<pid>.tmp`` links are removed.
    """
    _remove_old_links(folder, path.name)
    if not path.is_symlink():
        link = folder / f".{path.name}.bak.tmp"
        try:
            link.unlink(missing_ok=True)
            os.link(path, link)
        except OSError:
            pass
        else:
            try:
                link.replace(backup_path(path))
            except BaseException:
                with contextlib.suppress(OSError):
                    link.unlink()
                raise
            return
    _write_replace(backup_path(path), path.read_bytes(), folder, like)


def _remove_old_links(folder: Path, name: str) -> None:
    for old in folder.glob(f".{glob.escape(name)}.bak.*.tmp"):
        if old.name[len(name) + 6 : -4].isdigit():
            with contextlib.suppress(OSError):
                old.unlink()


def _write_replace(
    path: Path,
    content: bytes,
    folder: Path,
    like: os.stat_result | None,
    before_rename: Callable[[], None] | None = None,
) -> None:
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(content)
            temp.flush()
            _take_attributes(temp.fileno(), temp_name, like)
            os.fsync(temp.fileno())
        if before_rename is not None:
            before_rename()
        Path(temp_name).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temp_name).unlink()
        raise
    _fsync_folder(folder)


def _take_attributes(fd: int, name: str, like: os.stat_result | None) -> None:
    """Give the new file the old one's owner, group and mode (owner first: chown may clear mode bits)."""
    if like is None:
        _chmod(fd, name, 0o666 & ~_UMASK)
        return
    if hasattr(os, "fchown"):
        mine = os.fstat(fd)
        if (mine.st_uid, mine.st_gid) != (like.st_uid, like.st_gid):
            try:
                os.fchown(fd, like.st_uid, like.st_gid)
            except PermissionError:  # only root may give a file away; a member may still set the group
                with contextlib.suppress(PermissionError):
                    os.fchown(fd, -1, like.st_gid)
    _chmod(fd, name, stat.S_IMODE(like.st_mode) & 0o777)


def _chmod(fd: int, name: str, mode: int) -> None:
    if os.chmod in os.supports_fd:
        os.chmod(fd, mode)
    else:  # pragma: no cover - Windows
        Path(name).chmod(mode)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (not supported everywhere; best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
