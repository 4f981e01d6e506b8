"""Extents: where an expression's text begins by TimeBank's conventions. A date takes a modifier
written before it ("late 1990", "the end of March", "mid-"), a duration leaves out its loose lead
words ("for about five hours" -> "five hours") and, used as an adjective, keeps only the adjective
("a five-hour visit" -> "five-hour"). Matching finds the expression; this decides how much text it spans.
"""

from __future__ import annotations

import re

from .vocabulary import _NUM, _UNIT_ADJ

# --------------------------------------------------------------------------- modifiers

_MOD_BEFORE = re.compile(
    r"(?:(?<![\w-])(?:(?:the\s+)?(?:very\s+)?(?:early|late|earlier|later|mid|middle)|(?:the\s+)?(?:end|beginning"
    r"|start|middle|close|turn|dawn|outset|first\s+half|second\s+half|last\s+half|rest|remainder|balance|bulk)"
    r"\s+of(?:\s+the)?|(?:some\s*time|sometime)|(?:as\s+)?(?:early|late)\s+as)\s*-?\s*)$",
    re.I,
)
_MOD_OK_VALUE = re.compile(
    r"^(?:\d{4}|\d{3}|\d{2}|\d{4}-\d\d|\d{4}-(?:Q\d|H\d|SP|SU|FA|WI)|\d{4}-W\d\d"
    r"|\d{4}-\d\d-\d\d(?:T\w+)?|X{4}.*)$"
)


def _extend_modifier(text: str, start: int, value: str, typ: str) -> int:
    """Start of a date's extent: earlier when a modifier stands right before it ("early [1990]")."""
    if typ not in ("DATE", "TIME") or not _MOD_OK_VALUE.match(value):
        return start
    m = _MOD_BEFORE.search(text, max(0, start - 40), start)
    return m.start() if m else start


# --------------------------------------------------------------------------- durations

# Words a duration match may start with that TimeBank leaves out of the extent: prepositions,
# determiners and loose approximators ("about five hours" -> "five hours"). Bounds that change
# the meaning stay in: "at least 30 days", "up to 180 days", "nearly two years", "over a week".
_TRIM_LEAD = re.compile(
    r"^(?:(?:for|in|within|during|each|his|her|its|their|these|those|this|about|around|roughly|approximately"
    r"|some|just|only|over(?=\s+the\b))\s+)+",
    re.I,
)
_ADJECTIVAL = re.compile(r"(?:" + _NUM + r")-" + _UNIT_ADJ + r"\b", re.I)


def _duration_start(s_text: str) -> int:
    """Offset where a duration's TimeML extent begins inside the matched text."""
    adj = _ADJECTIVAL.search(s_text)
    if adj and adj.start() > 0 and not re.search(r"\b(?:past|last|next|first|coming)\s+$", s_text[: adj.start()], re.I):
        return adj.start()  # "a five-hour visit", "the extra seven-day period": the adjective only
    lead = _TRIM_LEAD.match(s_text)
    return lead.end() if lead else 0
