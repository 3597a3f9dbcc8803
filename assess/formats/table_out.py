"""Terminal tables (rich), for people reading results at a prompt."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from assess.core.display import fmt, fmt_change, fmt_percent
from assess.core.printable import printable

BAR_WIDTH = 12


def bar(score: float | None, maximum: float = 3.0, target: float | None = None) -> Text:
    """A bar of block characters, with the target marked by a bar in another colour."""
    text = Text()
    if score is None:
        return text
    filled = round(BAR_WIDTH * min(score, maximum) / maximum)
    mark = None if target is None else min(BAR_WIDTH - 1, round(BAR_WIDTH * target / maximum))
    for i in range(BAR_WIDTH):
        char = "█" if i < filled else "·"
        style = "green" if i < filled else "dim"
        if mark is not None and i == mark:
            char, style = "▏" if i >= filled else "█", "yellow" if i >= filled else "green"
        text.append(char, style=style)
    return text


def scores_table(documents: Sequence[dict[str, Any]]) -> Group:
    parts: list[Any] = []
    for doc in documents:
        a = doc["assessment"]
        q = doc["questionnaire"]
        na = "" if doc["na"] == "zero" else "  [yellow]n/a excluded (non-standard)[/]"
        heading = (
            f"[bold]{_escape(a['team'] or a['file'])}[/]  {_escape(q['title'])} {_escape(q['version'])}"
            f"  answered {doc['answered']}/{doc['total']}{na}"
        )
        ptt = doc["percent_to_target"]
        caption = None if ptt is None else f"{fmt_percent(ptt)} of the way to the targets (SAMM percent to target)"
        table = Table(
            title=heading,
            title_justify="left",
            caption=caption,
            caption_justify="left",
            show_edge=False,
            pad_edge=False,
        )
        table.add_column("Function / practice", no_wrap=True, overflow="ellipsis")
        table.add_column("Score", justify="right")
        table.add_column("", no_wrap=True)
        has_targets = any(p["target"] is not None for f in doc["functions"] for p in f["practices"])
        if has_targets:
            table.add_column("Target", justify="right")
            table.add_column("Gap", justify="right")
        for function in doc["functions"]:
            row: list[str | Text] = [
                _text(function["name"], style="bold"),
                Text(fmt(function["score"]), style="bold"),
                bar(function["score"]),
            ]
            table.add_row(*row, *(["", ""] if has_targets else []))
            for p in function["practices"]:
                cells: list[str | Text] = [
                    _text(f"  {p['id']} {p['name']}"),
                    fmt(p["score"]),
                    bar(p["score"], target=p["target"]),
                ]
                if has_targets:
                    cells += [fmt(p["target"]), fmt(p["gap"])]
                table.add_row(*cells)
            table.add_section()
        overall: list[str | Text] = [
            Text("Overall", style="bold"),
            Text(fmt(doc["overall"]), style="bold"),
            bar(doc["overall"]),
        ]
        if has_targets:
            overall += ["", ""]
        table.add_row(*overall)
        parts.append(table)
        parts.append(Text(""))
    return Group(*parts)


def diff_table(doc: dict[str, Any]) -> Group:
    table = Table(
        title=f"{_escape(doc['before'])} → {_escape(doc['after'])}",
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    has_targets = any(c["target"] is not None for c in doc["scores"])
    columns = [("", "left"), ("Before", "right"), ("After", "right"), ("Change", "right")]
    columns += [("Target", "right"), ("Progress", "right")] if has_targets else []
    for name, justify in columns:
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for change in doc["scores"]:
        delta = change["change"]
        style = "green" if delta and delta > 0 else "red" if delta and delta < 0 else ""
        label = change["name"] if change["kind"] != "practice" else f"  {change['id']} {change['name']}"
        strong = "bold" if change["kind"] != "practice" else ""
        table.add_row(
            _text(label, style=strong),
            fmt(change["before"]),
            fmt(change["after"]),
            Text(fmt_change(delta), style=style),
            *([fmt(change["target"]), fmt_percent(change["progress"])] if has_targets else []),
        )
    parts: list[Any] = [table]
    if doc["answers"]:
        answers = Table(title="Answers that changed", title_justify="left", show_edge=False, pad_edge=False)
        for name in ("Activity", "Before", "After"):
            answers.add_column(name)
        for a in doc["answers"]:
            answers.add_row(a["activity"], a["before"] or "–", a["after"] or "–")
        parts += [Text(""), answers]
    return Group(*parts)


TEAM_WIDTH = 24
"""The widest the team column of an aggregate gets before its names wrap."""


def aggregate_table(doc: dict[str, Any], width: int | None = None) -> Table:
    """One row per team; a column per practice, or per business function when ``width`` is too narrow."""
    shown = [c for c in doc["columns"] if c["kind"] == "practice"]
    caption = None
    if width is not None and _aggregate_width(doc, shown) > width:
        shown = [c for c in doc["columns"] if c["kind"] == "function"]
        caption = "Business functions only: widen the terminal to see practices, or use --format csv or markdown"
    count = len(doc["teams"])
    table = Table(
        title=f"{_escape(doc['questionnaire']['id'])} {_escape(doc['questionnaire']['version'])}: "
        f"{count} assessment{'' if count == 1 else 's'}",
        title_justify="left",
        caption=caption,
        caption_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("Team", max_width=TEAM_WIDTH)
    table.add_column("Overall", justify="right")
    for column in shown:
        table.add_column(column["id"], justify="right")
    for team in doc["teams"]:
        table.add_row(_text(team["team"]), fmt(team["overall"]), *(fmt(team["scores"].get(c["id"])) for c in shown))
    table.add_section()
    organisation = doc["organisation"]
    for stat in ("mean", "min", "max"):
        table.add_row(
            Text(f"organisation {stat}", style="bold"),
            fmt(organisation["overall"][stat]),
            *(fmt(organisation["scores"][c["id"]][stat]) for c in shown),
        )
    return table


def _aggregate_width(doc: dict[str, Any], columns: list[dict[str, Any]]) -> int:
    """Terminal columns a table needs to show every score in full (each cell has 3 columns of padding)."""
    labels = [len(t["team"]) for t in doc["teams"]] + [len("organisation mean")]
    team = min(TEAM_WIDTH, max(labels))
    return team + 3 + len("Overall") + 3 + sum(max(len(c["id"]), len("0.00")) + 3 for c in columns)


def _escape(text: str) -> str:
    """User text for a markup string (a title): no markup, no control characters."""
    from rich.markup import escape

    return escape(printable(text))


def _text(text: str, style: str = "") -> Text:
    """User text for a cell: shown as written, control characters escaped."""
    return Text(printable(text), style=style)
