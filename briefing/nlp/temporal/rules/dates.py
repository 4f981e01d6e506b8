"""Rules for calendar dates written out: ISO and slashed dates, month and day in either order
("Dec. 6, 2012", "6 December", "the sixth of December"), a month with a year or with "this/last/next
year", and a month named alone. A missing year is chosen by :func:`_pick_year` (nearest to the anchor,
by tense); a year is never invented without an anchor.
"""

from __future__ import annotations

import datetime as _dt
import re

from ..context import Resolution, _pick_year, _State, rule
from ..numbers import _day_num, _month_num, _spelled_year
from ..vocabulary import _B, _DAYNUM, _DAYWORD, _E, _MONTH, _SPELLED_YEAR, _WDAY, _YEAR, _cap_ok


@rule(r"(?<![\w/-])(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::\d\d)?)?(?![\w/-])", 5)
def iso(m: re.Match, st: _State) -> Resolution | None:
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        _dt.date(y, mo, d)
    except ValueError:
        return None
    if m.group(4):
        return Resolution("TIME", f"{y:04d}-{mo:02d}-{d:02d}T{m.group(4)}:{m.group(5)}", "stated", None)
    return Resolution("DATE", f"{y:04d}-{mo:02d}-{d:02d}", "stated", None)


@rule(r"(?<![\w/.-])(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?![\w/-])", 4)
def slash(m: re.Match, st: _State) -> Resolution | None:
    mo, d, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if y < 100:
        y += 1900 if y > 30 else 2000
    if mo > 12 and d <= 12:
        mo, d = d, mo
    try:
        _dt.date(y, mo, d)
    except ValueError:
        return None
    return Resolution("DATE", f"{y:04d}-{mo:02d}-{d:02d}", "stated", None)


_DAY_GROUP = rf"(?P<day>{_DAYNUM}|{_DAYWORD})"
_MDY = (
    rf"{_B}(?:(?P<wd>{_WDAY}),\s+)?(?P<mon>{_MONTH})\s+(?:the\s+)?{_DAY_GROUP}"
    rf"(?:,?\s+(?P<year>{_YEAR}|{_SPELLED_YEAR}))?{_E}"
)
_DMY = rf"{_B}(?:the\s+)?{_DAY_GROUP}\s+(?:of\s+)?(?P<mon>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?{_E}"


@rule(_MDY, 3, flags=0)
def month_day(m: re.Match, st: _State) -> Resolution | None:
    mon = _month_num(m.group("mon"))
    day = _day_num(m.group("day"))
    if not day or day > 31:
        return None
    if m.group("mon") == "May" and not m.group("year") and not re.match(r"\d", m.group("day")):
        return None
    if m.group("year"):
        y = int(m.group("year")) if m.group("year").isdigit() else _spelled_year(m.group("year"))
        if y is None:
            return None
        try:
            _dt.date(y, mon, day)
        except ValueError:
            return None
        return Resolution("DATE", f"{y:04d}-{mon:02d}-{day:02d}", "stated", None)
    anchor, y = _pick_year(st, mon, day)
    if y is None:
        return Resolution("DATE", f"XXXX-{mon:02d}-{day:02d}", "unanchored", None)
    return Resolution("DATE", f"{y:04d}-{mon:02d}-{day:02d}", "relative", anchor)


@rule(_DMY, 3, flags=0)
def day_month(m: re.Match, st: _State) -> Resolution | None:
    if not re.match(r"\d", m.group("day")) and "the" not in m.group(0).lower():
        return None
    return month_day.handler(m, st)


@rule(
    _B + r"(?P<mon>" + _MONTH + r")(?:\s+(?P<day>" + _DAYNUM + r"))?,?\s+(?:of\s+)?(?P<rel>this|last|next)\s+year" + _E,
    3,
    flags=0,
)
def month_rel_year(m: re.Match, st: _State) -> Resolution | None:
    a = st.anchor
    mon = _month_num(m.group("mon"))
    off = {"this": 0, "last": -1, "next": 1}[m.group("rel").lower()]
    day = _day_num(m.group("day")) if m.group("day") else None
    if a is None:
        return Resolution("DATE", f"XXXX-{mon:02d}" + (f"-{day:02d}" if day else ""), "unanchored", None)
    return Resolution("DATE", f"{a.year + off:04d}-{mon:02d}" + (f"-{day:02d}" if day else ""), "relative", a.text)


@rule(_B + r"(?P<mon>" + _MONTH + r"),?\s+(?:of\s+)?(?P<year>" + _YEAR + r"|" + _SPELLED_YEAR + r")" + _E, 2, flags=0)
def month_year(m: re.Match, st: _State) -> Resolution | None:
    y = m.group("year")
    y = int(y) if y.isdigit() else _spelled_year(y)
    if y is None:
        return None
    return Resolution("DATE", f"{y:04d}-{_month_num(m.group('mon')):02d}", "stated", None)


_MON_CTX = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|through|during|before|after|of|last|next|this"
    r"|early|late|mid|end|beginning|start|and|or|to|between|each|every)\s*-?\s*)$",
    re.I,
)


@rule(
    _B + r"(?:(?P<rel>last|next|this|this past|this coming|the coming|coming|past)\s+)?(?P<mon>"
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)" + _E,
    1,
)
def month_alone(m: re.Match, st: _State) -> Resolution | None:
    word = m.group("mon")
    if not _cap_ok(word):
        return None
    before = st.text[max(0, m.start() - 30) : m.start()]
    if word in ("May", "March") and not m.group("rel") and not _MON_CTX.search(before):
        return None
    mon = _month_num(word)
    rel = (m.group("rel") or "").lower()
    a = st.anchor
    if a is None or a.month is None:
        if a is not None and rel in ("", "this"):
            return Resolution("DATE", f"{a.year:04d}-{mon:02d}", "relative", a.text)
        return Resolution("DATE", f"XXXX-{mon:02d}", "unanchored", None)
    if rel in ("last", "past", "this past"):
        y = a.year if mon < a.month - 1 else a.year - 1
    elif rel in ("next", "coming", "this coming", "the coming"):
        y = a.year if mon > a.month else a.year + 1
    elif rel == "this":
        y = a.year
    else:
        _, y = _pick_year(st, mon, None)
    return Resolution("DATE", f"{y:04d}-{mon:02d}", "relative", a.text)
