"""Titles: given beats the page's headline; the headline is found past navigation and ads."""

from __future__ import annotations

from briefing.ingest import load
from briefing.ingest.title import choose_title, tidy
from briefing.model import GIVEN, INFERRED, UNKNOWN

BODY = "Russian President Vladimir Putin met Palestinian President Mahmoud Abbas in Moscow on Monday."


def test_choose_title_precedence():
    assert choose_title("Given", "Headline", "Page") == ("Given", GIVEN)
    assert choose_title(None, "Headline", "Page") == ("Headline", INFERRED)
    assert choose_title("  ", None, "Page") == ("Page", INFERRED)
    assert choose_title(None, None, None) == (None, UNKNOWN)


def test_tidy():
    assert tidy("  # Putin  meets\nAbbas ") == "Putin meets Abbas"
    assert tidy("") is None


def test_headline_is_not_always_the_first_line(write):
    text = "\n\n".join(["Accessibility links", "Breaking News", "Middle East", "Putin and Abbas meet in Moscow", BODY])
    article = load([write("a.txt", text)]).articles[0]
    assert (article.title, article.title_source) == ("Putin and Abbas meet in Moscow", INFERRED)
    assert article.text == BODY


def test_no_title_when_the_text_is_all_body(write):
    article = load([write("a.txt", BODY + "\n\n" + BODY.replace("Monday", "Tuesday"))]).articles[0]
    assert (article.title, article.title_source) == (None, UNKNOWN)
    assert article.text.startswith(BODY)
