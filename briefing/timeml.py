"""TimeML date values, the one way every stage reads them.

A value keeps its own precision: "2018-02-12" (a day), "2018-02-12T10:30" (a time), "2018-W07"
(a week), "2018-W07-WE" (its weekend), "2018-W07-3" (a weekday of it), "2018-02", "2018-Q1",
"2018-H2", "2018-SU" (a season), "2018", "201" (the 2010s), "20" (the 20th century); "XXXX-12-06"
has no year. Nothing here invents precision: a month is never turned into its first day.

    interval(value)    -> (first day, last day), both included, or None when not placed in time
    granularity(value) -> "day", "time", "week", "month", "quarter", "half", "season", "year",
                          "decade", "century" or "other"
    human(value)       -> "6 December 2017", "January 2018", "week 7, 2018", "the weekend of week 7, 2018"
    day(value)         -> the date of a day or time value, else None

Month names (for readers and for parsers) live here too.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Lower-case month names and their abbreviations -> month number ("sept" too).
MONTH_NUMBERS: Mapping[str, int] = MappingProxyType(
    {
        **{name.lower(): n for n, name in enumerate(MONTHS, start=1)},
        **{name[:3].lower(): n for n, name in enumerate(MONTHS, start=1)},
        "sept": 9,
    }
)
SEASON_NAMES: Mapping[str, str] = MappingProxyType(
    {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}
)
# First and last month of each season (winter runs into the next year: 12 to 14).
SEASON_MONTHS: Mapping[str, tuple[int, int]] = MappingProxyType(
    {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}
)

_X = r"[\dX]"
# (form, granularity, pattern): the first form that matches a value says what it is.
_FORMS = (
    ("time", "time", re.compile(rf"^({_X}{{4}})-({_X}{{2}})-({_X}{{2}})T.*$")),
    ("day", "day", re.compile(rf"^({_X}{{4}})-({_X}{{2}})-({_X}{{2}})$")),
    ("week", "week", re.compile(rf"^({_X}{{4}})-W({_X}{{2}})(-WE)?$")),
    ("weekday", "day", re.compile(rf"^({_X}{{4}})-W({_X}{{2}})-([1-7])$")),
    ("month", "month", re.compile(rf"^({_X}{{4}})-({_X}{{2}})$")),
    ("quarter", "quarter", re.compile(rf"^({_X}{{4}})-Q([1-4X])$")),
    ("half", "half", re.compile(rf"^({_X}{{4}})-H([12X])$")),
    ("season", "season", re.compile(rf"^({_X}{{4}})-(SP|SU|FA|AU|WI)$")),
    ("year", "year", re.compile(rf"^({_X}{{4}})$")),
    ("decade", "decade", re.compile(rf"^({_X}{{3}})$")),
    ("century", "century", re.compile(rf"^({_X}{{2}})$")),
)


def _form(value: object) -> tuple[str, str, re.Match[str]] | None:
    text = str(value or "").strip()
    for form, kind, pattern in _FORMS:
        if m := pattern.match(text):
            return form, kind, m
    return None


def granularity(value: str | None) -> str:
    """How precise a value is; "other" for anything that is no date (PAST_REF, a duration)."""
    found = _form(value)
    return found[1] if found else "other"


def interval(value: str | None) -> tuple[date, date] | None:
    """The first and last day a value can denote, both included; None when it is not placed in
    time (no year, a reference such as PAST_REF, an impossible date)."""
    found = _form(value)
    if found is None or "X" in found[2].group(0).split("T")[0]:
        return None
    try:
        return _INTERVALS[found[0]](found[2])
    except ValueError:  # "2018-02-30", week 54: no such day
        return None


def day(value: str | None) -> date | None:
    """The date of a day or time value ("2018-02-12", "2018-02-12T10:30", "2018-W07-1"), else None."""
    if granularity(value) not in {"day", "time"}:
        return None
    span = interval(value)
    return span[0] if span else None


def human(value: object) -> str:
    """A value at its own precision, for readers; anything else is shown as given.

    ``2017-12-06`` -> ``6 December 2017``; ``2018-01`` -> ``January 2018``; ``2018-W07`` ->
    ``week 7, 2018``; ``2018-W07-WE`` -> ``the weekend of week 7, 2018``; ``2018-Q1`` ->
    ``Q1 2018``; ``2018-SU`` -> ``summer 2018``; ``201`` -> ``the 2010s``; ``XXXX-12-06`` ->
    ``6 December (year unknown)``.
    """
    if value is None:
        return "unknown"
    text = str(value)
    found = _form(text)
    if found is None:
        return text
    form, _, m = found
    year = m.group(1)
    if form in {"day", "time", "month"}:
        month = m.group(2)
        if not month.isdigit() or not 1 <= int(month) <= 12:
            return text
        shown_year = year if "X" not in year else "(year unknown)"
        if form == "month":
            return f"{MONTHS[int(month) - 1]} {shown_year}"
        return f"{int(m.group(3))} {MONTHS[int(month) - 1]} {shown_year}" if m.group(3).isdigit() else text
    if "X" in m.group(0):
        return text
    if form == "weekday":
        span = interval(text)
        return f"{span[0].day} {MONTHS[span[0].month - 1]} {span[0].year}" if span else text
    if form == "week":
        week = f"week {int(m.group(2))}, {year}"
        return f"the weekend of {week}" if m.group(3) else week
    return {
        "quarter": lambda: f"Q{m.group(2)} {year}",
        "half": lambda: f"{'first' if m.group(2) == '1' else 'second'} half of {year}",
        "season": lambda: f"{SEASON_NAMES[m.group(2)]} {year}",
        "year": lambda: year,
        "decade": lambda: f"the {year}0s",
        "century": lambda: f"the {_ordinal(int(year) + 1)} century",
    }[form]()


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def month_number(word: str) -> int | None:
    """1-12 for a month's name or abbreviation ("Sept.", "december"), else None."""
    return MONTH_NUMBERS.get(word.strip().rstrip(".").lower())


