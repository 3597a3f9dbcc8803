"""A file as it was at a commit (``--previous-ref REF``): read through git, bounded, as text to parse strictly.

git runs with a fixed argument list, no shell, in the file's folder, with a timeout, hooks and
fsmonitor off. The revision is checked (no option-like or control characters) and resolved to a
commit id first; the path goes after ``--`` to ``git ls-tree``, which names the blob; only a
regular file's blob is read, and only when its size is within the reader's cap. What comes back
is hostile input like any file: the caller parses it with the strict loader.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from assess.core.printable import quoted
from assess.core.problems import InputError
from assess.files.yaml_source import MAX_FILE_BYTES

GIT_TIMEOUT = 10.0
MAX_REF_LENGTH = 200
_HEX = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_SAFE_REF = re.compile(r"^[A-Za-z0-9._/@{}~^+-]+$")


def _git(folder: Path, args: list[str], name: str) -> bytes | None:
    """git's output, or None when git says no (an unknown revision, a folder outside any checkout)."""
    command = ["git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-C", str(folder), *args]
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(command, capture_output=True, timeout=GIT_TIMEOUT, env=environment, check=False)
    except FileNotFoundError:
        raise InputError.single(name, "--previous-ref needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise InputError.single(
            name, f"git took more than {GIT_TIMEOUT:g} s; give the previous file with --previous"
        ) from None
    return done.stdout if done.returncode == 0 else None


def read_at_ref(path: Path, ref: str) -> tuple[str, str]:
    """The text of ``path`` at commit ``ref``, and the name to report it by (``team.yaml at v1``)."""
    name = f"{path} at {quoted(ref)}"
    if not ref or len(ref) > MAX_REF_LENGTH or ref.startswith("-") or not _SAFE_REF.match(ref) or ".." in ref:
        raise InputError.single(name, "--previous-ref takes a commit, tag or branch name (such as HEAD~1 or v1.0)")
    folder = path.resolve().parent
    commit = _git(folder, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], name)
    if commit is None:
        raise InputError.single(
            name, f"{quoted(ref)} is not a commit of the git checkout holding {path.name} (or there is none)"
        )
    sha = commit.decode("ascii", "replace").strip()
    if not _HEX.match(sha):
        raise InputError.single(name, f"git did not resolve {quoted(ref)} to a commit")
    listing = _git(folder, ["ls-tree", "-z", "--end-of-options", sha, "--", path.name], name) or b""
    entry = listing.split(b"\0", 1)[0].decode("utf-8", "replace")
    meta = entry.split("\t", 1)[0].split(" ")
    if len(meta) != 3:
        raise InputError.single(name, f"{path.name} is not in that commit; check the name and the revision")
    mode, kind, blob = meta
    if kind != "blob" or mode not in ("100644", "100755") or not _HEX.match(blob):
        raise InputError.single(name, f"{path.name} is not a regular file in that commit (a link or a folder)")
    size = (_git(folder, ["cat-file", "-s", blob], name) or b"").strip()
    if not size.isdigit() or int(size) > MAX_FILE_BYTES:
        raise InputError.single(
            name, f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; assess refuses files this big"
        )
    raw = _git(folder, ["cat-file", "blob", blob], name)
    if raw is None or len(raw) > MAX_FILE_BYTES:
        raise InputError.single(name, "git could not read the file at that commit")
    try:
        return raw.decode("utf-8-sig"), name
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError.single(name, "is not valid UTF-8; it cannot be compared", line=line) from None
