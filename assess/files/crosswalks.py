"""Crosswalk files (``questionnaires/crosswalks/*.yaml``): found, loaded and checked against both questionnaires.

A team's own crosswalks in ``./questionnaires/crosswalks/`` come before the built-in ones, so a team
can adjust a mapping without editing the package. Only files whose ``from`` names the assessment's
questionnaire are read in full; any problem in one of those is an error with its file and line.
"""

from __future__ import annotations

from pathlib import Path

from assess.core.model import Questionnaire
from assess.core.model.crosswalk import Crosswalk, crosswalk_issues
from assess.core.problems import InputError
from assess.core.scoring import Scorecard
from assess.core.scoring.derived import derived_scorecard
from assess.files.assessments import Assessment
from assess.files.diagnostics import issue_pairs, locate
from assess.files.discovery import LOCAL_QUESTIONNAIRES, find_questionnaire
from assess.files.folders import files_in
from assess.files.loading import validate_data
from assess.files.resources import builtin_questionnaires_dir
from assess.files.yaml_source import parse_yaml, read_text

CROSSWALKS = "crosswalks"


def crosswalk_files() -> list[Path]:
    """Crosswalk files: the team's own (``./questionnaires/crosswalks/``) first, then the built-in ones."""
    found: list[Path] = []
    for folder in (LOCAL_QUESTIONNAIRES / CROSSWALKS, builtin_questionnaires_dir() / CROSSWALKS):
        found.extend(files_in(folder))  # never a link that leads out of the folder
    return found


def is_crosswalk_data(data: object) -> bool:
    """Whether parsed data looks like a crosswalk (``from``, ``to`` and ``map``) rather than answers."""
    return isinstance(data, dict) and "map" in data and "questionnaire" not in data


def load_crosswalk_or_none(path: Path, source: Questionnaire | None = None) -> tuple[Crosswalk, Questionnaire] | None:
    """A crosswalk file checked against both its questionnaires, or None when the file is not a crosswalk.

    ``source`` is the questionnaire it must lead from (found by the file's ``from`` id when None).
    """
    name = str(path)
    text = read_text(path, name)
    data = parse_yaml(text, name).data
    if not is_crosswalk_data(data):
        return None
    crosswalk = validate_data(Crosswalk, data, text, name)
    found = {"from": source or find_questionnaire(crosswalk.source), "to": find_questionnaire(crosswalk.target)}
    missing = [
        ((key,), f"questionnaire {ident!r} not found among the built-ins or in ./questionnaires/; see `assess list`")
        for key, ident in (("from", crosswalk.source), ("to", crosswalk.target))
        if found[key] is None
    ]
    if missing:
        raise InputError(locate(missing, text, name))
    source_q, target = found["from"], found["to"]
    assert source_q is not None and target is not None
    issues = list(crosswalk_issues(crosswalk, source_q, target))
    if issues:
        raise InputError(locate(issue_pairs(issues), text, name))
    return crosswalk, target


def crosswalk_for(source: Questionnaire) -> tuple[Crosswalk, Questionnaire]:
    """The first crosswalk from ``source``, and the bsimm questionnaire it leads to, both checked."""
    for path in crosswalk_files():
        name = str(path)
        data = parse_yaml(read_text(path, name), name).data
        if not isinstance(data, dict) or data.get("from") != source.id:
            continue
        checked = load_crosswalk_or_none(path, source)
        if checked is not None:
            return checked
    raise InputError.single(
        source.id,
        f"no crosswalk from {source.id} to a bsimm questionnaire among the built-in ones or in "
        "./questionnaires/crosswalks/; write one (see questionnaires/README.md, section BSIMM)",
    )


def bsimm_view(found: Assessment) -> Scorecard:
    """The assessment as a BSIMM-style scorecard: its own for a bsimm questionnaire, else derived."""
    from assess.core.scoring import score

    if found.questionnaire.scoring == "bsimm":
        return score(found.questionnaire, found.answers)
    crosswalk, target = crosswalk_for(found.questionnaire)
    return derived_scorecard(found.questionnaire, found.answers, target, crosswalk)
