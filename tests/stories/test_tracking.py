"""The store's stories: placed as articles arrive, kept through later ingests, merges and splits."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from briefing.model import Article, ArticleFacts, Mention, Sentence
from briefing.store import Selection, content_hash, open_store
from briefing.stories.grouping import FORMAT
from briefing.stories.tracking import StoryError, merge_stories, split_story, update_stories

PIPELINE = "test-pipeline"

QUAKE = [
    "Earthquake strikes Valdora province. Rescuers in Valdora search rubble after the earthquake; Mayor Ilse Brandt "
    "asks for tents.",
    "Valdora earthquake toll rises. Mayor Ilse Brandt says rescuers pulled survivors from rubble in Valdora.",
    "Aftershocks hit Valdora. Rescuers and Mayor Ilse Brandt warn of more rubble falling after the earthquake.",
]
FINAL = [
    "Harbour Kings win baseball final. Pitcher Tomas Oyelaran struck out nine as the Harbour Kings took the final.",
    "Oyelaran lifts Harbour Kings. The pitcher Tomas Oyelaran led the Harbour Kings to the baseball title.",
    "Kings parade after baseball final. Fans cheered Tomas Oyelaran and the Harbour Kings through the city.",
]


def _article(text: str, published: str) -> Article:
    return Article(id=content_hash(text)[:10], path=f"{content_hash(text)[:6]}.txt", text=text, published=published)


def _facts_for(articles: Sequence[Article]) -> list[ArticleFacts]:
    """A stand-in for the language pass: lower-case words as lemmas, capitalised pairs as people."""
    facts = []
    for article in articles:
        words = tuple(w.lower() for w in re.findall(r"[A-Za-z]{3,}", article.text))
        names = [m.group(0) for m in re.finditer(r"[A-Z][a-z]+ [A-Z][a-z]+", article.text)]
        mentions = tuple(Mention(name, "PERSON", 0, len(name), 0) for name in names)
        sentences = (Sentence(0, 0, len(article.text), article.text),)
        facts.append(ArticleFacts(article=article, sentences=sentences, mentions=mentions, lemmas=(words,)))
    return facts


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "store.sqlite3") as opened:
        yield opened


def _add(store, texts: Sequence[str], day: str = "2026-03-0") -> list[Article]:
    articles = [_article(text, f"{day}{n + 1}") for n, text in enumerate(texts)]
    for article in articles:
        store.add(article)
    return articles


def _stories(store) -> dict[str, set[str]]:
    by_story: dict[str, set[str]] = {}
    for article in store.select(Selection()):
        by_story.setdefault(store.story_of([content_hash(article.text)])[content_hash(article.text)], set()).add(
            article.id
        )
    return by_story


def test_every_article_lands_in_exactly_one_story_of_its_own_kind(store):
    quake, final = _add(store, QUAKE), _add(store, FINAL)
    update = update_stories(store, _facts_for, PIPELINE)
    assert update.placed == 6
    groups = sorted(_stories(store).values(), key=len)
    assert groups == [{a.id for a in quake}, {a.id for a in final}] or groups == [
        {a.id for a in final},
        {a.id for a in quake},
    ]


def test_a_second_update_changes_nothing_and_a_later_article_joins_its_story(store):
    quake = _add(store, QUAKE[:2])
    update_stories(store, _facts_for, PIPELINE)
    before = _stories(store)
    again = update_stories(store, _facts_for, PIPELINE)
    assert (again.placed, again.changed) == (0, 0)
    assert _stories(store) == before
    late = _add(store, QUAKE[2:], day="2026-03-1")
    update_stories(store, _facts_for, PIPELINE)
    (story,) = _stories(store).values()
    assert story == {a.id for a in [*quake, *late]}


def test_a_merge_survives_later_ingests_and_a_regrouping(store):
    _add(store, QUAKE[:2]), _add(store, FINAL[:2])
    update_stories(store, _facts_for, PIPELINE)
    ids = sorted(_stories(store))
    assert len(ids) == 2
    keep, gone = ids
    merge_stories(store, keep, gone, PIPELINE)
    assert list(_stories(store)) == [keep]
    _add(store, FINAL[2:], day="2026-03-1")
    update_stories(store, _facts_for, PIPELINE)
    assert list(_stories(store)) == [keep]
    regrouped = update_stories(store, _facts_for, "another-pipeline")  # a new language pass: grouped again
    assert regrouped.regrouped
    assert list(_stories(store)) == [keep]


def test_a_state_saved_in_an_older_format_is_grouped_again_not_misread(store):
    quake = _add(store, QUAKE)
    update_stories(store, _facts_for, PIPELINE)
    old = store.story_state_version().replace(f"; state {FORMAT};", ";")  # as format 1 named it
    assert old != store.story_state_version()
    store.update_stories(lambda data, version: (b"not this format", old, {}))
    again = update_stories(store, _facts_for, PIPELINE)
    assert again.regrouped and again.placed == 3
    assert list(_stories(store).values()) == [{a.id for a in quake}]


def test_a_split_story_is_not_merged_back_by_later_arrivals(store):
    quake = _add(store, QUAKE[:2])
    final = _add(store, FINAL[:2])
    update_stories(store, _facts_for, PIPELINE)
    keep, gone = sorted(_stories(store))
    merge_stories(store, keep, gone, PIPELINE)
    moved = [a.id for a in final]
    new_id = split_story(store, keep, moved, _facts_for, PIPELINE)
    stories = _stories(store)
    assert stories[new_id] == set(moved)
    assert stories[keep] == {a.id for a in quake}
    # An article that talks of both stories arrives: the user's split holds.
    _add(store, [QUAKE[2] + " " + FINAL[2]], day="2026-03-2")
    update_stories(store, _facts_for, PIPELINE)
    assert len(_stories(store)) == 2


def test_bad_edits_are_refused_with_the_story_named(store):
    quake = _add(store, QUAKE[:2])
    update_stories(store, _facts_for, PIPELINE)
    (story,) = _stories(store)
    with pytest.raises(StoryError, match="no story 'nope'"):
        merge_stories(store, story, "nope", PIPELINE)
    with pytest.raises(StoryError, match="not none and not all"):
        split_story(store, story, [a.id for a in quake], _facts_for, PIPELINE)
    with pytest.raises(StoryError, match="not in story"):
        split_story(store, story, ["zzz"], _facts_for, PIPELINE)
