"""Who holds a workshop lock, and whether that holder is still alive.

The lock file names its holder (pid, host, user, start time, boot id, the process's start time,
a token); :mod:`assess.workshop.locking` writes and reads it. Where the kernel's flock can decide,
this is only for the message a second workshop shows; where it cannot (no flock, or a holder on
another machine), :func:`is_stale` judges the holder by what the file says: a pid is believed only
with the boot id and process start time recorded beside it, so a reboot or a reused pid does not
keep a dead lock alive.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import getpass
import json
import os
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

STALE_AFTER = 2 * 60 * 60
"""Seconds without a heartbeat after which a lock that cannot be checked with flock is abandoned."""

UNREADABLE_GRACE = 60
"""Seconds an unreadable lock is respected without flock (its writer may still be writing it)."""


@dataclass(frozen=True, slots=True)
class LockInfo:
    """What a lock file says about the workshop holding it."""

    pid: int
    host: str
    user: str
    started: str
    token: str
    boot_id: str | None = None
    """The kernel's boot id when the lock was taken: a pid from another boot is not this pid."""
    pid_start: int | None = None
    """The process's start time (clock ticks since boot): a reused pid has another one."""
    flock: bool = False
    """Whether the holder holds the kernel lock (else only the file and its heartbeat say so)."""

    def to_json(self) -> str:
        return json.dumps(
            {
                "pid": self.pid,
                "host": self.host,
                "user": self.user,
                "started": self.started,
                "token": self.token,
                "boot_id": self.boot_id,
                "pid_start": self.pid_start,
                "flock": self.flock,
            },
            allow_nan=False,
        )

    @classmethod
    def from_json(cls, text: str) -> LockInfo | None:
        try:
            data = json.loads(text)
            boot_id, pid_start = data.get("boot_id"), data.get("pid_start")
            return cls(
                pid=int(data["pid"]),
                host=str(data["host"]),
                user=str(data["user"]),
                started=str(data["started"]),
                token=str(data["token"]),
                boot_id=None if boot_id is None else str(boot_id),
                pid_start=None if pid_start is None else int(pid_start),
                flock=data.get("flock") is True,
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def describe(self) -> str:
        started = self.started
        with contextlib.suppress(ValueError):
            started = dt.datetime.fromisoformat(self.started).astimezone().strftime("%Y-%m-%d %H:%M")
        return f"by {self.user} on {self.host} (pid {self.pid}) since {started}"


def this_host() -> str:
    return socket.gethostname()


def _this_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


@functools.cache
def boot_id() -> str | None:
    """This kernel's boot id (Linux), or None where the system has none."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip() or None
    except OSError:
        return None


def _proc_stat(pid: int) -> tuple[str, int] | None:
    """A process's state letter and start time from ``/proc/<pid>/stat``; None if there is none."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    fields = text.rpartition(")")[2].split()  # the command name may hold spaces and brackets
    try:
        return fields[0], int(fields[19])
    except (IndexError, ValueError):
        return None


def _has_proc() -> bool:
    return Path("/proc/self/stat").exists()


def process_alive(info: LockInfo) -> bool:
    """Whether the process a lock names (on this machine) is still running: not gone, not a zombie, not a reuse."""
    if info.pid <= 0:
        return False
    current_boot = boot_id()
    if info.boot_id is not None and current_boot is not None and info.boot_id != current_boot:
        return False  # taken before a reboot
    if _has_proc():
        found = _proc_stat(info.pid)
        if found is None:
            return False
        state, started = found
        return state not in ("Z", "X") and (info.pid_start is None or started == info.pid_start)
    try:  # pragma: no cover - systems without /proc
        os.kill(info.pid, 0)
    except ProcessLookupError:  # pragma: no cover
        return False
    except OSError:  # pragma: no cover - exists, owned by someone else
        return True
    return True  # pragma: no cover


def is_stale(info: LockInfo | None, age_seconds: float, *, flock_free: bool = False, host: str | None = None) -> bool:
    """Whether a lock with this content and heartbeat age may be taken over.

    ``flock_free``: we hold the kernel lock on the file, so no process on this kernel does; only a
    holder on another machine can still be alive then. Without it (no flock here), the content and
    the heartbeat are all there is.
    """
    here = host or this_host()
    if age_seconds > STALE_AFTER:
        return True
    if info is None:
        return flock_free or age_seconds > UNREADABLE_GRACE
    same_kernel = info.boot_id is not None and info.boot_id == boot_id()
    if flock_free and (info.host == here or same_kernel):
        return True
    if info.host != here and not same_kernel:
        return False  # another machine: wait for it to go silent
    return not process_alive(info)


def new_info(*, flock: bool) -> LockInfo:
    found = _proc_stat(os.getpid())
    return LockInfo(
        pid=os.getpid(),
        host=this_host(),
        user=_this_user(),
        started=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        token=secrets.token_hex(8),
        boot_id=boot_id(),
        pid_start=found[1] if found else None,
        flock=flock,
    )
