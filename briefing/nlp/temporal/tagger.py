"""The tagger proper: every rule's matches become candidates, the ones their rule accepts compete
for the text (longest first, then priority, then the rule listed later in ``RULES``), and the
winners are resolved in document order so that anaphoric expressions follow the last date stated.
Post-passes then split year ranges, give clock times their day, and set each extent.
"""

from __future__ import annotations

import logging
import re
from typing import NamedTuple

from briefing.model import TimeExpression
from briefing.timeml import granularity

from .anchor import infer_anchor
from .context import Resolution, Rule, _dct_day, _State
from .extents import _duration_start, _extend_modifier
from .rules import RULES, clock, dates, quarters, relative, units, years
from .rules.years import _YEAR_BAD_AFTER, _YEAR_BAD_BEFORE
from .values import _Anchor, _concrete, _parse_anchor
from .vocabulary import _YEAR

log = logging.getLogger(__name__)

# Rules whose values come from the reference time: they never become the reference themselves.
_ANAPHORIC = frozenset({units.ago, quarters.year_earlier_adj, quarters.the_quarter, units.earlier_that, units.next_day})
# Rules whose extent TimeBank keeps without a leading modifier: "Late [Monday]", "early [May 5]".
_NO_MODIFIER = frozenset({relative.weekday, dates.month_day, dates.day_month, clock.clock})


class Candidate(NamedTuple):
    """One match of one rule, before the rule has accepted it."""

    start: int
    end: int
    priority: int
    order: int  # the rule's place in RULES: of two equal matches the later rule wins
    match: re.Match
    rule: Rule


class Tagged(NamedTuple):
    """An expression resolved: its span (before extents are set), its value and the rule that gave it."""

    start: int
    end: int
    resolution: Resolution
    rule: Rule


# --------------------------------------------------------------------------- candidates and selection


def _candidates(text: str) -> list[Candidate]:
    return [
        Candidate(m.start(), m.end(), rule.priority, order, m, rule)
        for order, rule in enumerate(RULES)
        for m in rule.pattern.finditer(text)
        if m.end() > m.start()
    ]


_WORD_START = re.compile(r"(?<=[\s(\"'-])\w")


def _retry_inside(text: str, c: Candidate) -> list[Candidate]:
    """The match of a rejected candidate's rule from a later word inside it ("will [last 72 hours]")."""
    for w in _WORD_START.finditer(text, c.start + 1, c.end):
        m = c.rule.pattern.match(text, w.start())
        if m and m.end() > m.start():
            return [c._replace(start=m.start(), end=m.end(), match=m)]
    return []


def _apply(c: Candidate, state: _State) -> Resolution | None:
    """A candidate's value, or None when its rule refuses it or its date arithmetic leaves the calendar.

    A value outside the calendar ("2,500 years ago" from 2009 is year -491, "February 30") costs
    only that expression, never the article's other dates. Any other exception is a bug and is raised.
    """
    state.start, state.end = c.start, c.end
    try:
        return c.rule.handler(c.match, state)
    except (ValueError, OverflowError) as error:
        log.debug("temporal: %s skipped %r (%s: %s)", c.rule.name, c.match.group(0), type(error).__name__, error)
        return None


def _accepted(text: str, anchor: _Anchor | None) -> list[Candidate]:
    """Pass 1: the candidates their rule accepts; a refused one is retried from a later word inside it."""
    state = _State(text, anchor)
    valid = []
    todo = _candidates(text)
    while todo:
        c = todo.pop()
        if _apply(c, state) is not None:
            valid.append(c)
        else:
            todo.extend(_retry_inside(text, c))
    return valid


def _select(cands: list[Candidate]) -> list[Candidate]:
    """Longest first, then priority, then position, then the rule listed later in RULES; no overlaps."""
    taken: list[tuple[int, int]] = []
    chosen = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start, -c.order)):
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        taken.append((c.start, c.end))
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


def _resolve(text: str, anchor: _Anchor | None, chosen: list[Candidate]) -> list[Tagged]:
    """Pass 2: values in document order, tracking the reference time (the last date stated)."""
    state = _State(text, anchor)
    tagged = []
    for c in chosen:
        res = _apply(c, state)
        if res is None:
            continue
        tagged.append(Tagged(c.start, c.end, res, c.rule))
        if res.type in ("DATE", "TIME") and _concrete(res.value) and c.rule not in _ANAPHORIC:
            state.ref = res.value[:10] if res.type == "TIME" else res.value
            state.ref_pos = c.start
            if granularity(res.value) == "quarter":
                state.quarter_ref = res.value
                state.quarter_pos = c.start
    return tagged


# --------------------------------------------------------------------------- main entry


