"""Cross-checks of a questionnaire once each field is valid on its own: what is wrong between fields
(unique ids, one activity per level per stream, known scales, ascending option values, acyclic
``requires``, sensible profiles). Kept apart from the model classes so each module has one job."""

from __future__ import annotations

from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from assess.core.model.bsimm_rules import bsimm_issues, pool_issues
from assess.core.model.common import (
    YAML11_BOOLEAN_WORDS,
    Issue,
)
from assess.core.model.migrations import migration_issues
from assess.core.printable import quoted
from assess.core.targets import counts_targets, target_problem

if TYPE_CHECKING:
    from assess.core.model.questionnaire import Activity, Questionnaire, Stream


def questionnaire_issues(q: Questionnaire) -> Iterator[Issue]:
    """Everything that is wrong between fields (each field being valid on its own)."""
    yield from _scale_issues(q)
    yield from _duplicate_id_issues(q)
    ladder = q.scoring != "bsimm"  # a BSIMM practice holds any number of activities per level
    known_activities = {a.id for _, _, s in q.iter_streams() for a in s.activities}
    for fi, pi, si, stream in _indexed_streams(q):
        seen_levels: dict[int, str] = {}
        for ai, activity in enumerate(stream.activities):
            path = ("functions", fi, "practices", pi, "streams", si, "activities", ai)
            if ladder and activity.level in seen_levels:
                yield Issue(
                    (*path, "level"),
                    f"stream {stream.id} already has a level-{activity.level} activity "
                    f"({seen_levels[activity.level]}); keep at most one activity per level per stream",
                )
            seen_levels.setdefault(activity.level, activity.id)
            if activity.scale not in q.scales:
                yield Issue(
                    (*path, "scale"),
                    f"unknown scale {quoted(activity.scale)}; known scales: {', '.join(sorted(q.scales))}",
                )
            for ri, required in enumerate(activity.requires):
                if required not in known_activities:
                    yield Issue((*path, "requires", ri), f"requires unknown activity {quoted(required)}")
                elif required == activity.id:
                    yield Issue((*path, "requires", ri), "an activity cannot require itself")
    yield from _cycle_issues(q)
    yield from _profile_issues(q)
    yield from migration_issues(q)
    yield from pool_issues(q, _practice_paths(q))
    if not ladder:
        yield from bsimm_issues(q, _practice_paths(q))


def _practice_paths(q: Questionnaire) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """(path, practice id, activity id) of every activity, for the checks of :mod:`.bsimm_rules`."""
    for path, activity in _activity_paths(q):
        yield path, q.functions[int(path[1])].practices[int(path[3])].id, activity.id


def _indexed_streams(q: Questionnaire) -> Iterator[tuple[int, int, int, Stream]]:
    for fi, function in enumerate(q.functions):
        for pi, practice in enumerate(function.practices):
            for si, stream in enumerate(practice.streams):
                yield fi, pi, si, stream


def _scale_issues(q: Questionnaire) -> Iterator[Issue]:
    for name, options in q.scales.items():
        seen: set[str] = set()
        for oi, option in enumerate(options):
            if option.id in seen:
                yield Issue(
                    ("scales", name, oi, "id"), f"option id {quoted(option.id)} appears twice in scale {quoted(name)}"
                )
            seen.add(option.id)
            if option.id.lower() in YAML11_BOOLEAN_WORDS:
                yield Issue(
                    ("scales", name, oi, "id"),
                    f"option id {option.id!r} reads as a boolean in YAML 1.1 "
                    "tools; choose another word (for example 'none' instead of 'no')",
                )
            if oi and option.value <= options[oi - 1].value:
                yield Issue(
                    ("scales", name, oi, "value"),
                    "option values must be in strictly ascending order "
                    f"({option.value} follows {options[oi - 1].value})",
                )


def _duplicate_id_issues(q: Questionnaire) -> Iterator[Issue]:
    seen: dict[str, dict[str, bool]] = {"function": {}, "practice": {}, "stream": {}, "activity": {}}

    def check(kind: str, ident: str, path: tuple[str | int, ...]) -> Iterator[Issue]:
        if ident in seen[kind]:
            yield Issue((*path, "id"), f"{kind} id {quoted(ident)} is used twice; ids must be unique")
        seen[kind][ident] = True

    for fi, function in enumerate(q.functions):
        yield from check("function", function.id, ("functions", fi))
        for pi, practice in enumerate(function.practices):
            yield from check("practice", practice.id, ("functions", fi, "practices", pi))
            for si, stream in enumerate(practice.streams):
                spath = ("functions", fi, "practices", pi, "streams", si)
                yield from check("stream", stream.id, spath)
                for ai, activity in enumerate(stream.activities):
                    yield from check("activity", activity.id, (*spath, "activities", ai))


