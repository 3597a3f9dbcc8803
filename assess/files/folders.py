"""Answers files under folders given on the command line (``aggregate teams/``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def expand(paths: Sequence[Path]) -> list[tuple[Path, bool]]:
    """(file, found in a folder) pairs: files as given, and *.yaml / *.yml under folders, recursively."""
    files: list[tuple[Path, bool]] = []
    for path in paths:
        if not path.is_dir():
            files.append((path, False))
            continue
        found = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        files.extend((p, True) for p in found if not any(part.startswith(".") for part in p.relative_to(path).parts))
    return files
