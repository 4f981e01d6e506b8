"""The holiday rule: fixed and movable feasts ("Christmas", "Thanksgiving", "Easter", "Labor Day",
"Election Day") resolved to the occurrence nearest the anchor, by tense and "last/next", with the
date arithmetic (Easter computus, nth weekday of a month) each holiday needs.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable

from ..context import Resolution, _State, rule
from ..values import _day
from ..vocabulary import _B, _E, _YEAR, _cap_ok


def _easter(y: int) -> _dt.date:
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return _dt.date(y, month, day)


def _nth_weekday(y: int, month: int, wd: int, n: int) -> _dt.date:
    if n > 0:
        d = _dt.date(y, month, 1)
        d += _dt.timedelta(days=(wd - d.weekday()) % 7)
        return d + _dt.timedelta(weeks=n - 1)
    nxt = _dt.date(y + (month == 12), month % 12 + 1, 1) - _dt.timedelta(days=1)
    return nxt - _dt.timedelta(days=(nxt.weekday() - wd) % 7)


_HOLIDAYS: dict[str, Callable[[int], _dt.date]] = {
    "christmas day": lambda y: _dt.date(y, 12, 25),
    "christmas": lambda y: _dt.date(y, 12, 25),
    "christmas eve": lambda y: _dt.date(y, 12, 24),
    "new year's day": lambda y: _dt.date(y, 1, 1),
    "new year's eve": lambda y: _dt.date(y, 12, 31),
    "independence day": lambda y: _dt.date(y, 7, 4),
    "the fourth of july": lambda y: _dt.date(y, 7, 4),
    "halloween": lambda y: _dt.date(y, 10, 31),
    "valentine's day": lambda y: _dt.date(y, 2, 14),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "easter": _easter,
    "easter sunday": _easter,
    "good friday": lambda y: _easter(y) - _dt.timedelta(days=2),
    "veterans day": lambda y: _dt.date(y, 11, 11),
    "boxing day": lambda y: _dt.date(y, 12, 26),
    "may day": lambda y: _dt.date(y, 5, 1),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + _dt.timedelta(days=1),
}
_HOL_RE = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in _HOLIDAYS), key=len, reverse=True))


@rule(
    _B
    + r"(?:(?P<rel>last|next|this|this\s+past|this\s+coming)\s+)?(?P<h>"
    + _HOL_RE
    + r")(?:,?\s+(?P<y>"
    + _YEAR
    + r"))?"
    + _E,
    2,
)
def holiday(m: re.Match, st: _State) -> Resolution | None:
    h = re.sub(r"\s+", " ", m.group("h").lower())
    if h == "easter" and re.match(r"\s+(?:island|egg|bunny|rising)", st.text[m.end() : m.end() + 10], re.I):
        return None
    if not _cap_ok(m.group("h").lstrip("the ").strip()) and not m.group("h").startswith("the"):
        return None
    fn = _HOLIDAYS[h]
    if m.group("y"):
        return Resolution("DATE", _day(fn(int(m.group("y")))), "stated", None)
    a = st.anchor
    if a is None:
        d = fn(2001)
        return Resolution(
            "DATE",
            f"XXXX-{d.month:02d}-{d.day:02d}" if h not in ("easter", "good friday") else "XXXX-XX-XX",
            "unanchored",
            None,
        )
    if a.date is None:
        return Resolution("DATE", _day(fn(a.year)), "relative", a.text)
    rel = (m.group("rel") or "").lower()
    cands = [fn(y) for y in (a.year - 1, a.year, a.year + 1)]
    if rel in ("last", "this past"):
        d = max(c for c in cands if c < a.date)
    elif rel in ("next", "this coming"):
        d = min(c for c in cands if c > a.date)
    else:
        t = st.tense()

        def cost(c: _dt.date) -> float:
            diff = (c - a.date).days
            k = abs(diff)
            if diff < 0 and t == "future" or diff > 0 and t == "past":
                k = k * 2.5 + 60
            return k

        d = min(cands, key=cost)
    return Resolution("DATE", _day(d), "relative", a.text)
