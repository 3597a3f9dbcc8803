"""A roadmap's calendar (pure): phases as dated periods, person-days as people and months.

``--start YYYY-MM`` dates the first phase from the first day of that month; ``--phase-length``
(``90d``, ``6w``, ``3m``; three months when only ``--start`` is given) makes every phase that
long. ``--people N`` says how many people work on the plan. A full-time person gives
:data:`WORKING_DAYS_PER_YEAR` working days a year (weekends, public holidays and leave taken
out): 18.3 a month, 4.2 a week, 0.6 per calendar day. From those:

- a phase's **FTE** is its person-days over the working days of one person in the phase (how many
  people it keeps busy full time);
- with ``--people``, its **months** are its person-days over what those people give in a month.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from typing import Literal

WORKING_DAYS_PER_YEAR = 220
WORKING_DAYS_PER: dict[str, float] = {
    "d": WORKING_DAYS_PER_YEAR / 365,
    "w": WORKING_DAYS_PER_YEAR / 52,
    "m": WORKING_DAYS_PER_YEAR / 12,
}
DEFAULT_LENGTH_TEXT = "3m"
MAX_LENGTH = 999
"""Days, weeks or months in one phase at most (a length, not a typo's thousands of years)."""

MAX_PEOPLE = 10_000

Unit = Literal["d", "w", "m"]
UNIT_WORDS = {"d": ("day", "days"), "w": ("week", "weeks"), "m": ("month", "months")}
RULE = (
    f"A full-time person gives {WORKING_DAYS_PER_YEAR} working days a year "
    f"({WORKING_DAYS_PER['m']:.1f} a month): a phase's FTE is its person-days over one person's working days "
    "in the phase, and with --people its months are its person-days over what those people give in a month."
)

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_LENGTH = re.compile(r"^(\d+)\s*([dwm])$")


@dataclass(frozen=True, slots=True)
class PhaseLength:
    count: int
    unit: Unit

    @property
    def working_days(self) -> float:
        """What one full-time person gives in a phase this long."""
        return self.count * WORKING_DAYS_PER[self.unit]

    @property
    def text(self) -> str:
        singular, plural = UNIT_WORDS[self.unit]
        return f"{self.count} {singular if self.count == 1 else plural}"

    @property
    def code(self) -> str:
        return f"{self.count}{self.unit}"


@dataclass(frozen=True, slots=True)
class Schedule:
    """When the plan starts, how long each phase lasts, and how many people work on it (each optional)."""

    start: dt.date | None = None
    length: PhaseLength | None = None
    people: float | None = None

    @property
    def is_set(self) -> bool:
        return self.start is not None or self.length is not None or self.people is not None


NO_SCHEDULE = Schedule()


@dataclass(frozen=True, slots=True)
class Period:
    """The first and the last day of a phase."""

    starts: dt.date
    ends: dt.date


def parse_month(text: str) -> dt.date:
    """``2027-01`` -> 1 January 2027; ValueError saying what to write instead."""
    found = _MONTH.match(text.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1:
        raise ValueError(f"{text.strip()[:16]!r} is not a month; write YYYY-MM, for example 2027-01")
    return dt.date(int(found.group(1)), int(found.group(2)), 1)


def parse_length(text: str) -> PhaseLength:
    """``3m`` -> three months (``d`` days, ``w`` weeks, ``m`` months); ValueError saying what to write."""
    found = _LENGTH.match(text.strip().lower())
    if found is None or not 1 <= int(found.group(1)) <= MAX_LENGTH:
        raise ValueError(
            f"{text.strip()[:16]!r} is not a phase length; write a number from 1 to {MAX_LENGTH} and d, w or m, "
            "for example 3m (three months), 6w or 90d"
        )
    unit: Unit = found.group(2)  # type: ignore[assignment]  # the pattern admits only d, w or m
    return PhaseLength(int(found.group(1)), unit)


def schedule_of(start: str | None, length: str | None, people: str | None) -> Schedule:
    """The schedule the command line asks for; ValueError names the option at fault."""
    try:
        begins = None if start is None else parse_month(start)
    except ValueError as error:
        raise ValueError(f"--start: {error}") from None
    try:
        each = None if length is None else parse_length(length)
    except ValueError as error:
        raise ValueError(f"--phase-length: {error}") from None
    if begins is not None and each is None:
        each = parse_length(DEFAULT_LENGTH_TEXT)
    return Schedule(begins, each, None if people is None else parse_people(people))


def parse_people(text: str) -> float:
    """``2`` or ``1.5`` -> that many people (full-time equivalents); ValueError naming ``--people``."""
    try:
        count = float(text)
    except ValueError:
        count = 0.0
    if not 0 < count <= MAX_PEOPLE:
        raise ValueError(
            f"--people: {text.strip()[:16]!r} is not a number of people; write a positive number up to "
            f"{MAX_PEOPLE:,}, for example 2 or 1.5"
        )
    return count


def periods(schedule: Schedule, count: int) -> list[Period] | None:
    """The dates of ``count`` phases in a row (None without ``start``); ValueError past the calendar's end."""
    if schedule.start is None or schedule.length is None:
        return None
    length = schedule.length
    try:
        bounds = [_advance(schedule.start, length, n) for n in range(count + 1)]
    except (OverflowError, ValueError):
        raise ValueError(
            f"--phase-length: {count} phases of {length.text} from {schedule.start:%Y-%m} end after the year 9999; "
            "choose an earlier start or shorter phases"
        ) from None
    return [Period(begin, end - dt.timedelta(days=1)) for begin, end in itertools.pairwise(bounds)]


def _advance(start: dt.date, length: PhaseLength, phases: int) -> dt.date:
    amount = length.count * phases
    if length.unit == "d":
        return start + dt.timedelta(days=amount)
    if length.unit == "w":
        return start + dt.timedelta(weeks=amount)
    months = start.month - 1 + amount
    return dt.date(start.year + months // 12, months % 12 + 1, 1)


def fte(person_days: float, length: PhaseLength) -> float:
    """People kept busy full time by ``person_days`` over a phase of ``length``."""
    return person_days / length.working_days


def months_with(person_days: float, people: float) -> float:
    """Months that ``people`` need for ``person_days`` of work."""
    return person_days / (people * WORKING_DAYS_PER["m"])
