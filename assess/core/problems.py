"""Problems found in user files, reported as ``file:line:col: where: what``.

Every bad-input path in the tool ends in an :class:`InputError` carrying one
:class:`Problem` per mistake, so the command line can print them all at once
and exit with code 2 instead of showing a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assess.core.printable import printable


@dataclass(frozen=True, slots=True)
class Problem:
    """One mistake in one file, located as precisely as the source allows."""

    file: str
    what: str
    where: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        parts = [place]
        if self.where:
            parts.append(self.where)
        parts.append(self.what)
        return printable(": ".join(parts))


class InputError(Exception):
    """Raised when user input cannot be used; holds every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls, file: str, what: str, *, where: str = "", line: int | None = None, column: int | None = None
    ) -> InputError:
        """Build an error holding a single problem."""
        return cls([Problem(file=file, what=what, where=where, line=line, column=column)])
