"""Lines in answers files: where a result of ``assess check`` points (SARIF regions, GitHub annotations).

The core names places as paths into a file's data (``("answers", "D-TA-A-2")``); this reads the
positions of each file once, through the same strict parser, and answers ``(line, column)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assess.files.assessments import Assessment, assessment_from_text
from assess.files.yaml_source import YamlDocument, parse_yaml, read_text


class Locator:
    """Line and column of a data path in each file whose text it was given."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._documents: dict[str, YamlDocument] = {}

    def add(self, name: str, text: str) -> None:
        self._texts[name] = text
        self._documents.pop(name, None)

    def __call__(self, name: str, path: Sequence[str | int]) -> tuple[int, int] | None:
        """The position of the deepest node of ``path`` that the file holds (the top of the file at least)."""
        if name not in self._texts:
            return None
        if name not in self._documents:
            self._documents[name] = parse_yaml(self._texts[name], name, with_marks=True)
        return self._documents[name].position(tuple(path))


def read_assessment(path: Path, questionnaire: str | None = None) -> tuple[Assessment, str]:
    """An answers file, checked against its questionnaire, and the text it was read from."""
    name = str(path)
    text = read_text(path, name)
    found = assessment_from_text(text, name, questionnaire, skip_questionnaires=False)
    assert found is not None
    return found, text
