"""Number parsing: words and digits to numbers ("twenty-four", "2 1/2", "several"), spelled years
("nineteen ninety-eight"), month and day names to their numbers, and an amount of units to its
TimeML duration ("P3Y", "PT30M", "PXD"). The rules only find the words; the reading is here.
"""

from __future__ import annotations

import re

from .vocabulary import _MONTH_NAMES, _ONES, _ORDINALS, _TENS, _UNIT, _VAGUE


def _num(s: str) -> int | float | str | None:
    """'two' -> 2, '2 1/2' -> 2.5, 'twenty-four' -> 24, 'several' -> 'X'."""
    s = re.sub(r"\s+", " ", s.strip().lower())
    if s in _VAGUE:
        return _VAGUE[s]
    half = 0.0
    if s.endswith(" and a half"):
        half, s = 0.5, s[: -len(" and a half")]
    m = re.fullmatch(r"(\d+(?:,\d{3})*(?:\.\d+)?)(?: (\d)/(\d))?", s)
    if m:
        v = float(m.group(1).replace(",", ""))
        if m.group(2):
            v += int(m.group(2)) / int(m.group(3))
        return int(v) if v == int(v) else v
    total = 0
    for part in re.split(r"[- ]", s):
        if part in _ONES:
            total += _ONES[part]
        elif part in _TENS:
            total += _TENS[part]
        elif part == "hundred":
            total = (total or 1) * 100
        elif part in ("a", "and"):
            continue
        elif part in ("dozens", "hundreds", "of", "few", "several", "number", "couple"):
            return "X"
        else:
            return None
    v = total + half
    return int(v) if v == int(v) else v


def _spelled_year(s: str) -> int | None:
    """'nineteen ninety-eight' -> 1998, 'two thousand and five' -> 2005; None when it does not read."""
    s = s.lower().replace("-", " ")
    if s.startswith("two thousand"):
        rest = s[len("two thousand") :].replace(" and ", " ").strip()
        n = _num(rest) if rest else 0
        return 2000 + n if isinstance(n, int) else None
    parts = s.split(" ", 1)
    head = _num(parts[0])
    tail = parts[1] if len(parts) > 1 else ""
    if tail.startswith("oh "):
        tail = tail[3:]
    t = 0 if tail == "hundred" else _num(tail)
    if not isinstance(head, int) or not isinstance(t, int):
        return None
    return head * 100 + t


def _duration(n: int | float | str, unit: str) -> str:
    """TimeML duration for n units ('X' for vague amounts)."""
    code = _UNIT[unit]
    if n == "X":
        return (
            {
                "S": "PTXS",
                "M": "PXM",
                "H": "PTXH",
                "D": "PXD",
                "W": "PXW",
                "Q": "PXQ",
                "Y": "PXY",
                "DE": "PXDE",
                "CE": "PXCE",
                "WE": "PXWE",
            }[code]
            if unit not in ("minute", "min")
            else "PTXM"
        )
    if unit in ("minute", "min"):
        code = "TM"
    if isinstance(n, float):
        whole = int(n)
        frac = n - whole
        if code == "Y" and abs(frac - 0.5) < 1e-9:
            return f"P{whole}Y6M" if whole else "P6M"
        if code == "TM" and abs(frac - 0.5) < 1e-9:
            return f"PT{whole}M30S" if whole else "PT30S"
        if code == "H" and abs(frac - 0.5) < 1e-9:
            return f"PT{whole}H30M" if whole else "PT30M"
        if code == "D" and abs(frac - 0.5) < 1e-9:
            return f"P{whole}DT12H" if whole else "PT12H"
        n = f"{n:g}"
    if code == "DE":
        return f"P{int(n) * 10}Y" if isinstance(n, int) else f"P{n}DE"
    if code == "CE":
        return f"P{int(n) * 100}Y" if isinstance(n, int) else f"P{n}CE"
    if code == "WE":
        return f"P{int(n) * 2}D" if isinstance(n, int) else f"P{n}WE"
    if code in ("S", "H"):
        return f"PT{n}{code}"
    if code == "TM":
        return f"PT{n}M"
    return f"P{n}{code}"


def _unit_of(word: str) -> str:
    """The singular key of a unit word ('Years' -> 'year', 'centuries' -> 'century')."""
    w = word.lower().rstrip(".")
    if w.endswith("ies"):
        return "century"
    if w.endswith("s") and w[:-1] in _UNIT:
        return w[:-1]
    return w


def _month_num(word: str) -> int:
    """'Sept.' -> 9, 'December' -> 12."""
    w = word.lower().rstrip(".")
    return _MONTH_NAMES[w] if w in _MONTH_NAMES else _MONTH_NAMES[w[:3]]


def _day_num(s: str) -> int | None:
    """'6th' -> 6, 'twenty-first' -> 21, 'the' or an unknown word -> None."""
    s = s.lower()
    m = re.match(r"(\d+)", s)
    if m:
        return int(m.group(1))
    s = s.replace(" ", "-")
    if "-" in s:
        a, b = s.split("-", 1)
        return _TENS.get(a, 0) + _ORDINALS.get(b, 0)
    return _ORDINALS.get(s)
