"""Throughput of scripted scoring, printed as a ratio to a baseline measured in the same run.

Loading, checking and scoring 2,000 generated answers files against only parsing them with
libyaml's C loader (budget 1.3x). The cold start of one ``assess score`` is ``cold_start.py``.

Run: ``.venv/bin/python bench/score_speed.py [--files N]``.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import yaml

from assess.core.model import NOT_APPLICABLE, Questionnaire
from assess.core.scoring import score
from assess.files.assessments import load_assessment
from assess.files.discovery import builtin_questionnaires

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
    args = parser.parse_args()
    q = next(q for q in builtin_questionnaires() if q.id == "api-samm")
    with tempfile.TemporaryDirectory() as folder:
        paths = generate(q, Path(folder), args.files)
        throughput(paths)


if __name__ == "__main__":
    main()
