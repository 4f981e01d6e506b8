"""Shared fixtures: the seeds brief is built once per test session and read by many tests."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED_DATA = REPO.parent / "shared" / "data"
FIXED_TIME = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """The sample brief in every format, built the way `make brief` builds it."""
    from briefing.build import build
    from briefing.config import Settings

    out = tmp_path_factory.mktemp("reports")
    return build([SEEDS], out, Settings(), generated_at=FIXED_TIME), out


@pytest.fixture(scope="session")
def seeds_without_manifest(tmp_path_factory):
    """The seeds with no metadata at all: publication dates must then be treated as unknown."""
    folder = tmp_path_factory.mktemp("bare-seeds")
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return folder
