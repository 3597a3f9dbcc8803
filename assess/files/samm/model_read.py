"""Read the OWASP SAMM core model folder (``model/``): one YAML file per element, linked by GUIDs.

The model was written for YAML 1.1 tools and means the word in ``text: No``, so its files are read
with YAML 1.1 booleans as text (only here). Each element keeps its file and positions, so a
broken link is reported at its line: ``model/questions/D-SA-1-A.yml:3: activity: ...``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assess.core.problems import InputError, Problem
from assess.files.yaml_source import YamlDocument, load_yaml_file

FOLDERS: dict[str, str] = {
    "business_functions": "Function",
    "security_practices": "Practice",
    "streams": "Stream",
    "practice_levels": "PracticeLevel",
    "maturity_levels": "MaturityLevel",
    "activities": "Activity",
    "questions": "Question",
    "answer_sets": "AnswerSet",
}
"""Folder of the model -> the ``type`` every file in it declares."""

MAX_FILES_PER_FOLDER = 1000
"""The official model has at most 90 files per folder; more means this is not it."""
MAX_PROBLEMS = 50
LINKED_FOLDERS = frozenset(FOLDERS) - {"questions"}
"""Folders whose elements other elements point at: their GUIDs must be unique. Nothing points at a
question, and 2.0.0 gives two questions one GUID, which is harmless."""


@dataclass(frozen=True)
class Element:
    """One model file: its data, where it came from and where each value sits."""

    folder: str
    name: str
    """The file's stem (``D-SA-1-A``): the answer sets' letter lives only here."""
    document: YamlDocument

    @property
    def data(self) -> dict[str, Any]:
        data = self.document.data
        assert isinstance(data, dict)
        return data

    @property
    def guid(self) -> str:
        return str(self.data["id"])

    def key(self, name: str) -> str:
        """The key as the file spells it: 2.0.0 writes ``maturitylevel`` and ``answerset`` in lower case."""
        if name in self.data:
            return name
        return next((k for k in self.data if isinstance(k, str) and k.lower() == name.lower()), name)

    def get(self, name: str) -> Any:
        return self.data.get(self.key(name))

    def problem(self, name: str | None, what: str) -> Problem:
        key = self.key(name) if name else None
        position = self.document.position((key,) if key in self.data else ())
        line = position[0] if position else None
        return Problem(self.document.file, what, where=key or "", line=line)

    def text(self, name: str, *, required: bool = True) -> str | None:
        """A text field (numbers written bare are read as their text); None when absent and optional."""
        value = self.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise ElementError(self.problem(name, f"missing {name}; the model needs it"))
            return None
        if isinstance(value, (dict, list, bool)):
            raise ElementError(self.problem(name, f"{name} should be text, not {_kind(value)}"))
        return str(value)

    def number(self, name: str) -> float:
        value = self.get(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ElementError(self.problem(name, f"{name} should be a number"))
        return float(value)

    def texts(self, name: str) -> list[str]:
        """A list of texts (a missing list is empty; so are empty items, which 2.0.0 leaves: ``-``)."""
        value = self.get(name)
        if value is None:
            return []
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            raise ElementError(self.problem(name, f"{name} should be a list of texts"))
        return [str(v) for v in value if v is not None]


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", bool: "true or false"}.get(type(value), "that")


class ElementError(Exception):
    """One element cannot be used; carries the problem, so reading goes on with the next element."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


@dataclass
class Model:
    """Every element of the model, by folder and by GUID."""

    root: Path
    elements: dict[str, list[Element]] = field(default_factory=dict)
    by_guid: dict[str, dict[str, Element]] = field(default_factory=dict)

    def of(self, folder: str) -> list[Element]:
        return self.elements.get(folder, [])

    def link(self, element: Element, key: str, folder: str) -> Element:
        """The element of ``folder`` that ``element``'s ``key`` points at; a clear problem when there is none."""
        target = element.text(key)
        found = self.by_guid.get(folder, {}).get(str(target))
        if found is None:
            kind = FOLDERS[folder]
            raise ElementError(
                element.problem(
                    key,
                    f"points at {str(target)[:40]!r}, which is no {kind} of the model; "
                    "the folder is incomplete or was edited (use a release of the core model as it is)",
                )
            )
        return found


def model_folder(path: Path) -> Path:
    """The ``model/`` folder itself, given it or the repository that holds it."""
    return path / "model" if (path / "model").is_dir() else path


def read_model(path: Path, display: str | None = None) -> Model:
    """Read every element file; InputError (one problem per bad file) when this is not a usable model."""
    name = display or str(path)
    if not path.exists():
        raise InputError.single(name, "no such folder; pass the model/ folder of the OWASP SAMM core model")
    if not path.is_dir():
        raise InputError.single(name, "is not a folder; pass the model/ folder of the OWASP SAMM core model")
    root = model_folder(path)
    missing = [folder for folder in FOLDERS if not (root / folder).is_dir()]
    if missing:
        raise InputError.single(
            name,
            f"is not a SAMM core model folder (no {', '.join(f + '/' for f in missing[:3])}"
            f"{' ...' if len(missing) > 3 else ''}); pass the model/ folder of the OWASP SAMM core repository",
        )
    model = Model(root)
    problems: list[Problem] = []
    for folder, kind in FOLDERS.items():
        for file in _files(root, folder, name):
            display_name = f"{name.rstrip('/')}/{file.relative_to(path).as_posix()}"
            try:
                element = _element(file, folder, kind, display_name)
            except InputError as error:
                problems.extend(error.problems)
                continue
            except ElementError as stop:
                problems.append(stop.problem)
                continue
            known = model.by_guid.setdefault(folder, {})
            if element.guid in known and folder in LINKED_FOLDERS:
                problems.append(
                    element.problem("id", f"id {element.guid[:40]!r} is also the id of {known[element.guid].name}")
                )
                continue
            known.setdefault(element.guid, element)
            model.elements.setdefault(folder, []).append(element)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise InputError(problems[:MAX_PROBLEMS])
    return model


def _files(root: Path, folder: str, name: str) -> Iterator[Path]:
    """The YAML files of one folder, sorted; links leading out of the model are refused."""
    base = (root / folder).resolve()
    entries = sorted(p for p in (root / folder).iterdir() if p.suffix in (".yml", ".yaml"))
    if len(entries) > MAX_FILES_PER_FOLDER:
        raise InputError.single(
            f"{name}/{folder}", f"holds {len(entries)} files; a SAMM model has far fewer, so this is not one"
        )
    for entry in entries:
        if entry.is_symlink():
            try:  # Path.resolve raises RuntimeError on a loop (Python 3.11); realpath(strict) an OSError
                target = Path(os.path.realpath(entry, strict=True))
            except OSError:
                raise InputError.single(
                    f"{name}/{folder}/{entry.name}",
                    "is a link that leads nowhere (a missing file or a loop); remove it",
                ) from None
            if not target.is_relative_to(base):
                raise InputError.single(f"{name}/{folder}/{entry.name}", "is a link leading out of the model folder")
        if entry.is_file():
            yield entry


def _element(file: Path, folder: str, kind: str, display: str) -> Element:
    document = load_yaml_file(file, display=display, with_marks=True, yaml11_words_as_text=True)
    if not isinstance(document.data, dict):
        raise InputError.single(display, f"should hold a mapping (a SAMM {kind}), found something else", line=1)
    element = Element(folder, file.stem, document)
    declared = element.get("type")
    if declared != kind:
        raise ElementError(
            element.problem("type" if "type" in element.data else None, f"type should be {kind} in {folder}/")
        )
    element.text("id")
    return element
