"""The answers-file lock: exclusive while alive, taken over once its holder is gone or silent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assess.workshop.locking import STALE_AFTER, UNREADABLE_GRACE, FileLock, LockedError, LockInfo, is_stale, lock_path


def dead_pid() -> int:
    """A pid that certainly belonged to a process that has exited."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


def write_lock(answers: Path, *, pid: int, host: str, age: float = 0.0, token: str = "t") -> Path:
    path = lock_path(answers)
    info = {"pid": pid, "host": host, "user": "someone", "started": "2026-11-29T10:00:00+00:00", "token": token}
    path.write_text(json.dumps(info), encoding="utf-8")
    when = time.time() - age
    os.utime(path, (when, when))
    return path


def test_the_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    lock = FileLock.acquire(answers)
    info = json.loads(lock_path(answers).read_text())
    assert info["pid"] == os.getpid()
    with pytest.raises(LockedError) as caught:
        FileLock.acquire(answers)
    message = str(caught.value)
    assert f"pid {os.getpid()}" in message
    assert "a.yaml.lock" in message
    lock.release()
    assert not lock_path(answers).exists()
    FileLock.acquire(answers).release()


def test_a_lock_left_by_a_dead_process_on_this_host_is_taken_over(tmp_path: Path) -> None:
    import socket

    answers = tmp_path / "a.yaml"
    write_lock(answers, pid=dead_pid(), host=socket.gethostname())
    with FileLock.acquire(answers) as lock:
        assert lock.holds()
    assert not lock_path(answers).exists()
    assert list(tmp_path.iterdir()) == []  # nothing left behind by the takeover


def test_a_live_process_on_another_host_keeps_its_lock_until_it_goes_silent(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    write_lock(answers, pid=1, host="elsewhere", age=60)
    with pytest.raises(LockedError, match="on elsewhere"):
        FileLock.acquire(answers)
    write_lock(answers, pid=1, host="elsewhere", age=STALE_AFTER + 60)
    FileLock.acquire(answers).release()


def test_staleness_rules() -> None:
    alive_here = LockInfo(os.getpid(), "h", "u", "", "t")
    assert not is_stale(alive_here, 10, host="h")
    assert is_stale(alive_here, STALE_AFTER + 1, host="h")
    assert is_stale(LockInfo(dead_pid(), "h", "u", "", "t"), 10, host="h")
    assert not is_stale(None, UNREADABLE_GRACE - 1)
    assert is_stale(None, UNREADABLE_GRACE + 1)


def test_an_unreadable_fresh_lock_is_respected(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    lock_path(answers).write_text("garbage", encoding="utf-8")
    with pytest.raises(LockedError, match="another process"):
        FileLock.acquire(answers)


def test_heartbeat_notices_a_lock_taken_by_someone_else(tmp_path: Path) -> None:
    from assess.workshop.locking import LockLostError

    answers = tmp_path / "a.yaml"
    lock = FileLock.acquire(answers)
    lock.heartbeat()
    write_lock(answers, pid=os.getpid(), host="h", token="other")
    with pytest.raises(LockLostError):
        lock.heartbeat()
    lock.release()
    assert lock_path(answers).exists()  # someone else's lock is never removed


def test_a_second_process_is_refused_while_the_first_runs(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    with FileLock.acquire(answers):
        code = (
            "import sys; from pathlib import Path; from assess.workshop.locking import FileLock, LockedError\n"
            f"try:\n    FileLock.acquire(Path({str(answers)!r}))\nexcept LockedError as e:\n    print(e); sys.exit(3)\n"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 3
    assert "already open in another workshop" in result.stdout
