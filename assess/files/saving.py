"""Write answers files safely: atomically, with a backup, keeping everything they hold.

A crash or a full disk mid-write must never leave a half-written answers file:
the new text goes to a temporary file in the same folder, is flushed to disk,
and only then renamed over the old one, whose previous content is kept as
``<name>.bak``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from assess.core.model import AnswerEntry, Answers
from assess.files.yaml_source import plain_reads_as_text

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
        estate = {k: v for k, v in (("apis", answers.estate.apis), ("teams", answers.estate.teams)) if v is not None}
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
        data["at"] = entry.at.astimezone(dt.UTC).replace(microsecond=0) if entry.at.tzinfo else entry.at
    if entry.finding is not None:
        data["finding"] = entry.finding
    if entry.finding_note is not None:
        data["finding_note"] = entry.finding_note
    data.update(entry.extensions)
    return data


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def dump_answers(answers: Answers) -> str:
    """The YAML text of an answers file."""
    return dump_yaml(answers_to_data(answers))


def dump_yaml(data: Any) -> str:
    """Plain data as YAML text that :func:`assess.files.yaml_source.parse_yaml` reads back unchanged.

    UTF-8 is written as UTF-8: when libyaml escaped something (a ``\\U`` in its output, which is rare),
    the text is written again by the Python emitter, which keeps emoji as they were typed.
    """
    text = _dump(data, _Dumper)
    return _dump(data, _UnicodeDumper) if "\\U" in text else text


def _dump(data: Any, dumper: type[_Dumper | _UnicodeDumper]) -> str:
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def save_answers(path: Path, answers: Answers) -> None:
    """Atomically replace ``path`` with ``answers``, keeping the old file as ``.bak``."""
    atomic_write(path, dump_answers(answers))


def atomic_write(path: Path, content: str | bytes, *, keep_backup: bool = True) -> None:
    """Write ``content`` to ``path`` so that readers see the old or the new file, never a mix.

    A replaced file keeps its permissions; a new one gets the usual ones (0o666 less the umask).
    """
    folder = path.parent
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists():
        mode = path.stat().st_mode & 0o777
        if keep_backup:
            _keep_backup(path, folder, mode)
    else:
        mode = 0o666 & ~_UMASK
    _write_replace(path, data, folder, mode)


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def _keep_backup(path: Path, folder: Path, mode: int) -> None:
    """Make ``<name>.bak`` the current file before it is replaced.

    A hard link costs no copy and no fsync (the old data is already on disk) and the rename
    that follows never touches it. Where links are not supported, or ``path`` is a symbolic
    link (a hard link to it would be another symbolic link, not the content), the bytes are copied.
    """
    if not path.is_symlink():
        link = folder / f".{path.name}.bak.{os.getpid()}.tmp"
        try:
            link.unlink(missing_ok=True)
            os.link(path, link)
        except OSError:
            pass
        else:
            link.replace(backup_path(path))
            return
    _write_replace(backup_path(path), path.read_bytes(), folder, mode)


def _write_replace(path: Path, content: bytes, folder: Path, mode: int) -> None:
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(content)
            temp.flush()
            os.fsync(temp.fileno())
        Path(temp_name).chmod(mode)
        Path(temp_name).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temp_name).unlink()
        raise
    _fsync_folder(folder)


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
