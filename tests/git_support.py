"""Building small git repositories in tests: commits with fixed dates, no user configuration."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ISOLATED = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_LITERAL_PATHSPECS": "1"}


def git(repo: Path, *args: str, date: str = "2026-01-01T12:00:00+00:00") -> str:
    env = dict(os.environ) | ISOLATED | {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    base = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]
    done = subprocess.run([*base, *args], cwd=repo, env=env, capture_output=True, text=True, check=True, timeout=30)
    return done.stdout


def init(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    return repo


def commit(repo: Path, files: dict[str, str], message: str, date: str) -> str:
    """Write the files, commit them all with ``date`` and return the commit id."""
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        git(repo, "add", "--", name)
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


def samm_options(activity: str) -> tuple[str, str, str, str, str]:
    """The built-in questionnaire's version, and the option ids worth 0, 0.25, 0.5 and 1 for ``activity``
    (tests name no option by hand, so the questionnaire's wording can change under them)."""
    from assess.files.discovery import default_questionnaire
    from tests.conftest import option_with_value

    q = default_questionnaire()
    zero, quarter, half, full = (option_with_value(q, activity, v) for v in (0, 0.25, 0.5, 1))
    return q.version, zero, quarter, half, full
