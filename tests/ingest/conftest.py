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


@pytest.fixture
def site():
    """A news site on 127.0.0.1 (tests/ingest/news_site.py), started for the test and stopped after it."""
    from .news_site import Reply, Site

    with Site() as running:
        running.routes["/robots.txt"] = Reply(
            body=b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}
        )
        yield running


@pytest.fixture
def policy():
    """Fetching as the tests do it: loopback allowed (by the setting), no delay, short timeouts."""
    from briefing.ingest.fetch import FetchPolicy

    return FetchPolicy(
        delay=0.0,
        concurrency=4,
        timeout=1.0,
        retries=1,
        backoff=0.05,
        max_bytes=1024 * 1024,
        allow_hosts=("127.0.0.1",),
    )
