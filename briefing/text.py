"""Text every stage can hand to the tools after it (SQLite, JSON, nh3, WeasyPrint)."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def scrub(text: str) -> str:
    """Text every later tool accepts: lone surrogates (which JSON escapes and odd file names can
    carry, and which SQLite and UTF-8 refuse) become U+FFFD; NUL and other control characters
    go, except tab and line breaks (vertical tab and form feed become a line break)."""
    text = _SURROGATE.sub("\ufffd", text)
    text = text.replace("\x0b", "\n").replace("\x0c", "\n")
    return _CONTROL.sub("", text)
