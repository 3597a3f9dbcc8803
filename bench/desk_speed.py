"""Benchmarks for the security lead's desk; prints figures as ratios to baselines measured in the same run.

1. ``assess history --git`` over 200 commits x 20 answers files (4,000 committed versions), against
   only parsing the same 4,000 texts with libyaml's C loader (budget 1.3x).
2. ``assess aggregate`` over 10,000 answers files (5,000 teams, two quarters each), against only
   reading and parsing the same files with the C loader (budget 1.3x).
3. ``assess history --git`` on one file with 10,000 commits: the time it takes with the default
   ``--limit`` (bounded: the newest 1,000 versions are read), and the time git alone needs to list them.

Both commands run in this process (``CliRunner``), so Python's start-up is not counted. Times are
CPU seconds (this process and the git processes it runs), the least of three alternating rounds.
Run: ``.venv/bin/python bench/desk_speed.py [--commits N] [--files N] [--aggregate N]``.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from click.testing import CliRunner

from assess.cli import main as assess_main
from assess.core.model import NOT_APPLICABLE, Questionnaire
from assess.core.scoring import score
from assess.files.assessments import assessment_from_text
from assess.files.discovery import builtin_questionnaires

BUDGET = 1.3
ISOLATED = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def answers_text(q: Questionnaire, team: str, date: str, rnd: random.Random) -> str:
    """A realistic answers file: most activities answered, some with notes, a few n/a."""
    lines = [f"format: 1\nquestionnaire: {q.id}\nversion: {q.version}\nteam: {team}\ndate: {date}\nanswers:\n"]
    for activity in q.activities:
        roll = rnd.random()
        if roll < 0.1:
            continue
        answer = NOT_APPLICABLE if roll < 0.13 else rnd.choice(q.options_for(activity)).id
        if roll > 0.7:
            lines.append(f"  {activity.id}:\n    answer: {answer}\n    note: said in the workshop ({team})\n")
        else:
            lines.append(f"  {activity.id}: {answer}\n")
    return "".join(lines)


def fast_import(repo: Path, commits: list[dict[str, str]]) -> None:
    """Build a repository from (path -> text) changes per commit with ``git fast-import`` (seconds, not minutes)."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, env=os.environ | ISOLATED)
    stream = bytearray()
    start = 1_700_000_000
    for number, files in enumerate(commits):
        message = f"assessment update {number}".encode()
        stream += b"commit refs/heads/main\n"
        stream += f"committer Bench <bench@example.com> {start + number * 3600} +0000\n".encode()
        stream += b"data %d\n%s\n" % (len(message), message)
        for path, text in files.items():
            data = text.encode()
            stream += f"M 100644 inline {path}\n".encode() + b"data %d\n%s\n" % (len(data), data)
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=repo, input=bytes(stream), check=True, env=os.environ | ISOLATED
    )
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True, env=os.environ | ISOLATED)


