"""Comparing TimeML date values of different precision without inventing precision.

What a value denotes (``interval``, ``granularity``) is ``briefing.timeml``'s; this module adds
what analysis asks of two values: can they be the same happening, is one after the other.
"""

from __future__ import annotations

from datetime import date

from briefing.timeml import granularity, interval

__all__ = ["after", "compatible", "granularity", "interval", "is_anchored", "midpoint", "precision_rank"]


def is_anchored(value: str | None) -> bool:
    """Placed in time, and narrow enough to date a happening (a century is not)."""
    return interval(value) is not None and granularity(value) != "century"


def compatible(a: str, b: str) -> bool:
    """Whether two values can denote the same happening at their shared granularity."""
    first, second = interval(a), interval(b)
    if first is None or second is None:
        return False
    return first[0] <= second[1] and second[0] <= first[1]


def after(value: str, reference: str | None) -> bool:
    """True when all of ``value`` lies after all of ``reference``."""
    span, ref = interval(value), interval(reference)
    if span is None or ref is None:
        return False
    return span[0] > ref[1]


def midpoint(value: str) -> date | None:
    span = interval(value)
    if span is None:
        return None
    return span[0] + (span[1] - span[0]) / 2


def precision_rank(value: str) -> int:
    """Larger is more precise; used to pick the best value when merging."""
    span = interval(value)
    if span is None:
        return -1
    return -(span[1] - span[0]).days
