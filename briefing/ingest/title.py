"""Titles: what the user gave wins; else the headline line found on the page.

The headline itself is located by ``boilerplate.find_headline`` (a short line without a final
full stop, near the top, before the body paragraphs, navigation and ads skipped), because
finding it is part of telling page furniture from article text.
"""

from __future__ import annotations

from briefing.model import GIVEN, INFERRED, UNKNOWN


def tidy(title: object) -> str | None:
    """A title on one line, surrounding whitespace and Markdown heading marks removed."""
    if title is None:
        return None
    text = " ".join(str(title).split()).strip().lstrip("#").strip()
    return text or None


def choose_title(given: object, headline: str | None, page_title: str | None) -> tuple[str | None, str]:
    """(title, source): given > headline on the page > the HTML page's own title."""
    if (title := tidy(given)) is not None:
        return title, GIVEN
    for found in (headline, page_title):
        if (title := tidy(found)) is not None:
            return title, INFERRED
    return None, UNKNOWN
