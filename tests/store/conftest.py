"""Fixtures for the corpus store: a fresh SQLite store per test, and the seeds folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.store import open_store

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "store.sqlite3") as opened:
        yield opened
