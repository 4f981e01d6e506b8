"""Shared fixtures for the ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.ingest import load_registry


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture
def write(tmp_path):
    """Write a text (or bytes) fixture file under tmp_path and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write
