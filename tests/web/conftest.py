"""Fixtures for the web service: an app on a temporary store, with a quick stand-in for the build
(the real build runs in the browser test)."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))

from webtools import BASE, FakeBuild  # noqa: E402

from briefing.config import Settings  # noqa: E402
from briefing.web.app import ServiceConfig, create_app  # noqa: E402


@pytest.fixture
def fake_build() -> FakeBuild:
    return FakeBuild()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(store=str(tmp_path / "store.sqlite3"), web_weekly=str(tmp_path / "weekly"))


@pytest.fixture
def serve(settings: Settings, fake_build: FakeBuild) -> Callable[..., TestClient]:
    """``serve(**settings_changes, tokens_required=...)``: a running app's test client (closed after the test)."""
    clients: list[TestClient] = []

    def make(tokens_required: bool | None = None, build=fake_build, **changes) -> TestClient:
        config = ServiceConfig(dataclasses.replace(settings, **changes), tokens_required=tokens_required, build=build)
        client = TestClient(create_app(config), base_url=BASE)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(serve) -> TestClient:
    return serve()