def cpu() -> float:
    """CPU seconds of this process and of the children it waited for (git): other jobs on a shared
    machine slow the wall clock of both sides unevenly, but not these."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def interleaved(*jobs: Callable[[], object], rounds: int = 3) -> list[float]:
    """The least CPU time of each job over rounds that alternate them."""
    times: list[list[float]] = [[] for _ in jobs]
    for _ in range(rounds):
        for job, into in zip(jobs, times, strict=True):
            start = cpu()
            job()
            into.append(cpu() - start)
    return [min(t) for t in times]


def once(job: Callable[[], object]) -> float:
    start = cpu()
    job()
    return cpu() - start


def load_and_score(texts: list[tuple[str, str]]) -> None:
    """What ``assess score`` does per file (strict parse, validation, cross-checks, scoring): the shared part."""
    for name, text in texts:
        found = assessment_from_text(text, name, skip_questionnaires=False)
        assert found is not None
        score(found.questionnaire, found.answers)


def report(what: str, count: str, parse: float, shared: float, ours: float, command: str) -> None:
    print(f"{what:<12} parse {count} with yaml.CSafeLoader: {parse:6.3f} s")
    print(f"{what:<12} load, check and score them (the score path): {shared:6.3f} s ({shared / parse:.2f}x)")
    print(f"{what:<12} {command}: {ours:6.3f} s")
    print(f"{what:<12} ratio {ours / parse:.2f}x (budget {BUDGET}x)")


def invoke(args: list[str]) -> None:
    result = CliRunner().invoke(assess_main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output[-2000:]


def history_bench(q: Questionnaire, commits: int, files: int) -> None:
    rnd = random.Random(11)
    changes = [
        {f"teams/team-{n:02d}.yaml": answers_text(q, f"Team {n}", "2026-11-29", rnd) for n in range(files)}
        for _ in range(commits)
    ]
    texts = [text for change in changes for text in change.values()]
    with tempfile.TemporaryDirectory() as folder:
        repo = Path(folder) / "repo"
        fast_import(repo, changes)
        here = Path.cwd()
        os.chdir(repo)
        try:
            invoke(["history", "--git", "teams", "--format", "json"])  # warm the questionnaire cache
            named = [(f"v{n}", text) for n, text in enumerate(texts)]
            parse, shared, ours = interleaved(
                lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts],
                lambda: load_and_score(named),
                lambda: invoke(["history", "--git", "teams", "--format", "json"]),
            )
        finally:
            os.chdir(here)
    command = f"assess history --git ({commits} commits x {files} files)"
    report("history", f"{len(texts)} committed versions", parse, shared, ours, command)


def aggregate_bench(q: Questionnaire, count: int) -> None:
    rnd = random.Random(13)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "org"
        root.mkdir()
        for n in range(count):
            quarter = "2026-08-13" if n % 2 else "2026-11-12"
            team = f"Team {n // 2}"
            (root / f"team-{n // 2:05d}-{n % 2}.yaml").write_text(answers_text(q, team, quarter, rnd), encoding="utf-8")
        paths = sorted(root.iterdir())
        invoke(["aggregate", str(root), "--format", "json"])  # warm the questionnaire and file caches
        parse, shared, ours = interleaved(
            lambda: [yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for p in paths],
            lambda: load_and_score([(str(p), p.read_text(encoding="utf-8")) for p in paths]),
            lambda: invoke(["aggregate", str(root), "--format", "json"]),
        )
    report("aggregate", f"{count} files (read too)", parse, shared, ours, f"assess aggregate ({count // 2} teams x 2)")


def long_history_bench(q: Questionnaire, commits: int) -> None:
    rnd = random.Random(17)
    base = answers_text(q, "Long history", "2026-11-29", rnd)
    changes = [{"team.yaml": base + f"x-revision: {n}\n"} for n in range(commits)]
    with tempfile.TemporaryDirectory() as folder:
        repo = Path(folder) / "repo"
        fast_import(repo, changes)
        here = Path.cwd()
        os.chdir(repo)
        try:
            listing = once(
                lambda: subprocess.run(
                    ["git", "log", "--format=%H", "--", "team.yaml"], capture_output=True, check=True
                )
            )
            ours = once(lambda: invoke(["history", "--git", "team.yaml", "--format", "json"]))
            versions = [*range(commits)][-1000:]
            texts = [base + f"x-revision: {n}\n" for n in versions]
            parse = once(lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts])
        finally:
            os.chdir(here)
    print(f"long history git log over {commits} commits: {listing:6.3f} s")
    print(f"long history assess history --git (the newest 1,000 of {commits} versions): {ours:6.3f} s")
    print(f"long history parse those 1,000 versions with yaml.CSafeLoader: {parse:6.3f} s ({ours / parse:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--aggregate", type=int, default=10_000)
    parser.add_argument("--long", type=int, default=10_000)
    args = parser.parse_args()
    q = next(q for q in builtin_questionnaires() if q.id == "api-samm")
    history_bench(q, args.commits, args.files)
    aggregate_bench(q, args.aggregate)
    long_history_bench(q, args.long)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
