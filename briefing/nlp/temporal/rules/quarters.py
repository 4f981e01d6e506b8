"""Rules for quarters, halves and fiscal years, as earnings reports write them: "the third quarter",
"Q3 2018", "3Q18", "the year-earlier quarter", "fiscal 1998". A quarter without a year takes the
year that puts it nearest the anchor; "the quarter" and "year-earlier" follow the last quarter
mentioned (the state's ``quarter_ref``), because a report keeps talking about the same period.
"""

from __future__ import annotations

import re

from ..context import Resolution, _ref_value, _State, rule
from ..values import _quarter_add, _shift
from ..vocabulary import _B, _E, _ORD_Q, _YEAR

# quarters, halves, fiscal years -------------------------------------------------------------

_QWORD = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
    "last": 4,
}


def _quarter_year(st: _State, q: int) -> tuple[int | None, str | None]:
    a = st.anchor
    if a is None:
        return None, None
    if a.month is None:
        return a.year, a.text
    cq = (a.month - 1) // 3 + 1
    if q <= cq:
        return a.year, a.text
    fwd, back = q - cq, cq + 4 - q
    if fwd == back:
        return (a.year - 1 if st.tense() == "past" else a.year), a.text
    return (a.year if fwd < back else a.year - 1), a.text


@rule(
    _B + r"(?:(?P<det>the|its|this\s+year's|last\s+year's|next\s+year's|the\s+company's|their)\s+)?"
    r"(?:(?P<y1>" + _YEAR + r")\s+|(?P<rel>year-earlier|year-ago|comparable|same|current|latest|recent"
    r"|previous|preceding|prior|first|second|third|fourth)\s+)?(?:(?P<fis>fiscal)[\s-]+)?(?P<y3>"
    + _YEAR
    + r"\s+)?(?P<q>"
    + _ORD_Q
    + r")(?:[\s-]+(?:fiscal|calendar)[\s-]+|[\s-]+)(?P<unit>quarter|half)"
    r"(?:\s+of\s+(?:(?:fiscal|calendar)\s+(?:year\s+)?)?(?P<y2>" + _YEAR + r")|\s+(?P<rel2>a year ago|of last year"
    r"|of (?:this|the|next) year|last year|this year|next year))?" + _E,
    4,
)
def quarter(m: re.Match, st: _State) -> Resolution | None:
    q = _QWORD[m.group("q").lower()]
    unit = m.group("unit").lower()
    rel = (m.group("rel") or "").lower()
    det = (m.group("det") or "").lower()
    if rel in ("first", "second", "third", "fourth"):
        return None
    if m.group("q").lower() == "last" and not (m.group("y2") or m.group("y1") or m.group("y3")) and unit != "half":
        return None
    if unit == "half":
        q = 1 if q == 1 else 2
    y = m.group("y1") or m.group("y2") or m.group("y3")
    code = "Q" if unit == "quarter" else "H"
    if y:
        return Resolution("DATE", f"{int(y):04d}-{code}{q}", "stated", None)
    shift = 0
    rel2 = (m.group("rel2") or "").lower()
    if "last year" in det or "last year" in rel2 or rel in ("year-earlier", "year-ago") or "a year ago" in rel2:
        shift = -1
    elif "next year" in det or "next year" in rel2:
        shift = 1
    a = st.anchor
    if a is None:
        return Resolution("DATE", f"XXXX-{code}{q}", "unanchored", None)
    if shift or "this year" in det or "this year" in rel2 or "the year" in rel2 or a.month is None:
        return Resolution("DATE", f"{a.year + shift:04d}-{code}{q}", "relative", a.text)
    if code == "H":
        ch = 1 if a.month <= 6 else 2
        yy = a.year if q <= ch or st.tense() == "future" else a.year - 1
        return Resolution("DATE", f"{yy:04d}-H{q}", "relative", a.text)
    yy, anc = _quarter_year(st, q)
    return Resolution("DATE", f"{yy:04d}-Q{q}", "relative", anc)


