"""Comparing TimeML date values of different precision without inventing precision."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def interval(value: str | None) -> tuple[date, date] | None:
    """The first and last day a value can denote, or None when it is not anchored in time."""
    if not value:
        return None
    if m := _DAY.match(value):
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return day, day
    if m := _MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            return None
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if m := _WEEK.match(value):
        try:
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
        return monday, monday + timedelta(days=6)
    if m := _QUARTER.match(value):
        year, quarter = int(m[1]), int(m[2])
        return _months(year, 3 * quarter - 2, 3 * quarter)
    if m := _HALF.match(value):
        year, half = int(m[1]), int(m[2])
        return _months(year, 6 * half - 5, 6 * half)
    if m := _SEASON.match(value):
        first, last = _SEASON_MONTHS[m[2]]
        return _months(int(m[1]), first, last)
    if m := _YEAR.match(value):
        year = int(m[1])
        return date(year, 1, 1), date(year, 12, 31)
    if m := _DECADE.match(value):
        decade = int(m[1]) * 10
        return date(decade, 1, 1), date(decade + 9, 12, 31)
    return None


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return date(year, first, 1), date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])


def is_anchored(value: str | None) -> bool:
    return interval(value) is not None


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


_GRANULARITY = (
    (_DAY, "day"),
    (_MONTH, "month"),
    (_WEEK, "week"),
    (_QUARTER, "quarter"),
    (_HALF, "half"),
    (_SEASON, "season"),
    (_YEAR, "year"),
    (_DECADE, "decade"),
)


def granularity(value: str) -> str:
    for pattern, name in _GRANULARITY:
        if pattern.match(value):
            return name
    return "other"
