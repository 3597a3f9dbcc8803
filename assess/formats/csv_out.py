"""CSV renderings: one flat table per result, for spreadsheets and scripts.

Scores are shown as the SAMM Toolbox shows them (two places, ties away from zero: see
:mod:`assess.core.display`), so a spreadsheet next to the Toolbox agrees with it to the digit;
``--format json`` keeps the unrounded numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from assess.core.display import rounded
from assess.core.printable import printable
from assess.formats.registry import AGGREGATE, DIFF, SCORE, output_format

if TYPE_CHECKING:
    from assess.documents.contract import AggregateDocument, DiffDocument, ScoreDocument

renders = output_format("csv", order=2)

_FORMULA = re.compile(r"(^|[\n;])(?=[=+\-@\t])")
"""Where a spreadsheet may start reading a cell (its start, a line break, the ``;`` that Excel splits on
where the list separator is ``;``) followed by what makes it a formula (``=``, ``+``, ``-``, ``@``, tab)."""


def _safe(value: Any) -> Any:
    """Empty for None; text from a file made plain data for spreadsheets, terminals and CI logs.

    Line breaks become ``\\n`` (which the writer quotes): a bare carriage return would end the row
    for some readers and move a terminal's cursor back over the line. Other control and bidi
    characters are shown as escapes (:func:`printable`). Where a spreadsheet would read a formula
    (``=HYPERLINK(...)``, ``@SUM(...)``, ``-2+3``), a ``'`` goes in front, which spreadsheets take to
    mean text. Numbers stay numbers (a negative change is data, not a formula).
    """
    if value is None:
        return ""
    if isinstance(value, str):
        value = printable(value.replace("\r\n", "\n").replace("\r", "\n"), keep="\t\n")
        return _FORMULA.sub(r"\1'", value)
    return value


def _score(value: float | None) -> Decimal | None:
    """A score as displayed (a Decimal, so a negative change stays a number and is never quoted)."""
    return None if value is None else rounded(value)


def _count(value: float | None) -> int | float | None:
    """A BSIMM count (observed activities, a target of them) as the whole number it is."""
    return int(value) if value is not None and float(value).is_integer() else value


LEVELS = (1, 2, 3)
"""SAMM's maturity levels: one column each for a practice's level averages."""


def _write(header: Sequence[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_safe(h) for h in header])
    writer.writerows([[_safe(v) for v in row] for row in rows])
    return buffer.getvalue()


BSIMM_COLUMNS = ["level", "total", "share", "high_water_mark", "na", "firms", "pool_share", "most_common", "look_first"]
"""Columns added when a document is a BSIMM scorecard (its scores are observed counts)."""
HEADER = ["file", "team", "kind", "id", "name", "score", "target", "gap", *(f"level_{level}" for level in LEVELS)]


@renders(SCORE)
def scores_csv(documents: Sequence[ScoreDocument]) -> str:
    """Every level of every scorecard: overall, function, practice and stream rows; BSIMM ones down to activities."""
    if not any("bsimm" in doc for doc in documents):
        return _write(HEADER, [row for doc in documents for row in _samm_rows(doc)])
    rows: list[list[Any]] = []
    for doc in documents:
        rows += _bsimm_rows(doc) if "bsimm" in doc else [[*r, *[None] * len(BSIMM_COLUMNS)] for r in _samm_rows(doc)]
    return _write([*HEADER, *BSIMM_COLUMNS], rows)


def _samm_rows(doc: ScoreDocument) -> list[list[Any]]:
    blank_levels = [""] * len(LEVELS)
    head = [doc["assessment"]["file"], doc["assessment"]["team"]]
    rows: list[list[Any]] = [[*head, "overall", "", "Overall", _score(doc["overall"]), "", "", *blank_levels]]
    for function in doc["functions"]:
        rows.append(
            [*head, "function", function["id"], function["name"], _score(function["score"]), "", "", *blank_levels]
        )
        for practice in function["practices"]:
            levels = practice.get("levels", {})
            rows.append(
                [
                    *head,
                    "practice",
                    practice["id"],
                    practice["name"],
                    _score(practice["score"]),
                    _score(practice["target"]),
                    _score(practice["gap"]),
                    *(_score(levels.get(str(level))) for level in LEVELS),
                ]
            )
            rows.extend(
                [*head, "stream", s["id"], s["name"], _score(s["score"]), "", "", *blank_levels]
                for s in practice["streams"]
            )
    return rows


def _bsimm_rows(doc: ScoreDocument) -> list[list[Any]]:
    """Firm, domain, practice and activity rows; booleans as 1 and 0 for spreadsheets."""
    b = doc["bsimm"]
    head = [doc["assessment"]["file"], doc["assessment"]["team"]]
    shared = {p["id"]: p for f in doc["functions"] for p in f["practices"]}
    pool_average = None if b["pool"] is None else b["pool"]["average_score"]
    rows: list[list[Any]] = [
        [
            *head,
            "firm",
            "",
            "Firm score",
            b["firm_score"],
            None,
            None,
            None,
            b["total"],
            b["share"],
            None,
            b["na"],
            None,
            pool_average,
            None,
            len(b["look_first"]),
        ]
    ]
    for d in b["domains"]:
        rows.append(
            [
                *head,
                "domain",
                d["id"],
                d["name"],
                d["observed"],
                None,
                None,
                None,
                d["total"],
                d["share"],
                d["high_water_mark"],
                d["na"],
                None,
                None,
                None,
                None,
            ]
        )
    for p in b["practices"]:
        target, gap = _count(shared[p["id"]]["target"]), _count(shared[p["id"]]["gap"])
        rows.append(
            [
                *head,
                "practice",
                p["id"],
                p["name"],
                p["observed"],
                target,
                gap,
                None,
                p["total"],
                p["share"],
                p["high_water_mark"],
                p["na"],
                None,
                p["pool_average"],
                " ".join(p["most_common"]),
                None,
            ]
        )
    for a in b["activities"]:
        rows.append(
            [
                *head,
                "activity",
                a["id"],
                a["title"],
                int(a["observed"]),
                None,
                None,
                a["level"],
                1,
                None,
                None,
                int(a["na"]),
                a["firms"],
                a["pool_share"],
                int(a["most_common"]),
                int(a["look_first"]),
            ]
        )
    share, pool_share = 2, 6  # places among the BSIMM columns: shown as displayed, like every CSV score
    shown = [[*r[:8], *[None] * len(LEVELS), *r[8:]] for r in rows]
    for row in shown:
        for place in (share, pool_share):
            value = row[len(HEADER) + place]
            row[len(HEADER) + place] = _score(value) if isinstance(value, float) else value
    return shown


@renders(DIFF)
def diff_csv(doc: DiffDocument) -> str:
    shown: Any = _count if doc.get("method") == "bsimm" else _score  # BSIMM scores are counts
    rows = [
        [
            c["kind"],
            c["id"],
            c["name"],
            shown(c["before"]),
            shown(c["after"]),
            shown(c["change"]),
            shown(c["target"]),
            c["progress"],
        ]
        for c in doc["scores"]
    ]
    rows += [
        ["answer", a["activity"], "", a["before"], a["after"], _score(a["change"]), None, None] for a in doc["answers"]
    ]
    return _write(["kind", "id", "name", "before", "after", "change", "target", "progress"], rows)


@renders(AGGREGATE)
def aggregate_csv(doc: AggregateDocument) -> str:
    """One row per team; on BSIMM scorecards also a column per activity (1 observed, 0 not) and a coverage row."""
    return _write(*aggregate_rows(doc))


def aggregate_rows(doc: AggregateDocument) -> tuple[list[str], list[list[Any]]]:
    """The aggregate's header and rows (the organisation view adds its own rows below them)."""
    ids = [c["id"] for c in doc["columns"]]
    coverage = doc.get("coverage", [])
    activities = [c["activity"] for c in coverage]
    rows: list[list[Any]] = []
    for t in doc["teams"]:
        seen = set(t.get("observed", []))
        rows.append([t["team"], t["file"], _score(t["overall"]), *(_score(t["scores"].get(i)) for i in ids)])
        rows[-1] += [int(a in seen) for a in activities]
    organisation = doc["organisation"]
    for stat in ("mean", "min", "max"):
        rows.append(
            [
                f"organisation {stat}",
                "",
                _score(organisation["overall"][stat]),
                *(_score(organisation["scores"][i][stat]) for i in ids),
            ]
        )
        rows[-1] += [_score(c["share"]) if stat == "mean" else None for c in coverage]
    return ["team", "file", "overall", *ids, *activities], rows