def tag_times(text: str, published: str | None = None) -> list[TimeExpression]:
    """Every temporal expression in ``text`` with its TimeML type and value.

    ``published`` is the publication date as iso 8601 at any precision ("2018", "2018-04",
    "2018-02-12", "2018-02-12T09:30:00Z") or None. With None (or an unreadable string) the anchor is taken from
    :func:`infer_anchor` when the text states one; otherwise relative values keep their
    unknown parts as X and are marked "unanchored".
    """
    if not text:
        return []
    anchor = _parse_anchor(published)
    if anchor is None:  # none given (or unreadable): read it off the text if the text states one
        anchor = _parse_anchor(infer_anchor(text))
    tagged = _resolve(text, anchor, _select(_accepted(text, anchor)))
    tagged = _split_ranges(text, tagged)
    tagged = _clock_days(text, tagged, anchor)
    tagged = _merge_clock_day(text, tagged)
    return [_expression(text, t, tagged) for t in tagged]


def _expression(text: str, t: Tagged, tagged: list[Tagged]) -> TimeExpression:
    """The expression with its TimeML extent: a leading modifier in ("late 1990"), a duration's loose lead out."""
    res = t.resolution
    start = t.start if t.rule in _NO_MODIFIER else _extend_modifier(text, t.start, res.value, res.type)
    if start < t.start and any(o.start < t.start and o.end > start for o in tagged if o.start != t.start):
        start = t.start  # the modifier would reach into the expression before
    if res.type == "DURATION":
        start += _duration_start(text[start : t.end])
    return TimeExpression(
        text=text[start : t.end], start=start, end=t.end, type=res.type, value=res.value, anchor=res.anchor, how=res.how
    )


# --------------------------------------------------------------------------- post-passes

_YEAR_RANGE = re.compile(r"(?<![\w$.,/'-])(" + _YEAR + r")(\s*(?:-|\u2013|to|through)\s*)(\d{4}|\d\d)(?![\w%])")


def _split_ranges(text: str, tagged: list[Tagged]) -> list[Tagged]:
    """'2009-2010', '1989-90': two DATE expressions."""
    extra = []
    for m in _YEAR_RANGE.finditer(text):
        y1 = int(m.group(1))
        y2s = m.group(3)
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if not (0 < y2 - y1 < 100):
            continue
        if any(t.start < m.end() and m.start() < t.end for t in tagged):
            continue
        before = text[max(0, m.start() - 20) : m.start()]
        if _YEAR_BAD_BEFORE.search(before) or _YEAR_BAD_AFTER.match(text[m.end() : m.end() + 20]):
            continue
        extra.append(Tagged(m.start(1), m.end(1), Resolution("DATE", f"{y1:04d}", "stated", None), years.year))
        extra.append(Tagged(m.start(3), m.end(3), Resolution("DATE", f"{y2:04d}", "stated", None), years.year))
    return sorted(tagged + extra, key=lambda t: t.start)


def _clock_days(text: str, tagged: list[Tagged], anchor: _Anchor | None) -> list[Tagged]:
    """A clock time with no day of its own takes the day stated next to it or just before it."""
    out = list(tagged)
    publication_day = _dct_day(_State("", anchor))
    for i, t in enumerate(out):
        value = t.resolution.value
        if t.rule is not clock.clock or not re.search(r"T\d\d:\d\d$", value) or value[:10] != publication_day:
            continue
        day = _day_after(text, t, out[i + 1 :]) or _day_before(t, out[:i])
        if day and day != value[:10]:
            out[i] = t._replace(resolution=Resolution("TIME", day + value[10:], "relative", day))
    return out


def _day_after(text: str, t: Tagged, later: list[Tagged]) -> str | None:
    """The day stated right after a clock time ("10 p.m. (local time) on Nov. 6")."""
    for o in later:
        if not re.fullmatch(r"\s*(?:\([^)]{0,20}\)\s*)?,?\s*(?:on\s+)?", text[t.end : o.start]):
            return None
        if o.resolution.type == "DATE" and granularity(o.resolution.value) == "day" and _concrete(o.resolution.value):
            return o.resolution.value
    return None


def _day_before(t: Tagged, earlier: list[Tagged]) -> str | None:
    """The day of the last dated expression up to 250 characters before a clock time."""
    for o in reversed(earlier):
        if t.start - o.end > 250:
            return None
        value = o.resolution.value
        if o.resolution.type in ("DATE", "TIME") and _concrete(value) and len(value) >= 10:
            return value[:10]
    return None


def _merge_clock_day(text: str, tagged: list[Tagged]) -> list[Tagged]:
    """'10 p.m. Wednesday', '5 p.m. EST, Nov. 6' -> one TIME on that day."""
    out: list[Tagged] = []
    i = 0
    while i < len(tagged):
        t = tagged[i]
        r = t.resolution
        if i + 1 < len(tagged) and r.type == "TIME" and re.search(r"T\d\d:\d\d$", r.value):
            nxt = tagged[i + 1]
            r2 = nxt.resolution
            if (
                re.fullmatch(r",?\s*(?:on\s+)?", text[t.end : nxt.start])
                and r2.type == "DATE"
                and granularity(r2.value) == "day"
            ):
                value = r2.value + r.value[r.value.index("T") :]
                out.append(Tagged(t.start, nxt.end, Resolution("TIME", value, r2.how, r2.anchor), clock.clock))
                i += 2
                continue
        out.append(t)
        i += 1
    return out
