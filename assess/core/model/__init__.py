"""Pydantic models for questionnaire and answers files (format 1). No I/O here."""

from assess.core.model.answers import NOT_APPLICABLE, AnswerEntry, Answers
from assess.core.model.common import CrossCheckError, Issue
from assess.core.model.migrations import Migration
from assess.core.model.questionnaire import Activity, Function, Option, Practice, Profile, Questionnaire, Stream

__all__ = [
    "NOT_APPLICABLE",
    "Activity",
    "AnswerEntry",
    "Answers",
    "CrossCheckError",
    "Function",
    "Issue",
    "Migration",
    "Option",
    "Practice",
    "Profile",
    "Questionnaire",
    "Stream",
]
