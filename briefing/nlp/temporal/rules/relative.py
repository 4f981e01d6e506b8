"""Rules for deictic days and units, resolved against the publication date: "today", "yesterday
morning", "overnight", weekdays ("on Tuesday", "last Friday", "the following Monday"), vague
references ("now", "recently", "the near future") and "this/last/next week|month|year|weekend|
quarter" with their anaphoric forms ("the following year", "that week").
"""

from __future__ import annotations

import datetime as _dt
import re

from ..context import Resolution, _dct_day, _ref_value, _rel, _State, _unknown_like, _weekday_value, rule
from ..values import _VALUE_DAY, _at_granularity, _day, _month_add, _quarter_add, _week
from ..vocabulary import _B, _E, _PARTS, _WDAY, _WEEKDAYS, _cap_ok

# deictic day words --------------------------------------------------------------------------


@rule(
    _B + r"(?:the\s+day\s+(?P<dd>before\s+yesterday|after\s+tomorrow)|(?P<w>today|yesterday|tomorrow|tonight)"
    r"(?:(?:'s)?\s+(?P<part>morning|afternoon|evening|night))?)" + _E,
    3,
)
def today(m: re.Match, st: _State) -> Resolution | None:
    if m.group("dd"):
        off = -2 if m.group("dd").lower().startswith("before") else 2
        return _rel(st, "DATE", _dct_day(st, off))
    w = m.group("w").lower()
    off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[w]
    part = m.group("part")
    if w == "today" and st.anchor is None:
        before = st.text[max(0, m.start() - 20) : m.start()]
        after = st.text[m.end() : m.end() + 20]
        if re.search(r"\b(?:of|until|to)\s+$", before) or re.match(r"'s\b", after):
            return Resolution("DATE", "PRESENT_REF", "stated", None)
    if w == "today":
        before = st.text[max(0, m.start() - 12) : m.start()]
        if re.search(r"\b(?:of|until)\s+$", before):
            return Resolution("DATE", "PRESENT_REF", "stated", None)
    day = _dct_day(st, off)
    if w == "tonight":
        return _rel(st, "TIME", day + "TNI")
    if part:
        return _rel(st, "TIME", day + "T" + _PARTS[part.lower()])
    return _rel(st, "DATE", day)


@rule(
    _B + r"(?P<rel>this|last|the|early\s+this|late\s+this|later\s+this|earlier\s+this)\s+(?P<part>morning"
    r"|afternoon|evening|night)" + _E,
    2,
)
def this_morning(m: re.Match, st: _State) -> Resolution | None:
    rel = m.group("rel").lower().split()[-1]
    part = _PARTS[m.group("part").lower()]
    if rel == "the":
        return None
    off = -1 if rel == "last" else 0
    if rel == "last" and part != "NI":
        return None
    return _rel(st, "TIME", _dct_day(st, off) + "T" + part)


@rule(_B + r"(?P<o>overnight|midday|noon|midnight)" + _E, 1)
def overnight(m: re.Match, st: _State) -> Resolution | None:
    w = m.group("o").lower()
    before = st.text[max(0, m.start() - 12) : m.start()]
    if w == "overnight":
        if re.search(r"\b(?:an?|the)\s+$", before, re.I):
            return None
        return _rel(st, "TIME", _dct_day(st, 0) + "TNI")
    if not re.search(r"\b(?:at|by|until|before|after|around|about|since|from|till|to)\s+$", before, re.I):
        return None
    return _rel(st, "TIME", _dct_day(st, 0) + ("T24:00" if w == "midnight" else "T12:00"))


# weekdays -----------------------------------------------------------------------------------


