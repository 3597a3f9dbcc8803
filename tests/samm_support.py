"""Synthetic SAMM-shaped material for tests: a questionnaire, answers by stream score, a core-model
folder and a Toolbox-like workbook, all in the official layouts but with text of our own.

Nothing here is OWASP's: the ids (G-SM-A-1...), folder names, sheet names and cell positions are the
structure the importers read; every name, question and answer text is made up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

FUNCTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("G", "Governance", ("SM", "PC", "EG")),
    ("D", "Design", ("TA", "SR", "SA")),
    ("I", "Implementation", ("SB", "SD", "DM")),
    ("V", "Verification", ("AA", "RT", "ST")),
    ("O", "Operations", ("IM", "EM", "OM")),
)
STREAMS = ("A", "B")
LEVELS = (1, 2, 3)
OPTIONS = (("none", "Not at all", 0.0), ("low", "A little", 0.25), ("mid", "About half", 0.5), ("top", "Fully", 1.0))


def practice_ids() -> list[str]:
    return [f"{f}-{p}" for f, _, practices in FUNCTIONS for p in practices]


def stream_ids() -> list[str]:
    return [f"{p}-{s}" for p in practice_ids() for s in STREAMS]


def activity_ids() -> list[str]:
    """The 90 activities in questionnaire order: G-SM-A-1, G-SM-A-2, G-SM-A-3, G-SM-B-1..."""
    return [f"{s}-{level}" for s in stream_ids() for level in LEVELS]


def questionnaire_data(ident: str = "samm-shape", version: str = "1.0.0") -> dict[str, Any]:
    """A full SAMM-shaped questionnaire (5 functions, 15 practices, 30 streams, 90 activities), one scale."""
    functions = []
    for letter, name, practices in FUNCTIONS:
        functions.append(
            {
                "id": letter,
                "name": name,
                "practices": [
                    {
                        "id": f"{letter}-{short}",
                        "name": f"Practice {short}",
                        "streams": [
                            {
                                "id": f"{letter}-{short}-{stream}",
                                "name": f"Stream {short} {stream}",
                                "activities": [
                                    {
                                        "id": f"{letter}-{short}-{stream}-{level}",
                                        "level": level,
                                        "question": f"Is {short} {stream} done at level {level}?",
                                        "scale": "amount",
                                    }
                                    for level in LEVELS
                                ],
                            }
                            for stream in STREAMS
                        ],
                    }
                    for short in practices
                ],
            }
        )
    return {
        "format": 1,
        "id": ident,
        "version": version,
        "title": "SAMM-shaped test questionnaire",
        "scales": {"amount": [{"id": i, "label": label, "value": value} for i, label, value in OPTIONS]},
        "functions": functions,
    }


def write_yaml(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


VALUE_TO_OPTION = {value: ident for ident, _, value in OPTIONS}


def stream_answers(stream_sums: Mapping[str, float]) -> dict[str, str]:
    """Answers that give each named stream its sum: whole activities first, the rest on the next level."""
    answers: dict[str, str] = {}
    for stream_id, total in stream_sums.items():
        left = total
        for level in LEVELS:
            value = next(v for v in (1.0, 0.5, 0.25, 0.0) if v <= left + 1e-12)
            if value:
                answers[f"{stream_id}-{level}"] = VALUE_TO_OPTION[value]
            left -= value
        assert abs(left) < 1e-12, f"{stream_id}: {total} is not a sum of three answers"
    return answers


def answers_data(
    answers: Mapping[str, Any], questionnaire: str = "samm-shape", version: str = "1.0.0", **extra: Any
) -> dict[str, Any]:
    return {"format": 1, "questionnaire": questionnaire, "version": version, **extra, "answers": dict(answers)}


# --- a SAMM core model folder ---------------------------------------------------------------------


def _guid(kind: str, name: str) -> str:
    """A stable 32-hex-digit id per element, as the model's GUIDs look."""
    import hashlib

    return hashlib.md5(f"{kind}:{name}".encode(), usedforsecurity=False).hexdigest()


ANSWER_SETS: dict[str, tuple[str, ...]] = {
    # "No" is written unquoted, as in the official files (YAML 1.1 reads it as false)
    "A": ("No", "Yes, a few", "Yes, about half", "Yes, nearly all"),
    # a trailing space on one answer, as one official set has
    "B": ("No", "Yes, now and then ", "Yes, on a schedule", "Yes, all the time"),
}


def guid(kind: str, name: str) -> str:
    return _guid(kind, name)


