"""Committed versions of answers files, read from git: for ``history --git``, ``check --baseline-ref`` and
``report --previous-ref``.

The ``git`` command is run with fixed argument lists (never a shell), ``--`` before paths, literal
pathspecs (a path such as ``:(glob)*`` means that file), a timeout on every call, and options that keep
a hostile repository's configuration from running anything (no pager, no signature checks, no textconv
or external diff). Three processes read any number of versions: one ``git log`` lists them, one
``git cat-file --batch-check`` sizes them, and ``git cat-file --batch`` reads those under the size cap
in bounded chunks. Every blob is hostile input: the caller passes its bytes through the same strict
loader as a file (:func:`assess.files.yaml_source.decode_text`).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from assess.core.printable import printable
from assess.core.problems import InputError, Problem
from assess.files.assessments import Assessment, assessment_from_text
from assess.files.discovery import YAML_SUFFIXES
from assess.files.yaml_source import MAX_FILE_BYTES, decode_text

GIT_TIMEOUT = 120.0
"""Seconds any one git command may take; a repository that needs longer is reported, not waited on."""
CHUNK_BYTES = 64 * 1024 * 1024
"""The most blob content read from one ``git cat-file --batch`` (memory stays bounded)."""
REGULAR_MODES = frozenset({"100644", "100755"})
"""Committed file modes read as files (a symbolic link or a submodule is not followed)."""
_GIT_OPTIONS = (
    "--no-pager",
    "--literal-pathspecs",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "log.showSignature=false",
    "-c",
    "core.quotePath=false",
)
_ZERO = "0" * 40
NEEDED_FOR_GIT = "--git reads committed versions (run it inside one, or drop --git)"
MAX_REF_LENGTH = 200
"""The longest revision accepted (a branch name, a tag, ``HEAD~3``): a longer one is refused unread."""


@dataclass(frozen=True, slots=True)
class Version:
    """One committed version of one file."""

    path: str
    """The file's path in the repository (POSIX form)."""
    commit: str
    committed: dt.datetime
    blob: str

    @property
    def date(self) -> dt.date:
        """The commit's date, in the committer's time zone."""
        return self.committed.date()

    @property
    def name(self) -> str:
        """How problems name this version: ``path@abc1234``."""
        return f"{self.path}@{self.commit[:7]}"


@dataclass
class Versions:
    """What ``git log`` found for some paths, oldest first."""

    found: list[Version] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)
    """Path -> older versions left out by the limit."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(``path@commit``, why) for versions that are not regular files (links, submodules)."""


