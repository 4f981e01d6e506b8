"""Rules for years and longer stretches: four-digit and spelled years ("nineteen ninety-eight"),
decades ("the 1990s", "the '80s", "the eighties"), centuries, seasons, "year-end" and "mid-1990".
Bare four-digit numbers are the riskiest match in news text, so the year rule checks its neighbours
(``_YEAR_BAD_BEFORE`` / ``_YEAR_BAD_AFTER``); the tagger reuses them for year ranges.
"""

from __future__ import annotations

import re

from ..context import Resolution, _State, rule
from ..numbers import _spelled_year
from ..vocabulary import _B, _DECADE_WORDS, _E, _SEASONS, _SPELLED_YEAR, _YEAR

# years -------------------------------------------------------------------------------------

_YEAR_BAD_BEFORE = re.compile(
    r"(?:[$#\u00a3\u20ac]|\b(?:No\.|number|Flight|flight|Room|room|Highway|Route"
    r"|page|Article|Resolution|Nos?\.?|Boeing|model|Model)\s*)$"
)
_YEAR_BAD_AFTER = re.compile(
    r"^(?:\s*(?:%|percent|per cent|people|men|women|troops|soldiers|tons|tonnes"
    r"|points|shares|feet|meters|metres|miles|yards|dollars|cars|units|votes"
    r"|jobs|workers|employees|students|barrels|acres|pounds|kilometers|residents"
    r"|refugees|members|delegates|seats)\b|[.,]\d|\d)"
)


@rule(
    r"(?<![\w$.,/'-])(?:(?P<fy>fiscal(?:\s+year)?|FY|calendar(?:\s+year)?|the\s+year|model\s+year)\s*)?"
    r"(?P<year>" + _YEAR + r")(?![\w%]|[.,]\d|-\d\d(?!\d)|\s*-\s*\d{4})",
    1,
)
def year(m: re.Match, st: _State) -> Resolution | None:
    y = int(m.group("year"))
    if y < 1200 or y > 2099:
        return None
    before = st.text[max(0, m.start() - 20) : m.start()]
    after = st.text[m.end() : m.end() + 20]
    if _YEAR_BAD_BEFORE.search(before) or _YEAR_BAD_AFTER.match(after):
        return None
    if not m.group("fy") and (y < 1900 and not re.search(r"\b(?:in|since|of|from|until|by|year)\s+$", before, re.I)):
        return None
    return Resolution("DATE", f"{y:04d}", "stated", None)


@rule(_B + r"(?:the\s+year\s+)?(?P<y>" + _SPELLED_YEAR + r")" + _E, 0)
def spelled(m: re.Match, st: _State) -> Resolution | None:
    y = _spelled_year(m.group("y"))
    if y is None or not 1000 <= y <= 2099:
        return None
    before = st.text[max(0, m.start() - 25) : m.start()]
    after = st.text[m.end() : m.end() + 12]
    if m.group(0).lower().startswith("the year"):
        return Resolution("DATE", f"{y:04d}", "stated", None)
    if not (
        re.search(r"\b(?:in|since|of|from|until|by|year|the year|and|or|to|a|the)\s+$", before, re.I)
        or re.match(r"\s*[,.;]", after)
    ) or re.match(r"\s*(?:dollars|people|percent)", after):
        return None
    if m.group("y").lower().startswith("two thousand") and not re.search(r"\b(?:in|since|until|by)\s+$", before, re.I):
        return None
    return Resolution("DATE", f"{y:04d}", "stated", None)


# decades and centuries ----------------------------------------------------------------------


