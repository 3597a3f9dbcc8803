"""Workshop speed, measured on the real app in a pseudo-terminal; printed as ratios to the budgets.

1. Time to the first question on screen: from starting ``assess workshop FILE`` (a new file
   on the built-in questionnaire) to the first activity's id arriving on the terminal
   (budget 1 s). Median of several starts.
2. Key press to saved answer and redrawn screen: a digit key is written to the terminal and
   the clock stops when the next activity's id has been drawn; the answers file is then
   checked to hold every answer given so far (budget 50 ms). Median and p95 over 30 keys,
   each pressed once the app is idle again.
3. For scale, the same key measure on a bare Textual app that redraws one label: what the
   terminal, Textual and the machine's current load cost before assess does anything.

Everything runs as a user would see it: a 120x35 pseudo-terminal, the installed ``assess``
command, the answers file saved atomically with fsync (as in a workshop) before each redraw.

Run: ``.venv/bin/python bench/workshop_speed.py [--starts N] [--keys N]`` (POSIX only).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

import yaml

from assess.files.discovery import builtin_questionnaires

FIRST_QUESTION_BUDGET = 1.0
KEY_BUDGET = 0.050
COLUMNS, ROWS = 120, 35
SETTLE = 0.15
"""Quiet seconds awaited between keys: each key is timed from an idle app, at a workshop's pace
(a facilitator presses a key every few seconds), not at key-repeat speed."""


FLOOR_APP = """
from textual.app import App
from textual.widgets import Static

class Floor(App):
    BINDINGS = [("2", "next", "next"), ("ctrl+q", "quit", "quit")]
    n = 0

    def compose(self):
        yield Static("K0-")

    def action_next(self):
        self.n += 1
        self.query_one(Static).update(f"K{self.n}-")

Floor().run()
"""


class Terminal:
    """``assess workshop FILE`` running in a pseudo-terminal, with its output read as it comes."""

    def __init__(self, answers: Path | None) -> None:
        assess = Path(sys.executable).with_name("assess")
        command = [str(assess), "workshop", str(answers)]
        if answers is None:  # the floor: a bare Textual app that redraws one label per key
            command = [sys.executable, "-c", FLOOR_APP]
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size its terminal, then become the app
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
            os.environ["TERM"] = "xterm-256color"
            os.environ.pop("TEXTUAL_ANIMATIONS", None)
            os.execv(command[0], command)
        self.pid, self.fd = pid, fd
        self.seen = b""

    def wait_for(self, text: str, timeout: float = 10.0, then: bytes = b"\x1b[") -> float:
        """The time at which ``text`` followed by ``then`` (by default: the end of its style) is drawn."""
        wanted = text.encode() + then
        deadline = time.perf_counter() + timeout
        while wanted not in self.seen:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"{text!r} did not appear on the terminal")
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                try:
                    self.seen += os.read(self.fd, 65536)
                except OSError:
                    raise TimeoutError(f"the app ended before {text!r} appeared") from None
        found = time.perf_counter()
        self.seen = self.seen[self.seen.index(wanted) + len(wanted) :]
        return found

    def drain(self, quiet: float = 0.05) -> None:
        """Read until the app has been silent for ``quiet`` seconds (its screen is settled)."""
        while select.select([self.fd], [], [], quiet)[0]:
            try:
                os.read(self.fd, 65536)
            except OSError:
                return
        self.seen = b""

    def press(self, key: str) -> float:
        self.seen = b""
        os.write(self.fd, key.encode())
        return time.perf_counter()

    def close(self) -> None:
        os.write(self.fd, b"\x11")  # ctrl+q
        deadline = time.time() + 5
        while time.time() < deadline:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
            self.drain(0.05)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def first_question(folder: Path, starts: int) -> list[float]:
    q = next(q for q in builtin_questionnaires() if q.id == "api-samm")
    first = q.activities[0].id
    times = []
    for n in range(starts + 1):  # the first start warms the disk cache and is not counted
        terminal = Terminal(folder / f"start-{n}.yaml")
        try:
            seconds = terminal.wait_for(first) - terminal.started
        finally:
            terminal.close()
        if n:
            times.append(seconds)
    return times


def key_latency(folder: Path, keys: int) -> list[float]:
    q = next(q for q in builtin_questionnaires() if q.id == "api-samm")
    ids = [a.id for a in q.activities]
    path = folder / "keys.yaml"
    terminal = Terminal(path)
    latencies = []
    try:
        terminal.wait_for(ids[0])
        terminal.drain(0.3)
        for n in range(keys):
            sent = terminal.press("2")
            latencies.append(terminal.wait_for(ids[n + 1]) - sent)
            answers = yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]
            if list(answers) != ids[: n + 1]:
                raise AssertionError(f"after key {n + 1} the file holds {len(answers)} answers")
            terminal.drain(SETTLE)
    finally:
        terminal.close()
    return latencies


def floor_latency(keys: int) -> list[float]:
    """The same measure on a bare Textual app: what the terminal and Textual cost on this machine."""
    terminal = Terminal(None)
    latencies = []
    try:
        terminal.wait_for("K0", then=b"-")
        terminal.drain(0.3)
        for n in range(keys):
            sent = terminal.press("2")
            latencies.append(terminal.wait_for(f"K{n + 1}", then=b"-") - sent)
            terminal.drain(SETTLE)
    finally:
        terminal.close()
    return latencies


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=5, help="starts to time (median reported)")
    parser.add_argument("--keys", type=int, default=30, help="keys to time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        starts = first_question(folder, args.starts)
        latencies = key_latency(folder, args.keys)
        floor = floor_latency(args.keys)
    start = statistics.median(starts)
    median, worst = statistics.median(latencies), p95(latencies)
    print(
        f"Workshop, {COLUMNS}x{ROWS} pseudo-terminal, built-in questionnaire "
        f"({len(latencies)} keys, {len(starts)} starts)"
    )
    print(
        f"  first question on screen: {start:.2f} s median "
        f"(min {min(starts):.2f}, max {max(starts):.2f}); budget {FIRST_QUESTION_BUDGET:g} s: "
        f"{start / FIRST_QUESTION_BUDGET:.2f}x"
    )
    print(
        f"  key press -> saved and redrawn: {median * 1000:.1f} ms median, {worst * 1000:.1f} ms p95; "
        f"budget {KEY_BUDGET * 1000:g} ms: {median / KEY_BUDGET:.2f}x median, {worst / KEY_BUDGET:.2f}x p95"
    )
    print(
        f"  for comparison, a bare Textual app redrawing one label: {statistics.median(floor) * 1000:.1f} ms median, "
        f"{p95(floor) * 1000:.1f} ms p95 (load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)"
    )
    over = start > FIRST_QUESTION_BUDGET or worst > KEY_BUDGET
    print("  within budget" if not over else "  OVER BUDGET")


if __name__ == "__main__":
    main()
