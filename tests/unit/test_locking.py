"""The answers-file lock: the kernel's flock is the truth; the file's content only names the holder."""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assess.workshop import locking
from assess.workshop.editing import Session
from assess.workshop.lock_holder import STALE_AFTER, UNREADABLE_GRACE, LockInfo, boot_id, is_stale
from assess.workshop.locking import FileLock, LockedError, LockLostError, lock_path
from tests.workshop_support import ODD_PATH, odd, write_answers

HOST = socket.gethostname()
HOLD = (
    "import sys, time\nfrom pathlib import Path\nfrom assess.workshop.editing import Session\n"
    "session = Session.open(Path(sys.argv[1]), sys.argv[2])\nprint('open', flush=True)\ntime.sleep(60)\n"
)
"""A workshop process: opens the answers file (taking its lock) and stays until killed."""


def dead_pid() -> int:
    """A pid that certainly belonged to a process that has exited."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


def write_lock(
    answers: Path, *, pid: int, host: str = HOST, age: float = 0.0, token: str = "t", **more: object
) -> Path:
    path = lock_path(answers)
    info = {"pid": pid, "host": host, "user": "someone", "started": "2026-11-29T10:00:00+00:00", "token": token}
    path.write_text(json.dumps({**info, **more}), encoding="utf-8")
    when = time.time() - age
    os.utime(path, (when, when))
    return path


@pytest.fixture
def no_flock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A filesystem that refuses flock (some network and FUSE mounts): the staleness fallback alone."""

    def refused(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(locking.fcntl, "flock", refused)


@pytest.fixture
def workshop_process(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """An answers file held open by another workshop process (reaped at the end, whatever happens)."""
    path = write_answers(tmp_path / "team.yaml", odd(), {})
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(ODD_PATH)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "open\n"
        yield path, child
    finally:
        child.kill()
        child.wait()


def test_the_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    lock = FileLock.acquire(answers)
    info = json.loads(lock_path(answers).read_text())
    assert info["pid"] == os.getpid()
    assert info["flock"] is True
    assert info["boot_id"] == boot_id()
    with pytest.raises(LockedError) as caught:
        FileLock.acquire(answers)
    message = str(caught.value)
    assert f"pid {os.getpid()}" in message
    assert "its lock ends when its process does" in message
    assert "a.yaml.lock" in message
    lock.release()
    assert not lock_path(answers).exists()
    FileLock.acquire(answers).release()


def test_a_workshop_killed_and_not_yet_reaped_does_not_hold_the_file(
    workshop_process: tuple[Path, subprocess.Popen[str]],
) -> None:
    """kill -9 of a workshop together with its parent leaves a zombie until someone reaps it: it holds nothing."""
    path, child = workshop_process
    with pytest.raises(LockedError, match=f"pid {child.pid}"):
        Session.open(path, str(ODD_PATH))
    os.kill(child.pid, 9)
    os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # dead, and left unreaped: a zombie
    assert Path(f"/proc/{child.pid}/stat").read_text().rpartition(")")[2].split()[0] == "Z"
    session = Session.open(path, str(ODD_PATH))  # at once: no waiting for the parent to reap it
    try:
        session.choose("one-1", "some")
        assert session.custody.lock is not None and session.custody.lock.holds()
    finally:
        session.close()
    assert not lock_path(path).exists()


def test_a_lock_file_whose_process_is_alive_but_holds_no_flock_is_free(tmp_path: Path) -> None:
    """The content only names a holder: this test process is alive, on this host, in this boot."""
    answers = tmp_path / "a.yaml"
    write_lock(answers, pid=os.getpid(), boot_id=boot_id(), flock=True)
    with FileLock.acquire(answers) as lock:
        assert json.loads(lock_path(answers).read_text())["token"] == lock.info.token
    write_lock(answers, pid=1)  # an older lock file without a boot id: pid 1 is always alive
    FileLock.acquire(answers).release()
    assert list(tmp_path.iterdir()) == []  # nothing left behind by the takeovers


def test_a_symbolic_link_as_lock_file_neither_blocks_nor_is_followed(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    lock_path(answers).symlink_to(tmp_path / "nowhere" / "x")  # dangling
    with FileLock.acquire(answers):
        assert not lock_path(answers).is_symlink()
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    lock_path(answers).symlink_to(target)
    FileLock.acquire(answers).release()
    assert target.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious.txt"]


def test_a_live_holder_on_another_machine_keeps_its_lock_until_it_goes_silent(tmp_path: Path) -> None:
    """Network filesystems may keep flock local to each client: another machine's lock is judged by its heartbeat."""
    answers = tmp_path / "a.yaml"
    write_lock(answers, pid=1, host="elsewhere", age=60, boot_id="another-kernel", flock=True)
    with pytest.raises(LockedError, match="on elsewhere") as caught:
        FileLock.acquire(answers)
    assert f"{STALE_AFTER // 3600} hours after its last save" in str(caught.value)
    write_lock(answers, pid=1, host="elsewhere", age=STALE_AFTER + 60, boot_id="another-kernel", flock=True)
    FileLock.acquire(answers).release()


def test_a_lock_from_before_a_reboot_is_free_at_once(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    write_lock(answers, pid=1, boot_id="a-boot-before-this-one", flock=True)
    FileLock.acquire(answers).release()


def test_a_lock_from_another_host_name_on_this_kernel_follows_flock(tmp_path: Path) -> None:
    """Containers on one machine have other host names but one kernel: flock answers for them."""
    if boot_id() is None:
        pytest.skip("no boot id on this system")
    answers = tmp_path / "a.yaml"
    write_lock(answers, pid=1, host="a-container", boot_id=boot_id(), flock=True)
    FileLock.acquire(answers).release()


def test_an_unreadable_lock_nobody_holds_is_free(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    lock_path(answers).write_text("garbage", encoding="utf-8")
    FileLock.acquire(answers).release()


def test_heartbeat_notices_a_lock_rewritten_or_replaced(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    lock = FileLock.acquire(answers)
    lock.heartbeat()
    write_lock(answers, pid=os.getpid(), host="h", token="other")  # rewritten in place
    with pytest.raises(LockLostError):
        lock.heartbeat()
    lock.release()
    assert lock_path(answers).exists()  # someone else's lock is never removed
    lock_path(answers).unlink()

    lock = FileLock.acquire(answers)
    replacement = tmp_path / "other"
    replacement.write_text(lock_path(answers).read_text(), encoding="utf-8")  # same content, another file
    replacement.replace(lock_path(answers))
    with pytest.raises(LockLostError):
        lock.heartbeat()
    lock.release()
    assert lock_path(answers).exists()


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


def test_workshops_started_at_once_leave_one_holder(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    write_lock(answers, pid=dead_pid())  # a stale lock for all of them to judge at the same moment
    code = (
        "import sys; from pathlib import Path; from assess.workshop.locking import FileLock, LockedError\n"
        f"try:\n    lock = FileLock.acquire(Path({str(answers)!r}))\n"
        "except LockedError:\n    print('refused', flush=True)\n"
        "else:\n    print('holds', flush=True); sys.stdin.read()\n"
    )
    children = [
        subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    try:
        said = sorted(child.stdout.readline().strip() for child in children if child.stdout is not None)
    finally:
        for child in children:
            child.communicate("")
    assert said == ["holds", "refused", "refused", "refused"]


# --- where flock is not available: the content and the heartbeat decide ---------------------------


@pytest.mark.usefixtures("no_flock")
def test_without_flock_the_lock_is_still_exclusive_and_released(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    lock = FileLock.acquire(answers)
    assert json.loads(lock_path(answers).read_text())["flock"] is False
    with pytest.raises(LockedError, match=f"pid {os.getpid()}"):
        FileLock.acquire(answers)
    lock.heartbeat()
    lock.release()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("no_flock")
def test_without_flock_a_dead_rebooted_or_reused_pid_is_stale(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    for stale in (
        {"pid": dead_pid()},
        {"pid": os.getpid(), "boot_id": "a-boot-before-this-one"},
        {"pid": os.getpid(), "boot_id": boot_id(), "pid_start": 1},  # same pid number, another process
    ):
        write_lock(answers, **stale)
        FileLock.acquire(answers).release()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("no_flock")
def test_without_flock_an_unreadable_lock_is_respected_only_while_fresh(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    lock_path(answers).write_text("garbage", encoding="utf-8")
    with pytest.raises(LockedError, match="another process"):
        FileLock.acquire(answers)
    old = time.time() - UNREADABLE_GRACE - 5
    os.utime(lock_path(answers), (old, old))
    FileLock.acquire(answers).release()


def test_staleness_rules(workshop_process: tuple[Path, subprocess.Popen[str]]) -> None:
    _, child = workshop_process
    me = LockInfo.from_json(lock_path(workshop_process[0]).read_text())
    assert me is not None and me.pid == child.pid and me.pid_start is not None
    assert not is_stale(me, 10)  # judged without flock: a live process
    assert is_stale(me, 10, flock_free=True)  # nobody holds the kernel lock on this machine
    assert is_stale(me, STALE_AFTER + 1)
    elsewhere = LockInfo(1, "elsewhere", "u", "", "t", boot_id="other", flock=True)
    assert not is_stale(elsewhere, 10, flock_free=True)
    assert is_stale(elsewhere, STALE_AFTER + 1, flock_free=True)
    assert not is_stale(None, UNREADABLE_GRACE - 1)
    assert is_stale(None, UNREADABLE_GRACE + 1)
    assert is_stale(None, 0, flock_free=True)
    os.kill(child.pid, 9)
    os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
    assert is_stale(me, 10)  # a zombie is not alive, even where only the pid can be checked


@pytest.mark.parametrize("flock", [True, False])
def test_a_lock_that_cannot_be_written_leaves_no_lock_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, flock: bool
) -> None:
    if not flock:
        request.getfixturevalue("no_flock")

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        FileLock.acquire(tmp_path / "a.yaml")
    assert list(tmp_path.iterdir()) == []
