"""Tone of a sentence, from VADER (Hutto and Gilbert 2014), a maintained sentiment lexicon.

VADER scores a sentence from a fixed, human-rated word list with rules for negation, degree
words ("very"), "but" and capitals; its *compound* score runs from -1 (most negative) to +1.
It needs no model download and runs offline. It rates the words of the sentence, not the
writer's stance toward any one actor: see ``docs/positions.md`` for what that means.

When the package is not installed, :func:`available` is False and no tone is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

# VADER's own conventional cut-offs for a positive / negative sentence.
POSITIVE = 0.05
NEGATIVE = -0.05


@lru_cache(maxsize=1)
def _analyser():
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    return SentimentIntensityAnalyzer()


def available() -> bool:
    return _analyser() is not None


@lru_cache(maxsize=4096)
def sentence_score(text: str) -> float:
    """VADER compound score of one sentence, -1..1 (0.0 when VADER is not installed)."""
    analyser = _analyser()
    if analyser is None:
        return 0.0
    return float(analyser.polarity_scores(text)["compound"])


def label(score: float) -> str:
    """ "pos" / "neg" / "neu" for a (mean) compound score, with VADER's cut-offs."""
    if score >= POSITIVE:
        return "pos"
    if score <= NEGATIVE:
        return "neg"
    return "neu"


def describe(mean: float) -> str:
    """Plain words for a mean compound score."""
    if mean >= 0.35:
        return "positive"
    if mean >= POSITIVE:
        return "mildly positive"
    if mean <= -0.35:
        return "negative"
    if mean <= NEGATIVE:
        return "mildly negative"
    return "neutral"


def mean(scores: Sequence[float]) -> float:
    return sum(scores) / len(scores) if scores else 0.0
