"""A disk cache of validated built-in questionnaires, so a cold ``assess score`` does not read 200 KB of YAML again.

Parsing the built-in questionnaire, building its pydantic validators and validating it takes
about 21 ms of CPU in every ``assess score`` (as much as a quarter of starting Python with yaml
and pydantic); reading it from here takes about 4 ms. The result is the same for the same text
and the same code, so it is kept as JSON under the user's cache folder (``$XDG_CACHE_HOME/assess``,
else the platform's cache folder) and rebuilt without validation.

Why this is safe:

- **Keyed by everything that decides the result**: the SHA-256 of the questionnaire's text, this
  format's number, the versions of assess, pydantic and Python, and the size and modification time
  of every source file under ``assess/core`` and ``assess/files`` (so an edit in a checkout or an
  editable install never meets an entry written by other code). A file under another key is
  never read: a changed questionnaire or upgrade simply writes a new entry.
- **Only a file this user wrote is read**: a regular file (no symbolic link), owned by the current
  user in a folder owned by them, neither writable by anyone else, at most ``MAX_CACHE_BYTES``.
- **JSON, not pickle**: ``json.loads`` cannot run code, whatever the bytes; a pickle can. Loading
  and rebuilding the built-in questionnaire this way takes about 1.3 ms, a pickle about 0.6 ms:
  not worth a file that can run code. NaN and infinities are refused.
- **Rebuilt by the model's own field types**: every value is checked against its field's type as
  it is rebuilt (text, numbers, lists, nested models, literals), unknown keys and missing required
  keys are refused; anything that does not fit means "no entry" and the file is read and
  validated as usual, then the entry rewritten. What is not checked again are the value
  constraints and cross-checks: they held when this same code wrote the entry.
- **Written only when exact**: an entry is kept only if rebuilding it gives a model equal to the
  validated one (``x-`` values that JSON cannot hold exactly are simply not cached), atomically
  (temporary file, fsync, rename), mode 0600. Any error while reading or writing only means the
  file is validated as if there were no cache.

Models are rebuilt the way ``BaseModel.model_construct`` does (``__dict__``, fields set, no extra,
no private values) without its per-field alias lookups, which make it about five times slower for
the built-in questionnaire's 254 models; a test compares the result with a validated model field
by field, so a pydantic release that changes what an instance holds is caught.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import stat
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic.version import VERSION as PYDANTIC_VERSION

from assess import __version__

FORMAT = 1
"""Bump when the layout of an entry changes."""

MAX_CACHE_BYTES = 16 * 1024 * 1024
KEY_LENGTH = 32
CACHE_DIR_ENV = "ASSESS_CACHE_DIR"
"""Overrides the cache folder; set it to an empty string to turn the cache off."""

ModelT = TypeVar("ModelT", bound=BaseModel)
Restore = Callable[[Any], Any]

_PACKAGE = Path(__file__).resolve().parents[1]
_CODE_FOLDERS = ("core", "files")


class _UnfitError(Exception):
    """The cached data does not fit the model: treat the entry as missing."""


def cache_dir() -> Path | None:
    """The folder of cached entries, or None when caching is off (``ASSESS_CACHE_DIR=``)."""
    chosen = os.environ.get(CACHE_DIR_ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "assess"
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return Path(local) / "assess" / "Cache" if local else None
    try:
        home = Path.home()
    except RuntimeError:  # no home folder to be found: no cache
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "assess"
    return home / ".cache" / "assess"


def remembered(model: type[ModelT], source: Path, text: str, build: Callable[[], ModelT]) -> ModelT:
    """The model ``build()`` returns for ``text`` (read from ``source``), from the cache when it holds it."""
    folder = cache_dir()
    try:
        entry = None if folder is None else folder / f"{source.stem}-{_key(model, text)}.json"
    except OSError:  # the package's sources cannot be listed (a zip import): no cache
        entry = None
    if entry is None:
        return build()
    found = _read(model, entry)
    if found is not None:
        return found
    built = build()
    with contextlib.suppress(OSError, TypeError, ValueError, RecursionError, _UnfitError):
        _write(model, built, entry)
    return built


# --- the key -------------------------------------------------------------------------------------


def _key(model: type[BaseModel], text: str) -> str:
    parts = [
        f"format {FORMAT}",
        f"model {model.__module__}.{model.__qualname__}",
        f"assess {__version__}",
        f"pydantic {PYDANTIC_VERSION}",
        f"python {sys.version_info[0]}.{sys.version_info[1]}",
        hashlib.sha256(text.encode("utf-8")).hexdigest(),
        *_code_fingerprint(),
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:KEY_LENGTH]


def _code_fingerprint() -> list[str]:
    """Size and modification time of every source file that turns a file into a model."""
    found: list[str] = []
    pending = [_PACKAGE / name for name in _CODE_FOLDERS]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as entries:
            for item in entries:
                if item.is_dir(follow_symlinks=False) and not item.name.startswith(("_", ".")):
                    pending.append(Path(item.path))
                elif item.name.endswith(".py"):
                    info = item.stat()
                    found.append(f"{item.path} {info.st_size} {info.st_mtime_ns}")
    return sorted(found)


# --- reading -------------------------------------------------------------------------------------


def _read(model: type[ModelT], entry: Path) -> ModelT | None:
    try:
        raw = _read_own_file(entry)
        if raw is None:
            return None
        data = json.loads(raw, parse_constant=_refuse_constant)
        restored = _restorer(model)(data)
    except (OSError, TypeError, ValueError, RecursionError, _UnfitError):
        return None
    return restored if isinstance(restored, model) else None


def _read_own_file(entry: Path) -> bytes | None:
    """The bytes of ``entry`` if it is a regular file this user owns that nobody else may write."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(entry, flags)
    except FileNotFoundError:
        return None
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CACHE_BYTES or not _private(info):
            return None
        if not _private(entry.parent.stat()):
            return None
        raw = file.read(MAX_CACHE_BYTES + 1)
    return raw if len(raw) <= MAX_CACHE_BYTES else None