class Repository:
    """A git working tree, found from a path inside it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def of(cls, path: Path, needed_for: str = NEEDED_FOR_GIT) -> Repository:
        """The repository holding ``path``; InputError when there is none (saying what needed one) or git cannot run."""
        folder = path if path.is_dir() else path.parent
        if not folder.is_dir():
            raise InputError.single(str(path), "file not found; check the path")
        out = _run(["rev-parse", "--show-toplevel"], folder, str(path), not_a_repo=needed_for)
        return cls(Path(os.fsdecode(out).rstrip("\n")))

    def relative(self, path: Path) -> str:
        """``path`` as the repository names it (``.`` for its top); InputError when it lies outside."""
        absolute = path.resolve() if path.is_dir() else path.parent.resolve() / path.name
        try:
            inside = absolute.relative_to(self.root.resolve())
        except ValueError:
            raise InputError.single(str(path), f"is outside the git repository at {self.root}") from None
        return inside.as_posix() if inside.parts else "."

    def git(self, args: Sequence[str], name: str, stdin: bytes | None = None) -> bytes:
        return _run(args, self.root, name, stdin=stdin)

    def versions(self, paths: Sequence[str], limit: int | None = None) -> Versions:
        """Every committed version of the files at ``paths`` (files or folders), oldest first.

        Under a folder only ``*.yaml`` / ``*.yml`` files count, hidden folders left out, as when
        scanning a folder on disk. ``limit`` keeps the newest versions of each file.
        """
        args = ["log", "-z", "--no-renames", "--no-ext-diff", "--no-textconv", "--no-show-signature"]
        args += ["--raw", "--no-abbrev", "--format=%x01%H %cI", "--", *paths]
        out = self.git(args, paths[0] if len(paths) == 1 else str(self.root))
        result = Versions()
        newest_first: list[Version] = []
        kept: dict[str, int] = {}
        for commit, committed, parts, path in _log_entries(out):
            if len(parts) < 5 or parts[3] == _ZERO or not _wanted(path, paths):
                continue
            version = Version(path, commit, committed, parts[3])
            if parts[1] not in REGULAR_MODES:
                result.skipped.append((version.name, "is not a regular file in that commit (a link or submodule)"))
                continue
            if limit is not None and kept.get(path, 0) >= limit:
                result.dropped[path] = result.dropped.get(path, 0) + 1
                continue
            kept[path] = kept.get(path, 0) + 1
            newest_first.append(version)
        result.found = newest_first[::-1]
        return result

    def contents(self, versions: Sequence[Version]) -> Iterator[tuple[Version, bytes | str]]:
        """Each version's bytes, in order, or why it cannot be read (over the size cap: never read at all)."""
        sizes = self._sizes([v.blob for v in versions])
        batch: list[Version] = []
        blobs: dict[str, None] = {}
        total = 0
        for version in versions:
            size = sizes.get(version.blob, -1)
            if 0 <= size <= MAX_FILE_BYTES and version.blob not in blobs:
                if batch and total + size > CHUNK_BYTES:
                    yield from self._read(batch, list(blobs), sizes)
                    batch, blobs, total = [], {}, 0
                blobs[version.blob] = None
                total += size
            batch.append(version)
        if batch:
            yield from self._read(batch, list(blobs), sizes)

    def _read(
        self, batch: Sequence[Version], blobs: Sequence[str], sizes: dict[str, int]
    ) -> Iterator[tuple[Version, bytes | str]]:
        read = self._blobs(blobs) if blobs else {}
        for version in batch:
            data = read.get(version.blob)
            if data is not None:
                yield version, data
            elif sizes.get(version.blob, 0) > MAX_FILE_BYTES:
                yield version, f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; assess refuses files this big"
            else:
                yield version, "could not be read from the repository (git cat-file found no such blob)"

    def _sizes(self, blobs: Sequence[str]) -> dict[str, int]:
        if not blobs:
            return {}
        request = "".join(f"{b}\n" for b in dict.fromkeys(blobs)).encode("ascii")
        out = self.git(["cat-file", "--batch-check"], str(self.root), stdin=request)
        sizes = {}
        for line in out.decode("ascii", "replace").splitlines():
            parts = line.split(" ")
            if len(parts) == 3 and parts[1] == "blob" and parts[2].isdigit():
                sizes[parts[0]] = int(parts[2])
        return sizes

    def _blobs(self, blobs: Sequence[str]) -> dict[str, bytes]:
        request = "".join(f"{b}\n" for b in blobs).encode("ascii")
        out = self.git(["cat-file", "--batch"], str(self.root), stdin=request)
        found: dict[str, bytes] = {}
        at = 0
        while at < len(out):
            end = out.index(b"\n", at)
            parts = out[at:end].decode("ascii", "replace").split(" ")
            at = end + 1
            if len(parts) != 3:
                continue
            size = int(parts[2])
            found[parts[0]] = out[at : at + size]
            at += size + 1
        return found

    def commit_of(self, ref: str, option: str = "--baseline-ref") -> str:
        """The commit a revision names (``HEAD~1``, a tag, a branch); InputError naming ``option`` when none."""
        shown = printable(ref[:60])
        if not ref or len(ref) > MAX_REF_LENGTH or ref.startswith("-") or any(c in ref for c in "\0\n\r"):
            raise InputError.single(option, f"{shown!r} is not a revision; name a commit, branch or tag")
        args = ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"]
        done = _call(args, self.root, option)
        if done.returncode != 0:
            raise InputError.single(
                option, f"{shown!r} is not a commit in {self.root}; name a commit, branch or tag (git log)"
            )
        return done.stdout.decode("ascii", "replace").strip()

    def file_at(self, commit: str, path: str) -> Version | None:
        """The version of the file at ``path`` in ``commit``, or None when it was not a file there."""
        out = self.git(["ls-tree", "-z", "--full-tree", commit, "--", path], path)
        for entry in out.split(b"\0"):
            meta, _, name = entry.partition(b"\t")
            parts = meta.decode("ascii", "replace").split(" ")
            if os.fsdecode(name) == path and len(parts) == 3 and parts[0] in REGULAR_MODES and parts[1] == "blob":
                stamp = self.git(["show", "-s", "--no-show-signature", "--format=%cI", commit], path)
                return Version(path, commit, dt.datetime.fromisoformat(stamp.decode("ascii").strip()), parts[2])
        return None


def _log_entries(out: bytes) -> Iterator[tuple[str, dt.datetime, list[str], str]]:
    """(commit, its date, the raw line's fields, path) for each file a ``git log -z --raw`` output lists.

    Read token by token (``-z`` ends every field with NUL): a path is whatever follows a raw line,
    so a file named ``a\x01b.yaml`` or ``:x.yaml`` cannot pass for a commit header or a raw line.
    """
    commit, committed = "", dt.datetime.min
    meta: list[str] | None = None
    for token in out.split(b"\0"):
        if meta is not None:
            if commit:
                yield commit, committed, meta, os.fsdecode(token)
            meta = None
            continue
        token = token.lstrip(b"\n")
        if token.startswith(b":"):
            meta = token.decode("ascii", "replace")[1:].split(" ")
        elif token.startswith(b"\x01"):
            sha, _, when = token[1:].decode("ascii", "replace").partition(" ")
            try:
                commit, committed = sha, dt.datetime.fromisoformat(when)
            except ValueError:
                commit = ""  # not a date git writes: leave that commit out rather than guess
    return


