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
from assess.files.discovery import LOCAL_QUESTIONNAIRES, YAML_SUFFIXES, find_questionnaire
from assess.files.loading import validate_data
from assess.files.resources import builtin_questionnaires_dir
from assess.files.yaml_source import parse_yaml, read_text

CROSSWALKS = "crosswalks"


def crosswalk_files() -> list[Path]:
    """Crosswalk files: the team's own (``./questionnaires/crosswalks/``) first, then the built-in ones."""
    found: list[Path] = []
    for folder in (LOCAL_QUESTIONNAIRES / CROSSWALKS, builtin_questionnaires_dir() / CROSSWALKS):
        try:
            found.extend(sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file()))
        except OSError:
            continue
    return found


def crosswalk_for(source: Questionnaire) -> tuple[Crosswalk, Questionnaire]:
    """The first crosswalk from ``source``, and the bsimm questionnaire it leads to, both checked."""
    for path in crosswalk_files():
        name = str(path)
        text = read_text(path, name)
        data = parse_yaml(text, name).data
        if not isinstance(data, dict) or data.get("from") != source.id:
            continue
        crosswalk = validate_data(Crosswalk, data, text, name)
        target = find_questionnaire(crosswalk.target)
        if target is None:
            raise InputError(
                locate([(("to",), f"questionnaire {crosswalk.target!r} not found; see `assess list`")], text, name)
            )
        issues = list(crosswalk_issues(crosswalk, source, target))
        if issues:
            raise InputError(locate(issue_pairs(issues), text, name))
        return crosswalk, target
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
