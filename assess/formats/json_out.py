"""JSON, the contract of DESIGN.md: the documents as they are, numbers unrounded, never NaN."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assess.formats.registry import AGGREGATE, DIFF, ROADMAP, SCORE, output_format

if TYPE_CHECKING:
    from assess.documents.contract import ScoreDocument

renders = output_format("json", order=1)


def dumps(document: object) -> str:
    """Indented, UTF-8 as written, and refusing NaN or Infinity (which are not JSON)."""
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


@renders(SCORE)
def scores_json(documents: Sequence[ScoreDocument]) -> str:
    """One answers file gives one object; several give a list in input order."""
    return dumps(documents[0] if len(documents) == 1 else list(documents))


renders(DIFF)(dumps)
renders(AGGREGATE)(dumps)
renders(ROADMAP)(dumps)
