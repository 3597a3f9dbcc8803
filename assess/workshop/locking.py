"""One workshop per answers file: the kernel's advisory lock on ``<answers>.lock``.

A workshop opens ``<answers>.lock`` and holds ``fcntl.flock(LOCK_EX)`` on it for the whole
session. The kernel drops that lock the moment the process ends (killed, crashed, or a zombie its
parent has not reaped yet), so the kernel, not the file, says whether the answers file is open; a
lock file nobody holds is free whatever it says. The file's content only names the holder (pid,
host, user, start, boot id, the process's start time, a token) for the message a second workshop
shows. The holder removes the file while it still holds the lock, and every acquirer checks that
the file it locked is still the one at the path, so a release never lets two sessions in.

Two cases fall back to judging the file by what it says (stale once its process is gone, or
:data:`STALE_AFTER` after its last heartbeat): a filesystem or platform without ``flock``, and a
holder on another machine (network filesystems may keep ``flock`` local to each client). A pid is
only believed with the boot id and the process start time recorded beside it, so neither a reboot
nor a reused pid keeps a dead lock alive.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import time
from collections.abc import Callable
from pathlib import Path

from assess.workshop.lock_holder import STALE_AFTER, LockInfo, is_stale, new_info, this_host

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the staleness fallback alone
    HAVE_FLOCK = False
else:
    HAVE_FLOCK = True

HEARTBEAT_EVERY = 5 * 60
"""Seconds between heartbeats of a running workshop (well under STALE_AFTER)."""

LOCK_SUFFIX = ".lock"
_ATTEMPTS = 5
_NO_FLOCK = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL, errno.ENOSYS, errno.EBADF}
"""flock errors that mean "not here" (EBADF: NFS refuses an exclusive flock on a file opened read-only)."""


def lock_path(answers_path: Path) -> Path:
    """The lock file of an answers file: ``answers.yaml`` -> ``answers.yaml.lock``."""
    return answers_path.with_name(answers_path.name + LOCK_SUFFIX)


class LockedError(Exception):
    """The answers file is open in another live workshop."""

    def __init__(self, path: Path, info: LockInfo | None) -> None:
        self.path = path
        self.info = info
        holder = info.describe() if info else "by another process"
        elsewhere = info is not None and info.host != this_host()
        ends = (
            f"a workshop on another machine that stopped without closing is taken over "
            f"{STALE_AFTER // 3600} hours after its last save"
            if elsewhere
            else "its lock ends when its process does"
        )
        super().__init__(
            f"already open in another workshop {holder}; close that workshop first "
            f"({ends}; to release it now, delete {lock_path(path).name})"
        )


class LockLostError(Exception):
    """Our lock file was removed or taken over: this session must stop writing."""


class FileLock:
    """A held lock on one answers file; release it when the workshop ends."""

    def __init__(self, answers_path: Path, info: LockInfo, fd: int | None = None) -> None:
        self.answers_path = answers_path
        self.path = lock_path(answers_path)
        self.info = info
        self._fd = fd
        self._identity = _identity(os.fstat(fd)) if fd is not None else None
        self._released = False

    @classmethod
    def acquire(cls, answers_path: Path) -> FileLock:
        """Take the lock, taking over a stale one; :class:`LockedError` if a live workshop holds it."""
        path = lock_path(answers_path)
        for _ in range(_ATTEMPTS):
            fd = _create_exclusive(path)
            created = fd is not None
            if fd is None:
                fd = _open_existing(path)
                if fd is None:
                    continue  # vanished, or a symbolic link removed: try again
            taken = None
            try:
                taken = _take(answers_path, path, fd, created)
            finally:
                if taken is None or taken._fd is None:
                    os.close(fd)  # closing drops the kernel lock, after any stale file was removed
            if taken is not None:
                return taken
        raise LockedError(answers_path, LockInfo.from_json(_read_path(path)[0] or ""))

    def holds(self) -> bool:
        """Whether the lock file at the path is still ours: the same file (with flock), naming us."""
        if self._released:
            return False
        if self._fd is not None:
            try:
                if _identity(os.lstat(self.path)) != self._identity:
                    return False
            except FileNotFoundError:
                return False
            text: str | None = _read_fd(self._fd)[0]
        else:
            text, _ = _read_path(self.path)
        current = LockInfo.from_json(text or "")
        return current is not None and current.token == self.info.token

    def heartbeat(self) -> None:
        """Mark the lock as alive; :class:`LockLostError` if it is no longer ours."""
        if not self.holds():
            raise LockLostError(f"the lock {self.path} was removed or taken over by another workshop")
        with contextlib.suppress(OSError):
            os.utime(self._fd if self._fd is not None and os.utime in os.supports_fd else self.path)

    def release(self) -> None:
        """Remove the lock file if it is still ours, then drop the kernel lock (idempotent)."""
        if self._released:
            return
        try:
            if self.holds():
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
        finally:
            self._released = True
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> FileLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _take(answers_path: Path, path: Path, fd: int, created: bool) -> FileLock | None:
    """Lock the open lock file ``fd``: the lock, None to try again, or :class:`LockedError`.

    Never closes ``fd``: the caller does, unless the returned lock keeps it.
    """
    locked = _try_flock(fd)
    if locked is None:
        return _take_without_flock(answers_path, path, fd, created)
    if not locked:
        raise LockedError(answers_path, LockInfo.from_json(_read_fd(fd)[0]))
    try:
        same = _identity(os.lstat(path)) == _identity(os.fstat(fd))
    except FileNotFoundError:
        same = False
    if not same:
        return None  # released (removed) between our open and our lock: that file is nobody's now
    if not created:
        text, age = _read_fd(fd)
        current = LockInfo.from_json(text)
        if not is_stale(current, age, flock_free=True):
            raise LockedError(answers_path, current)
        path.unlink()  # stale: removed while we hold its kernel lock, so no one else is judging it now
        return None
    info = new_info(flock=True)
    _write_info_or_remove(path, fd, info)
    return FileLock(answers_path, info, fd)


def _take_without_flock(answers_path: Path, path: Path, fd: int, created: bool) -> FileLock | None:
    """The staleness fallback where the kernel lock is not available."""
    if created:
        info = new_info(flock=False)
        _write_info_or_remove(path, fd, info)
        return FileLock(answers_path, info)
    text, age = _read_fd(fd)
    current = LockInfo.from_json(text)
    if not is_stale(current, age):
        raise LockedError(answers_path, current)
    _remove_if(path, lambda moved: _read_path(moved)[0] == text)
    return None


def _try_flock(fd: int) -> bool | None:
    """True: locked; False: another process holds it; None: flock is not available here."""
    if not HAVE_FLOCK:  # pragma: no cover
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as error:
        if error.errno in _NO_FLOCK:
            return None
        raise
    return True


_OPEN_FLAGS = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)


def _create_exclusive(path: Path) -> int | None:
    """A new lock file, open; None if something is already at the path (never followed if a link)."""
    try:
        fd = os.open(path, _OPEN_FLAGS | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return None
    with contextlib.suppress(OSError, AttributeError):
        os.fchmod(fd, 0o644)  # teammates must be able to open it to check the kernel lock, whatever the umask
    return fd


def _open_existing(path: Path) -> int | None:
    """The existing lock file, open (read-only if it is someone else's); None to try again."""
    for flags in (_OPEN_FLAGS, _OPEN_FLAGS & ~os.O_RDWR | os.O_RDONLY):
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            return None
        except PermissionError:
            continue
        except OSError as error:
            if error.errno == errno.ELOOP:  # a symbolic link is never a lock: move it out of the way
                _remove_if(path, lambda moved: moved.is_symlink())
                return None
            raise
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OSError(errno.EEXIST, "something that is not a regular file is in the way; remove it", str(path))
        return fd
    raise PermissionError(errno.EACCES, "Permission denied", str(path))


def _write_info_or_remove(path: Path, fd: int, info: LockInfo) -> None:
    """Name the holder in the lock file we created; if that fails, leave no empty lock file behind."""
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, info.to_json().encode("utf-8"))
        os.fsync(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def _identity(found: os.stat_result) -> tuple[int, int]:
    return found.st_dev, found.st_ino


def _read_fd(fd: int) -> tuple[str, float]:
    age = time.time() - os.fstat(fd).st_mtime
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, 4096).decode("utf-8", errors="replace"), age


def _read_path(path: Path) -> tuple[str | None, float]:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None, 0.0
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None, 0.0
        return _read_fd(fd)
    finally:
        os.close(fd)


def _remove_if(path: Path, judged: Callable[[Path], bool]) -> None:
    """Move ``path`` aside and delete it if ``judged(moved)`` still holds, else put it back.

    Renaming first means two sessions that judged the same stale file cannot both remove a fresh
    one that replaced it: the second moves the fresh file aside, sees it is not what it judged,
    and links it back (never over a newer one).
    """
    aside = path.with_name(f"{path.name}.stale-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        path.rename(aside)
    except FileNotFoundError:
        return
    try:
        keep = not judged(aside)
    except OSError:
        keep = False
    if keep:
        with contextlib.suppress(OSError):
            os.link(aside, path, follow_symlinks=False)
    with contextlib.suppress(OSError):
        aside.unlink()
