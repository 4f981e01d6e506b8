"""Anchors and value arithmetic: the publication date at its own precision (``_Anchor``) and the
TimeML value calculus the rules share (shift a value by n units, step months and quarters, format
a day or an ISO week, convert a reference to another granularity). Pure functions over strings
and dates, so each can be checked on its own.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

# --------------------------------------------------------------------------- anchors


@dataclass(frozen=True)
class _Anchor:
    """A reference point at its own precision (unknown parts are None)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    text: str | None = None  # the ISO string it came from

    @property
    def date(self) -> _dt.date | None:
        if self.year and self.month and self.day:
            try:
                return _dt.date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None


_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?)?)?")


def _parse_anchor(value: str | None) -> _Anchor | None:
    """The publication date at whatever precision it is given; None when it is missing or unreadable."""
    if not value:
        return None
    m = _ISO.match(value)
    if not m:
        return None
    y, mo, d, h, mi = (int(g) if g else None for g in m.groups())
    if mo is not None and not 1 <= mo <= 12:
        return None
    if d is not None and mo is not None:
        try:
            _dt.date(y, mo, d)
        except ValueError:
            d = None
    return _Anchor(y, mo, d, h, mi, value)


# --------------------------------------------------------------------------- value arithmetic


def _day(d: _dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _week(d: _dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _month_add(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _quarter_add(y: int, q: int, n: int) -> tuple[int, int]:
    k = y * 4 + (q - 1) + n
    return k // 4, k % 4 + 1


_VALUE_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(T.*)?$")
_VALUE_MONTH = re.compile(r"^(\d{4})-(\d\d)$")
_VALUE_WEEK = re.compile(r"^(\d{4})-W(\d\d)(-WE)?$")
_VALUE_Q = re.compile(r"^(\d{4})-([QHS])([1-4UPAI])$")
_VALUE_YEAR = re.compile(r"^(\d{4})$")


def _shift(value: str, n: int, unit: str) -> str | None:
    """Shift a concrete DATE value by n units (Y, M, Q, W, D), keeping its granularity."""
    m = _VALUE_DAY.match(value)
    if m:
        d = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if unit == "Y":
            try:
                d = d.replace(year=d.year + n)
            except ValueError:
                d = d.replace(year=d.year + n, day=28)
        elif unit in ("M", "Q"):
            y, mo = _month_add(d.year, d.month, n * (3 if unit == "Q" else 1))
            d = _dt.date(y, mo, min(d.day, 28 if mo == 2 else 30 if mo in (4, 6, 9, 11) else 31))
        elif unit == "W":
            d = d + _dt.timedelta(weeks=n)
        elif unit == "D":
            d = d + _dt.timedelta(days=n)
        else:
            return None
        return _day(d)
    m = _VALUE_MONTH.match(value)
    if m:
        if unit not in ("Y", "M", "Q"):
            return None
        y, mo = _month_add(int(m.group(1)), int(m.group(2)), n * {"Y": 12, "M": 1, "Q": 3}[unit])
        return f"{y:04d}-{mo:02d}"
    m = _VALUE_Q.match(value)
    if m:
        if unit == "Y":
            return f"{int(m.group(1)) + n:04d}-{m.group(2)}{m.group(3)}"
        if unit == "Q" and m.group(2) == "Q":
            y, q = _quarter_add(int(m.group(1)), int(m.group(3)), n)
            return f"{y:04d}-Q{q}"
        return None
    m = _VALUE_WEEK.match(value)
    if m:
        if unit == "W":
            d = _dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1) + _dt.timedelta(weeks=n)
            return _week(d) + (m.group(3) or "")
        if unit == "Y":
            return f"{int(m.group(1)) + n:04d}-W{m.group(2)}{m.group(3) or ''}"
        return None
    m = _VALUE_YEAR.match(value)
    if m and unit == "Y":
        return f"{int(m.group(1)) + n:04d}"
    return None


def _concrete(value: str) -> bool:
    """A fully known calendar value (not a duration, not a reference word, no X): it can anchor others."""
    return bool(value) and value[0].isdigit() and "X" not in value and not value.startswith("P")


def _at_granularity(ref: str, code: str, off: int) -> str | None:
    """Reference value converted to the unit's granularity, shifted by off units.

    None when the reference has no year of four digits (a decade "199", a century "18"): there is
    no week, month or day of it to take, so the rule gives the expression up.
    """
    m = _VALUE_DAY.match(ref) or re.match(r"^(\d{4})-(\d\d)()$", ref) or re.match(r"^(\d{4})()()", ref)
    if m is None:
        return None
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else None
    d = int(m.group(3)) if m.group(3) else None
    if code == "Y":
        return f"{y + off:04d}"
    if code == "M" and mo:
        yy, mm = _month_add(y, mo, off)
        return f"{yy:04d}-{mm:02d}"
    if code == "D" and d:
        return _day(_dt.date(y, mo, d) + _dt.timedelta(days=off))
    if code in ("W", "WE") and d:
        return _week(_dt.date(y, mo, d) + _dt.timedelta(weeks=off)) + ("-WE" if code == "WE" else "")
    return ref
