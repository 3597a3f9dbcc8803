"""Terminal tables (rich), for people reading results at a prompt."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from assess.formats.data import fmt, fmt_change

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


def render(console: Console, renderable: Any) -> None:
    console.print(renderable)


def scores_table(documents: Sequence[dict[str, Any]]) -> Group:
    parts: list[Any] = []
    for doc in documents:
        a = doc["assessment"]
        q = doc["questionnaire"]
        na = "" if doc["na"] == "zero" else "  [yellow]n/a excluded (non-standard)[/]"
        heading = (
            f"[bold]{_escape(a['team'] or a['file'])}[/]  {_escape(q['title'])} {q['version']}"
            f"  answered {doc['answered']}/{doc['total']}{na}"
        )
        ptt = doc["percent_to_target"]
        caption = None if ptt is None else f"{ptt:.0%} of the way to the targets (SAMM percent to target)"
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
                Text(function["name"], style="bold"),
                Text(fmt(function["score"]), style="bold"),
                bar(function["score"]),
            ]
            table.add_row(*row, *(["", ""] if has_targets else []))
            for p in function["practices"]:
                cells: list[str | Text] = [
                    f"  {p['id']} {p['name']}",
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
    for name, justify in (("", "left"), ("Before", "right"), ("After", "right"), ("Change", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for change in doc["scores"]:
        delta = change["change"]
        style = "green" if delta and delta > 0 else "red" if delta and delta < 0 else ""
        label = change["name"] if change["kind"] != "practice" else f"  {change['id']} {change['name']}"
        strong = "bold" if change["kind"] != "practice" else ""
        table.add_row(
            Text(label, style=strong), fmt(change["before"]), fmt(change["after"]), Text(fmt_change(delta), style=style)
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


def aggregate_table(doc: dict[str, Any]) -> Table:
    practices = [c for c in doc["columns"] if c["kind"] == "practice"]
    table = Table(
        title=f"{doc['questionnaire']['id']} {doc['questionnaire']['version']}: {len(doc['teams'])} assessments",
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("Team")
    table.add_column("Overall", justify="right")
    for column in practices:
        table.add_column(column["id"], justify="right")
    for team in doc["teams"]:
        table.add_row(
            _escape(team["team"]), fmt(team["overall"]), *(fmt(team["scores"].get(c["id"])) for c in practices)
        )
    table.add_section()
    organisation = doc["organisation"]
    for stat in ("mean", "min", "max"):
        table.add_row(
            Text(f"organisation {stat}", style="bold"),
            fmt(organisation["overall"][stat]),
            *(fmt(organisation["scores"][c["id"]][stat]) for c in practices),
        )
    return table


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
