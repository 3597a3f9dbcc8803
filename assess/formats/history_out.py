"""``assess history``: a team's assessments in order, as a terminal table, Markdown or CSV.

Per team two tables: one row per assessment (overall, percent to target, and each business
function or, on a wide terminal, each practice, with the change since the row before), then one
row per practice with its trend as a sparkline on the practice's own scale.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from assess.core.display import fmt, fmt_change, fmt_count, fmt_count_change, fmt_percent, sparkline
from assess.core.printable import printable
from assess.formats.json_out import dumps
from assess.formats.markdown_out import _table, escape
from assess.formats.registry import HISTORY, output_format

if TYPE_CHECKING:
    from rich.console import Group

    from assess.documents.history import HistoryDocument, HistoryEntry, SeriesNode

output_format("json", order=1)(HISTORY)(dumps)

SHORT_COMMIT = 7


def _when(entry: HistoryEntry) -> str:
    date = entry["date"] or "–"
    return date + (" (commit)" if entry["date_source"] == "commit" else "")


def _source(entry: HistoryEntry) -> str:
    """The commit of a committed version, else the file's name (the JSON and CSV keep its path)."""
    return entry["commit"][:SHORT_COMMIT] if entry["commit"] else PurePath(entry["file"]).name


Number = Callable[[float | None], str]


def _numbers(series: SeriesNode) -> tuple[Number, Number]:
    """How a series' scores and changes are written: counts of observed activities on bsimm."""
    return (fmt_count, fmt_count_change) if series.get("method") == "bsimm" else (fmt, fmt_change)


def _with_change(series: SeriesNode, score: float | None, change: float | None) -> str:
    num, change_of = _numbers(series)
    return num(score) if change is None else f"{num(score)} {change_of(change)}"


def _trend_rows(series: SeriesNode) -> list[dict[str, Any]]:
    """Per function and practice: trend, first and latest score, the last change, target and progress."""
    rows = []
    entries = series["entries"]
    for column in series["columns"]:
        steps = [e["scores"].get(column["id"]) for e in entries]
        scores = tuple(s["score"] if s else None for s in steps)
        last = steps[-1]
        rows.append(
            {
                "kind": column["kind"],
                "id": column["id"],
                "name": column["name"],
                "trend": sparkline(scores, column["maximum"]),
                "first": scores[0],
                "latest": scores[-1],
                "change": last["change"] if last else None,
                "target": last["target"] if last else None,
                "progress": last["progress"] if last else None,
            }
        )
    return rows


def _heading(series: SeriesNode) -> str:
    count = len(series["entries"])
    q = series["questionnaire"]
    return f"{series['team']} · {q['id']} {q['version']} · {count} assessment{'' if count == 1 else 's'}"


SOURCE_WIDTH = 24
TABLE_SLACK = 13 + SOURCE_WIDTH + 3 + 10 + 9 + 12
"""Columns a row needs besides the score columns (date, file or commit, overall, change, to target)."""


@output_format("table", order=0)(HISTORY)
def history_text(doc: HistoryDocument) -> str:
    """The history tables, as wide as the terminal allows."""
    from assess.formats.table_out import console, to_text

    on = console()
    return to_text(history_table(doc, width=on.width), on)


