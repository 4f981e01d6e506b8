"""Temporal tagger and normaliser: find time expressions and give them TimeML (TIMEX3) values.

    tag_times(text, published=None) -> list[TimeExpression]
    granularity(value) -> "day" | "week" | "month" | ... | "other"
    infer_anchor(text) -> "YYYY-MM-DD" | "YYYY-MM" | None

Pure Python and rule based: every pattern is compiled once at import. The rules follow
English news conventions and the TempEval-3 (TimeBank/AQUAINT) annotation guidelines:

* deictic expressions ("yesterday", "last month", "on Tuesday", "this week", "two years ago")
  resolve against the publication date;
* anaphoric expressions ("a day later", "the following year", "that day", "a year earlier")
  resolve against the last explicit date mentioned before them (the reference time), falling
  back on the publication date;
* bare months and days ("December 6", "Feb. 20") take the year that puts them closest to the
  publication date, leaning to the past or the future by the tense of their sentence;
* without a publication date the tagger first tries :func:`infer_anchor`; failing that,
  relative values keep unknown parts as ``X`` ("XXXX-12-06") and are marked "unanchored" -
  a year is never invented.

The package follows the tagger's parts: ``vocabulary`` (word tables, regex pieces), ``values``
(anchors, value arithmetic), ``numbers`` (number words, durations), ``context`` (tense, resolution
state, reference choice; the ``Rule`` and ``Resolution`` types), ``rules`` (one module per family of
expressions, and ``RULES``, the ordered list of them all), ``extents`` (modifiers, duration extents),
``tagger`` (candidates, selection, post-passes, :func:`tag_times`) and ``anchor`` (:func:`infer_anchor`).
"""

from __future__ import annotations

from briefing.timeml import granularity

from .anchor import infer_anchor
from .tagger import tag_times

__all__ = ["tag_times", "granularity", "infer_anchor"]
