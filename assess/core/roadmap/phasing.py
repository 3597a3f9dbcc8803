"""Cutting an ordered plan into phases (pure): balanced on effort, or up to a capacity per phase."""

from __future__ import annotations

from collections.abc import Sequence

from assess.core.targets import EPSILON


def balanced_cuts(efforts: Sequence[float], phases: int) -> list[int]:
    """End index of each phase: the cut nearest to each multiple of the mean phase effort.

    Every phase then lies within the largest single effort of the mean. Each phase takes at
    least one step and leaves at least one for every later phase, so a phase is empty only
    when there are fewer steps than phases, and then only at the end. With no effort at
    all, the steps are shared out by count instead.
    """
    total = sum(efforts)
    weights = list(efforts) if total > EPSILON else [1.0] * len(efforts)
    total = sum(weights)
    count = len(weights)
    cumulative = [0.0]
    for w in weights:
        cumulative.append(cumulative[-1] + w)
    cuts: list[int] = []
    start = 0
    for k in range(1, phases):
        goal = total * k / phases
        lowest = min(start + 1, count)
        highest = max(lowest, count - (phases - k))
        best = min(range(lowest, highest + 1), key=lambda i: (abs(cumulative[i] - goal), i))
        cuts.append(best)
        start = best
    return [*cuts, count]


def capacity_groups(
    efforts: Sequence[float], requires: Sequence[Sequence[int]], phases: int, capacity: float
) -> list[list[int]]:
    """Step indexes of each phase when every phase holds at most ``capacity`` days.

    Each phase walks the remaining steps in priority order and takes every step that still
    fits and whose prerequisites are already taken (in this phase or an earlier one), so a
    big step does not leave the rest of the phase idle. A step bigger than the capacity, and
    everything that depends on it, stays unscheduled.
    """
    taken: set[int] = set()
    groups: list[list[int]] = []
    for _ in range(phases):
        used = 0.0
        group: list[int] = []
        for index, effort in enumerate(efforts):
            if index in taken or used + effort > capacity + EPSILON:
                continue
            if all(r in taken for r in requires[index]):
                taken.add(index)
                group.append(index)
                used += effort
        groups.append(group)
    return groups