def history_table(doc: HistoryDocument, width: int | None = None) -> Group:
    """Per series: the assessments (functions, or practices when ``width`` allows), then the practices' trends."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = []
    for series in doc["series"]:
        num, change_of = _numbers(series)
        practices = [c for c in series["columns"] if c["kind"] == "practice"]
        functions = [c for c in series["columns"] if c["kind"] == "function"]
        fits = [cols for cols in (practices, functions) if width is None or TABLE_SLACK + 7 * len(cols) <= width]
        shown = fits[0] if fits else []
        table = Table(title=_markup(_heading(series)), title_justify="left", show_edge=False, pad_edge=False)
        table.add_column("Date", no_wrap=True)
        source = "Commit" if any(e["commit"] for e in series["entries"]) else "File"
        table.add_column(source, min_width=min(12, SOURCE_WIDTH), max_width=SOURCE_WIDTH)
        for name in ("Overall", "Change", "To target", *(c["id"] for c in shown)):
            table.add_column(name, justify="right", no_wrap=True)
        for entry in series["entries"]:
            overall = entry["overall"]
            cells = [_when(entry), _source(entry), num(overall["score"]), change_of(overall["change"])]
            cells.append(fmt_percent(entry["percent_to_target"]))
            for column in shown:
                step = entry["scores"].get(column["id"])
                cells.append(num(step["score"]) if step else "–")
            table.add_row(*(Text(_plain(c)) for c in cells))
        trends = Table(
            caption="Change, target and progress: the latest assessment against the one before it.",
            caption_justify="left",
            show_edge=False,
            pad_edge=False,
        )
        for name, justify in (
            ("Function / practice", "left"),
            ("Trend", "left"),
            ("First", "right"),
            ("Latest", "right"),
        ):
            trends.add_column(name, justify=justify, no_wrap=name == "Trend")  # type: ignore[arg-type]
        for name in ("Change", "Target", "Progress"):
            trends.add_column(name, justify="right")
        for row in _trend_rows(series):
            function = row["kind"] == "function"
            trends.add_row(
                Text(
                    _plain(row["name"] if function else f"  {row['id']} {row['name']}"),
                    style="bold" if function else "",
                ),
                Text(row["trend"], style="cyan"),
                num(row["first"]),
                num(row["latest"]),
                change_of(row["change"]),
                num(row["target"]),
                fmt_percent(row["progress"]),
            )
        parts += [table, Text(""), trends, Text("")]
    return Group(*parts)


@output_format("markdown", order=3)(HISTORY)
def history_markdown(doc: HistoryDocument) -> str:
    parts = []
    for series in doc["series"]:
        num, change_of = _numbers(series)
        columns = [c for c in series["columns"] if c["kind"] == "practice"]
        rows = []
        for entry in series["entries"]:
            cells = [escape(_when(entry)), escape(_source(entry))]
            cells += [_with_change(series, entry["overall"]["score"], entry["overall"]["change"])]
            cells += [fmt_percent(entry["percent_to_target"])]
            for column in columns:
                step = entry["scores"].get(column["id"])
                cells.append(_with_change(series, step["score"], step["change"]) if step else "–")
            rows.append(cells)
        header = ["Date", "Version", "Overall", "To target", *(escape(c["id"]) for c in columns)]
        trend_rows = [
            [
                f"**{escape(r['name'])}**" if r["kind"] == "function" else f"{escape(r['id'])} {escape(r['name'])}",
                r["trend"],
                num(r["first"]),
                num(r["latest"]),
                change_of(r["change"]),
                num(r["target"]),
                fmt_percent(r["progress"]),
            ]
            for r in _trend_rows(series)
        ]
        trend_header = ["Function / practice", "Trend", "First", "Latest", "Change", "Target", "Progress"]
        parts.append(
            f"## {escape(_heading(series))}\n\n{_table(header, rows)}\n\n{_table(trend_header, trend_rows)}\n\n"
            "Change, target and progress: the latest assessment against the one before it."
        )
    return "\n\n".join(parts) + "\n"


@output_format("csv", order=2)(HISTORY)
def history_csv(doc: HistoryDocument) -> str:
    """One row per assessment and score (overall, function, practice), unrounded."""
    from assess.formats.csv_out import _write

    header = ["team", "questionnaire", "version", "file", "commit", "date", "date_source"]
    header += ["kind", "id", "name", "score", "change", "target", "progress", "percent_to_target"]
    rows: list[list[Any]] = []
    for series in doc["series"]:
        head = [series["team"], series["questionnaire"]["id"], series["questionnaire"]["version"]]
        for entry in series["entries"]:
            where = [entry["file"], entry["commit"], entry["date"], entry["date_source"]]
            overall = entry["overall"]
            rows.append([*head, *where, "overall", "", "Overall", overall["score"], overall["change"], None, None])
            rows[-1].append(entry["percent_to_target"])
            for column in series["columns"]:
                step = entry["scores"].get(column["id"])
                if step is None:
                    continue
                values = [step["score"], step["change"], step["target"], step["progress"], None]
                rows.append([*head, *where, column["kind"], column["id"], column["name"], *values])
    return _write(header, rows)


def _plain(text: str) -> str:
    return printable(text)


def _markup(text: str) -> str:
    """User text for a rich markup string (a title): no markup, no control characters."""
    from rich.markup import escape as markup

    return markup(printable(text))
