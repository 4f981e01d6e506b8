"""The store's stories, kept up to date: every stored article in exactly one story.

Grouping is online (:mod:`briefing.stories.grouping`), and its whole state is saved in the store
after each batch, so adding 100 articles to a store of 50,000 loads that state, places the 100
and saves it: no re-clustering. The state records what made it (the grouping's settings and the
language pass's pipeline version); when either changes, the store is grouped again from the
start, in arrival order, and the user's merges and splits are made again on the new grouping.

The language pass is not run here: callers pass ``facts_for`` (the build's cached pass), so this
module never reaches back into an earlier stage.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from briefing.model import Article, ArticleFacts
from briefing.store import Selection, Store
from briefing.stories.features import features_of
from briefing.stories.grouping import FORMAT, GroupingSettings, StoryIndex

log = logging.getLogger("briefing")

GROUPING_VERSION = 10  # bump when the grouping or its features change what they decide

FactsFor = Callable[[Sequence[Article]], Sequence[ArticleFacts]]


class StoryError(ValueError):
    """A merge or split that cannot be made: an unknown story or article; the message says which."""


@dataclass(frozen=True)
class StoryUpdate:
    """What one update did: articles placed, rows changed (placed, or moved by a merge), whether
    the whole store was grouped again, and how many stories there are now."""

    placed: int
    changed: int
    regrouped: bool
    stories: int


def state_version(settings: GroupingSettings, pipeline: str) -> str:
    """The version a saved grouping must carry to be used: grouping code, settings, the state's
    format (an older one is grouped again, not misread), language pass."""
    digest = hashlib.sha256(json.dumps(asdict(settings), sort_keys=True).encode()).hexdigest()[:12]
    return f"grouping {GROUPING_VERSION}; state {FORMAT}; settings {digest}; {pipeline}"


def update_stories(
    store: Store, facts_for: FactsFor, pipeline: str, settings: GroupingSettings | None = None
) -> StoryUpdate:
    """Place every stored article that is in no story yet; regroup everything if the saved
    grouping was made by other settings or another language pass."""
    settings = settings or GroupingSettings()
    version = state_version(settings, pipeline)
    saved = store.story_state_version()
    regrouped = saved is not None and saved != version
    if regrouped:
        log.info("Stories were grouped by another version (%s); grouping the store again", saved)
        store.reset_stories()
    articles = store.ungrouped()
    if not articles:
        return StoryUpdate(0, 0, False, len(set(store.story_of().values())))
    features = [features_of(f) for f in facts_for(articles)]
    edits = store.story_edits() if saved is None or regrouped else []
    count = 0

    def change(data: bytes | None, data_version: str | None) -> tuple[bytes, str, dict[str, str]]:
        nonlocal count
        if data is not None and data_version == version:
            index = StoryIndex.from_bytes(data, settings)
        else:
            index = StoryIndex(settings)
        index.add_all(features)
        if edits:
            _replay(index, edits, {f.article_id: f for f in features})
        count = len(index.stories)
        return index.to_bytes(), version, dict(index.story_of)

    changed = store.update_stories(change)
    log.info("Stories: %d article(s) placed, %d stories", len(articles), count)
    return StoryUpdate(len(articles), len(changed), regrouped, count)


def merge_stories(store: Store, keep: str, gone: str, pipeline: str, settings: GroupingSettings | None = None) -> int:
    """``gone``'s articles join ``keep`` (which keeps its id); kept, so later ingests and a
    regrouping keep it too. Returns the number of articles moved."""
    settings = settings or GroupingSettings()
    known = set(store.story_of().values())
    for story in (keep, gone):
        if story not in known:
            raise StoryError(f"no story {story!r} in {store.shown} (`briefing stories` lists them)")
    if keep == gone:
        raise StoryError(f"cannot merge story {keep!r} with itself")
    version = state_version(settings, pipeline)

    def change(data: bytes | None, data_version: str | None) -> tuple[bytes, str, dict[str, str]]:
        index = _saved_index(data, data_version, version, settings)
        index.merge(keep, gone)
        return index.to_bytes(), version, dict(index.story_of)

    return len(store.update_stories(change, edit=("merge", keep, {"gone": gone})))


def split_story(
    store: Store,
    story: str,
    article_ids: Sequence[str],
    facts_for: FactsFor,
    pipeline: str,
    settings: GroupingSettings | None = None,
) -> str:
    """The given articles of ``story`` leave it for a new story of their own (returned), which
    later arrivals never merge back into it."""
    settings = settings or GroupingSettings()
    members = store.select(Selection(story=story))
    if not members:
        raise StoryError(f"no story {story!r} in {store.shown} (`briefing stories` lists them)")
    ids = {a.id for a in members}
    wanted = list(dict.fromkeys(article_ids))
    unknown = [a for a in wanted if a not in ids]
    if unknown:
        raise StoryError(f"not in story {story!r}: {', '.join(unknown)} (its articles: `briefing stories --json`)")
    if not wanted or len(wanted) == len(ids):
        raise StoryError("a split moves some of a story's articles, not none and not all")
    by_id = {f.article_id: f for f in map(features_of, facts_for(members))}
    moved = [by_id[a] for a in wanted]
    kept = [by_id[a.id] for a in members if a.id not in set(wanted)]
    version = state_version(settings, pipeline)
    new_id = ""

    def change(data: bytes | None, data_version: str | None) -> tuple[bytes, str, dict[str, str]]:
        nonlocal new_id
        index = _saved_index(data, data_version, version, settings)
        new_id = index.split(story, moved, kept)
        return index.to_bytes(), version, dict(index.story_of)

    store.update_stories(change, edit=("split", story, {"articles": wanted}))
    return new_id


def _saved_index(data: bytes | None, data_version: str | None, version: str, settings: GroupingSettings) -> StoryIndex:
    if data is None or data_version != version:
        raise StoryError("the stories were grouped by another version: run `briefing stories` first, then edit")
    return StoryIndex.from_bytes(data, settings)


def _replay(index: StoryIndex, edits: Sequence[tuple[str, str, dict]], features: dict) -> None:
    """Make the user's merges and splits again on a new grouping, as far as they still apply."""
    for action, story, detail in edits:
        if action == "merge":
            gone = detail.get("gone", "")
            if story in index.stories and gone in index.stories and story != gone:
                index.merge(story, gone)
            else:
                log.info("Story merge %s + %s no longer applies; skipped", story, gone)
        elif action == "split":
            wanted = [a for a in detail.get("articles", ()) if a in index.story_of]
            homes = {index.story_of[a] for a in wanted}
            if len(homes) != 1:
                log.info("Story split of %s no longer applies; skipped", story)
                continue
            home = homes.pop()
            members = index.stories[home].articles
            if len(wanted) >= len(members) or any(a not in features for a in members):
                log.info("Story split of %s no longer applies; skipped", story)
                continue
            moved = [features[a] for a in wanted]
            kept = [features[a] for a in members if a not in set(wanted)]
            index.split(home, moved, kept)
