"""The dependency floors in pyproject.toml and the pins CI runs the suite with at minimum versions agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _floors() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    floors = {}
    for requirement in project["dependencies"]:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([0-9.]+)(,<[0-9.]+)?", requirement)
        assert match, f"{requirement}: every dependency has a floor and at most an upper bound"
        floors[match[1].lower()] = match[2]
    return floors


def _pins() -> dict[str, str]:
    lines = (ROOT / ".ci" / "minimum-versions.txt").read_text().splitlines()
    pairs = [line.split("==") for line in lines if line and not line.startswith("#")]
    return {name.lower(): version for name, version in pairs}


def _same(floor: str, pin: str) -> bool:
    def parts(version: str) -> list[int]:
        return [int(p) for p in version.split(".")] + [0] * (3 - version.count(".") - 1)

    return parts(floor) == parts(pin)


def test_every_floor_is_pinned_for_the_minimum_versions_run() -> None:
    floors, pins = _floors(), _pins()
    assert set(floors) == set(pins)
    assert {name for name in floors if not _same(floors[name], pins[name])} == set()


def test_known_vulnerable_versions_are_excluded() -> None:
    floors = _floors()
    assert tuple(map(int, floors["jinja2"].split("."))) >= (3, 1, 6)  # sandbox escape fixed in 3.1.6
    assert tuple(map(int, floors["aiohttp"].split("."))) >= (3, 14, 3)  # websocket-upgrade smuggling, 3.14.2-3
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    bounded = {r.split(">=")[0] for r in project["dependencies"] if ",<" in r}
    assert {"textual", "textual-serve", "weasyprint"} <= bounded
