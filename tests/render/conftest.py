"""Fixtures for the render tests: the hand-made brief of render_sample.py and a WeasyPrint log check."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

# Let the test modules import their helpers (render_sample.py, synthetic.py) in any import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from render_sample import make_brief  # noqa: E402

from briefing.model import Brief  # noqa: E402


@pytest.fixture
def brief() -> Brief:
    return make_brief()


@pytest.fixture
def no_weasyprint_warnings(caplog):
    """Fail the test if WeasyPrint logs any warning or error while it runs."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield caplog
    bad = [r for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING]
    assert not bad, "WeasyPrint warnings: " + "; ".join(r.getMessage() for r in bad)
