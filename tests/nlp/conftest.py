"""Shared fixtures for the language tests: the spaCy model is loaded once per session."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from briefing.config import Settings


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The configured pipeline; tests take it as an argument, like the library code does."""
    return spacy.load(Settings().spacy_model)
