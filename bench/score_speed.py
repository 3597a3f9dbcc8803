"""Benchmarks for scripted scoring; prints figures as ratios to baselines measured in the same run.

1. Cold start: ``assess score FILE --format json`` against ``python -c "import yaml, pydantic"``
   (budget 1.5x).
2. Throughput: loading, checking and scoring 2,000 generated answers files against only parsing
   them with libyaml's C loader (budget 1.3x).

Run: ``.venv/bin/python bench/score_speed.py [--files N] [--runs N]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from assess.core.model import NOT_APPLICABLE, Questionnaire
from assess.core.scoring import score
from assess.files.assessments import load_assessment
from assess.files.discovery import builtin_questionnaires

COLD_START_BUDGET = 1.5
THROUGHPUT_BUDGET = 1.3


def generate(q: Questionnaire, folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Realistic answers files: most activities answered, some with notes, a few n/a."""
    rnd = random.Random(seed)
    paths = []
    for n in range(count):
        lines = [f"format: 1\nquestionnaire: {q.id}\nversion: {q.version}\nteam: Team {n}\ndate: 2026-11-29\n"]
        lines.append("answers:\n")
        for activity in q.activities:
            roll = rnd.random()
            if roll < 0.1:
                continue
            options = q.options_for(activity)
            answer = NOT_APPLICABLE if roll < 0.13 else rnd.choice(options).id
            if roll > 0.7:
                lines.append(f"  {activity.id}:\n    answer: {answer}\n    note: said in the workshop, item {n}\n")
            else:
                lines.append(f"  {activity.id}: {answer}\n")
        path = folder / f"team-{n:04d}.yaml"
        path.write_text("".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def best_of(command: list[str], runs: int) -> float:
    """Median wall time of a command (seconds), after one warm-up run."""
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cold_start(sample: Path, runs: int) -> None:
    baseline = best_of([sys.executable, "-c", "import yaml, pydantic"], runs)
    base_model = best_of([sys.executable, "-c", "import yaml; from pydantic import BaseModel"], runs)
    ours = best_of([sys.executable, "-m", "assess", "score", str(sample), "--format", "json"], runs)
    print(f"cold start   python -c 'import yaml, pydantic':                  {baseline * 1000:6.1f} ms")
    print(f"cold start   python -c 'import yaml; from pydantic import BaseModel': {base_model * 1000:6.1f} ms")
    print(f"cold start   assess score FILE --format json:                     {ours * 1000:6.1f} ms")
    print(
        f"cold start   ratio {ours / baseline:.2f}x (budget {COLD_START_BUDGET}x); "
        f"{ours / base_model:.2f}x the BaseModel import alone"
    )


def throughput(paths: list[Path]) -> None:
    def parse_only() -> None:
        for path in paths:
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    def full_pipeline() -> None:
        for path in paths:
            found = load_assessment(path)
            score(found.questionnaire, found.answers)

    full_pipeline()  # warm the questionnaire cache and the file cache
    timings: dict[str, list[float]] = {"parse": [], "score": []}
    for _ in range(3):
        for name, job in (("parse", parse_only), ("score", full_pipeline)):
            start = time.perf_counter()
            job()
            timings[name].append(time.perf_counter() - start)
    parse, ours = min(timings["parse"]), min(timings["score"])
    print(f"throughput   parse {len(paths)} files with yaml.CSafeLoader: {parse:6.3f} s")
    print(f"throughput   load, check and score the same files:  {ours:6.3f} s")
    print(f"throughput   ratio {ours / parse:.2f}x (budget {THROUGHPUT_BUDGET}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    q = next(q for q in builtin_questionnaires() if q.id == "api-samm")
    with tempfile.TemporaryDirectory() as folder:
        paths = generate(q, Path(folder), args.files)
        cold_start(paths[0], args.runs)
        throughput(paths)


if __name__ == "__main__":
    main()