@rule(
    _B + r"(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming|coming|the\s+previous|the\s+following|the"
    r"\s+next|past))\s+)?(?P<wd>" + _WDAY + r")(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?" + _E,
    2,
    flags=0,
)
def weekday(m: re.Match, st: _State) -> Resolution | None:
    word = m.group("wd")
    if not _cap_ok(word):
        return None
    if word.endswith("s") and not word.endswith("ss") and word.lower().rstrip(".") not in _WEEKDAYS:
        return None
    wd = _WEEKDAYS[word.lower().rstrip(".")]
    rel = re.sub(r"\s+", " ", (m.group("rel") or "").lower())
    after = st.text[m.end() : m.end() + 2]
    before = st.text[max(0, m.start() - 8) : m.start()]
    if re.search(r"\b(?:every|each|on)\s+$", before, re.I) and re.match(r"s\b", after):
        return None
    if rel in ("the previous", "the following", "the next"):
        ref, _ = _ref_value(st)
        if ref and _VALUE_DAY.match(ref):
            d = _dt.date.fromisoformat(ref[:10])
            off = -((d.weekday() - wd) % 7 or 7) if rel == "the previous" else (wd - d.weekday()) % 7 or 7
            value = _day(d + _dt.timedelta(days=off))
            return _with_part(Resolution("DATE", value, "relative", ref), m.group("part"))
        return _with_part(Resolution("DATE", f"XXXX-WXX-{wd + 1}", "unanchored", None), m.group("part"))
    direction = {
        "last": "last",
        "this past": "last",
        "past": "last",
        "next": "next",
        "this coming": "next0",
        "coming": "next0",
    }.get(rel)
    if direction is None and re.match(r"'s\s+[a-z]", st.text[m.end() : m.end() + 4]):
        direction = "last0"  # "Wednesday's ruling": a reported event
    value = _weekday_value(st, wd, direction)
    res = _rel(st, "DATE", value)
    return _with_part(res, m.group("part"))


def _with_part(res: Resolution, part: str | None) -> Resolution:
    if not part:
        return res
    typ, value, how, anc = res
    return Resolution("TIME", value + "T" + _PARTS[part.lower()], how, anc)


# vague references ---------------------------------------------------------------------------

_REF_WORDS = {
    "now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "the present": "PRESENT_REF",
    "present": "PRESENT_REF",
    "current": "PRESENT_REF",
    "just now": "PAST_REF",
    "recently": "PAST_REF",
    "lately": "PAST_REF",
    "the past": "PAST_REF",
    "the recent past": "PAST_REF",
    "the distant past": "PAST_REF",
    "recent years": "PAST_REF",
    "past years": "PAST_REF",
    "years past": "PAST_REF",
    "earlier years": "PAST_REF",
    "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "the distant future": "FUTURE_REF",
    "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF",
    "the long term": "FUTURE_REF",
    "the long run": "FUTURE_REF",
    "the short run": "FUTURE_REF",
    "the coming years": "FUTURE_REF",
    "the years ahead": "FUTURE_REF",
    "the coming months": "FUTURE_REF",
    "the coming weeks": "FUTURE_REF",
    "the coming days": "FUTURE_REF",
    "the months ahead": "FUTURE_REF",
    "the weeks ahead": "FUTURE_REF",
    "the days ahead": "FUTURE_REF",
    "coming years": "FUTURE_REF",
    "coming months": "FUTURE_REF",
    "coming weeks": "FUTURE_REF",
    "coming days": "FUTURE_REF",
    "future years": "FUTURE_REF",
}
# "soon", "previously", "future" (adjective), "once" are left out: TimeBank does not tag them as a rule.
_REF_RE = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in _REF_WORDS), key=len, reverse=True))


@rule(_B + r"(?P<w>" + _REF_RE + r")" + _E, 0)
def ref_word(m: re.Match, st: _State) -> Resolution | None:
    w = re.sub(r"\s+", " ", m.group("w").lower())
    before = st.text[max(0, m.start() - 25) : m.start()]
    after = st.text[m.end() : m.end() + 25]
    if w == "now" and re.match(r"\s*-|\s+(?:defunct|famous|retired|former)\b", after):
        return None  # "the now-defunct firm"
    if w == "current":
        # "current account", "current events": not a time; "current prices", "the current system": the present
        if re.match(
            r"\s+(?:account|affairs|events|rate|level|quarter|period|year|month|week|fiscal|session|\w+s\b)",
            after,
            re.I,
        ) and not re.match(r"\s+(?:levels|prices|rates|conditions|circumstances)", after):
            return None
        if not re.search(r"\b(?:the|its|their|his|her)\s+$", before, re.I) and not re.match(r"\s+\w+", after):
            return None
    if w == "present" and not re.search(r"\b(?:at|until|to)\s+$", before, re.I):
        return None
    return Resolution("DATE", _REF_WORDS[w], "stated", None)


# relative units: this/last/next week|month|year ------------------------------------------------


