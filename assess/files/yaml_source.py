"""Read YAML files safely and strictly, remembering where every value came from.

Why not ``yaml.safe_load``: it is the pure-Python loader (about 5x slower), it
silently keeps the last of two duplicate keys, expands anchors/aliases (the
"billion laughs" bomb), reads ``no`` as ``False`` and ``017`` as 15, and forgets
line numbers. Here libyaml's C parser produces events and a small iterative
builder turns them into plain Python data, refusing everything surprising with
a ``file:line:col`` message. Positions are only recorded when asked for (to
explain a validation error), so the common path stays as fast as the C loader.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assess.core.printable import SHOWN_WHOLE, clipped, quoted
from assess.core.problems import InputError
from assess.files.reading import MAX_FILE_BYTES as MAX_FILE_BYTES
from assess.files.reading import decode_text as decode_text
from assess.files.reading import read_text as read_text

MAX_DEPTH = 64
MAX_NUMBER_DIGITS = 100
"""Longer integers are refused (Python refuses to convert more than 4,300 digits anyway)."""
MAX_ITEMS = 1_000
"""Items in one list, keys in one mapping: a questionnaire has at most 500 activities (the models' limit)."""
MAX_NODES = 50_000
"""Values (texts, numbers, lists, mappings) in one file: the built-in questionnaire holds about 4,100.

Both limits stop the parse at once, so a 5 MB file of a million tiny items costs a fraction of a
second and one error line, instead of a million objects, validation errors and lines.
"""

Path_ = tuple[str | int, ...]
Marks = dict[Path_, tuple[int, int]]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_YAML11_BOOLS = frozenset({"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"})
_DECIMAL_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_OTHER_INT = re.compile(r"[-+]?(0[0-7_]+|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*(:[0-5]?[0-9])+|[0-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)
_STR_TAG = "tag:yaml.org,2002:str"
_NOT_TEXT = (_DECIMAL_INT, _OTHER_INT, _FLOAT, _SPECIAL_FLOAT, _DATE, _TIMESTAMP)
"""Plain scalars starting with a digit, sign or dot that are read as (or refused as) non-text."""


@dataclass
class YamlDocument:
    """Plain data read from one file, and (optionally) where each value starts."""

    file: str
    data: Any
    marks: Marks = field(default_factory=dict)

    def position(self, path: Path_) -> tuple[int, int] | None:
        """Line and column (1-based) of the deepest recorded node on ``path``."""
        for end in range(len(path), -1, -1):
            found = self.marks.get(tuple(path[:end]))
            if found is not None:
                return found
        return None


def plain_reads_as_text(value: str) -> bool:
    """Whether ``value``, written without quotes, reads back through :func:`parse_yaml` as that text.

    The writer quotes every other string: PyYAML's dumper follows YAML 1.1, so it would leave
    ``1e5``, ``08`` or ``0:30`` bare, and this reader would then read a number or refuse the file.
    Kept next to :meth:`_Builder.resolve_plain`, whose rules it mirrors.
    """
    if value in _NULLS or value in _TRUE or value in _FALSE or value in _YAML11_BOOLS:
        return False
    if value[0].isdigit() or value[0] in "+-.":
        return not any(pattern.fullmatch(value) for pattern in _NOT_TEXT)
    return True


def load_yaml_file(
    path: Path, *, display: str | None = None, with_marks: bool = False, yaml11_words_as_text: bool = False
) -> YamlDocument:
    """Read and parse one YAML file (see :func:`parse_yaml`)."""
    name = display or str(path)
    return parse_yaml(read_text(path, name), name, with_marks=with_marks, yaml11_words_as_text=yaml11_words_as_text)


def parse_yaml(text: str, file: str, *, with_marks: bool = False, yaml11_words_as_text: bool = False) -> YamlDocument:
    """Parse one YAML document into plain data, strictly.

    Raises :class:`InputError` for syntax errors, anchors and aliases, duplicate
    keys, explicit tags, nesting deeper than :data:`MAX_DEPTH`, several documents
    and YAML 1.1 surprises (``no``, ``017``, ``12:30``). ``yaml11_words_as_text``
    reads ``yes``/``no``/``on``/``off`` as the words instead of refusing them: only for
    files written by others for YAML 1.1 tools that mean the word (the SAMM model's ``text: No``).
    """
    if len(text) > MAX_FILE_BYTES:
        raise InputError.single(file, "document is larger than 5 MB; assess refuses documents this big")
    builder = _Builder(file, with_marks, yaml11_words_as_text)
    loader = yaml.CSafeLoader(text)
    try:
        while loader.check_event():
            builder.feed(loader.get_event())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or "invalid YAML"
        if error.context:
            what = f"{error.context}, {what}"
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            what += " (YAML indents with spaces, never tabs; replace the tab with spaces)"
        raise InputError.single(
            file,
            f"YAML syntax error: {what}",
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as error:
        line, column = _byte_position(text, error.position)
        raise InputError.single(
            file,
            f"holds the control character U+{error.character:04X}, which YAML does not allow; remove it",
            line=line,
            column=column,
        ) from None
    except yaml.YAMLError as error:
        raise InputError.single(file, f"YAML error: {error}") from None
    finally:
        loader.dispose()
    if not builder.documents:
        raise InputError.single(file, "file is empty; it should hold one YAML mapping")
    return YamlDocument(file, builder.result, builder.marks)


class _Frame:
    """A mapping or sequence being filled while events stream in."""

    __slots__ = ("container", "key", "key_mark", "path", "start")

    def __init__(self, container: dict[Any, Any] | list[Any], path: Path_, start: Any) -> None:
        self.container = container
        self.path = path
        self.start = start
        self.key: Any = _NO_KEY
        self.key_mark: tuple[int, int] = (0, 0)


_NO_KEY = object()


class _Builder:
    """Turns a libyaml event stream into data without recursion."""

    def __init__(self, file: str, with_marks: bool, yaml11_words_as_text: bool = False) -> None:
        self.file = file
        self.with_marks = with_marks
        self.yaml11_words_as_text = yaml11_words_as_text
        self.marks: Marks = {}
        self.stack: list[_Frame] = []
        self.documents = 0
        self.nodes = 0
        self.result: Any = None

    def fail(self, event: Any, what: str) -> InputError:
        return self.fail_at(event.start_mark, what)

    def fail_at(self, mark: Any, what: str) -> InputError:
        return InputError.single(self.file, what, line=mark.line + 1, column=mark.column + 1)

    def feed(self, event: Any) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.anchor is not None:
                raise self.fail(event, "YAML anchors and aliases are not allowed; write the value out in full")
            self.add(event, self.scalar(event))
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self.check_node(event)
            if len(self.stack) >= MAX_DEPTH:
                raise self.fail(event, f"nesting is deeper than {MAX_DEPTH} levels; flatten the file")
            container: dict[Any, Any] | list[Any] = {} if kind is yaml.MappingStartEvent else []
            path = self.add(event, container)
            self.stack.append(_Frame(container, path, event.start_mark))
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self.stack.pop()
        elif kind is yaml.AliasEvent:
            raise self.fail(event, "YAML anchors and aliases are not allowed; write the value out in full")
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise self.fail(event, "holds more than one YAML document; keep one per file")

    def check_node(self, event: Any) -> None:
        if event.anchor is not None:
            raise self.fail(event, "YAML anchors and aliases are not allowed; write the value out in full")
        if event.tag is not None and not event.implicit:
            raise self.fail(event, f"YAML tags such as {quoted(event.tag)} are not allowed; remove the tag")

    def add(self, event: Any, value: Any) -> Path_:
        """Attach a value to the open container (or make it the document); its path when marks are kept."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(
                event,
                f"the file holds more than {MAX_NODES:,} values (texts, numbers, lists and mappings); "
                "assess reads at most that many: split or shorten it",
            )
        if not self.stack:
            self.result = value
            if self.with_marks:
                self.marks[()] = (event.start_mark.line + 1, event.start_mark.column + 1)
            return ()
        frame = self.stack[-1]
        container = frame.container
        if type(container) is list:
            if len(container) >= MAX_ITEMS:
                raise self.fail_at(
                    frame.start, f"this list has more than {MAX_ITEMS:,} items; assess reads at most that many"
                )
            container.append(value)
            if not self.with_marks:
                return ()
            path = (*frame.path, len(container) - 1)
            self.marks[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
            return path
        if frame.key is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise self.fail(event, "mapping keys must be plain text, not lists or mappings")
            if value in container:
                raise self.fail(
                    event,
                    f"duplicate key {quoted(value) if isinstance(value, str) else clipped(str(value))}; "
                    "each key may appear only once",
                )
            if len(container) >= MAX_ITEMS:
                raise self.fail_at(
                    frame.start, f"this mapping has more than {MAX_ITEMS:,} keys; assess reads at most that many"
                )
            frame.key = value
            if self.with_marks:
                frame.key_mark = (event.start_mark.line + 1, event.start_mark.column + 1)
            return frame.path
        key = frame.key
        frame.key = _NO_KEY
        assert isinstance(container, dict)
        container[key] = value
        if not self.with_marks:
            return ()
        path = (*frame.path, key)
        self.marks[path] = frame.key_mark
        return path

    def scalar(self, event: Any) -> Any:
        value: str = event.value
        if event.tag is not None and not event.implicit[0] and not event.implicit[1]:
            if event.tag in (_STR_TAG, "!"):
                return value
            raise self.fail(event, f"YAML tags such as {quoted(event.tag)} are not allowed; remove the tag")
        if event.style or not event.implicit[0]:
            return value
        return self.resolve_plain(event, value)

    def resolve_plain(self, event: Any, value: str) -> Any:
        """Resolve an unquoted scalar with YAML 1.2 core rules, refusing 1.1 surprises."""
        if value in _NULLS:
            return None
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        first = value[0]
        if first.isdigit() or first in "+-.":
            return self.resolve_number_or_time(event, value)
        if value in _YAML11_BOOLS and not self.yaml11_words_as_text:
            raise self.fail(
                event,
                f"{value!r} is read as true/false by YAML 1.1 tools; "
                f'write true or false, or quote it ("{value}") to mean the word',
            )
        return value

    def resolve_number_or_time(self, event: Any, value: str) -> Any:
        if _DECIMAL_INT.fullmatch(value):
            if len(value) > MAX_NUMBER_DIGITS:
                raise self.fail(event, f"a number with {len(value)} digits is too long; quote it to mean text")
            return int(value)
        if _OTHER_INT.fullmatch(value):
            raise self.fail(
                event,
                f"{clipped(value)} would be read as a number in another base or as minutes:seconds by YAML 1.1 "
                f"tools; write a plain decimal number, or {_quote_it(value)} to mean text",
            )
        if _FLOAT.fullmatch(value):
            number = float(value)
            if not math.isfinite(number):
                raise self.fail(event, f"{clipped(value)} is too large a number; use a smaller one or quote it")
            return number
        if _SPECIAL_FLOAT.fullmatch(value):
            raise self.fail(event, f"{value} is not a finite number; use a number or quote it")
        if _DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(_pad_date(value))
            except ValueError:
                raise self.fail(event, f"{value} is not a valid date; write YYYY-MM-DD") from None
        if _TIMESTAMP.fullmatch(value):
            return self.timestamp(event, value)
        return value

    def timestamp(self, event: Any, value: str) -> dt.datetime:
        node = yaml.ScalarNode("tag:yaml.org,2002:timestamp", value)
        try:
            result = yaml.SafeLoader.construct_yaml_timestamp(_TIMESTAMP_CONSTRUCTOR, node)
        except ValueError:
            raise self.fail(event, f"{clipped(value)} is not a valid timestamp; write YYYY-MM-DDTHH:MM:SSZ") from None
        assert isinstance(result, dt.datetime)
        return result


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based line and column of ``text`` ('' when out of range)."""
    lines = text.split("\n")
    return lines[line][column : column + 1] if 0 <= line < len(lines) else ""


def _byte_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (1-based) of a byte offset into ``text`` encoded as UTF-8 (libyaml's unit)."""
    before = text.encode("utf-8")[:offset].decode("utf-8", errors="ignore")
    line_start = before.rfind("\n") + 1
    return before.count("\n") + 1, len(before) - line_start + 1


def _quote_it(value: str) -> str:
    """The advice to quote a scalar, showing how when it is short enough to repeat."""
    return f'quote it ("{value}")' if len(value) <= SHOWN_WHOLE else "quote it"


def _pad_date(value: str) -> str:
    year, month, day = value.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"


_TIMESTAMP_CONSTRUCTOR = yaml.SafeLoader("")
