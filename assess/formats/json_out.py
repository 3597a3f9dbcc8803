"""JSON, the contract of DESIGN.md: the documents as they are, numbers unrounded, never NaN.

Piped or redirected, the text is exactly the document (UTF-8 as written). Shown on a terminal,
C1 controls and bidi overrides are written as ``\\uXXXX`` escapes: still valid JSON with the same
value, but nothing a terminal acts on (``json.dumps`` escapes the C0 controls itself).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assess.core.printable import json_printable
from assess.formats.registry import AGGREGATE, DIFF, ROADMAP, SCORE, output_format

if TYPE_CHECKING:
    from assess.documents.contract import ScoreDocument

renders = output_format("json", order=1, terminal=json_printable)


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