@rule(
    r"(?<![\w-])(?:(?P<q1>[QH][1-4])(?:\s+|[-/])?(?:(?P<y1>" + _YEAR + r")|'?(?P<s1>\d\d))?|(?P<q2>[1-4])[QH]"
    r"(?:\s+|[-/])?(?:(?P<y2>" + _YEAR + r")|'?(?P<s2>\d\d))?"
    r"|(?P<y3>" + _YEAR + r")[\s-]?(?P<q3>[QH][1-4]))(?![\w-])",
    3,
    flags=0,
)
def q_abbrev(m: re.Match, st: _State) -> Resolution | None:
    """Q3 2018, 2018-Q3, 3Q18, H2 2018: quarters and halves in financial shorthand."""
    code = (m.group("q1") or m.group("q3") or "")[:1] or m.group(0)[1]
    num = int((m.group("q1") or m.group("q3") or m.group("q2"))[-1])
    if code == "H" and num > 2:
        return None
    y = m.group("y1") or m.group("y2") or m.group("y3")
    short = m.group("s1") or m.group("s2")
    if short:
        y = str((1900 if int(short) > 50 else 2000) + int(short))
    if y:
        return Resolution("DATE", f"{y}-{code}{num}", "stated", None)
    a = st.anchor
    if a is None:
        return Resolution("DATE", f"XXXX-{code}{num}", "unanchored", None)
    if code == "Q":
        yy, anc = _quarter_year(st, num)
        return Resolution("DATE", f"{yy:04d}-Q{num}", "relative", anc)
    return Resolution("DATE", f"{a.year:04d}-H{num}", "relative", a.text)


@rule(
    _B + r"(?P<det>the|its|that|last\s+year's)\s+(?:(?P<y>" + _YEAR + r")\s+)?"
    r"(?P<rel>year-earlier\s+|year-ago\s+|corresponding\s+|comparable\s+(?:year-(?:ago|earlier)\s+)?|latest\s+|current\s+|same\s+|previous\s+|prior\s+|recent\s+|fiscal\s+)?"
    r"(?P<u>quarter|period)(?P<tail>\s+a\s+year\s+(?:ago|earlier)|\s+(?:of\s+)?last\s+year)?" + _E,
    2,
)
def the_quarter(m: re.Match, st: _State) -> Resolution | None:
    rel = (m.group("rel") or "").strip().lower()
    unit = m.group("u").lower()
    after = st.text[m.end() : m.end() + 30]
    if re.match(r"\s+(?:of|ending)\b", after) and not m.group("y"):
        return None
    shift = (
        -1
        if (
            "year-" in rel
            or m.group("tail")
            or rel.startswith("comparable")
            or m.group("det").lower().startswith("last")
        )
        else 0
    )
    if unit == "period" and not (m.group("y") or shift or rel in ("latest", "current", "comparable")):
        return None
    if m.group("y"):
        # "the 1988 quarter": same quarter as the reference, in that year
        qref = st.quarter_ref
        if qref:
            return Resolution("DATE", f"{m.group('y')}-{qref[5:]}", "relative", qref)
        return Resolution("DATE", m.group("y"), "stated", None) if unit == "period" else None
    if rel == "current":
        a = st.anchor
        if a is None or a.month is None:
            return Resolution("DATE", "XXXX-QX", "unanchored", None)
        return Resolution("DATE", f"{a.year:04d}-Q{(a.month - 1) // 3 + 1}", "relative", a.text)
    qref = st.quarter_ref
    if qref is None:
        a = st.anchor
        if a is None or a.month is None:
            return Resolution("DATE", "XXXX-QX", "unanchored", None)
        y, q = _quarter_add(a.year, (a.month - 1) // 3 + 1, -1)
        qref = f"{y:04d}-Q{q}"
    value = _shift(qref, shift, "Y") if shift else qref
    return Resolution("DATE", value or qref, "relative", qref)


@rule(_B + r"(?P<rel>year-earlier|year-ago)" + _E, 1)
def year_earlier_adj(m: re.Match, st: _State) -> Resolution | None:
    ref = st.quarter_ref if st.quarter_ref and st.ref_pos - st.quarter_pos < 400 else None
    if ref is None:
        ref, _ = _ref_value(st)
        if ref is None:
            return Resolution("DATE", "XXXX", "unanchored", None)
        ref = ref[:4]
    return Resolution("DATE", _shift(ref, -1, "Y") or ref, "relative", ref)


@rule(
    _B + r"(?:(?P<the>the|its)\s+)?"
    r"(?P<rel>current|latest|previous|last|past|next|coming|new|full|same|first|entire)?\s*"
    r"(?P<fis>fiscal|financial|calendar)\s+year(?:\s+(?P<y>" + _YEAR + r"))?" + _E,
    2,
)
def fiscal_year(m: re.Match, st: _State) -> Resolution | None:
    if m.group("y"):
        return Resolution("DATE", m.group("y"), "stated", None)
    rel = (m.group("rel") or "").lower()
    a = st.anchor
    if a is None:
        return Resolution("DATE", "XXXX", "unanchored", None)
    off = {"previous": -1, "last": -1, "past": -1, "next": 1, "coming": 1, "new": 1}.get(rel, 0)
    if rel == "latest":
        off = -1
    return Resolution("DATE", f"{a.year + off:04d}", "relative", a.text)