def write_samm_model(root: Path, *, related: Mapping[str, list[str]] | None = None) -> Path:
    """A core-model folder (``root/model/...``) in the official layout, with the official quirks.

    ``related`` maps a core activity name (``D-SA-1-A``) to the names its ``relatedActivities``
    point at: an activity (``G-SM-1-A``) or, as in some official versions, a practice (``practice:G-SM``).
    """
    model = root / "model"
    for level in LEVELS:
        _doc(
            model / "maturity_levels" / f"{level}.yml",
            f"id: {_guid('level', str(level))}\nnumber: {level}\n"
            f"description: Level {level} in general.\ntype: MaturityLevel\n",
        )
    for letter, values in ANSWER_SETS.items():
        lines = [f"id: {_guid('set', letter)}", "values:"]
        for order, (text, value) in enumerate(zip(values, (0, 0.25, 0.5, 1), strict=True)):
            shown = text if text == "No" else f'"{text}"'
            lines += [f"- text: {shown}", f"  value: {value}", "  weight: 1", f"  order: {order}"]
        _doc(model / "answer_sets" / f"{letter}.yml", "\n".join([*lines, "type: AnswerSet", ""]))
    for forder, (letter, name, practices) in enumerate(FUNCTIONS, start=1):
        fguid = _guid("function", letter)
        # the colour's value is swallowed by a comment, as in the official files: it parses as null
        _doc(
            model / "business_functions" / f"{name}.yml",
            f"model: SAMM20\nid: {fguid}\nname: {name}\n"
            f"description: What {name} is about.\ncolor:\n  #123456\norder: {forder}\ntype: Function\n",
        )
        for porder, short in enumerate(practices, start=1):
            pname = f"Practice {short}"
            pguid = _guid("practice", f"{letter}-{short}")
            _doc(
                model / "security_practices" / f"{letter}-{pname.replace(' ', '-')}.yml",
                f"function: {fguid}\nid: {pguid}\nname: {pname}\nshortName: {short}\n"
                f"shortDescription: {pname} in short.\nlongDescription: |\n  {pname} at length.\n"
                f"order: {porder}\nassignee: Someone\nprogress: 0\ntype: Practice\n",
            )
            for level in LEVELS:
                _doc(
                    model / "practice_levels" / f"{letter}-{short}-{level}.yml",
                    f"practice: {pguid}\nmaturityLevel: {_guid('level', str(level))}\n"
                    f"id: {_guid('plevel', f'{letter}-{short}-{level}')}\n"
                    f"objective: Objective of {short} at level {level}.\ntype: PracticeLevel\n",
                )
            for sorder, stream in enumerate(STREAMS, start=1):
                sguid = _guid("stream", f"{letter}-{short}-{stream}")
                _doc(
                    model / "streams" / f"{letter}-{short}-{stream}.yml",
                    f"practice: {pguid}\nid: {sguid}\nname: Stream {short} {stream}\nletter: {stream}\n"
                    f"description: About stream {stream}.\norder: {sorder}\ntype: Stream\n",
                )
                for level in LEVELS:
                    core = f"{letter}-{short}-{level}-{stream}"
                    links = (related or {}).get(core, [])
                    linked = "".join(f"\n- {_link(target)}   #{target}" for target in links)
                    _doc(
                        model / "activities" / f"{core}.yml",
                        f"stream: {sguid}\nlevel: {_guid('plevel', f'{letter}-{short}-{level}')}\n"
                        f"id: {_guid('activity', core)}\ntitle: Do {short} {stream} {level}\n"
                        f"benefit: Better {short}.\nshortDescription: {short} {stream} {level} briefly.\n"
                        f"longDescription: |\n  How to do {short} {stream} {level}.\nresults:\nmetrics:\n"
                        f"costs:\npersonnel:\nnotes:\nrelatedActivities:{linked}\ntype: Activity\n",
                    )
                    answer_set = "A" if stream == "A" else "B"
                    _doc(
                        model / "questions" / f"{core}.yml",
                        f"activity: {_guid('activity', core)}\nanswerSet: {_guid('set', answer_set)}\n"
                        f"id: {_guid('question', core)}\ntext: Do you do {short} {stream} at level {level}?\n"
                        f"order: 1\nquality:\n- First criterion of {core}\n- Second criterion of {core}\n"
                        "type: Question\n",
                    )
    return model


def _link(target: str) -> str:
    if target.startswith("practice:"):
        letter, short = target.removeprefix("practice:").split("-")
        return _guid("practice", f"{letter}-{short}")
    return _guid("activity", target)