def _cycle_issues(q: Questionnaire) -> Iterator[Issue]:
    """Find a cycle through ``requires`` and the implicit lower-level-first order of each stream (not in bsimm)."""
    ids = [a.id for _, _, s in q.iter_streams() for a in s.activities]
    if len(ids) != len(set(ids)):
        return  # duplicate ids are reported on their own; a graph over them would be meaningless
    edges: dict[str, list[str]] = {}
    for _, _, stream in q.iter_streams():
        ordered = sorted(stream.activities, key=lambda a: a.level) if q.scoring != "bsimm" else []
        for lower, higher in pairwise(ordered):
            edges.setdefault(higher.id, []).append(lower.id)
        for activity in stream.activities:
            edges.setdefault(activity.id, []).extend(r for r in activity.requires if r != activity.id)
    cycle = _find_cycle(edges)
    if cycle is None:
        return
    explicit = {a.id: a.requires for a in q.activities}
    culprit = next((a for a, b in pairwise(cycle) if b in explicit[a]), cycle[0])
    start = cycle.index(culprit)
    shown = [*cycle[start:-1], *cycle[:start], culprit]
    if len(shown) > MAX_CYCLE_SHOWN:
        shown = [*shown[: MAX_CYCLE_SHOWN - 2], f"... ({len(shown) - MAX_CYCLE_SHOWN + 1:,} more)", culprit]
    location = {a.id: path for path, a in _activity_paths(q)}
    yield Issue(
        (*location[culprit], "requires"),
        f"dependency cycle {' -> '.join(shown)}; an activity cannot (indirectly) require itself "
        "or a higher level of its own stream",
    )


MAX_CYCLE_SHOWN = 10
"""Activities named in a dependency-cycle error; a longer cycle is cut, so the error stays one short line."""


def tree_sizes(data: Any) -> dict[str, int]:
    """Functions, practices, streams and activities in raw questionnaire data, without trusting its shape."""

    def items(nodes: list[Any], key: str) -> list[Any]:
        found = []
        for node in nodes:
            value = node.get(key) if isinstance(node, dict) else None
            if isinstance(value, list):
                found.extend(value)
        return found

    functions = items([data], "functions")
    practices = items(functions, "practices")
    streams = items(practices, "streams")
    activities = items(streams, "activities")
    return {
        "functions": len(functions),
        "practices": len(practices),
        "streams": len(streams),
        "activities": len(activities),
    }


def _find_cycle(edges: dict[str, list[str]]) -> list[str] | None:
    """A cycle (first node repeated at the end, each node followed by one it requires), or None."""
    try:
        TopologicalSorter(edges).prepare()
    except CycleError as error:
        found: list[str] = error.args[1]  # each node precedes (is required by) the next one
        return found[::-1]
    return None


def _activity_paths(q: Questionnaire) -> Iterator[tuple[tuple[str | int, ...], Activity]]:
    for fi, pi, si, stream in _indexed_streams(q):
        for ai, activity in enumerate(stream.activities):
            yield ("functions", fi, "practices", pi, "streams", si, "activities", ai), activity


def _profile_issues(q: Questionnaire) -> Iterator[Issue]:
    maxima = q.practice_max
    known = q.activity_by_id
    for name, profile in q.profiles.items():
        for practice, target in profile.targets.items():
            problem = target_problem(practice, target, maxima, counts=counts_targets(q))
            if problem is not None:
                yield Issue(("profiles", name, "targets", practice), problem)
        for mi, activity_id in enumerate(profile.must_have):
            if activity_id not in known:
                yield Issue(
                    ("profiles", name, "must_have", mi),
                    f"must-have names unknown activity {quoted(activity_id)}; list activity ids of this questionnaire",
                )
    if q.default_profile is not None and q.default_profile not in q.profiles:
        yield Issue(("default_profile",), f"unknown profile {quoted(q.default_profile)}; define it under profiles")
