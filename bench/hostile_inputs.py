"""Every command on hostile files: each must answer in < 2 s and < 200 MB, exit 2, in <= 51 lines.

Builds the files of issue 9 in a temporary folder (links to a secret outside a folder being
searched, a link to a credentials file, a passwd-like file given with -q, a million-item list in
block and flow form, 50,000 unknown ids, a million criteria marks, a FIFO, a link loop, a device,
an unreadable file, file names with control characters, values megabytes long, a questionnaire
over the activity limit) plus the largest files that are allowed (which must work, exit 0, within
the same budget), runs validate, score, diff, aggregate, roadmap and template -q on each as a
subprocess, and prints the worst time and peak memory (each child's own CPU time and
``ru_maxrss``, from ``os.wait4``: CPU time, because wall time on a shared machine measures the
neighbours too; the slowest wall time is printed as well), as a ratio to the budget and to a plain
``assess validate`` of an example file measured in the same run. Exits 1 when any run breaks a rule.

Run: ``.venv/bin/python bench/hostile_inputs.py [--keep]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TIME_BUDGET = 2.0
MEMORY_BUDGET_MB = 200
MAX_LINES = 51
TIMEOUT = 20.0
SECRET = "S3CRET-9f2c41d7e"
"""Planted in every secret file, far enough in that no short prefix can reach it."""
HEAD = "format: 1\nquestionnaire: api-samm\nversion: 1.1.0\n"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "partner-api.yaml"
CONTROL = ("\x1b", "\x07", "\u202e")


@dataclass
class Case:
    name: str
    path: Path
    """The hostile file (or folder, for aggregate)."""
    expect: int = 2
    folder: Path | None = None
    """Given to aggregate instead of ``path``."""
    questionnaire: Path | None = None
    """Given with -q to every command (the allowed-size case)."""


@dataclass
class Run:
    case: str
    command: str
    seconds: float
    cpu: float
    megabytes: float
    lines: int
    exit: int
    faults: list[str]


def build(base: Path) -> list[Case]:
    """Write every hostile file under ``base``; the cases to run."""
    cases: list[Case] = []
    secrets = base / "outside"
    secrets.mkdir()
    shadow = secrets / "shadow"
    shadow.write_text("".join(f"user{n}:$6${SECRET}{n}:20228:0:99999:7:::\n" for n in range(20)))
    token = secrets / "hosts.yml"
    token.write_text(f"https://ana:ghp_{SECRET}@github.example\n")

    folder = base / "answers"
    folder.mkdir()
    (folder / "a.yaml").write_bytes(EXAMPLE.read_bytes())
    (folder / "b.yaml").symlink_to(shadow)
    (folder / "c.yaml").symlink_to(token)
    (folder / "shared").symlink_to(secrets, target_is_directory=True)
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    cases.append(Case("links out of a searched folder", folder / "b.yaml", folder=folder))

    link = base / "credentials.yaml"
    link.symlink_to(token)
    cases.append(Case("link to a credentials file", link))

    passwd = base / "passwd"
    passwd.write_text("".join(f"svc{n}:x:{1000 + n}:{1000 + n}:{SECRET}:/home/svc{n}:/bin/sh\n" for n in range(40)))
    cases.append(Case("passwd-like file", passwd))

    write = _writer(base)
    block = HEAD + "assessors:\n" + "- 1\n" * 1_000_000
    cases.append(Case("a million-item list (block)", write("block.yaml", block)))
    flow = HEAD + "assessors: [" + "1," * 2_600_000 + "1]\n"
    cases.append(Case("2.6 million-item list (flow)", write("flow.yaml", flow)))
    unknown = "".join(f"  Z-{n}: none\n" for n in range(50_000))
    cases.append(Case("50,000 unknown ids", write("unknown.yaml", HEAD + "answers:\n" + unknown)))
    unknown = "".join(f"  Z-{n}: none\n" for n in range(500))
    cases.append(Case("500 unknown ids (allowed count)", write("unknown-500.yaml", HEAD + "answers:\n" + unknown)))
    marks = "[" + "true," * 1_000_000 + "true]"
    entry = f"  G-SM-A-1:\n    answer: none\n    criteria: {marks}\n"
    cases.append(Case("a million criteria marks", write("marks.yaml", HEAD + "answers:\n" + entry)))
    flood = "".join(f"  Z-{n}:\n    evidence: [{'1,' * 99}1]\n" for n in range(450))
    cases.append(Case("45,000 invalid evidence items", write("evidence.yaml", HEAD + "answers:\n" + flood)))
    nested = "x-data: [" + ",".join("[" + "1," * 999 + "1]" for _ in range(60)) + "]\n"
    cases.append(Case("60,000 values under an x- key", write("values.yaml", HEAD + nested)))
    cases.append(Case("nesting 100,000 deep", write("deep.yaml", HEAD + "x-deep: " + "[" * 100_000 + "]" * 100_000)))
    long_values = (
        HEAD + f"team: {SECRET}{'t' * 2_000_000}\n" + f'"{SECRET}{"k" * 1_000_000}": 1\n'
        f"answers:\n  G-SM-A-1: {'o' * 8}{SECRET}{'o' * 100_000}\n"
    )
    cases.append(Case("values megabytes long", write("long.yaml", long_values)))
    cases.append(Case("a long unknown option", write("option.yaml", HEAD + f"answers:\n  G-SM-A-1: ghp_{SECRET}\n")))

    fifo = base / "fifo.yaml"
    os.mkfifo(fifo)
    cases.append(Case("a FIFO", fifo))
    loop = base / "loop.yaml"
    loop.symlink_to(base / "loop2.yaml")
    (base / "loop2.yaml").symlink_to(loop)
    cases.append(Case("a symlink loop", loop))
    if Path("/dev/zero").exists():
        cases.append(Case("a device (/dev/zero)", Path("/dev/zero")))
    unreadable = write("unreadable.yaml", EXAMPLE.read_text())
    unreadable.chmod(0)
    if os.geteuid() != 0:  # root reads it anyway
        cases.append(Case("an unreadable file", unreadable))
    odd = write("odd\x1b[31m\x07\u202egnp.yaml", HEAD + "answers:\n  X: 1\n")
    cases.append(Case("control characters in a file name", odd))
    cases.append(Case("a questionnaire of 600 activities", write("over-q.yaml", _questionnaire(600))))
    cases.append(Case("a questionnaire of 5,000 activities", write("huge-q.yaml", _questionnaire(5_000))))
    empty = "".join(f"  - {{id: F{n}, name: F, practices: [{'{},' * 999}{{}}]}}\n" for n in range(12))
    q_head = "format: 1\nid: e\nversion: 1.0.0\ntitle: E\n"
    one_scale = "scales: {s: [{id: a, label: A, value: 0}, {id: b, label: B, value: 1}]}\n"
    cases.append(Case("12,000 empty practices", write("empty-q.yaml", q_head + one_scale + "functions:\n" + empty)))
    scales = "".join(f"  s{n}: [{'{},' * 999}{{}}]\n" for n in range(40))
    cases.append(Case("40,000 empty options", write("options-q.yaml", q_head + "scales:\n" + scales)))

    biggest = write("biggest-q.yaml", _questionnaire(500, chain=True))
    answers = "format: 1\nquestionnaire: big\nversion: 1.0.0\n"
    answers += "targets: {" + ", ".join(f"P{n}: 3" for n in range(50)) + "}\n"
    answers += "answers:\n" + "".join(f"  A{n}-1: none\n" for n in range(0, 166, 2))
    cases.append(Case("the largest questionnaire allowed", write("biggest.yaml", answers), 0, questionnaire=biggest))
    return cases


def _writer(base: Path) -> Callable[[str, str], Path]:
    def write(name: str, text: str) -> Path:
        path = base / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def _questionnaire(activities: int, chain: bool = False) -> str:
    """A synthetic questionnaire: ten practices per function, streams of three levels."""
    lines = [
        "format: 1\nid: big\nversion: 1.0.0\ntitle: Big\n",
        "scales:\n  s:\n    - {id: none, label: N, value: 0}\n    - {id: all, label: A, value: 1}\n",
        "functions:\n",
    ]
    streams = (activities + 2) // 3
    made = 0
    previous = None
    for n in range(streams):
        if n % 10 == 0:
            lines.append(f"  - id: F{n // 10}\n    name: F\n    practices:\n")
        lines.append(f"      - id: P{n}\n        name: P\n        streams:\n")
        lines.append(f"          - id: S{n}\n            name: S\n")
        lines.append("            activities:\n")
        for level in (1, 2, 3):
            if made == activities:
                break
            ident = f"A{n}-{level}"
            requires = f", requires: [{previous}]" if chain and previous and level == 1 else ""
            lines.append(f"              - {{id: {ident}, level: {level}, question: Q?, scale: s{requires}}}\n")
            previous = ident
            made += 1
    return "".join(lines)


def commands(case: Case) -> list[tuple[str, list[str]]]:
    path = str(case.path)
    if case.questionnaire is not None:
        q = ["-q", str(case.questionnaire)]
        return [
            ("validate", ["validate", path, *q]),
            ("score", ["score", path, *q]),
            ("diff", ["diff", path, path, *q]),
            ("aggregate", ["aggregate", path, *q]),
            ("roadmap", ["roadmap", path, *q]),
            ("template -q", ["template", *q]),
        ]
    return [
        ("validate", ["validate", path]),
        ("score", ["score", path]),
        ("diff", ["diff", str(EXAMPLE), path]),
        ("aggregate", ["aggregate", str(case.folder or case.path)]),
        ("roadmap", ["roadmap", path, "--target", "G-SM=1"]),
        ("template -q", ["template", "-q", path]),
    ]


def measure(argv: list[str], cwd: Path) -> tuple[float, float, float, int, str, str]:
    """Wall and CPU seconds, peak resident MB, exit code, stdout and stderr of one ``assess`` run."""
    out_path, err_path = cwd / ".out", cwd / ".err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "assess", *argv], stdout=out, stderr=err, cwd=cwd)
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > TIMEOUT:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    megabytes = usage.ru_maxrss * scale / 1e6
    return (
        seconds,
        usage.ru_utime + usage.ru_stime,
        megabytes,
        child.returncode,
        out_path.read_text(errors="replace"),
        err_path.read_text(errors="replace"),
    )


def faults_of(case: Case, cpu: float, megabytes: float, code: int, out: str, err: str) -> list[str]:
    faults = []
    lines = err.count("\n")
    if cpu >= TIME_BUDGET:
        faults.append(f"{cpu:.2f} s of CPU")
    if megabytes >= MEMORY_BUDGET_MB:
        faults.append(f"{megabytes:.0f} MB")
    if code != case.expect:
        faults.append(f"exit {code}")
    if lines > MAX_LINES:
        faults.append(f"{lines} lines")
    if SECRET in out or SECRET in err:
        faults.append("secret echoed")
    if any(char in out or char in err for char in CONTROL):
        faults.append("raw control character")
    if "Traceback" in err:
        faults.append("traceback")
    return faults


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="assess-hostile-"))
    try:
        return report(base)
    finally:
        if args.keep:
            print(f"files kept in {base}")
        else:
            shutil.rmtree(base)


def report(base: Path) -> int:
    cases = build(base)
    baseline = min(measure(["validate", str(EXAMPLE)], base)[1] for _ in range(3))
    runs: list[Run] = []
    print(f"{'case':<40} {'command':<12} {'wall s':>6} {'cpu s':>6} {'MB':>5} {'lines':>5} exit")
    for case in cases:
        for label, argv in commands(case):
            seconds, cpu, megabytes, code, out, err = measure(argv, base)
            run = Run(case.name, label, seconds, cpu, megabytes, err.count("\n"), code, [])
            run.faults = faults_of(case, cpu, megabytes, code, out, err)
            runs.append(run)
            flag = "  <- " + ", ".join(run.faults) if run.faults else ""
            print(
                f"{case.name:<40} {label:<12} {seconds:6.2f} {cpu:6.2f} {megabytes:5.0f} {run.lines:5d} {code:4d}{flag}"
            )
    slowest = max(runs, key=lambda r: r.cpu)
    biggest = max(runs, key=lambda r: r.megabytes)
    print()
    print(f"baseline: assess validate {EXAMPLE.name}: {baseline:.2f} s of CPU")
    print(
        f"worst time:  {slowest.cpu:.2f} s of CPU, {slowest.seconds:.2f} s wall ({slowest.case}, {slowest.command}): "
        f"{slowest.cpu / TIME_BUDGET:.2f}x the {TIME_BUDGET:g} s budget, {slowest.cpu / baseline:.2f}x baseline"
    )
    print(f"slowest wall time: {max(r.seconds for r in runs):.2f} s (includes waiting for the machine's other jobs)")
    print(
        f"peak memory: {biggest.megabytes:.0f} MB ({biggest.case}, {biggest.command}): "
        f"{biggest.megabytes / MEMORY_BUDGET_MB:.2f}x the {MEMORY_BUDGET_MB} MB budget"
    )
    print(f"most lines on stderr: {max(r.lines for r in runs)} (at most {MAX_LINES})")
    broken = [r for r in runs if r.faults]
    print(f"{len(runs)} runs, {len(broken)} breaking a rule")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
