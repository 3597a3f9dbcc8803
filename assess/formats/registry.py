"""One renderer per (document kind, format): the only place a command learns which formats exist.

A format is one module in this package that declares itself and what it renders::

    renders = output_format("yaml", order=5)

    @renders(SCORE)
    def scores_yaml(documents: Sequence[ScoreDocument]) -> str: ...

The modules are found on disk and imported on the first question to the registry, so adding a
format touches nothing else, and a command that never asks imports none of them. Renderers
return text (the table format renders rich to text itself); the command line only prints it.
A format whose text may carry characters a terminal acts on, exactly as the format defines them
(JSON keeps C1 and bidi characters raw), declares ``terminal=``: a function the command line
applies to that text when standard output is a terminal, and only then.
A format module imports its heavy libraries inside its renderers, because every run that asks
for its choices imports every format module.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from assess.documents.check import CheckDocument
    from assess.documents.contract import AggregateDocument, DiffDocument, RoadmapDocument, ScoreDocument
    from assess.documents.history import HistoryDocument
    from assess.documents.organisation import OrganisationDocument

D = TypeVar("D")


class Kind(Generic[D]):
    """A kind of document; ``D`` is what its renderers take (a plain class: a dataclass costs a start-up)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Kind({self.name!r})"


SCORE: Kind[Sequence[ScoreDocument]] = Kind("score")
"""The score documents of one or more answers files, in input order."""
DIFF: Kind[DiffDocument] = Kind("diff")
AGGREGATE: Kind[AggregateDocument] = Kind("aggregate")
ROADMAP: Kind[RoadmapDocument] = Kind("roadmap")
ORGANISATION: Kind[OrganisationDocument] = Kind("organisation")
"""``aggregate`` counting each team once (its latest assessment); ``AGGREGATE`` is ``aggregate --all``."""
HISTORY: Kind[HistoryDocument] = Kind("history")
CHECK: Kind[CheckDocument] = Kind("check")

Renderer = Callable[[D], str]

_PACKAGE = __name__.rsplit(".", 1)[0]
_renderers: dict[tuple[str, str], Callable[[Any], str]] = {}
_order: dict[str, int] = {}
_terminal: dict[str, Callable[[str], str]] = {}
_discovered = False


def output_format(
    name: str, *, order: int = 100, terminal: Callable[[str], str] | None = None
) -> Callable[[Kind[D]], Callable[[Renderer[D]], Renderer[D]]]:
    """Declare a format; returns ``renders(kind)``, a decorator that registers one renderer of it.

    ``order`` places the format among a command's choices (lower first; the default goes last).
    ``terminal`` makes the format's text safe to show on a terminal without changing what it means
    (declared once per format; later declarations of the format may leave it out).
    """
    if _order.get(name, order) != order:
        raise ValueError(f"format {name!r} is already declared with order {_order[name]}")
    if terminal is not None:
        if _terminal.get(name, terminal) is not terminal:
            raise ValueError(f"format {name!r} already has a terminal filter")
        _terminal[name] = terminal

    def renders(kind: Kind[D]) -> Callable[[Renderer[D]], Renderer[D]]:
        def register(renderer: Renderer[D]) -> Renderer[D]:
            key = (kind.name, name)
            if key in _renderers:
                raise ValueError(f"{kind.name} documents already have a {name!r} renderer")
            _order[name] = order
            _renderers[key] = renderer
            return renderer

        return register

    return renders


def unregister(kind: Kind[Any], name: str) -> None:
    """Remove one renderer (for tests and plugins that add a format for a while)."""
    del _renderers[(kind.name, name)]
    if not any(fmt == name for _, fmt in _renderers):
        del _order[name]
        _terminal.pop(name, None)


def formats(kind: Kind[Any]) -> tuple[str, ...]:
    """The formats documents of ``kind`` can be rendered in: a command's ``--format`` choices."""
    _discover()
    names = [fmt for k, fmt in _renderers if k == kind.name]
    return tuple(sorted(names, key=lambda fmt: (_order[fmt], fmt)))


def render(kind: Kind[D], name: str, document: D, *, terminal: bool = False) -> str:
    """The document as text in format ``name`` (one of :func:`formats`); ``terminal``: to be shown on one."""
    _discover()
    renderer: Renderer[D] = _renderers[(kind.name, name)]
    text = renderer(document)
    return _terminal[name](text) if terminal and name in _terminal else text


def _discover() -> None:
    """Import every format module of the package once (each registers its renderers on import)."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    package = importlib.import_module(_PACKAGE)
    for module in pkgutil.iter_modules(package.__path__):
        if module.name != "registry" and not module.name.startswith("_"):
            importlib.import_module(f"{_PACKAGE}.{module.name}")
