"""Stories as a reader meets them: titles from their own articles, dates, outlets, biggest first."""

from __future__ import annotations

from briefing.model import Article
from briefing.stories.catalog import story_title, summarise


def _article(n: int, title: str | None, outlet: str = "Wire", published: str | None = "2026-03-01") -> Article:
    return Article(
        id=f"a{n}",
        path=f"{n}.txt",
        text=f"Body of article {n} about things.",
        title=title,
        outlet=outlet,
        published=published,
    )


def test_the_title_is_the_headline_the_others_share_most_words_with():
    articles = [
        _article(1, "Mayor opens bridge"),
        _article(2, "Rescuers search rubble in Valdora"),
        _article(3, "Valdora earthquake: rescuers search rubble"),
        _article(4, "Earthquake in Valdora kills dozens"),
    ]
    assert story_title(articles) == "Rescuers search rubble in Valdora"


def test_without_headlines_the_title_is_the_first_article_opening():
    article = Article(id="a1", path="1.txt", text=" ".join(f"w{n}" for n in range(20)))
    assert story_title([article]) == "w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 …"


def test_summaries_are_biggest_first_with_their_span_and_outlets():
    groups = {
        "s-small": [_article(1, "One", published="2026-03-05")],
        "s-big": [
            _article(2, "Two", outlet="Herald", published="2026-03-02"),
            _article(3, "Three", outlet="Wire", published="2026-03"),
            _article(4, "Four", outlet="Wire", published=None),
        ],
    }
    small, big = summarise(groups)[1], summarise(groups)[0]
    assert big.id == "s-big" and small.id == "s-small"
    assert (big.first_seen, big.last_seen) == ("2026-03-01", "2026-03-31")  # a month covers its days
    assert big.outlets == ("Wire", "Herald")
    assert [a.source_id for a in big.articles] == ["a3", "a2", "a4"]  # by publication date, undated last
    assert small.articles[0].title == "One"
