"""What grouping reads from one article's facts."""

from __future__ import annotations

from datetime import date

from briefing.model import Article, ArticleFacts
from briefing.stories.features import features_of


def facts(published: str | None) -> ArticleFacts:
    article = Article(id="a1", path="a1.txt", text="Rescuers searched the rubble.", published=published)
    return ArticleFacts(article, (), lemmas=(("rescuer", "search", "rubble"),))


def test_the_publication_year_counts_as_a_stated_year():
    features = features_of(facts("2013-05-03"))
    assert features.published == date(2013, 5, 3)
    assert features.periods == frozenset({"2013"})


def test_an_undated_article_states_no_year_it_does_not_write():
    features = features_of(facts(None))
    assert features.published is None and features.periods == frozenset()
    assert set(features.words) == {"rescuer", "search", "rubble"}
