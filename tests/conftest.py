"""Shared fixtures: the real pipeline (built once) and the shared data directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """`RASD_SHARED`, default `../shared` next to the repository (as CI lays it out)."""
    return Path(os.environ.get("RASD_SHARED", REPO.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if not (path / "gold" / "dev.jsonl").exists():
        pytest.fail(f"shared data not found at {path}; set RASD_SHARED")
    return path


@pytest.fixture(scope="session")
def nlp():
    from rasd import Pipeline
    return Pipeline()
