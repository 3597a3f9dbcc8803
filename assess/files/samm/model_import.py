"""The OWASP SAMM core model (versions 2.0 to 2.2) as a questionnaire in format 1.

Ids take the Toolbox's exchange form (function-practice-stream-level: ``D-SA-A-1``), answer sets
become scales with readable option ids, quality criteria become criteria, ``relatedActivities``
become ``requires`` (a link to a practice instead of an activity, as some 2.0 releases have, is
reported and dropped), and every GUID, objective and benefit is kept under ``x-samm-*`` keys
(see questionnaires/README.md). The result is validated like any questionnaire before it is returned.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

from assess.core.model import Questionnaire
from assess.core.model.common import VERSION_PATTERN, YAML11_BOOLEAN_WORDS
from assess.core.problems import InputError, Problem
from assess.files.loading import validate_data
from assess.files.samm.model_read import Element, ElementError, Model, model_folder, read_model
from assess.files.saving import dump_yaml

P = ParamSpec("P")
T = TypeVar("T")

QUESTIONNAIRE_ID = "owasp-samm"
SUPPORTED = ((2, 0), (2, 2))
"""The model versions whose layout this importer was checked against (major, minor), inclusive."""


@dataclass(frozen=True)
class ModelImport:
    questionnaire: Questionnaire
    text: str
    """The questionnaire file to write (YAML)."""
    notes: tuple[str, ...]
    """What the user should know: links dropped, an untested version."""


def import_model(path: Path, version: str | None = None, display: str | None = None) -> ModelImport:
    """Read the model folder at ``path`` and build a checked questionnaire from it."""
    name = display or str(path)
    model = read_model(path, name)
    resolved, notes = model_version(path, version, name)
    data, built_notes = _Builder(model, resolved).build()
    text = f"# The OWASP SAMM core model {resolved} (CC BY-SA 4.0), imported by `assess import samm-model`.\n"
    text += dump_yaml(data)
    questionnaire = validate_data(Questionnaire, data, text, f"{name} (as a questionnaire)")
    return ModelImport(questionnaire, text, (*notes, *built_notes))


def model_version(path: Path, given: str | None, name: str) -> tuple[str, list[str]]:
    """The model's version: ``--version``, else a VERSION file, else ``git describe``; an error without one."""
    notes: list[str] = []
    found = given
    if found is None:
        for candidate in (path / "VERSION", model_folder(path).parent / "VERSION"):
            if candidate.is_file() and candidate.stat().st_size < 100:
                found = candidate.read_text(encoding="utf-8", errors="replace").strip()
                break
    if found is None:
        described = _git_describe(path)
        if described is not None:
            found, distance = described
            if distance:
                notes.append(f"{name}: {distance} commits after release {found}; imported as {found}")
    if found is None:
        raise InputError.single(
            name, "says nothing of its version (no VERSION file, no git tag); pass --version, e.g. 2.2.0"
        )
    version = found.removeprefix("v").strip()
    if not re.match(VERSION_PATTERN, version):
        raise InputError.single(name, f"version {version[:30]!r} is not a version such as 2.2.0; pass --version")
    major_minor = tuple(int(part) for part in version.split(".")[:2])
    if not SUPPORTED[0] <= major_minor <= SUPPORTED[1]:
        notes.append(f"{name}: version {version} was not checked (2.0 to 2.2 were); check the questionnaire")
    return version, notes


def _git_describe(path: Path) -> tuple[str, int] | None:
    """The nearest release tag of the folder's git checkout and how many commits lie after it, if any.

    Git runs with repository hooks and the file-system monitor turned off: the folder is the user's
    download, and its configuration must not get to run a program.
    """
    command = ["git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-C", str(path)]
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(
            [*command, "describe", "--tags", "--long"], capture_output=True, text=True, timeout=10, env=env
        )
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.fullmatch(r"(.+)-(\d+)-g[0-9a-f]+", done.stdout.strip())
    if done.returncode != 0 or match is None:
        return None
    return match.group(1), int(match.group(2))


