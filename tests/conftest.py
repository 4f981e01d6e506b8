"""Shared fixtures: the seeds brief is built once per test session and read by many tests."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED_DATA = REPO.parent / "shared" / "data"
FIXED_TIME = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


SYSTEM_TEMP = tempfile.gettempdir()


@pytest.fixture(scope="session")
def system_temp() -> Path:
    """The system's temporary folder, for what another user must reach (a test database server)."""
    return Path(SYSTEM_TEMP)


@pytest.fixture(scope="session", autouse=True)
def _temporary_files_under_pytest(tmp_path_factory):
    """Report locks and other temporary files of the session go under pytest's own folder, which
    pytest prunes, rather than piling up in the system's (one lock per report folder made)."""
    folder = tmp_path_factory.mktemp("tmp")
    saved = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = str(folder)
    os.environ["TMPDIR"] = str(folder)  # subprocesses too (the CLI tests)
    yield folder
    tempfile.tempdir = saved[0]
    if saved[1] is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = saved[1]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """The sample brief in every format, built the way `make brief` builds it."""
    from briefing.build import BuildRequest, run

    out = tmp_path_factory.mktemp("reports")
    return run(BuildRequest(sources=(SEEDS,), out_dir=out, generated_at=FIXED_TIME)), out


@pytest.fixture(scope="session")
def seeds_without_manifest(tmp_path_factory):
    """The seeds with no metadata at all: publication dates must then be treated as unknown."""
    folder = tmp_path_factory.mktemp("bare-seeds")
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return folder
