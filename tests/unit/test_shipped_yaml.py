"""Every YAML file assess ships must mean the same to PyYAML's pure-Python SafeLoader as to libyaml.

assess reads with the C loader; other tools (editors, CI scripts, pre-commit hooks) often have only the
pure-Python one, which is stricter in places: a `?` inside a flow sequence (`[https://x?a=1]`) parses with
libyaml but is an error in pure Python. Examples and questionnaires are copied by users, so they must
load everywhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(
    [
        *(ROOT / "questionnaires").rglob("*.yaml"),
        *(ROOT / "examples").glob("*.yaml"),
        *(ROOT / "reports").rglob("*.yaml"),
    ]
)


def test_there_is_something_to_check() -> None:
    names = {p.name for p in SHIPPED}
    assert {"api-samm.yaml", "refs.yaml", "partner-api.yaml"} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_pure_python_loader_reads_it_like_libyaml(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    pure = yaml.load(text, Loader=yaml.SafeLoader)
    assert pure is not None
    c_loader = getattr(yaml, "CSafeLoader", None)
    if c_loader is not None:
        assert yaml.load(text, Loader=c_loader) == pure