class _Builder:
    """Links the model's elements into the nested questionnaire, collecting every problem on the way."""

    def __init__(self, model: Model, version: str) -> None:
        self.model = model
        self.version = version
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.activity_ids: dict[str, str] = {}
        """Activity GUID -> questionnaire id."""
        self.scales: dict[str, str] = {}
        """Answer-set GUID -> scale id."""
        self.used_scales: set[str] = set()
        self.links: dict[tuple[str, str], dict[str, list[Element]]] = {}
        """(folder, key) -> parent GUID -> the elements of the folder linking to it."""

    def attempt(self, step: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | None:
        """Run one step; a problem in it is collected and the build goes on (None stands in for its result)."""
        try:
            return step(*args, **kwargs)
        except ElementError as stopped:
            self.problems.append(stopped.problem)
            return None

    def build(self) -> tuple[dict[str, Any], list[str]]:
        m = self.model
        self.level_numbers = {e.guid: self.attempt(_level_number_of, e) for e in m.of("maturity_levels")}
        scales = [self.attempt(self.scale, e) for e in m.of("answer_sets")]
        self.questions = self.questions_by_activity()
        if self.problems:  # stop before the tree: a broken link here would be reported again below
            self.raise_problems()
        built = [self.attempt(self.function, e) for e in _ordered(m.of("business_functions"))]
        functions = [f for f in built if f is not None]
        if not self.problems:
            self.link_requirements(functions)
        if self.problems:
            self.raise_problems()
        data: dict[str, Any] = {
            "format": 1,
            "id": QUESTIONNAIRE_ID,
            "version": self.version,
            "title": "OWASP SAMM",
            "description": f"The OWASP Software Assurance Maturity Model, core model {self.version}, "
            "as published by the OWASP SAMM project and imported by assess.",
            "license": "CC BY-SA 4.0 (OWASP SAMM core model)",
            "scoring": "samm",
            "comparable_with": "samm-benchmark",
            "x-samm-model": {"version": self.version, "model": self.model_name()},
            "scales": {ident: body for ident, body in filter(None, scales) if ident in self.used_scales},
            "functions": functions,
        }
        return data, self.notes

    def raise_problems(self) -> NoReturn:
        unique = {(p.file, p.line, p.where, p.what): p for p in self.problems}
        raise InputError(sorted(unique.values(), key=lambda p: (p.file, p.line or 0))[:50])

    def model_name(self) -> str | None:
        names = {str(e.get("model")) for e in self.model.of("business_functions") if e.get("model")}
        return next(iter(sorted(names)), None)

    # --- scales ---------------------------------------------------------------------------------

    def scale(self, element: Element) -> tuple[str, dict[str, Any]]:
        values = element.get("values")
        if not isinstance(values, list) or len(values) < 2 or not all(isinstance(v, dict) for v in values):
            raise ElementError(element.problem("values", "an answer set needs a list of at least two answers"))
        answers = sorted(values, key=lambda v: (_as_number(v.get("order"), 0), _as_number(v.get("value"), 0)))
        texts, numbers = [], []
        for index, answer in enumerate(answers):
            text, value = answer.get("text"), answer.get("value")
            if (
                text is None
                or isinstance(text, (dict, list))
                or isinstance(value, bool)
                or not isinstance(value, (int, float))
            ):
                raise ElementError(element.problem("values", f"answer {index + 1} needs a text and a number value"))
            texts.append(str(text).strip())
            numbers.append(float(value))
        if any(b <= a for a, b in itertools.pairwise(numbers)) or not 0 <= numbers[0] <= numbers[-1] <= 1:
            raise ElementError(element.problem("values", "answer values should rise from 0 to 1 in order"))
        scale_id = element.name
        self.scales[element.guid] = scale_id
        options = [
            {"id": ident, "label": text, "value": _number(value)}
            for ident, text, value in zip(option_ids(texts), texts, numbers, strict=True)
        ]
        return scale_id, {"options": options, "x-samm-guid": element.guid}

    # --- the tree -------------------------------------------------------------------------------

    def questions_by_activity(self) -> dict[str, Element]:
        found: dict[str, Element] = {}
        for question in _ordered(self.model.of("questions")):
            activity = self.attempt(self.model.link, question, "activity", "activities")
            self.attempt(self.model.link, question, "answerSet", "answer_sets")
            if activity is not None:
                found.setdefault(activity.guid, question)
        return found

    def function(self, element: Element) -> dict[str, Any]:
        name = element.text("name") or ""
        letter = name.strip()[:1].upper()
        practices = [
            self.attempt(self.practice, p, letter)
            for p in _ordered(self.children("security_practices", "function", element))
        ]
        return _clean(
            {
                "id": letter,
                "name": name.strip(),
                "description": _strip(element.text("description", required=False)),
                "x-samm-guid": element.guid,
                "practices": practices,
            }
        )

    def practice(self, element: Element, letter: str) -> dict[str, Any]:
        ident = f"{letter}-{(element.text('shortName') or '').strip()}"
        objectives: dict[int, str] = {}
        level_guids: dict[int, str] = {}
        for level in self.children("practice_levels", "practice", element):
            number = self.level_number(level)
            objective = _strip(level.text("objective", required=False))
            level_guids[number] = level.guid
            if objective:
                objectives[number] = objective
        streams = [
            self.attempt(self.stream, s, ident)
            for s in _ordered(self.children("streams", "practice", element), key="letter")
        ]
        return _clean(
            {
                "id": ident,
                "name": (element.text("name") or "").strip(),
                "description": _strip(element.text("shortDescription", required=False)),
                "x-samm-guid": element.guid,
                "x-samm-objectives": dict(sorted(objectives.items())) or None,
                "x-samm-level-guids": dict(sorted(level_guids.items())) or None,
                "streams": streams,
            }
        )

    def stream(self, element: Element, practice_id: str) -> dict[str, Any]:
        ident = f"{practice_id}-{(element.text('letter') or '').strip()}"
        activities = [self.attempt(self.activity, a, ident) for a in self.children("activities", "stream", element)]
        activities.sort(key=lambda a: a["level"] if a else 0)
        return _clean(
            {
                "id": ident,
                "name": (element.text("name") or "").strip(),
                "description": _strip(element.text("description", required=False)),
                "x-samm-guid": element.guid,
                "activities": activities,
            }
        )

    def activity(self, element: Element, stream_id: str) -> dict[str, Any]:
        level = self.level_number(self.model.link(element, "level", "practice_levels"))
        ident = f"{stream_id}-{level}"
        question = self.questions.get(element.guid)
        if question is None:
            raise ElementError(
                element.problem("id", f"no question asks about activity {ident}; the model is incomplete")
            )
        self.activity_ids[element.guid] = ident
        function, practice, stream = stream_id.split("-")
        data = {
            "id": ident,
            "level": level,
            "title": _strip(element.text("title", required=False)),
            "question": (question.text("text") or "").strip(),
            "scale": self.scale_of(question),
            "criteria": [c.strip() for c in question.texts("quality") if c.strip()] or None,
            "description": _strip(element.text("shortDescription", required=False)),
            "guidance": _strip(element.text("longDescription", required=False)),
            "samm": {"id": f"{function}-{practice}-{level}-{stream}", "relation": "equivalent"},
            "x-samm-guid": element.guid,
            "x-samm-question-guid": question.guid,
            "x-samm-benefit": _strip(element.text("benefit", required=False)),
        }
        return _clean(data)

    def scale_of(self, question: Element) -> str:
        scale = self.scales.get(str(question.get("answerSet")), "")
        self.used_scales.add(scale)
        return scale

    def level_number(self, practice_level: Element) -> int:
        maturity = self.model.link(practice_level, "maturityLevel", "maturity_levels")
        number = self.level_numbers.get(maturity.guid)
        if number is None or number not in (1, 2, 3):
            raise ElementError(maturity.problem("number", "a maturity level's number is 1, 2 or 3"))
        return number

    def children(self, folder: str, key: str, parent: Element) -> list[Element]:
        """The elements of ``folder`` whose ``key`` links to ``parent`` (each link checked once)."""
        if (folder, key) not in self.links:
            index: dict[str, list[Element]] = {}
            for child in self.model.of(folder):
                target = self.attempt(self.model.link, child, key, parent.folder)
                if target is not None:
                    index.setdefault(target.guid, []).append(child)
            self.links[folder, key] = index
        return self.links[folder, key].get(parent.guid, [])

    # --- requires -------------------------------------------------------------------------------

    def note(self, element: Element, key: str, what: str) -> None:
        self.notes.append(str(element.problem(key, what)))

    def link_requirements(self, functions: list[dict[str, Any]]) -> None:
        activities = {
            a["x-samm-guid"]: a
            for f in functions
            for p in f["practices"]
            for s in p["streams"]
            for a in s["activities"]
        }
        practices = {e.guid: e for e in self.model.of("security_practices")}
        for element in self.model.of("activities"):
            activity = activities.get(element.guid)
            if activity is None:
                continue
            required: list[str] = []
            if isinstance(element.get("relatedActivities"), str):  # 2.0.0 has one written as prose
                self.note(element, "relatedActivities", "holds text, not links to activities; it was left out")
                continue
            for target in self.attempt(element.texts, "relatedActivities") or []:
                if target in self.activity_ids:
                    if self.activity_ids[target] not in (activity["id"], *required):
                        required.append(self.activity_ids[target])
                elif target in practices:
                    name = practices[target].text("name")
                    self.note(
                        element, "relatedActivities", f"points at the practice {name}, not at an activity; dropped"
                    )
                else:
                    self.problems.append(
                        element.problem(
                            "relatedActivities",
                            f"{target[:40]!r} is no activity of the model; the folder is incomplete or was edited",
                        )
                    )
            if required:
                activity["requires"] = required


def _level_number_of(element: Element) -> int:
    return int(element.number("number"))


def option_ids(texts: list[str]) -> list[str]:
    """Readable, unique option ids from answer texts: "Yes, for a few teams" -> ``few-teams``.

    The lowest answer ("No") becomes ``none``: ``no`` itself is a YAML 1.1 boolean and not allowed.
    """
    ids: list[str] = []
    for index, text in enumerate(texts):
        words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _FILLER][:4]
        ident = "-".join(words) or ("none" if index == 0 else f"option-{index + 1}")
        if ident in YAML11_BOOLEAN_WORDS:
            ident = f"answer-{ident}"
        base, count = ident, 2
        while ident in ids:
            ident, count = f"{base}-{count}", count + 1
        ids.append(ident)
    return ids


_FILLER = frozenset({"yes", "no", "but", "we", "it", "do", "the", "of", "a", "an", "for", "our", "is", "are", "to"})


def _ordered(elements: list[Element], key: str = "order") -> list[Element]:
    return sorted(elements, key=lambda e: (_as_number(e.get("order"), 0), str(e.get(key) or ""), e.name))


def _as_number(value: Any, default: float) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def _strip(text: str | None) -> str | None:
    return text.strip() if text and text.strip() else None


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out what the model left empty, so the questionnaire holds no empty keys."""
    return {k: v for k, v in data.items() if v is not None}
