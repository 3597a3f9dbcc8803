"""How big a questionnaire or answers file may be: every limit in one place (SECURITY.md lists them).

A file is work done for whoever hands it over. Without bounds, a 5 MB file (the reader's cap) can
hold a million list items, a 5-million-character note or ten thousand activities, and every later
step (validation errors, the planner, the report, the workshop's screens) pays for each of them.
The limits are far above anything a real assessment needs (the built-in questionnaire has 90
activities, 5 criteria per activity at most and no text over 600 characters), and each is
checked with a one-line error that names it. The YAML reader has its own, coarser bounds (bytes,
nesting, items per list, values per file: :mod:`assess.files.yaml_source`), applied while parsing.
"""

from __future__ import annotations

MAX_ACTIVITIES = 500
"""Activities in one questionnaire; also the most answers, targets or must-haves a file can hold."""

MAX_SCALES = 100
"""Answer scales in one questionnaire."""

MAX_OPTIONS = 20
"""Options on one scale."""

MAX_PROFILES = 100
"""Target profiles in one questionnaire."""

MAX_LIST_ITEMS = 100
"""Items in any other list: criteria, criteria marks, evidence links, assessors, catalogue references."""

MAX_ID_LENGTH = 64
"""Characters in an id (activities, practices, scales, options, profiles, questionnaires, versions)."""

MAX_LINE_LENGTH = 2_000
"""Characters in a one-line text: names, labels, titles, questions, criteria, evidence links, team."""

MAX_TEXT_LENGTH = 20_000
"""Characters in a free text: notes, guidance, actions, descriptions, rationales, licences."""

MAX_EFFORT_DAYS = 10_000
"""Person-days one activity's ``effort`` may estimate (40 person-years). Far above any real step, and
low enough that every sum the roadmap makes over a questionnaire stays a finite number (``1e308``
twice is infinity, which JSON cannot hold)."""
