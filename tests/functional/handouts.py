"""Handouts rendered once per test run, for every test (in any module, on any worker) that reads one.

A render takes seconds, and several modules read the same handout (each example on A4, say).
``handouts(*args)`` runs ``assess report ARGS -o … --html …`` through the CLI the first time any
xdist worker asks, in a folder the workers share; the others wait on its lock, then read the
same files. (``--dist loadgroup`` would keep such tests on one worker, but it does not group
under pytest 9.2 with pytest-xdist 3.8: pytest-xdist issue 1386.)
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

from assess.cli import main
from tests.functional.pdf_layout import Page, pages, texts


@dataclass(frozen=True)
class Handout:
    pdf: Path
    html: str
    stderr: str

    @functools.cached_property
    def pages(self) -> list[Page]:
        """Each page's text pieces and where they sit (read once per worker)."""
        return pages(self.pdf)

    @functools.cached_property
    def texts(self) -> list[str]:
        """Each page's text (read once per worker)."""
        return texts(self.pdf)


@dataclass
class Handouts:
    folder: Path
    """Shared by the workers of one run."""
    _read: dict[tuple[str, ...], Handout] = field(default_factory=dict)

    def __call__(self, *args: str) -> Handout:
        """The handout ``assess report ARGS`` writes (the PDF and its HTML), rendered on first use."""
        if args not in self._read:
            self._read[args] = self._made(args)
        return self._read[args]

    def example(self, case: Path, paper: str = "a4") -> Handout:
        """An answers file's handout with nothing but the paper chosen (the one most tests share)."""
        return self(str(case), "--paper", paper)

    def _made(self, args: tuple[str, ...]) -> Handout:
        place = self.folder / hashlib.sha256("\0".join(args).encode()).hexdigest()[:16]
        place.mkdir(exist_ok=True)
        pdf, html, stderr = place / "handout.pdf", place / "handout.html", place / "stderr.txt"
        with (place / "lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not stderr.exists():
                result = CliRunner().invoke(main, ["report", *args, "-o", str(pdf), "--html", str(html)])
                assert result.exit_code == 0, result.output
                stderr.write_text(result.stderr, encoding="utf-8")
        return Handout(pdf, html.read_text(encoding="utf-8"), stderr.read_text(encoding="utf-8"))
