"""The handouts the report tests share (tests/functional/handouts.py)."""

from __future__ import annotations

import pytest

from tests.functional.handouts import Handouts


@pytest.fixture(scope="session")
def handouts(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Handouts:
    """Rendered once in the run: the xdist workers share the parent of their temporary folders."""
    base = tmp_path_factory.getbasetemp()
    folder = (base if worker_id == "master" else base.parent) / "handouts"
    folder.mkdir(exist_ok=True)
    return Handouts(folder)
