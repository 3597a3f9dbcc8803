"""Custody of one answers file: open or create it, hold its lock, save it, notice when it is no longer ours.

Nothing here knows what an answer means; :mod:`assess.workshop.editing` decides what to
write and this module decides whether, and how, it may be written. A save either lands
on disk (atomically, with a ``.bak``) or raises, leaving the file as it was.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from assess.core.checks import answers_issues
from assess.core.model import Answers, Issue, Questionnaire
from assess.core.problems import InputError
from assess.files.assessments import resolve_questionnaire
from assess.files.diagnostics import issue_pairs, locate
from assess.files.discovery import questionnaire_for
from assess.files.loading import load_answers_with_text
from assess.files.saving import FileStamp, dump_answers, file_stamp, read_back_problem, save_answers
from assess.workshop.locking import FileLock, LockLostError, lock_path

"""Modification time (ns) and size of the answers file, as the workshop last read or wrote it."""


class NotSavedError(Exception):
    """A change did not reach the disk; the file is as it was before it."""


class ReadOnlyError(NotSavedError):
    """The session may not write (another workshop took the file over, or another program changed it)."""


class SaveError(NotSavedError):
    """Writing failed (a full disk, a folder gone read-only, a value the writer cannot write); the next save retries."""


@dataclass(frozen=True, slots=True)
class Mismatch:
    """What in an answers file does not fit the questionnaire it is opened with."""

    issues: tuple[Issue, ...]
    lines: tuple[str, ...]
    """The same, as ``file:line: where: what`` lines for people."""


@dataclass(frozen=True, slots=True)
class Opened:
    """An answers file read under its lock: the custody, and what it holds."""

    custody: Custody
    questionnaire: Questionnaire
    answers: Answers
    mismatch: Mismatch | None


def new_answers(
    q: Questionnaire,
    *,
    team: str | None,
    scope: str | None = None,
    assessors: Iterable[str] = (),
    date: dt.date | None = None,
) -> Answers:
    """A blank answers file for ``q`` (nothing answered, no targets)."""
    return Answers(
        format=1,
        questionnaire=q.id,
        version=q.version,
        team=team or None,
        scope=scope or None,
        date=date or dt.date.today(),
        assessors=tuple(assessors),
    )


@dataclass
class Custody:
    """The answers file a workshop holds: its path, its lock, its last known stamp and whether it may write."""

    path: Path
    lock: FileLock | None = None
    created: bool = False
    read_only_reason: str | None = None
    disk_stamp: FileStamp | None = None
    unsaved_reason: str | None = None
    """Why the last save failed; cleared by the next save that succeeds (the screen and the farewell say it)."""

    def __post_init__(self) -> None:
        if self.disk_stamp is None:
            self.disk_stamp = _stamp(self.path)

    @classmethod
    def open(
        cls,
        path: Path,
        questionnaire: str | None = None,
        *,
        lock: bool = True,
        today: dt.date | None = None,
    ) -> Opened:
        """Resume ``path``, or create it at once when missing (the team defaults to the file's name).

        Raises :class:`InputError` for a path that is not a regular file (or a link to one), a file
        that cannot be read as answers, answers another questionnaire or would not survive a save,
        and :class:`assess.workshop.locking.LockedError` if a live workshop holds it.
        """
        path = answers_target(path)
        if path.exists():
            # Lock first, then note the file's stamp, then read it: a change made after the read
            # can then never be overwritten unnoticed.
            held = _acquire(path) if lock else None
            try:
                stamp = _stamp(path)
                answers, text = load_answers_with_text(path)
                q = resolve_questionnaire(answers, str(path), questionnaire)
                mismatch = _located_mismatch(path, q, answers, text)
                _check_writable_back(path, answers, text)
            except BaseException:
                if held:
                    held.release()
                raise
            return Opened(cls(path, lock=held, disk_stamp=stamp), q, answers, mismatch)
        q = questionnaire_for(questionnaire)
        if not path.parent.is_dir():
            raise InputError.single(str(path), f"folder {path.parent} does not exist; create it first")
        answers = new_answers(q, team=path.stem, date=today)
        return Opened(cls.create(path, answers, lock=lock), q, answers, None)

    @classmethod
    def create(cls, path: Path, answers: Answers, *, lock: bool = True) -> Custody:
        """Write a new answers file at ``path`` (which must not exist yet: checked under the lock)."""
        path = answers_target(path)
        held = _acquire(path) if lock else None
        try:
            if os.path.lexists(path):  # a link that appeared since is not followed either
                raise InputError.single(str(path), "already exists; resume it instead, or choose another file name")
            save_answers(path, answers)
        except BaseException as error:
            if held:
                held.release()
            if isinstance(error, OSError):
                what = f"cannot create the answers file: {error.strerror or error}"
                raise InputError.single(str(path), what) from None
            raise
        return cls(path, lock=held, created=True)

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    def check_writable(self) -> None:
        if self.read_only_reason:
            raise ReadOnlyError(self.read_only_reason)

    def save(self, answers: Answers) -> None:
        """Write ``answers`` if the file is still ours and unchanged since we last saw it; else go read-only."""
        self.check_writable()
        if self.lock is not None:
            try:
                self.lock.heartbeat()
            except LockLostError as error:
                self.read_only_reason = str(error)
                raise ReadOnlyError(self.read_only_reason) from None
        if _stamp(self.path) != self.disk_stamp:
            # Something else (an editor, a sync tool) wrote the file: never overwrite it silently.
            self.read_only_reason = (
                f"{self.path.name} was changed on disk by another program; nothing more is saved from this "
                "workshop. Quit and reopen it to continue from what is on disk"
            )
            raise ReadOnlyError(self.read_only_reason)
        try:
            save_answers(self.path, answers)
        except Exception as error:  # whatever stopped it, the file is unchanged and the screen must say so
            self.unsaved_reason = _reason(self.path, error)
            raise SaveError(self.unsaved_reason) from error
        self.unsaved_reason = None
        self.disk_stamp = _stamp(self.path)

    def heartbeat(self) -> None:
        """Keep the lock alive; go read-only if it was taken from us."""
        if self.lock is None or self.read_only_reason:
            return
        try:
            self.lock.heartbeat()
        except LockLostError as error:
            self.read_only_reason = str(error)
        except OSError:
            pass  # the folder is unreachable for now: the next save says so, the next beat tries again

    def close(self) -> str | None:
        """Release the lock; a lock file that cannot be removed (the folder went read-only) is said, not raised."""
        if self.lock is None:
            return None
        try:
            self.lock.release()
        except OSError as error:
            return f"its lock file {self.lock.path.name} could not be removed ({error.strerror or error})"
        return None


def mismatch_of(q: Questionnaire, answers: Answers) -> Mismatch | None:
    """What does not fit, without line numbers (for answers that changed since the file was read)."""
    issues = answers_issues(q, answers)
    if not issues:
        return None
    return Mismatch(tuple(issues), tuple(i.message for i in issues))


def answers_target(path: Path) -> Path:
    """The file the workshop will lock, read and save for ``path``; an input problem when it cannot be one.

    A link to an existing answers file stands for that file (saving renames a new file over the path
    it is given; over the link, that would replace the link with a copy and leave the file it points
    to, perhaps open in another workshop, behind). Nothing is ever created through a link, and only
    a regular file is opened: a FIFO or a device would block the workshop or feed it endless input.
    """
    try:
        info = path.stat()  # follows links
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError.single(
                str(path),
                f"is a symbolic link to {path.readlink()}, which does not exist; the workshop creates no file "
                "through a link: give the path of the file itself",
            ) from None
        return path  # missing: it is created
    except OSError as error:
        what = "is a symbolic link loop" if error.errno == errno.ELOOP else f"cannot be opened ({error.strerror})"
        raise InputError.single(str(path), f"{what}; give the path of the answers file itself") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError.single(str(path), "is a folder; give the answers file to open or create")
    if not stat.S_ISREG(info.st_mode):
        raise InputError.single(str(path), f"is {_kind(info.st_mode)}, not a regular file; give an answers file")
    return path.resolve() if path.is_symlink() else path


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device")):
        if test(mode):
            return name
    return "a device" if stat.S_ISBLK(mode) else "a special file"


def _acquire(path: Path) -> FileLock:
    """Take the workshop lock of ``path``; a folder that cannot hold the lock file is an input problem."""
    try:
        return FileLock.acquire(path)
    except OSError as error:
        raise InputError.single(
            str(path),
            f"cannot create its lock file {lock_path(path).name} ({error.strerror or error}); "
            f"the workshop needs to write in {path.parent}",
        ) from None


def _stamp(path: Path) -> FileStamp | None:
    """Device, inode, mtime, ctime and size: an editor's replacement with the same size and mtime still shows."""
    return file_stamp(path)


def _located_mismatch(path: Path, q: Questionnaire, answers: Answers, text: str) -> Mismatch | None:
    """What does not fit, located in the text already read; an answers file for another questionnaire is refused."""
    issues = answers_issues(q, answers)
    if not issues:
        return None
    if any(issue.path == ("questionnaire",) for issue in issues):
        raise InputError.single(str(path), issues[0].message, where="questionnaire")
    lines = tuple(str(problem) for problem in locate(issue_pairs(issues), text, str(path)))
    return Mismatch(tuple(issues), lines)


def _reason(path: Path, error: BaseException) -> str:
    """Why a save failed, in a few words (the temporary file's name would only confuse)."""
    if isinstance(error, OSError):
        return f"{path.name} not written: {error.strerror or error}"
    return f"{path.name} not written: {type(error).__name__}: {error}"


def _check_writable_back(path: Path, answers: Answers, text: str) -> None:
    """Refuse a file whose content would not survive a save: every save writes the whole file.

    Written, then read back as any command would read it; when that fails, each entry is tried
    alone to say which one, located in the file's text.
    """
    if _write_back_problem(answers) is None:
        return
    parts: list[tuple[tuple[str, ...], Answers]] = [
        (("answers", activity_id), answers.model_copy(update={"answers": {activity_id: entry}, "targets": {}}))
        for activity_id, entry in answers.answers.items()
    ]
    parts.append((("targets",), answers.model_copy(update={"answers": {}})))
    found = [(where, problem) for where, part in parts if (problem := _write_back_problem(part)) is not None]
    if not found:
        found.append(((), _write_back_problem(answers) or ""))
    raise InputError(locate(found[:MAX_WRITE_BACK_PROBLEMS], text, str(path)))


MAX_WRITE_BACK_PROBLEMS = 20


def _write_back_problem(answers: Answers) -> str | None:
    try:
        problem = read_back_problem(dump_answers(answers))
    except Exception as error:  # noqa: BLE001 (a dry run of the writer: whatever it raises, it would raise on save)
        return f"cannot be written back ({type(error).__name__}: {error}); fix this value in the file first"
    if problem is not None:
        return f"once saved, it would not read back ({problem}); fix this value in the file first"
    return None
