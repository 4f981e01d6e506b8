"""Anchor inference: a publication date read off the text itself (a dateline, or the latest full
date in the opening lines), for articles that come without one. Only complete dates count, so the
tagger never anchors on an invented year.
"""

from __future__ import annotations

import datetime as _dt
import re

from .numbers import _month_num
from .values import _day
from .vocabulary import _B, _E, _MONTH, _WDAY, _YEAR

_FULL_DATE = re.compile(
    rf"{_B}(?:{_WDAY},?\s+)?(?P<mon>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>{_YEAR}){_E}"
    rf"|{_B}(?P<day2>\d{{1,2}})\s+(?P<mon2>{_MONTH})\s+(?P<year2>{_YEAR}){_E}"
    r"|(?<![\w-])(?P<iso>\d{4}-\d\d-\d\d)(?![\w-])"
)


def infer_anchor(text: str) -> str | None:
    """A publication date read off the text: a dateline, else the latest full date in the opening lines.

    Returns "YYYY-MM-DD" or None. Only complete dates (day, month and year) count, so the
    result never invents a year.
    """
    if not text:
        return None
    head = text[:600]
    found: list[_dt.date] = []
    for m in _FULL_DATE.finditer(head):
        try:
            if m.group("iso"):
                d = _dt.date.fromisoformat(m.group("iso"))
            elif m.group("mon"):
                d = _dt.date(int(m.group("year")), _month_num(m.group("mon")), int(m.group("day")))
            else:
                d = _dt.date(int(m.group("year2")), _month_num(m.group("mon2")), int(m.group("day2")))
        except ValueError:
            continue
        if m.start() < 120:  # dateline position: take it as is
            return _day(d)
        found.append(d)
    if found:
        return _day(max(found))
    return None
