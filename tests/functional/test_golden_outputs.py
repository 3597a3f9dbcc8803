"""Every command x every ``--format`` on the bundled examples, compared byte for byte with golden files.

These pin what users and scripts see, so a refactoring that changes a character of output fails here.
After a deliberate change, regenerate with ``ASSESS_UPDATE_GOLDEN=1 pytest tests/functional/test_golden_outputs.py``
and review the diff. A mismatch writes ``<name>.actual`` beside the golden file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from assess.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("ASSESS_UPDATE_GOLDEN") == "1"

MOBILE = "examples/mobile-backend.yaml"
PARTNER_OLD = "examples/partner-api-2026-08.yaml"
PARTNER = "examples/partner-api.yaml"
BANK = "examples/bank-api-platform.yaml"
EXAMPLES = (MOBILE, PARTNER_OLD, PARTNER, BANK)
FINTECH = "examples/api-bsimm-fintech.yaml"

SCORE_FORMATS = ("table", "json", "csv", "markdown")
ROADMAP_FORMATS = ("table", "json", "markdown")
CHECK_FORMATS = ("text", "json", "sarif", "junit", "github")
CHECK_PARTNER = ["check", PARTNER, "--targets", "--min", "D-TA=1.5", "--no-regression", "--baseline", PARTNER_OLD]
EXIT_CODES = {f"check-partner-{fmt}": 1 for fmt in CHECK_FORMATS}
"""Cases that end with a gate's exit code (their output is pinned all the same)."""


def _cases() -> dict[str, list[str]]:
    cases: dict[str, list[str]] = {"list-table": ["list"], "list-json": ["list", "--format", "json"]}
    cases["validate-examples"] = ["validate", *EXAMPLES]
    for fmt in SCORE_FORMATS:
        for path in EXAMPLES:
            cases[f"score-{Path(path).stem}-{fmt}"] = ["score", path, "--format", fmt]
        cases[f"score-all-{fmt}"] = ["score", *EXAMPLES, "--format", fmt]
        cases[f"score-mobile-na-exclude-{fmt}"] = ["score", MOBILE, "--na", "exclude", "--format", fmt]
        cases[f"diff-partner-{fmt}"] = ["diff", PARTNER_OLD, PARTNER, "--format", fmt]
        cases[f"aggregate-examples-{fmt}"] = ["aggregate", "examples", "-q", "api-samm", "--format", fmt]
        cases[f"aggregate-examples-all-{fmt}"] = ["aggregate", "examples", "-q", "api-samm", "--all", "--format", fmt]
    for fmt in SCORE_FORMATS:  # BSIMM scorecards: answered directly, and derived from a SAMM assessment
        cases[f"score-api-bsimm-fintech-{fmt}"] = ["score", FINTECH, "--format", fmt]
        cases[f"score-partner-view-bsimm-{fmt}"] = ["score", PARTNER, "--view", "bsimm", "--format", fmt]
        cases[f"diff-partner-view-bsimm-{fmt}"] = ["diff", PARTNER_OLD, PARTNER, "--view", "bsimm", "--format", fmt]
        cases[f"aggregate-examples-view-bsimm-{fmt}"] = [
            "aggregate",
            "examples",
            "-q",
            "api-samm",
            "--view",
            "bsimm",
            "--format",
            fmt,
        ]
        cases[f"history-examples-{fmt}"] = ["history", "examples", "--format", fmt]
    for fmt in CHECK_FORMATS:
        cases[f"check-partner-{fmt}"] = [*CHECK_PARTNER, "--format", fmt]
    for fmt in ROADMAP_FORMATS:
        cases[f"roadmap-api-bsimm-fintech-{fmt}"] = ["roadmap", FINTECH, "--format", fmt]
        for path in EXAMPLES:
            cases[f"roadmap-{Path(path).stem}-{fmt}"] = ["roadmap", path, "--format", fmt]
        cases[f"roadmap-partner-profile-capacity-{fmt}"] = [
            "roadmap",
            PARTNER,
            "--profile",
            "regulated-financial",
            "--capacity",
            "40",
            "--phases",
            "3",
            "--format",
            fmt,
        ]
    return cases


CASES = _cases()


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_the_golden_file(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"}).invoke(main, CASES[name])
    assert result.exit_code == EXIT_CODES.get(name, 0), result.output
    actual = result.stdout
    expected_path = GOLDEN / f"{name}.txt"
    actual_path = GOLDEN / f"{name}.actual"
    if UPDATE or not expected_path.exists():
        GOLDEN.mkdir(exist_ok=True)
        expected_path.write_text(actual, encoding="utf-8")
        actual_path.unlink(missing_ok=True)
        if not UPDATE:
            pytest.fail(f"new golden file written to {expected_path}; review it and run again")
        return
    expected = expected_path.read_text(encoding="utf-8")
    if actual != expected:
        actual_path.write_text(actual, encoding="utf-8")
        pytest.fail(f"output differs from {expected_path.name}; see {actual_path.name} (diff them)")
    actual_path.unlink(missing_ok=True)


def test_every_command_that_takes_a_format_is_covered() -> None:
    """A new format choice on score, diff, aggregate or roadmap needs a golden file here."""
    commands = [(name, SCORE_FORMATS) for name in ("score", "diff", "aggregate", "history")] + [
        ("check", CHECK_FORMATS)
    ]
    for command, formats in commands:
        choices = next(p for p in main.commands[command].params if p.name == "output_format").type.choices
        assert tuple(choices) == formats, command
        assert all(any(n.startswith(f"{command}-") and n.endswith(f"-{f}") for n in CASES) for f in formats)
    choices = next(p for p in main.commands["roadmap"].params if p.name == "output_format").type.choices
    assert tuple(choices) == ROADMAP_FORMATS