@rule(
    _B + r"(?P<rel>this|last|next|the\s+past|the\s+last|the\s+previous|the\s+next|the\s+coming|the\s+current"
    r"|the\s+same|the\s+following|the\s+prior|that|the|past|coming|this\s+past|this\s+coming|a|the\s+whole"
    r"|the\s+entire|the\s+full)\s+(?P<u>week|month|year|weekend|day|quarter)" + _E,
    2,
)
def this_unit(m: re.Match, st: _State) -> Resolution | None:
    rel = re.sub(r"\s+", " ", m.group("rel").lower())
    u = m.group("u").lower()
    after = st.text[m.end() : m.end() + 20]
    if rel == "a" or m.group("u")[0].isupper():
        return None  # "a year" is a duration; "This Week" is a title
    if re.match(r"(?:'s|s'|\s+of\b|\s+\d)", after) and rel in ("the", "that"):
        return None
    if u == "day" and rel in ("this", "last", "next", "past", "coming", "the past", "the last", "this past", "the"):
        if rel == "the" or rel in ("this",):
            if rel == "the":
                return None
            return _rel(st, "DATE", _dct_day(st))
        return None
    a = st.anchor
    if u == "quarter":
        off = {
            "this": 0,
            "the current": 0,
            "last": -1,
            "next": 1,
            "the coming": 1,
            "the past": -1,
            "the last": -1,
            "the previous": -1,
            "the prior": -1,
        }.get(rel)
        if off is None:
            return None
        if a is None or a.month is None:
            return Resolution("DATE", "XXXX-QX", "unanchored", None)
        y, q = _quarter_add(a.year, (a.month - 1) // 3 + 1, off)
        return Resolution("DATE", f"{y:04d}-Q{q}", "relative", a.text)
    if u == "year" and rel == "the":
        before = st.text[max(0, m.start() - 8) : m.start()]
        if re.match(r"\s+(?:ended|ending|through|to)\b", after):
            return Resolution("DURATION", "P1Y", "stated", None)
        if not re.search(r"\b(?:for|of)\s+$", before, re.I) or a is None:
            return None
        return Resolution("DATE", f"{a.year:04d}", "relative", a.text)
    code = {"week": "W", "month": "M", "year": "Y", "weekend": "WE", "day": "D"}[u]
    # anaphoric: the following/next/previous/prior/same X, that X -> reference time
    if rel in ("the following", "the previous", "the prior", "the same", "that", "the next"):
        ref, anc = _ref_value(st)
        if ref is None:
            return Resolution("DATE", _unknown_like(code if code != "WE" else "W"), "unanchored", None)
        off = {"the following": 1, "the next": 1, "the previous": -1, "the prior": -1}.get(rel, 0)
        value = _at_granularity(ref, code, off)
        return None if value is None else Resolution("DATE", value, "relative", anc)
    if rel == "the" and u != "weekend":
        return None
    off = {
        "this": 0,
        "the current": 0,
        "last": -1,
        "the past": -1,
        "the last": -1,
        "past": -1,
        "this past": -1,
        "next": 1,
        "the coming": 1,
        "coming": 1,
        "this coming": 1,
        "the whole": 0,
        "the entire": 0,
        "the full": 0,
        "the": 0,
    }.get(rel)
    if off is None:
        return None
    if u == "weekend":
        if a is None or a.date is None:
            return Resolution("DATE", "XXXX-WXX-WE", "unanchored", None)
        d = a.date
        if rel == "the":
            t = st.tense()
            off = 1 if t == "future" else (-1 if d.weekday() < 4 else 0)
        base = d + _dt.timedelta(weeks=off)
        return Resolution("DATE", _week(base) + "-WE", "relative", a.text)
    if rel in ("the whole", "the entire", "the full") and u != "year":
        return None
    if a is None:
        return Resolution("DATE", _unknown_like(code), "unanchored", None)
    if code == "Y":
        return Resolution("DATE", f"{a.year + off:04d}", "relative", a.text)
    if a.month is None:
        return Resolution("DATE", f"{a.year:04d}-" + ("WXX" if code == "W" else "XX"), "relative", a.text)
    if code == "M":
        y, mo = _month_add(a.year, a.month, off)
        return Resolution("DATE", f"{y:04d}-{mo:02d}", "relative", a.text)
    if a.date is None:
        return Resolution("DATE", f"{a.year:04d}-WXX", "relative", a.text)
    return Resolution("DATE", _week(a.date + _dt.timedelta(weeks=off)), "relative", a.text)
