"""Anchor inference: a publication date read off the text itself, for articles that come without
one: a dateline, else the latest full date in the opening lines, else the latest full date
anywhere in the text, else the latest month named with its year ("in March 1998"), as a month.
Only what the text states counts (a complete date, or a month with its year), so the tagger never
anchors on an invented year; a text that names no month of a year keeps its relative values
unanchored.
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
_MONTH_YEAR = re.compile(rf"{_B}(?P<mon>{_MONTH}),?\s+(?:of\s+)?(?P<year>{_YEAR}){_E}")
# Characters of the opening read for a dateline or the opening lines' dates.
_HEAD = 600
_DATELINE = 120


def infer_anchor(text: str) -> str | None:
    """A publication date read off the text: "YYYY-MM-DD", or "YYYY-MM" when the text names a
    month with its year but no full date; None when it states neither."""
    if not text:
        return None
    found: list[_dt.date] = []
    for m, d in _full_dates(text[:_HEAD]):
        if m.start() < _DATELINE:  # dateline position: take it as is
            return _day(d)
        found.append(d)
    if not found:  # none in the opening: the most explicit date the rest of the text gives
        found = [d for _, d in _full_dates(text)]
    if found:
        return _day(max(found))
    months = [(int(m.group("year")), _month_num(m.group("mon"))) for m in _MONTH_YEAR.finditer(text)]
    months = [(y, mo) for y, mo in months if mo]
    if months:
        year, month = max(months)
        return f"{year:04d}-{month:02d}"
    return None


def _full_dates(text: str):
    """(match, day) for each complete date in ``text``; impossible days are skipped."""
    for m in _FULL_DATE.finditer(text):
        try:
            if m.group("iso"):
                d = _dt.date.fromisoformat(m.group("iso"))
            elif m.group("mon"):
                d = _dt.date(int(m.group("year")), _month_num(m.group("mon")), int(m.group("day")))
            else:
                d = _dt.date(int(m.group("year2")), _month_num(m.group("mon2")), int(m.group("day2")))
        except ValueError:
            continue
        yield m, d
