"""One workshop per answers file: a lock file beside it that a crash cannot leave stuck.

``<answers>.lock`` is created with ``O_EXCL`` and holds who took it (pid, host,
user, start time, a random token). A running workshop touches it on every save
and every few minutes, so its modification time is a heartbeat. A lock is stale,
and may be taken over, when its process is gone (same host), when it has not
beaten for :data:`STALE_AFTER`, or when it is unreadable and not fresh. Takeover
renames the stale file away first and checks it renamed what it judged, so two
sessions racing for a stale lock do not both win.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import secrets
import socket
import time
from dataclasses import dataclass
from pathlib import Path

STALE_AFTER = 2 * 60 * 60
"""Seconds without a heartbeat after which a lock is considered abandoned."""

HEARTBEAT_EVERY = 5 * 60
"""Seconds between heartbeats of a running workshop (well under STALE_AFTER)."""

UNREADABLE_GRACE = 60
"""Seconds an unreadable lock is respected (its writer may still be writing it)."""

LOCK_SUFFIX = ".lock"


def lock_path(answers_path: Path) -> Path:
    """The lock file of an answers file: ``answers.yaml`` -> ``answers.yaml.lock``."""
    return answers_path.with_name(answers_path.name + LOCK_SUFFIX)


@dataclass(frozen=True, slots=True)
class LockInfo:
    """What a lock file says about the workshop holding it."""

    pid: int
    host: str
    user: str
    started: str
    token: str

    def to_json(self) -> str:
        return json.dumps(
            {"pid": self.pid, "host": self.host, "user": self.user, "started": self.started, "token": self.token}
        )

    @classmethod
    def from_json(cls, text: str) -> LockInfo | None:
        try:
            data = json.loads(text)
            return cls(
                pid=int(data["pid"]),
                host=str(data["host"]),
                user=str(data["user"]),
                started=str(data["started"]),
                token=str(data["token"]),
            )
        except (ValueError, KeyError, TypeError):
            return None

    def describe(self) -> str:
        started = self.started
        with contextlib.suppress(ValueError):
            started = dt.datetime.fromisoformat(self.started).astimezone().strftime("%Y-%m-%d %H:%M")
        return f"by {self.user} on {self.host} (pid {self.pid}) since {started}"


class LockedError(Exception):
    """The answers file is open in another live workshop."""

    def __init__(self, path: Path, info: LockInfo | None) -> None:
        self.path = path
        self.info = info
        holder = info.describe() if info else "by another process"
        super().__init__(
            f"already open in another workshop {holder}; close that workshop first "
            f"(a crashed workshop's lock is released when its process is gone, or "
            f"{STALE_AFTER // 3600} hours after its last save; to release it now, delete {lock_path(path).name})"
        )


class LockLostError(Exception):
    """Our lock file was removed or taken over: this session must stop writing."""


def _this_host() -> str:
    return socket.gethostname()


def _this_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return True
    return True


def is_stale(info: LockInfo | None, age_seconds: float, *, host: str | None = None) -> bool:
    """Whether a lock with this content and age may be taken over."""
    if age_seconds > STALE_AFTER:
        return True
    if info is None:
        return age_seconds > UNREADABLE_GRACE
    if info.host == (host or _this_host()):
        return not _pid_alive(info.pid)
    return False


class FileLock:
    """A held lock on one answers file; release it when the workshop ends."""

    def __init__(self, answers_path: Path, info: LockInfo) -> None:
        self.answers_path = answers_path
        self.path = lock_path(answers_path)
        self.info = info
        self._released = False

    @classmethod
    def acquire(cls, answers_path: Path) -> FileLock:
        """Take the lock, taking over a stale one; :class:`LockedError` if a live workshop holds it."""
        path = lock_path(answers_path)
        info = LockInfo(
            pid=os.getpid(),
            host=_this_host(),
            user=_this_user(),
            started=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            token=secrets.token_hex(8),
        )
        for _ in range(3):
            if _create_exclusive(path, info.to_json()):
                return cls(answers_path, info)
            current_text, age = _read_with_age(path)
            if current_text is None:
                continue  # vanished between our attempts: try again
            current = LockInfo.from_json(current_text)
            if not is_stale(current, age):
                raise LockedError(answers_path, current)
            _remove_if_unchanged(path, current_text)
        raise LockedError(answers_path, LockInfo.from_json(_read_with_age(path)[0] or ""))

    def holds(self) -> bool:
        """Whether the lock file still exists and is ours."""
        text, _ = _read_with_age(self.path)
        if text is None:
            return False
        current = LockInfo.from_json(text)
        return current is not None and current.token == self.info.token

    def heartbeat(self) -> None:
        """Mark the lock as alive; :class:`LockLostError` if it is no longer ours."""
        if self._released or not self.holds():
            raise LockLostError(f"the lock {self.path} was removed or taken over by another workshop")
        with contextlib.suppress(OSError):
            os.utime(self.path)

    def release(self) -> None:
        """Remove the lock file if it is still ours (idempotent)."""
        if self._released:
            return
        self._released = True
        if self.holds():
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    def __enter__(self) -> FileLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _create_exclusive(path: Path, text: str) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    try:
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return True


def _read_with_age(path: Path) -> tuple[str | None, float]:
    try:
        with path.open("rb") as handle:
            age = time.time() - os.fstat(handle.fileno()).st_mtime
            return handle.read(4096).decode("utf-8", errors="replace"), age
    except FileNotFoundError:
        return None, 0.0


def _remove_if_unchanged(path: Path, judged: str) -> None:
    """Move a stale lock away, putting it back if someone replaced it in the meantime."""
    aside = path.with_name(f"{path.name}.stale-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        path.rename(aside)
    except FileNotFoundError:
        return
    try:
        with aside.open("rb") as handle:
            moved = handle.read(4096).decode("utf-8", errors="replace")
    except OSError:
        moved = judged
    if moved != judged:
        # We moved a fresh lock taken by a racing session: give it back (never over a newer one).
        with contextlib.suppress(OSError):
            os.link(aside, path)
    with contextlib.suppress(OSError):
        aside.unlink()