def _private(info: os.stat_result) -> bool:
    """Owned by the current user and writable by nobody else (always true where there are no uids)."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:
        return True
    return info.st_uid == geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a questionnaire holds")


# --- rebuilding a model from plain data, checking each value against its field's type ------------

_RESTORERS: dict[Any, Restore] = {}


def _restorer(annotation: Any) -> Restore:
    """A function that rebuilds a value of type ``annotation`` from JSON data, or raises ``_UnfitError``."""
    found = _RESTORERS.get(annotation)
    if found is None:
        found = _RESTORERS[annotation] = _make_restorer(annotation)
    return found


def _make_restorer(annotation: Any) -> Restore:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _restorer(get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_restorer(annotation)
    if origin in (Union, types.UnionType):
        args = get_args(annotation)
        return _union_restorer([_restorer(a) for a in args if a is not type(None)], type(None) in args)
    if origin is Literal:
        allowed = get_args(annotation)
        return lambda v: v if any(type(v) is type(a) and v == a for a in allowed) else _unfit(v)
    if origin is tuple:
        args = get_args(annotation)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"cannot cache fixed-length tuples ({annotation})")
        item = _restorer(args[0])
        return lambda v: tuple([item(x) for x in v]) if type(v) is list else _unfit(v)
    if origin is dict:
        key, value = (_restorer(a) for a in get_args(annotation))
        return lambda v: {key(k): value(x) for k, x in v.items()} if type(v) is dict else _unfit(v)
    if annotation is Any:
        return lambda v: v  # x- values: kept, never read by assess
    if annotation is type(None):
        return lambda v: v if v is None else _unfit(v)
    if annotation is bool or annotation is str:
        return lambda v: v if type(v) is annotation else _unfit(v)
    if annotation is int:
        return lambda v: v if type(v) is int else _unfit(v)
    if annotation is float:
        return lambda v: float(v) if type(v) in (int, float) else _unfit(v)
    raise TypeError(f"cannot cache values of type {annotation!r}")


def _unfit(value: Any) -> Any:
    raise _UnfitError(type(value).__name__)


def _union_restorer(choices: list[Restore], optional: bool) -> Restore:
    def restore(value: Any) -> Any:
        if value is None and optional:
            return None
        for choice in choices:
            try:
                return choice(value)
            except _UnfitError:
                continue
        return _unfit(value)

    return restore


def _model_restorer(model: type[BaseModel]) -> Restore:
    """Rebuild ``model`` as ``model_construct`` would, from the fields the validated model had set."""
    plan = [(name, _restorer(info.annotation), _default_maker(info)) for name, info in model.model_fields.items()]
    new, set_attribute = model.__new__, object.__setattr__

    def restore(value: Any) -> BaseModel:
        if type(value) is not dict:
            return _unfit(value)  # type: ignore[no-any-return]
        built: dict[str, Any] = {}
        given: set[str] = set()
        for name, restore_value, make_default in plan:
            raw = value.get(name, _MISSING)
            if raw is not _MISSING:
                built[name] = restore_value(raw)
                given.add(name)
            elif make_default is None:
                raise _UnfitError(f"missing {name}")
            else:
                built[name] = make_default()
        if len(given) != len(value):
            raise _UnfitError("unknown field")
        instance = new(model)
        set_attribute(instance, "__dict__", built)
        set_attribute(instance, "__pydantic_fields_set__", given)
        set_attribute(instance, "__pydantic_extra__", None)
        set_attribute(instance, "__pydantic_private__", None)
        return instance

    return restore


_MISSING = object()
_IMMUTABLE = (str, int, float, bool, type(None))


def _default_maker(info: FieldInfo) -> Callable[[], Any] | None:
    """How a field left unset gets its default (None when it is required), as validation gives it."""
    if info.default_factory is not None:
        if info.default_factory_takes_validated_data:
            raise TypeError("cannot cache a default that depends on other fields")
        return info.default_factory  # type: ignore[return-value]
    if info.is_required():
        return None
    default = info.default
    if type(default) in _IMMUTABLE or default == ():
        return lambda: default
    return lambda: copy.deepcopy(default)


# --- writing -------------------------------------------------------------------------------------


def plain_data(value: Any) -> Any:
    """A validated model as JSON-ready data: the fields it had set, nested models likewise."""
    if isinstance(value, BaseModel):
        given = value.model_fields_set
        return {name: plain_data(getattr(value, name)) for name in type(value).model_fields if name in given}
    if isinstance(value, (tuple, list)):
        return [plain_data(item) for item in value]
    if isinstance(value, dict):
        if not all(type(key) is str for key in value):
            raise TypeError("JSON keys are text")
        return {key: plain_data(item) for key, item in value.items()}
    if value is None or type(value) in (str, int, float, bool):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _write(model: type[ModelT], built: ModelT, entry: Path) -> None:
    folder = entry.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # first: an unusable folder costs no more work
    if not _private(folder.stat()):
        return
    text = _dumps(plain_data(built))
    restored = _restorer(model)(json.loads(text))
    if restored != built or _dumps(plain_data(restored)) != text:
        return  # something JSON cannot hold exactly (an x- value): validate every time instead
    import tempfile  # only when writing

    handle, name = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(text.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
        temporary.replace(entry)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _remove_older_entries(entry)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _remove_older_entries(entry: Path) -> None:
    """Entries for the same file under other keys (earlier versions or content) are never read again."""
    source = entry.stem[: -KEY_LENGTH - 1]
    for other in entry.parent.iterdir():
        key = other.name[len(source) + 1 : -len(".json")]
        older = other.name.startswith(f"{source}-") and other.name.endswith(".json") and other != entry
        if older and len(key) == KEY_LENGTH and all(c in "0123456789abcdef" for c in key):
            with contextlib.suppress(OSError):
                other.unlink()