@rule(
    _B + r"(?:the\s+)?(?P<mod>(?:early|late|mid)[\s-]+)?(?:(?P<c>1[0-9]|20)(?P<d>\d)0'?s|'(?P<s>\d)0'?s"
    r"|(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))" + _E,
    3,
)
def decade(m: re.Match, st: _State) -> Resolution | None:
    if m.group("c"):
        return Resolution("DATE", f"{m.group('c')}{m.group('d')}", "stated", None)
    d = int(m.group("s")) if m.group("s") else _DECADE_WORDS[m.group("w").lower()]
    if m.group("w") and not m.group(0).lower().startswith(("the", "early", "late", "mid")):
        return None
    a = st.anchor
    century = 19 if a is None else (a.year // 100 if d * 10 <= a.year % 100 else a.year // 100 - 1)
    return Resolution("DATE", f"{century}{d}", "relative" if a else "stated", a.text if a else None)


@rule(_B + r"(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]+century" + _E, 3)
def century(m: re.Match, st: _State) -> Resolution | None:
    return Resolution("DATE", f"{int(m.group('n')) - 1:02d}", "stated", None)


@rule(_B + r"(?P<rel>this|last|next|the\s+(?:last|past|previous|next|current))\s+(?P<u>century|decade)" + _E, 3)
def this_century(m: re.Match, st: _State) -> Resolution | None:
    rel = m.group("rel").lower().split()[-1]
    unit = m.group("u").lower()
    if rel in ("past", "last") and m.group("rel").lower().startswith("the"):
        return Resolution("DURATION", "P100Y" if unit == "century" else "P10Y", "stated", None)
    a = st.anchor
    off = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1}[rel]
    if a is None:
        return Resolution("DATE", "XX" if unit == "century" else "XXX", "unanchored", None)
    if unit == "century":
        return Resolution("DATE", f"{a.year // 100 + off:02d}", "relative", a.text)
    return Resolution("DATE", f"{a.year // 10 + off:03d}", "relative", a.text)


# seasons ------------------------------------------------------------------------------------


@rule(
    _B + r"(?:(?P<rel>this\s+past|this\s+coming|the\s+coming|last|next|this|the|early|late|mid|in)[\s-]+)?"
    r"(?P<s>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<y>" + _YEAR + r"|" + _SPELLED_YEAR + r"))?" + _E,
    1,
)
def season(m: re.Match, st: _State) -> Resolution | None:
    rel = re.sub(r"\s+", " ", (m.group("rel") or "").lower())
    s = _SEASONS[m.group("s").lower()]
    if m.group("y"):
        y = int(m.group("y")) if m.group("y").isdigit() else _spelled_year(m.group("y"))
        if y is None:
            return None
        return Resolution("DATE", f"{y:04d}-{s}", "stated", None)
    if not rel:
        before = st.text[max(0, m.start() - 20) : m.start()]
        if not re.search(r"\b(?:in|during|by|until|since|through|this|last|next)\s+$", before, re.I):
            return None
        if s in ("FA", "SP") and not re.search(r"\b(?:in|during|by|until|since|through)\s+$", before, re.I):
            return None
    a = st.anchor
    if a is None or a.month is None:
        if a is not None and rel in ("this", "the", "in", ""):
            return Resolution("DATE", f"{a.year:04d}-{s}", "relative", a.text)
        return Resolution("DATE", f"XXXX-{s}", "unanchored", None)
    cur = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(a.month, "FA")
    order = ["WI", "SP", "SU", "FA"]
    ci, si = order.index(cur), order.index(s)
    y = a.year
    if rel in ("last", "this past"):
        y = a.year if si < ci else a.year - 1
    elif rel in ("next", "this coming", "the coming"):
        y = a.year if si > ci else a.year + 1
    elif rel == "" or rel == "in" or rel == "the":
        t = st.tense()
        if t == "past" and si > ci:
            y = a.year - 1
        elif t == "future" and si < ci:
            y = a.year + 1
    if s == "WI" and a.month == 12 and rel not in ("last", "this past"):
        y = a.year + 1
    return Resolution("DATE", f"{y:04d}-{s}", "relative", a.text)


# year-end and mid-year ---------------------------------------------------------------------


@rule(_B + r"(?:(?P<the>the)\s+)?(?:year[- ]end|year's\s+end|end\s+of\s+the\s+year)" + _E, 2)
def year_end(m: re.Match, st: _State) -> Resolution | None:
    a = st.anchor
    if a is None:
        return Resolution("DATE", "XXXX", "unanchored", None)
    before = st.text[max(0, m.start() - 8) : m.start()]
    y = a.year - 1 if re.search(r"\bsince\s+$", before, re.I) else a.year
    return Resolution("DATE", f"{y:04d}", "relative", a.text)


@rule(r"(?<![\w-])(?:mid|post|pre)-(?P<y>" + _YEAR + r")" + _E, 2)
def mid_year(m: re.Match, st: _State) -> Resolution | None:
    return Resolution("DATE", m.group("y"), "stated", None)
