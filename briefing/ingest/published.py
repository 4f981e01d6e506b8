"""Publication dates: validate the ones users give, read the ones a page states about itself.

Dates are ISO 8601 at their own precision: "2018", "2018-04", "2018-04-05". A full timestamp
("2018-04-05T10:30:00Z") is normalised to its day, "2018-04-05": the brief works in days and a
time zone would only move it. A month is never padded into a false day.

Inference only reads lines about the page itself (a "Published ..." / "Updated ..." line, a
date standing alone in the page header, a wire dateline "MOSCOW, Feb 12, 2018 (Reuters) -"),
never dates of events in the body; failing those, the date the article's address states
("/2016/05/12/", "APW19980227.0487"), by the layouts in ``briefing/data/address_dates.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import urlsplit

import yaml

from briefing.timeml import MONTH_NUMBERS

_ISO = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?"
)
_MONTHS = MONTH_NUMBERS
_NOT_DATE = re.compile(
    r"[\d:,./|-]|\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
    r"am|pm|at|gmt|utc|bst|cet|cest|et|est|edt|ct|cst|cdt|mt|mst|mdt|pt|pst|pdt|msk|st|nd|rd|th|"
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_MONTH = r"(?P<mon>[A-Za-z]{3,9})\.?"
_TEXT_DATES = [
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b"),  # Feb 12, 2018
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<y>\d{{4}})\b"),  # 12 February 2018
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),  # 2018-02-12
    re.compile(r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\b(?=.*\b(?:GMT|UTC)\b)"),  # 12/02/2018 GMT
]
# 03/14/2013 or 14/03/2013: read only where the day and the month cannot be confused (one
# number over 12, or both the same); "05/02/2013" is left unread.
_NUMERIC_DATE = re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})\b")
# Text rebuilt from tokens, or copied out of a PDF, spaces its punctuation: "03 / 14 / 2013",
# "9: 53 AM", "2013 - 07 - 21", "5: 40 p. m.".
_SPACED_BETWEEN_DIGITS = re.compile(r"(?<=\d) ?([/:.-]) ?(?=\d)")
_SPACED_MERIDIEM = re.compile(r"\b([ap])\. ?m\.", re.IGNORECASE)
_GLUED_MERIDIEM = re.compile(r"(?<=\d)(?=[ap]m\b)", re.IGNORECASE)  # "5:03pm"


def _unspaced(text: str) -> str:
    text = _SPACED_MERIDIEM.sub(r"\1m", _SPACED_BETWEEN_DIGITS.sub(r"\1", text))
    return _GLUED_MERIDIEM.sub(" ", text)


_STAMP_LINE = re.compile(
    r"^\s*(?:(?:first |originally )?(?:published|posted)|last (?:updated|modified)|updated|date)\b\s*(?:on|at)?:?",
    re.IGNORECASE,
)
_STAMP_MAX_CHARS = 60  # a date stamp standing alone is a short line
_UPDATED = re.compile(r"^\s*(?:last )?(?:updated|modified)\b", re.IGNORECASE)
# "MOSCOW, Feb 12, 2018 (Reuters) -", "WASHINGTON, 12 February 2018 (AFP) —"
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][A-Za-z .]{1,30})?(?:,\s*(?P<date>[^()]{6,25}?))?\s*"
    r"(?:\((?P<agency>[^()]{2,40})\)\s*)?[-–—]"
)


def parse_iso(value: object) -> str | None:
    """A valid ISO 8601 date at its own precision, timestamps cut to the day; else None."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    m = _ISO.fullmatch(value.strip())
    if not m:
        return None
    year, month, day = m.group("y"), m.group("m"), m.group("d")
    try:
        if day:
            dt.date(int(year), int(month), int(day))
            if m.group("H") is not None:
                dt.time(int(m.group("H")), int(m.group("M")), int(m.group("S") or 0))
            return f"{year}-{month}-{day}"
        if month:
            if not 1 <= int(month) <= 12:
                return None
            return f"{year}-{month}"
    except ValueError:
        return None
    return year if int(year) > 0 else None


def find_date(text: str) -> str | None:
    """The first full calendar date written in ``text`` ("Feb 12, 2018", "12 February 2018",
    "03/14/2013" where day and month cannot be confused)."""
    text = _unspaced(text)
    for pattern in _TEXT_DATES:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            month = _MONTHS.get(groups["mon"].lower()) if groups.get("mon") else int(groups["m"])
            if not month:
                continue
            try:
                return dt.date(int(groups["y"]), month, int(groups["d"])).isoformat()
            except ValueError:
                continue
    for m in _NUMERIC_DATE.finditer(text):
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        readings = set()
        for month, day in ((a, b), (b, a)):
            try:
                readings.add(dt.date(year, month, day))
            except ValueError:
                continue
        if len(readings) == 1:
            return readings.pop().isoformat()
    return None


