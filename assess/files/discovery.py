"""Finding questionnaires: by a ``-q`` spec (an id or a path), the default one, and ``./questionnaires/``.

One home for these rules, used by every command, the workshop and its start screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from assess.core.model import Questionnaire
from assess.core.problems import InputError
from assess.files.folders import check_inside, files_in
from assess.files.loading import cached_questionnaire
from assess.files.resources import builtin_questionnaires_dir

LOCAL_QUESTIONNAIRES = Path("questionnaires")
"""A folder of the team's own questionnaires, looked in after the built-ins (relative to where assess runs)."""

YAML_SUFFIXES = (".yaml", ".yml")
DEFAULT_QUESTIONNAIRE = "api-samm"
"""The questionnaire of a new assessment when none is named."""

NOT_FOUND = "no such questionnaire among the built-ins or in ./questionnaires/; see `assess list`, or pass its path"


def is_path_spec(spec: str) -> bool:
    """Whether a ``-q`` value names a file (it ends in .yaml/.yml or holds a path separator) rather than an id."""
    return spec.endswith(YAML_SUFFIXES) or "/" in spec or "\\" in spec


def questionnaire_for(spec: str | None) -> Questionnaire:
    """The questionnaire named by ``-q`` (an id or a path), or the default one; InputError if there is none."""
    if spec is None:
        return default_questionnaire()
    found = questionnaire_by_spec(spec)
    if found is None:
        raise InputError.single(spec, NOT_FOUND)
    return found


def default_questionnaire() -> Questionnaire:
    builtins = builtin_questionnaires()
    return next((q for q in builtins if q.id == DEFAULT_QUESTIONNAIRE), builtins[0])


def available_questionnaires(folder: Path = Path()) -> list[Questionnaire]:
    """The built-in questionnaires, then the valid ones in ``<folder>/questionnaires/`` (one per id and version)."""
    found = {(q.id, q.version): q for q in builtin_questionnaires()}
    for path in _files_in(folder / LOCAL_QUESTIONNAIRES):
        q = _try_load(path)
        if q is not None:
            found.setdefault((q.id, q.version), q)
    return list(found.values())


def questionnaire_by_spec(spec: str, version: str | None = None) -> Questionnaire | None:
    """The questionnaire named by ``-q``: a path to a file, or an id (preferring ``version``)."""
    if is_path_spec(spec):
        return cached_questionnaire(Path(spec))
    return find_questionnaire(spec, version)


def find_questionnaire(ident: str, version: str | None = None) -> Questionnaire | None:
    """A questionnaire by id, preferring the given version, from the built-ins or ./questionnaires/.

    Files named ``<id>.yaml`` are tried first (and their errors reported); other files are
    only searched when those do not hold the wanted version, and skipped if invalid.
    """
    named = list(_candidate_files(ident))
    fallback: Questionnaire | None = None
    for path in [*named, *(p for p in _all_questionnaire_files() if p not in named)]:
        q = cached_questionnaire(path) if path in named else _try_load(path)
        if q is None or q.id != ident:
            continue
        if version is None or q.version == version:
            return q
        fallback = fallback or q
    return fallback


def builtin_questionnaires() -> list[Questionnaire]:
    """Every questionnaire shipped with assess, sorted by id."""
    files = sorted(p for p in builtin_questionnaires_dir().iterdir() if p.suffix in YAML_SUFFIXES)
    return sorted((cached_questionnaire(p) for p in files), key=lambda q: (q.id, q.version))


def _candidate_files(ident: str) -> Iterable[Path]:
    for folder in (builtin_questionnaires_dir(), LOCAL_QUESTIONNAIRES):
        for suffix in YAML_SUFFIXES:
            path = folder / f"{ident}{suffix}"
            if path.is_file():
                if folder is LOCAL_QUESTIONNAIRES:
                    check_inside(folder, path)
                yield path


def _all_questionnaire_files() -> Iterable[Path]:
    for folder in (builtin_questionnaires_dir(), LOCAL_QUESTIONNAIRES):
        yield from _files_in(folder)


def _files_in(folder: Path) -> list[Path]:
    """The YAML files directly in ``folder`` (none when it is missing or unreadable), never a link out of it."""
    return files_in(folder)


def _try_load(path: Path) -> Questionnaire | None:
    try:
        return cached_questionnaire(path)
    except InputError:
        return None
