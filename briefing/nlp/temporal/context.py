"""What a rule sees when it resolves a match: the resolution state (text, anchor, reference time),
the tense of the expression's sentence, and the shared ways of choosing a reference (the anchor for
deictic words, the last date mentioned for anaphoric ones, the nearest year by tense for a bare
month). Also the contract between rules and the tagger: ``Rule`` and the ``Resolution`` it returns.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from .values import _Anchor, _day

# --------------------------------------------------------------------------- tense

_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|wo n't|shall|going to|scheduled|slated|set to|due to|expected to|plans? to"
    r"|planned|upcoming|next|would|to be held|to begin|to start|intends? to|hopes? to|aims? to|until"
    r"|as soon as|as early as|is to|are to|effective|starting|beginning|ahead of|in advance of|forthcoming)\b"
    r"|'ll\b",
    re.I,
)
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|has been|have been|ago|last|earlier|previously|began|came|went|took|said|told"
    r"|made|held|won|lost|met|fell|rose|left|gave|found|became|sent|shot|struck|saw|spoke|ran|led|brought|bought"
    r"|sold|thought|paid|built|caught|kept|felt|meant|spent|grew|knew|threw|drew|chose|wrote|broke|stood|fought"
    r"|sought|fled|heard|swore|swept|tore|woke|flew|drove|rode|sank|shrank|sang|began|forgot|hid|slid|stuck|won"
    r"|(?!(?:need|speed|proceed|exceed|succeed|feed|seed|bleed|breed|embed|red|bed|wed|shed|hundred)\b)(?-i:[a-z])\w+ed)\b",
    re.I,
)
_SENT_END = re.compile(
    r"(?<!\b[A-Za-z])(?<!\bMrs)(?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|No|Co|vs))"
    r"(?<!\b(?:Jan|Feb|Mar|Apr|Aug|Sep|Oct|Nov|Dec|Gen|Gov|Sen|Rep|Inc|Ltd))(?<!\b(?:Corp|Sept))[.!?][\"')\u201d]*\s+(?=[A-Z\"\u201c(`'])|\n\s*\n"
)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - 300)
    left = text[lo:start]
    cut = [m.end() for m in _SENT_END.finditer(left)]
    s0 = lo + cut[-1] if cut else lo
    m = _SENT_END.search(text[end : end + 300])
    s1 = end + m.start() + 1 if m else min(len(text), end + 300)
    return s0, s1


def _tense(text: str, start: int, end: int) -> str | None:
    """'future' | 'past' | None from the verb cue governing the expression.

    The nearest cue before the expression in its clause wins (news puts the time after its
    verb: "said Friday", "will meet on Tuesday"); failing that, the nearest cue after it.
    """
    s0, s1 = _sentence_bounds(text, start, end)
    left = text[s0:start]
    cut = max(left.rfind(";"), left.rfind(" that "), left.rfind(" but "), left.rfind(" and "), left.rfind(", "))
    best: tuple[int, str] | None = None
    for m in _FUTURE_CUE.finditer(left):
        best = (m.end(), "future") if best is None or m.end() > best[0] else best
    for m in _PAST_CUE.finditer(left):
        if best is None or m.end() > best[0]:
            best = (m.end(), "past")
    if best is not None and (best[0] > cut or cut < 0):
        return best[1]
    right = text[end:s1]
    cands = []
    m = _FUTURE_CUE.search(right)
    if m:
        cands.append((m.start(), "future"))
    m = _PAST_CUE.search(right)
    if m:
        cands.append((m.start(), "past"))
    if cands:
        return min(cands, key=lambda c: (c[0], c[1] != "past"))[1]  # a tie goes to the past
    return best[1] if best else None


# --------------------------------------------------------------------------- resolution state


class _State:
    """The document being tagged, its anchor, the reference time so far and the span being resolved."""

    def __init__(self, text: str, anchor: _Anchor | None):
        self.text = text
        self.anchor = anchor
        self.ref: str | None = None  # last concrete DATE value mentioned (reference time)
        self.ref_pos = -1
        self.quarter_ref: str | None = None
        self.quarter_pos = -1
        self.start = 0
        self.end = 0

    def tense(self) -> str | None:
        """Tense cue of the expression being resolved (see :func:`_tense`)."""
        return _tense(self.text, self.start, self.end)


class Resolution(NamedTuple):
    """What a rule makes of its match: TimeML type and value, how it was resolved, the anchor used."""

    type: str
    value: str
    how: str  # "stated" | "relative" | "unanchored"
    anchor: str | None


Handler = Callable[[re.Match, _State], Resolution | None]


@dataclass(frozen=True)
class Rule:
    """One pattern and the handler that resolves its matches; priority ranks equally long matches."""

    name: str
    pattern: re.Pattern[str]
    priority: int
    handler: Handler


def rule(pattern: str, priority: int = 0, flags: int = re.I) -> Callable[[Handler], Rule]:
    """Make a handler into a Rule with its pattern (compiled once, at import).

    Nothing is registered: ``RULES`` in :mod:`.rules` is the one list of rules and their order.
    """

    def make(handler: Handler) -> Rule:
        return Rule(handler.__name__, re.compile(pattern, flags), priority, handler)

    return make


def _rel(state: _State, typ: str, value: str) -> Resolution:
    """A value resolved against the publication date (or unanchored when there is none)."""
    a = state.anchor
    if a is None or "XXXX" in value[:4]:
        return Resolution(typ, value, "unanchored" if "X" in value or a is None else "relative", None)
    return Resolution(typ, value, "relative", a.text)


def _ref_value(state: _State) -> tuple[str | None, str | None]:
    """Reference time for anaphoric expressions: last date mentioned, else the anchor."""
    if state.ref is not None:
        return state.ref, state.ref
    a = state.anchor
    if a is None:
        return None, None
    if a.date:
        return _day(a.date), a.text
    if a.month:
        return f"{a.year:04d}-{a.month:02d}", a.text
    return f"{a.year:04d}", a.text


def _unknown_like(unit: str) -> str:
    """An unknown value at a unit's granularity, for a relative expression with nothing to anchor it."""
    return {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Q": "XXXX-QX", "Y": "XXXX"}.get(unit, "XXXX")


# day-level deictic ------------------------------------------------------------------------


def _dct_day(state: _State, offset: int = 0) -> str:
    """The publication day shifted by offset days, its unknown parts as X."""
    a = state.anchor
    if a is None:
        return "XXXX-XX-XX"
    if a.date:
        return _day(a.date + _dt.timedelta(days=offset))
    if a.month:
        return f"{a.year:04d}-{a.month:02d}-XX"
    return f"{a.year:04d}-XX-XX"


def _weekday_value(state: _State, wd: int, direction: str | None) -> str:
    """The day a weekday name denotes from the anchor: the last or next one (or that day), by direction or tense."""
    a = state.anchor
    if a is None or a.date is None:
        return f"XXXX-WXX-{wd + 1}"
    d = a.date
    if direction is None:
        t = state.tense()
        direction = "next0" if t == "future" else "last0"
    if direction == "last0":
        off = -((d.weekday() - wd) % 7)
    elif direction == "last":
        off = -((d.weekday() - wd) % 7 or 7)
    elif direction == "next0":
        off = (wd - d.weekday()) % 7
    else:  # next
        off = (wd - d.weekday()) % 7 or 7
    return _day(d + _dt.timedelta(days=off))


def _pick_year(state: _State, month: int, day: int | None) -> tuple[str | None, int | None]:
    """Year for a month (and day) written without one: the closest to the anchor, by tense."""
    a = state.anchor
    if a is None:
        return None, None
    if a.month is None:
        return a.text, a.year
    t = state.tense()
    if re.search(r"\b(?:by|until|till)\s+$", state.text[max(0, state.start - 8) : state.start], re.I):
        t = "future"
    elif (
        day is not None
        and t != "future"
        and re.search(
            r"\b(?:the|its|their|his|her|last)\s+(?:[a-z]+\s+)?$", state.text[max(0, state.start - 20) : state.start]
        )
        and re.match(
            r"\s+(?!of\b|to\b|and\b|or\b|at\b|in\b|on\b|for\b)[a-z]{3,}", state.text[state.end : state.end + 12]
        )
    ):
        t = "past!"  # "the brutal Oct. 7 attack": a date naming an event, the last one before publication
    best = None
    for y in (a.year - 1, a.year, a.year + 1):
        if day is not None and a.day is not None:
            try:
                cand = _dt.date(y, month, day)
            except ValueError:
                continue
            diff = (cand - a.date).days if a.date else 0
            scale = 30
        else:
            diff = (y * 12 + month) - (a.year * 12 + a.month)
            scale = 1
        cost = abs(diff)
        if t == "past!" and diff > 0:
            continue
        if diff < 0 and t == "future" or diff > 0 and t == "past":
            cost = cost * 2.5 + 2 * scale
        if best is None or cost < best[0]:
            best = (cost, y)
    return a.text, best[1] if best else a.year
