"""The clock-time rule: "10 p.m.", "9:30 a.m. EST", "at 14:00", "seven o'clock", "1600 GMT".
A time takes the publication day here; the tagger later moves it to a day stated next to it
("10 p.m. Wednesday"), which a single match cannot see.
"""

from __future__ import annotations

import re

from ..context import Resolution, _dct_day, _rel, _State, rule
from ..numbers import _num
from ..vocabulary import _AMPM, _B, _E, _NUMW, _TZ


@rule(
    _B
    + r"(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>"
    + _AMPM
    + r")(?!\w)"
    + _TZ
    + r"|"
    + _B
    + r"(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?:\s*(?:h|hrs)\b)?"
    + _TZ
    + r"|"
    + _B
    + r"(?P<h3>"
    + _NUMW
    + r"|\d{1,2})\s+o'clock"
    + _E
    + r"|"
    + _B
    + r"(?P<h4>[01]\d|2[0-3])(?P<mi4>[0-5]\d)\s+(?:GMT|UTC|Zulu|hours|hrs)\b",
    3,
)
def clock(m: re.Match, st: _State) -> Resolution | None:
    if m.group("h4") is not None:
        before = st.text[max(0, m.start() - 12) : m.start()]
        if not re.search(r"\b(?:at|from|until|till|by|before|after|around|about|since)\s+\(?$", before, re.I):
            return None
        return _rel(st, "TIME", f"{_dct_day(st, 0)}T{m.group('h4')}:{m.group('mi4')}")
    if m.group("h") is not None:
        h = int(m.group("h"))
        mi = int(m.group("mi") or 0)
        ap = m.group("ap").lower().replace(" ", "")
        if h > 12 or h == 0:
            return None
        if ap.startswith("p") and h < 12:
            h += 12
        if ap.startswith("a") and h == 12:
            h = 0
    elif m.group("h2") is not None:
        h, mi = int(m.group("h2")), int(m.group("mi2"))
        after = st.text[m.end() : m.end() + 10]
        before = st.text[max(0, m.start() - 10) : m.start()]
        if re.match(r"\s*(?:\d|-|to\s+\d)", after) or not re.search(
            r"\b(?:at|by|around|about|until|before|after"
            r"|from|till)\s+$",
            before,
            re.I,
        ):
            return None
    else:
        n = _num(m.group("h3"))
        if not isinstance(n, int) or not 1 <= n <= 12:
            return None
        h, mi = n, 0
    return _rel(st, "TIME", f"{_dct_day(st, 0)}T{h:02d}:{mi:02d}")
