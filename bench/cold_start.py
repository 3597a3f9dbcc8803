"""Cold start of ``assess score FILE --format json``, as ratios to baselines measured in the same run.

Budget (DESIGN.md): at most 1.5x ``python -c "import yaml; from pydantic import BaseModel"``. Also
printed: the ratio to ``python -c "import yaml, pydantic"`` (pydantic 2's lazy top-level import,
which loads none of the validation machinery), and, to show what the budget leaves, the cost of
importing click and of validating one trivial pydantic model (the first model class imports
pydantic's field types, the first validator its plugin loader, which imports ``importlib.metadata``
and scans every installed package's entry points): what any click + pydantic command pays.

How it measures, on a shared 2-core machine:

- the commands run interleaved, one of each per round, so a change in load hits all of them alike;
  printed are the medians over the rounds of the wall time and of the child's CPU time (user +
  system), and the ratios of the medians with the interquartile range of the per-round ratios;
- with compiled bytecode, as an installed wheel has it: ``PYTHONPYCACHEPREFIX`` points at a
  temporary folder and ``PYTHONDONTWRITEBYTECODE`` is unset for the children, and warm-up runs
  fill it (without bytecode, every start compiles assess's modules again);
- the questionnaire cache (``ASSESS_CACHE_DIR``) is a temporary folder: "warm" is every run after
  the first; "empty cache" starts each run with an empty folder (the first run after installing
  or upgrading), printed for information.

Run: ``.venv/bin/python bench/cold_start.py [--rounds N]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BUDGET = 1.5
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "mobile-backend.yaml"


@dataclass
class Command:
    label: str
    argv: list[str]
    fresh_cache: bool = False
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def assess_command() -> list[str]:
    """The installed ``assess`` script beside this interpreter (what users run), else ``python -m assess``."""
    script = Path(sys.executable).with_name("assess")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "assess"]


def commands(sample: Path) -> dict[str, Command]:
    py = sys.executable
    score = [*assess_command(), "score", str(sample), "--format", "json"]
    return {
        "base_model": Command("python -c 'import yaml; from pydantic import BaseModel'", [py, "-c", BASE_MODEL]),
        "floor": Command("python -c 'import yaml, pydantic'", [py, "-c", "import yaml, pydantic"]),
        "click": Command("... + import click", [py, "-c", f"{BASE_MODEL}; import click"]),
        "one_model": Command("... + validate one 1-field model", [py, "-c", ONE_MODEL]),
        "stack": Command("... + both (any click + pydantic command)", [py, "-c", f"{ONE_MODEL}\nimport click"]),
        "ours": Command("assess score FILE --format json", score),
        "ours_empty": Command("assess score FILE --format json, empty cache", score, fresh_cache=True),
    }


BASE_MODEL = "import yaml; from pydantic import BaseModel"
ONE_MODEL = f"{BASE_MODEL}\nclass M(BaseModel):\n    x: int\nM.model_validate({{'x': 1}})"


def run_once(command: Command, env: dict[str, str], scratch: Path) -> None:
    if command.fresh_cache:
        env = {**env, "ASSESS_CACHE_DIR": tempfile.mkdtemp(dir=scratch)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command.argv, check=True, capture_output=True, env=env)
    command.wall.append(time.perf_counter() - start)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    command.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)


def ratio_range(ours: list[float], base: list[float]) -> str:
    ratios = sorted(o / b for o, b in zip(ours, base, strict=True))
    if len(ratios) < 4:
        return ""
    q1, _, q3 = statistics.quantiles(ratios, n=4)
    return f" (rounds: {q1:.2f}-{q3:.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--file", type=Path, default=EXAMPLE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"PYTHONPYCACHEPREFIX": str(scratch / "pycache"), "ASSESS_CACHE_DIR": str(scratch / "cache")}
        table = commands(args.file)
        for command in table.values():  # warm-up: bytecode compiled, questionnaire cache written
            for _ in range(2):
                run_once(command, env, scratch)
            command.wall.clear()
            command.cpu.clear()
        for _ in range(args.rounds):
            for command in table.values():
                run_once(command, env, scratch)
    base = table["base_model"]
    print(f"cold start, medians of {args.rounds} interleaved rounds (wall ms / CPU ms):")
    for command in table.values():
        wall, cpu = statistics.median(command.wall), statistics.median(command.cpu)
        print(
            f"  {command.label:<58} {wall * 1000:6.1f} / {cpu * 1000:6.1f}   "
            f"{wall / statistics.median(base.wall):.2f}x / {cpu / statistics.median(base.cpu):.2f}x"
        )
    ours, floor = table["ours"], table["floor"]
    stack = statistics.median(table["stack"].cpu) / statistics.median(base.cpu)
    print(f"cold start   click + one validated pydantic model alone: {stack:.2f}x the BaseModel import (CPU)")
    for name, reference in (("the BaseModel import", base), ("`import yaml, pydantic`", floor)):
        wall = statistics.median(ours.wall) / statistics.median(reference.wall)
        cpu = statistics.median(ours.cpu) / statistics.median(reference.cpu)
        budget = f" (budget {BUDGET}x)" if reference is base else ""
        print(
            f"cold start   ratio to {name}: {wall:.2f}x wall{ratio_range(ours.wall, reference.wall)}, "
            f"{cpu:.2f}x CPU{ratio_range(ours.cpu, reference.cpu)}{budget}"
        )


if __name__ == "__main__":
    main()