def _doc(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n# a comment, as the official files carry\n" + body, encoding="utf-8")


# --- a Toolbox-like workbook ----------------------------------------------------------------------

TOOLBOX_ANSWERS: tuple[tuple[str, ...], ...] = (
    ("No", "Yes, a few", "Yes, about half", "Yes, nearly all"),
    ("No", "Yes, sometimes", "Yes, routinely", "Yes, always"),
)
"""The workbook's own answer lists (imp-answers rows 0 and 1); stream A questions use 0, stream B 1.

List 0 says what the model's answer set A says; list 1 is worded unlike the model's set B (as the
Toolbox's lists drifted from the model between versions), with the same values."""


def write_toolbox(
    path: Path,
    answers: Mapping[str, str] | None = None,
    notes: Mapping[str, str] | None = None,
    header: Mapping[str, Any] | None = None,
    *,
    rows: Mapping[str, int] | None = None,
    sheets: tuple[str, ...] = ("Interview", "imp-questions", "imp-answers"),
) -> Path:
    """A workbook in the Toolbox's layout: Interview rows, imp-questions and imp-answers sheets."""
    from openpyxl import Workbook

    layout = dict(rows) if rows is not None else TOOLBOX_LAYOUT
    book = Workbook()
    interview = book.active
    assert interview is not None
    interview.title = sheets[0]
    labels = {
        10: "Organization:",
        11: "Team/Application:",
        12: "Interview Date:",
        13: "Team Lead:",
        14: "Contributors:",
    }
    for row, label in labels.items():
        interview.cell(row, 2, label)
    for key, value in (header or {}).items():
        interview[key] = value
    for question, row in layout.items():
        activity = question.rsplit("-", 1)[0]
        stream = activity.split("-")[2]
        interview.cell(row, 1, question)
        interview.cell(row, 3, int(activity.rsplit("-", 1)[1]))
        # stream A questions as the synthetic model words them; stream B reworded, as between versions
        _, short, stream_letter, level = activity.split("-")
        text = f"Do you do {short} {stream_letter} at level {level}?" if stream == "A" else f"Question for {activity}?"
        interview.cell(row, 4, text)
        interview.cell(row, 5, "A" if stream == "A" else "B")
        if answers and activity in answers:
            interview.cell(row, 6, answers[activity])
        if notes and activity in notes:
            interview.cell(row, 9, notes[activity])
    if len(sheets) > 1:
        questions = book.create_sheet(sheets[1])
        questions.append(
            [
                "ID",
                "Business Function",
                "Security Practice",
                "Activity",
                "Maturity",
                "Question",
                "Guidance",
                "Answer Option",
            ]
        )
        for question in layout:
            stream = question.split("-")[2]
            questions.append([question, "", "", "", "", "", "", 0 if stream == "A" else 1])
    if len(sheets) > 2:
        sets = book.create_sheet(sheets[2])
        sets.append(["ANS_SET_CODE", "A", "B", "C", "D", "A_W", "B_W", "C_W", "D_W"])
        for index, texts in enumerate(TOOLBOX_ANSWERS):
            sets.append([index, *texts, 0, 0.25, 0.5, 1])
    book.save(path)
    return path


def toolbox_layout() -> dict[str, int]:
    """Question id -> Interview row of the official workbook (see the research layout table)."""
    ids = [f"{a}-1" for a in activity_ids()]
    return dict(zip(ids, OFFICIAL_ROWS, strict=True))


OFFICIAL_ROWS = (
    18,
    20,
    22,
    25,
    27,
    29,
    32,
    34,
    36,
    39,
    41,
    43,
    46,
    48,
    50,
    53,
    55,
    57,
    61,
    63,
    65,
    68,
    70,
    72,
    75,
    77,
    79,
    82,
    84,
    86,
    89,
    91,
    93,
    96,
    98,
    100,
    104,
    106,
    108,
    111,
    113,
    115,
    118,
    120,
    122,
    125,
    127,
    129,
    132,
    134,
    136,
    139,
    141,
    143,
    147,
    149,
    151,
    154,
    156,
    158,
    161,
    163,
    165,
    168,
    170,
    172,
    175,
    177,
    179,
    182,
    184,
    186,
    190,
    192,
    194,
    197,
    199,
    201,
    204,
    206,
    208,
    211,
    213,
    215,
    218,
    220,
    222,
    225,
    227,
    229,
)
TOOLBOX_LAYOUT = toolbox_layout()
TODAY = dt.date(2026, 11, 29)
