"""Which files a folder given on the command line stands for, never leaving that folder.

``assess aggregate answers/`` in CI reads what a pull request put there. A link such as
``answers/b.yaml -> /etc/shadow`` or ``-> ~/.config/gh/hosts.yml`` must not make assess read, and
then quote in an error, a file outside the folder. So: links to files inside the folder are read
like the files they name; links that lead outside it, dangling links and link loops are refused,
each with one line; linked folders are not entered (the folder's own folders are all searched).
Hidden files and folders (``.git``) are skipped. A file named on the command line is the user's
own choice and is read wherever it leads.

Not covered: hard links (indistinguishable from the file itself; what assess prints of any file
is only ever a short prefix, see :func:`assess.core.printable.quoted`) and a folder rewritten
while it is searched.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assess.core.problems import InputError, Problem

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Found:
    """The files to read, each with whether it was found in a folder, and the links refused on the way."""

    files: list[tuple[Path, bool]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def expand(paths: Sequence[Path]) -> Found:
    """Files as given, and the ``*.yaml`` / ``*.yml`` files under folders (recursively, sorted)."""
    found = Found()
    for path in paths:
        if not path.is_dir():
            found.files.append((path, False))
            continue
        files, problems = _search(path)
        found.files.extend((file, True) for file in sorted(files))
        found.problems.extend(problems)
    return found


def files_in(folder: Path) -> list[Path]:
    """The YAML files directly in ``folder`` that stay inside it (links out, loops, hidden files: left out).

    For folders searched quietly (``./questionnaires/``), where a file that cannot be used is skipped.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return []
    inside = os.path.realpath(folder)
    return [
        folder / entry.name
        for entry in entries
        if entry.name.endswith(YAML_SUFFIXES)
        and not entry.name.startswith(".")
        and not (entry.is_symlink() and _refused_link(folder / entry.name, inside, folder))
        and not _names_folder(folder / entry.name)
    ]


def check_inside(folder: Path, path: Path) -> None:
    """Refuse ``path`` (a file assess chose in ``folder``, such as ``questionnaires/<id>.yaml``) if it leads out."""
    if path.is_symlink():
        refused = _refused_link(path, os.path.realpath(folder), folder)
        if refused is not None:
            raise InputError.single(str(path), refused)


def _search(root: Path) -> tuple[list[Path], list[Problem]]:
    """YAML files under ``root`` (without following links out of it), and one problem per refused link."""
    inside = os.path.realpath(root)
    files: list[Path] = []
    problems: list[Problem] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            problems.append(
                Problem(str(folder), f"cannot be searched ({error.strerror or error}); check its permissions")
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            if entry.is_symlink():
                refused = _refused_link(path, inside, root)
                if refused is not None and (entry.name.endswith(YAML_SUFFIXES) or _names_folder(path)):
                    problems.append(Problem(str(path), refused))
                elif refused is None and entry.name.endswith(YAML_SUFFIXES) and not _names_folder(path):
                    files.append(path)
            elif entry.is_dir(follow_symlinks=False):
                folders.append(path)
            elif entry.name.endswith(YAML_SUFFIXES):
                files.append(path)  # FIFOs, devices and sockets too: the reader refuses them in one line
    return files, problems


def _refused_link(path: Path, inside: str, root: Path) -> str | None:
    """Why a link found while searching ``root`` is not followed, or None when it stays inside."""
    try:
        target = os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return f"is a link to a missing file; remove it or pass its target to assess by name (searching {root})"
    except OSError:
        return f"is a symbolic link that leads back to itself (a loop); fix or remove it (searching {root})"
    try:
        outside = os.path.commonpath([inside, target]) != inside
    except ValueError:  # another drive
        outside = True
    if outside:
        return (
            f"links outside {root}; assess does not follow links out of a folder it searches: "
            "pass the file by name, or remove the link"
        )
    return None


def _names_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False
