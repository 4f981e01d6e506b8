"""An article with a URL always has an outlet: the registry, else the page's name, else its domain."""

from __future__ import annotations

import json

import pytest

from briefing.ingest import load
from briefing.ingest.outlets import plausible_name, registrable_domain
from briefing.model import FROM_URL, INFERRED, UNKNOWN, UNKNOWN_OUTLET

TEXT = (
    "The city council voted on Tuesday to close the old harbour bridge for repairs. Engineers found cracks "
    "in two of its steel supports last month, the mayor said."
)


def one(write, record: dict, name: str = "a.jsonl"):
    result = load([write(name, json.dumps({"text": TEXT, **record}) + "\n")])
    (article,) = result.articles
    return article


def test_a_known_domain_is_named_by_the_registry(write):
    article = one(write, {"url": "https://www.thesun.co.uk/news/2130219/x/"})
    assert (article.outlet, article.outlet_source) == ("The Sun", FROM_URL)


def test_an_unknown_domain_is_named_by_its_registrable_domain_marked_inferred(write):
    article = one(write, {"url": "https://news.harbourtown-gazette.co.uk/2016/11/bridge.html"})
    assert (article.outlet, article.outlet_source) == ("harbourtown-gazette.co.uk", INFERRED)


def test_an_unknown_site_names_itself_on_its_page(write):
    paragraphs = "".join(f"<p>{TEXT} Paragraph {n} adds more of the story for the extractor.</p>" for n in range(4))
    html = (
        '<html><head><meta property="og:site_name" content="Harbourtown Gazette"><title>Bridge to close</title>'
        f"</head><body><article><h1>Bridge to close</h1>{paragraphs}</article></body></html>"
    )
    result = load([write("page.html", html)])
    (article,) = result.articles
    assert (article.outlet, article.outlet_source) == ("Harbourtown Gazette", INFERRED)


def test_without_a_url_or_any_clue_the_outlet_stays_unknown(write):
    article = one(write, {})
    assert (article.outlet, article.outlet_source) == (UNKNOWN_OUTLET, UNKNOWN)


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("http://www.express.co.uk/sport/f1/731858/x", "express.co.uk"),
        ("https://edition.cnn.com/2018/02/12/world", "cnn.com"),
        ("https://foo.blogspot.com/post", "foo.blogspot.com"),  # a public suffix: the blog is the registrant
        ("http://127.0.0.1:8000/x", None),
        ("not a url", None),
        (None, None),
    ],
)
def test_registrable_domain(url, domain):
    assert registrable_domain(url) == domain


@pytest.mark.parametrize(
    ("name", "kept"),
    [("Harbourtown Gazette", True), ("https://x.example/", False), ("", False), ("a " * 20, False)],
)
def test_a_site_name_is_used_only_when_it_reads_like_a_name(name, kept):
    assert (plausible_name(name) is not None) == kept