def from_page_lines(lines: Iterable[str]) -> str | None:
    """Publication date from the page's own stamp lines; "Published" beats "Updated"."""
    published = updated = alone = None
    for line in lines:
        if _STAMP_LINE.match(line):
            date = find_date(line)
            if date and _UPDATED.match(line):
                updated = updated or date
            elif date:
                published = published or date
        elif len(line) <= _STAMP_MAX_CHARS and not re.search(r"[.!?]$", line):
            alone = alone or _date_alone(line)
    return published or alone or updated


def is_date_alone(line: str) -> bool:
    """The line is nothing but a date (plus weekday, time, zone): a stamp, never a headline."""
    return len(line) <= _STAMP_MAX_CHARS and _date_alone(line) is not None


def _date_alone(line: str) -> str | None:
    """A line that is nothing but a date (plus weekday / time): the page header's date."""
    date = find_date(line)
    if not date:
        return None
    rest = _NOT_DATE.sub(" ", _unspaced(line))
    return date if not rest.strip() else None


def from_dateline(paragraph: str | None) -> tuple[str | None, str | None]:
    """(date, agency) from a wire dateline opening the first paragraph, if it has one."""
    if not paragraph:
        return None, None
    m = _DATELINE.match(paragraph)
    if not m:
        return None, None
    date = find_date(m.group("date")) if m.group("date") else None
    return date, (m.group("agency") or None)


# --------------------------------------------------------------------------- the address


@dataclass(frozen=True)
class AddressLayout:
    """One way addresses write a date (see ``briefing/data/address_dates.yaml``)."""

    name: str
    example: str
    pattern: re.Pattern[str]


def parse_address_layouts(data: object, source: str) -> tuple[AddressLayout, ...]:
    """Layouts from a parsed YAML document; a malformed one raises ValueError naming ``source``."""
    if not isinstance(data, dict) or not isinstance(data.get("layouts"), list):
        raise ValueError(f"{source}: expected a mapping with a 'layouts' list")
    layouts = []
    for raw in data["layouts"]:
        if not isinstance(raw, dict) or not raw.get("pattern"):
            raise ValueError(f"{source}: every layout needs a pattern: {raw!r}")
        name = str(raw.get("name", raw["pattern"]))
        try:
            pattern = re.compile(str(raw["pattern"]), re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"{source}: layout {name!r}: bad pattern: {exc}") from exc
        groups = set(pattern.groupindex)
        if not ({"y", "yy"} & groups and "m" in groups):
            raise ValueError(f"{source}: layout {name!r}: needs groups y (or yy) and m")
        layouts.append(AddressLayout(name, str(raw.get("example", "")), pattern))
    return tuple(layouts)


@lru_cache(maxsize=1)
def _packaged_layouts() -> tuple[AddressLayout, ...]:
    text = resources.files("briefing").joinpath("data/address_dates.yaml").read_text(encoding="utf-8")
    return parse_address_layouts(yaml.safe_load(text), "briefing/data/address_dates.yaml")


def load_address_layouts(extra: Path | None = None) -> tuple[AddressLayout, ...]:
    """Packaged layouts plus, optionally, a user file with the same schema tried before them."""
    layouts = _packaged_layouts()
    if extra is not None:
        data = yaml.safe_load(Path(extra).read_text(encoding="utf-8"))
        layouts = parse_address_layouts(data, str(extra)) + layouts
    return layouts


def address_part(address: str) -> str:
    """The part of an address that can state a date: a URL's path and query (never its host,
    whose digits are not dates), or a file's name (never its folders, which name a collection
    - "crawl-2024-01-01/" - more often than the article's day)."""
    parts = urlsplit(address)
    if parts.scheme in ("http", "https") and parts.netloc:
        return parts.path + ("?" + parts.query if parts.query else "")
    name = address.split("#", 1)[0]  # "file.jsonl#L3": the file
    return PureWindowsPath(name).name if "\\" in name else PurePosixPath(name).name


def from_address(address: str | None, layouts: Iterable[AddressLayout] | None = None) -> str | None:
    """The publication date an article's address states ("YYYY-MM-DD", or "YYYY-MM" for a
    year/month path), by the first layout that reads a real calendar date in it; else None."""
    if not address:
        return None
    part = address_part(address)
    for layout in _packaged_layouts() if layouts is None else layouts:
        for m in layout.pattern.finditer(part):
            date = _layout_date(m)
            if date:
                return date
    return None


def _layout_date(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    if groups.get("y"):
        year = int(groups["y"])
    elif groups.get("yy"):
        yy = int(groups["yy"])
        year = 1900 + yy if yy >= 50 else 2000 + yy
    else:
        return None
    month = int(groups["m"])
    day = groups.get("d")
    try:
        if day:
            return dt.date(year, month, int(day)).isoformat()
        dt.date(year, month, 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}"