# --------------------------------------------------------------------------- intervals per form


def _month_span(year: int, first: int, last: int) -> tuple[date, date]:
    """From the first day of month ``first`` to the last of month ``last`` (13 = next January)."""
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return date(year, first, 1), date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])


def _a_day(m: re.Match[str]) -> tuple[date, date]:
    d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return d, d


def _a_weekday(m: re.Match[str]) -> tuple[date, date]:
    d = date.fromisocalendar(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return d, d


def _a_week(m: re.Match[str]) -> tuple[date, date]:
    monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    if m.group(3):  # the weekend: Saturday and Sunday
        return monday + timedelta(days=5), monday + timedelta(days=6)
    return monday, monday + timedelta(days=6)


def _a_month(m: re.Match[str]) -> tuple[date, date]:
    month = int(m.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month}")
    return _month_span(int(m.group(1)), month, month)


def _a_quarter(m: re.Match[str]) -> tuple[date, date]:
    q = int(m.group(2))
    return _month_span(int(m.group(1)), 3 * q - 2, 3 * q)


def _a_half(m: re.Match[str]) -> tuple[date, date]:
    h = int(m.group(2))
    return _month_span(int(m.group(1)), 6 * h - 5, 6 * h)


def _a_season(m: re.Match[str]) -> tuple[date, date]:
    first, last = SEASON_MONTHS[m.group(2)]
    return _month_span(int(m.group(1)), first, last)


def _a_year(m: re.Match[str]) -> tuple[date, date]:
    year = int(m.group(1))
    return date(year, 1, 1), date(year, 12, 31)


def _a_decade(m: re.Match[str]) -> tuple[date, date]:
    start = int(m.group(1)) * 10
    return date(start, 1, 1), date(start + 9, 12, 31)


def _a_century(m: re.Match[str]) -> tuple[date, date]:
    start = int(m.group(1)) * 100
    return date(max(start, 1), 1, 1), date(start + 99, 12, 31)


_INTERVALS = {
    "time": _a_day,
    "day": _a_day,
    "weekday": _a_weekday,
    "week": _a_week,
    "month": _a_month,
    "quarter": _a_quarter,
    "half": _a_half,
    "season": _a_season,
    "year": _a_year,
    "decade": _a_decade,
    "century": _a_century,
}
