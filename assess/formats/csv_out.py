"""CSV renderings: one flat, unrounded table per result, for spreadsheets and scripts."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assess.core.printable import printable
from assess.formats.registry import AGGREGATE, DIFF, SCORE, output_format

if TYPE_CHECKING:
    from assess.documents.contract import AggregateDocument, DiffDocument, ScoreDocument

renders = output_format("csv", order=2)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    """Empty for None; text that a spreadsheet would run as a formula gets a leading quote.

    Numbers stay numbers (a negative change is data, not a formula).
    """
    if value is None:
        return ""
    if isinstance(value, str):
        value = printable(value, keep="\t\r\n")  # csv quotes line breaks; a terminal must not get escapes
        return "'" + value if value.startswith(_FORMULA_STARTS) else value
    return value


def _write(header: Sequence[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[_safe(v) for v in row] for row in rows])
    return buffer.getvalue()


@renders(SCORE)
def scores_csv(documents: Sequence[ScoreDocument]) -> str:
    """Every level of every scorecard: overall, function, practice and stream rows."""
    rows: list[list[Any]] = []
    for doc in documents:
        head = [doc["assessment"]["file"], doc["assessment"]["team"]]
        rows.append([*head, "overall", "", "Overall", doc["overall"], "", ""])
        for function in doc["functions"]:
            rows.append([*head, "function", function["id"], function["name"], function["score"], "", ""])
            for practice in function["practices"]:
                rows.append(
                    [
                        *head,
                        "practice",
                        practice["id"],
                        practice["name"],
                        practice["score"],
                        practice["target"],
                        practice["gap"],
                    ]
                )
                rows.extend([*head, "stream", s["id"], s["name"], s["score"], "", ""] for s in practice["streams"])
    return _write(["file", "team", "kind", "id", "name", "score", "target", "gap"], rows)


@renders(DIFF)
def diff_csv(doc: DiffDocument) -> str:
    rows = [
        [c["kind"], c["id"], c["name"], c["before"], c["after"], c["change"], c["target"], c["progress"]]
        for c in doc["scores"]
    ]
    rows += [["answer", a["activity"], "", a["before"], a["after"], a["change"], None, None] for a in doc["answers"]]
    return _write(["kind", "id", "name", "before", "after", "change", "target", "progress"], rows)


@renders(AGGREGATE)
def aggregate_csv(doc: AggregateDocument) -> str:
    ids = [c["id"] for c in doc["columns"]]
    rows = [[t["team"], t["file"], t["overall"], *(t["scores"].get(i) for i in ids)] for t in doc["teams"]]
    organisation = doc["organisation"]
    for stat in ("mean", "min", "max"):
        rows.append(
            [f"organisation {stat}", "", organisation["overall"][stat], *(organisation["scores"][i][stat] for i in ids)]
        )
    return _write(["team", "file", "overall", *ids], rows)
