"""How planning grows with the questionnaire, printed as a ratio to scoring it once in the same run.

Builds synthetic questionnaires in memory (streams of three levels, ten practices per function,
every practice targeted at 3, so every activity is planned), from 500 activities (the file limit)
to 10,000 with a 3,000-deep ``requires`` chain (issue 9's case; bigger than any file may be, so
the model is built without its size check), and times :func:`assess.core.roadmap.plan` against
one :func:`assess.core.scoring.score` of the same questionnaire. A planner that is near-linear
keeps that ratio about flat as the size grows twentyfold; the quadratic one of issue 9 took
over 120 s on the largest case. Exits 1 when the ratio grows more than :data:`GROWTH_BUDGET`
times from the smallest size to the largest.

Run: ``.venv/bin/python bench/roadmap_speed.py [--sizes 500,2000,10000] [--chain 3000]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from assess.core.model import Answers, Questionnaire
from assess.core.model.questionnaire import Activity, Function, Option, Practice, Stream
from assess.core.roadmap import plan
from assess.core.scoring import score
from assess.core.targets import Targets

GROWTH_BUDGET = 3.0
"""How much the plan/score ratio may grow from the smallest to the largest size (a quadratic planner: 20x)."""


def questionnaire(activities: int, chain: int) -> Questionnaire:
    """``activities`` activities; the first ``chain`` of them form one ``requires`` chain across streams."""
    scale = (
        Option.model_construct(id="none", label="No", value=0.0),
        Option.model_construct(id="all", label="A", value=1.0),
    )
    functions: list[Function] = []
    practices: list[Practice] = []
    previous: str | None = None
    made = 0
    for n in range((activities + 2) // 3):
        ladder = []
        for level in (1, 2, 3):
            if made == activities:
                break
            ident = f"A{n}-{level}"
            requires = (previous,) if previous is not None and level == 1 and made < chain else ()
            ladder.append(
                Activity.model_construct(
                    id=ident, level=level, question="Q?", scale="s", effort=float(1 + made % 7), requires=requires
                )
            )
            previous = ident
            made += 1
        stream = Stream.model_construct(id=f"S{n}", name="S", activities=tuple(ladder))
        practices.append(Practice.model_construct(id=f"P{n}", name="P", streams=(stream,)))
        if len(practices) == 10:
            functions.append(Function.model_construct(id=f"F{len(functions)}", name="F", practices=tuple(practices)))
            practices = []
    if practices:
        functions.append(Function.model_construct(id=f"F{len(functions)}", name="F", practices=tuple(practices)))
    return Questionnaire.model_construct(
        format=1, id="big", version="1.0.0", title="Big", scales={"s": scale}, functions=tuple(functions)
    )


def best_of(action: Callable[[], object], least: int = 3, budget: float = 1.0) -> float:
    """The fastest of at least ``least`` runs, repeated until ``budget`` CPU seconds are spent.

    CPU time of this process, not wall time: on a shared machine wall time measures the neighbours too.
    """
    times: list[float] = []
    while len(times) < least or sum(times) < budget:
        began = time.process_time()
        action()
        times.append(time.process_time() - began)
        if len(times) >= least and times[-1] > budget:
            break
    return min(times)


def measure(activities: int, chain: int) -> tuple[float, float]:
    q = questionnaire(activities, chain)
    answers = Answers.model_construct(format=1, questionnaire="big", version="1.0.0", answers={}, targets={})
    targets = Targets({p.id: 3.0 for f in q.functions for p in f.practices}, "bench")
    scoring = best_of(lambda: score(q, answers, targets=targets.values), least=5)
    planning = best_of(lambda: plan(q, answers, targets, phases=4))
    return planning, scoring


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="500,2000,10000", help="activity counts, comma-separated")
    parser.add_argument("--chain", type=int, default=3000, help="depth of the requires chain (capped at the size)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    ratios = []
    print(f"{'activities':>10} {'chain':>6} {'plan s':>8} {'score s':>8} {'plan/score':>10}")
    for size in sizes:
        chain = min(args.chain, size)
        planning, scoring = measure(size, chain)
        ratios.append(planning / scoring)
        print(f"{size:>10,} {chain:>6,} {planning:>8.3f} {scoring:>8.4f} {ratios[-1]:>10.1f}", flush=True)
    growth = ratios[-1] / ratios[0]
    print(f"ratio growth from {sizes[0]:,} to {sizes[-1]:,} activities: {growth:.2f}x (budget {GROWTH_BUDGET:g}x)")
    return 0 if growth <= GROWTH_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