def _wanted(path: str, specs: Sequence[str]) -> bool:
    """Whether a path git listed is one of the named files, or an answers file under a named folder."""
    for spec in specs:
        if path == spec:
            return True
        base = PurePosixPath(spec)
        inside = PurePosixPath(path) if spec == "." else None
        if inside is None and PurePosixPath(path).is_relative_to(base):
            inside = PurePosixPath(path).relative_to(base)
        if inside is not None and inside.suffix in YAML_SUFFIXES and not any(p.startswith(".") for p in inside.parts):
            return True
    return False


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_PAGER": "cat"})
    return env


def _call(args: Sequence[str], cwd: Path, name: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run one git command (no shell, fixed options, a timeout); failing to run it at all is an InputError."""
    command = ["git", *_GIT_OPTIONS, *args]
    try:
        return subprocess.run(
            command, cwd=cwd, input=stdin, capture_output=True, timeout=GIT_TIMEOUT, env=_environment(), check=False
        )
    except FileNotFoundError:
        raise InputError.single(name, "--git needs the git command, which is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise InputError.single(name, f"git did not answer within {GIT_TIMEOUT:g} s; try fewer files") from None
    except OSError as error:
        raise InputError.single(name, f"git could not be run ({error.strerror or error})") from None


def _run(args: Sequence[str], cwd: Path, name: str, *, stdin: bytes | None = None, not_a_repo: str = "") -> bytes:
    """Run one git command and return its output; a failure becomes one InputError line with git's reason."""
    done = _call(args, cwd, name, stdin)
    if done.returncode != 0:
        message = os.fsdecode(done.stderr).strip().splitlines()
        first = printable(message[0][:200]) if message else f"exit code {done.returncode}"
        if not_a_repo and "not a git repository" in first:
            raise InputError.single(name, f"is not in a git repository; {not_a_repo}")
        raise InputError.single(name, f"git failed: {first.removeprefix('fatal: ')}")
    return done.stdout


def load_versions(
    repo: Repository, versions: Sequence[Version], questionnaire: str | None = None
) -> Iterator[tuple[Version, Assessment | None, tuple[Problem, ...]]]:
    """Each version through the strict loader: (version, its assessment or None, its problems).

    None without problems is a questionnaire file met under a folder. A blob seen before (a revert,
    or a commit that touched other files only) is loaded once.
    """
    seen: dict[str, tuple[Assessment | None, tuple[Problem, ...]]] = {}
    for version, data in repo.contents(versions):
        if version.blob in seen:
            found, problems = seen[version.blob]
            yield version, (replace(found, file=version.name) if found else None), problems
            continue
        try:
            if isinstance(data, str):
                raise InputError.single(version.name, data)
            text = decode_text(data, version.name)
            result: tuple[Assessment | None, tuple[Problem, ...]] = (
                assessment_from_text(text, version.name, questionnaire, skip_questionnaires=True),
                (),
            )
        except InputError as error:
            result = (None, error.problems)
        seen[version.blob] = result
        yield version, *result


@dataclass(frozen=True, slots=True)
class Committed:
    """An answers file as committed at a revision, loaded strictly (``--baseline-ref``, ``--previous-ref``)."""

    assessment: Assessment | None
    """None when the file was not a regular file in that commit."""
    commit: str


def assessment_at(
    path: Path,
    ref: str,
    questionnaire: str | None,
    option: str,
    instead: str,
    commits: dict[Path, str] | None = None,
) -> Committed:
    """The answers file at ``path`` as committed at ``ref``, through the same strict loader as a file.

    InputError (naming ``option``, and what to do ``instead``) outside a repository, for a revision that
    names no commit, and for a version that is over the size cap or does not load. ``commits`` caches each
    repository's revision.
    """
    repo = Repository.of(path, f"{option} reads its version at a commit; {instead}")
    known = commits if commits is not None else {}
    if repo.root not in known:
        known[repo.root] = repo.commit_of(ref, option)
    commit = known[repo.root]
    version = repo.file_at(commit, repo.relative(path))
    if version is None:
        return Committed(None, commit)
    ((_, data),) = list(repo.contents([version]))
    if isinstance(data, str):
        raise InputError.single(version.name, data)
    found = assessment_from_text(
        decode_text(data, version.name), version.name, questionnaire, skip_questionnaires=False
    )
    return Committed(found, commit)
