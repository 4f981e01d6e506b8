"""Rules for sets (TimeML SET, times that recur): "daily", "every week", "twice a year", "each
Monday", "Fridays". "A year" is a set only after an amount or a frequency ("$5 a year", "twice a
year"); "for a year" is a duration, left to the duration rules.
"""

from __future__ import annotations

import re

from ..context import Resolution, _State, rule
from ..numbers import _duration, _num, _unit_of
from ..vocabulary import _B, _E, _MONTH_NAMES, _NUM, _PARTS, _SEASONS, _UNIT, _WDAY, _WEEKDAYS, _cap_ok

_ADVERB_SET = {
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "yearly": "P1Y",
    "annually": "P1Y",
    "hourly": "PT1H",
    "quarterly": "P1Q",
    "nightly": "P1D",
    "biweekly": "P2W",
    "bimonthly": "P2M",
    "biannually": "P6M",
    "semiannually": "P6M",
    "semi-annually": "P6M",
    "fortnightly": "P2W",
}


@rule(
    _B + r"(?P<w>daily|weekly|monthly|yearly|annually|hourly|quarterly|nightly|biweekly|bimonthly|biannually"
    r"|semiannually|semi-annually|fortnightly)" + _E,
    1,
)
def adverb_set(m: re.Match, st: _State) -> Resolution | None:
    w = m.group("w").lower()
    after = st.text[m.end() : m.end() + 25]
    if re.match(
        r"\s+(?:dividends?|reports?|results|payments?|earnings|rates?|figures|payout|distributions?)\b", after, re.I
    ) or re.match(r"\s+[A-Z]", after):
        return None  # "quarterly dividend", "the Communist Party daily Granma"
    before = st.text[max(0, m.start() - 12) : m.start()]
    if re.search(r"\b(?:average|initial|first|regular|its|their|a|an)\s+$", before, re.I) and re.match(
        r"\s+[a-z]", after
    ):
        return None  # "average daily volume", "its first quarterly loss": an adjective on a measure
    return Resolution("SET", _ADVERB_SET[w], "stated", None)


@rule(
    _B
    + r"(?P<q>every|each|per|a|an|once\s+a|twice\s+a|(?:\w+)\s+times\s+a)\s+(?:(?P<n>other|"
    + _NUM
    + r")\s+)?(?P<u>second|minute|hour|day|night|week|weekend|month|quarter|year|decade|century|morning|evening"
    r"|afternoon|summer|winter|spring|fall|autumn|" + _WDAY + r"|January|February|March|April|May|June|July|August"
    r"|September|October|November|December|seconds|minutes|hours|days|weeks|months|years)" + _E,
    2,
)
def every(m: re.Match, st: _State) -> Resolution | None:
    q = m.group("q").lower()
    u = m.group("u")
    ul = u.lower().rstrip(".")
    if q in ("a", "an", "per"):
        before = st.text[max(0, m.start() - 30) : m.start()]
        # "$5 a year", "100 miles per hour", "twice a week"
        if not re.search(
            r"(?:\d|percent|%|dollars|cents|million|billion|once|twice|times|\w\w[^s\W]s)\s*$", before, re.I
        ):
            return None
        if re.search(r"\b(?:for|in|after|within|over|than|about|nearly|almost)\s+$", before, re.I):
            return None
        if ul in _WEEKDAYS or ul in _MONTH_NAMES or ul in _SEASONS or ul in _PARTS:
            return None
    if ul in _WEEKDAYS:
        if not _cap_ok(u):
            return None
        return Resolution("SET", f"XXXX-WXX-{_WEEKDAYS[ul] + 1}", "stated", None)
    if ul in _MONTH_NAMES:
        if not _cap_ok(u):
            return None
        return Resolution("SET", f"XXXX-{_MONTH_NAMES[ul]:02d}", "stated", None)
    if ul in _SEASONS:
        return Resolution("SET", f"XXXX-{_SEASONS[ul]}", "stated", None)
    if ul in _PARTS:
        return Resolution("SET", f"XXXX-XX-XXT{_PARTS[ul]}", "stated", None)
    n: int | str | float | None = 1
    if m.group("n"):
        n = 2 if m.group("n").lower() == "other" else _num(m.group("n"))
        if n is None:
            return None
    unit = _unit_of(ul)
    if unit not in _UNIT:
        return None
    return Resolution("SET", _duration(n, unit), "stated", None)


@rule(_B + r"(?:on\s+)?(?P<wd>Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays)" + _E, 1, flags=0)
def weekdays_plural(m: re.Match, st: _State) -> Resolution | None:
    if m.group(0).lower().startswith("on"):
        return None
    return Resolution("SET", f"XXXX-WXX-{_WEEKDAYS[m.group('wd')[:-1].lower()] + 1}", "stated", None)
