"""The story benchmark's own arithmetic: B-cubed, and choosing settings without the held-out set."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from dataclasses import dataclass

import pytest

from benchmarks import stories_eval
from benchmarks.stories_eval import baseline_held_out, bcubed, robust_choice


def test_bcubed_of_a_perfect_and_of_a_lumped_grouping():
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert bcubed(gold, gold) == (1.0, 1.0, 1.0)
    precision, recall, f1 = bcubed({item: "one" for item in gold}, gold)
    assert (precision, recall) == (0.5, 1.0)
    assert f1 == pytest.approx(2 / 3)


@dataclass(frozen=True)
class Setting:
    threshold: float
    length_power: float


def test_a_choice_restricted_to_allowed_settings_never_leaves_them(monkeypatch):
    monkeypatch.setattr(stories_eval, "GRID", {"threshold": (0.1, 0.2, 0.3), "length_power": (0.0, 0.5)})
    grid = [Setting(t, p) for t, p in itertools.product((0.1, 0.2, 0.3), (0.0, 0.5))]
    # The other sets like length 0 best; the allowed settings fix it at 0.5.
    scores = {
        n: {"other": (0, 0, (0.9 if s.length_power == 0 else 0.5) - abs(s.threshold - 0.2))} for n, s in enumerate(grid)
    }
    free = grid[robust_choice(grid, scores, ["other"])]
    fixed = grid[
        robust_choice(grid, scores, ["other"], allowed=[n for n, s in enumerate(grid) if s.length_power == 0.5])
    ]
    assert free == Setting(0.2, 0.0)
    assert fixed == Setting(0.2, 0.5)


def test_the_baseline_held_out_takes_the_threshold_the_other_sets_like():
    def scores(low: float, high: float) -> dict:
        return {"by_threshold": {"0.800": (0.0, 0.0, low), "0.950": (0.0, 0.0, high)}}

    held = baseline_held_out({"short": scores(0.9, 0.2), "news": scores(0.8, 0.3), "long": scores(0.1, 0.9)})
    assert held["long"] == {"threshold": 0.8, "bcubed": (0.0, 0.0, 0.1)}  # short and news like 0.800
    assert held["short"] == {"threshold": 0.95, "bcubed": (0.0, 0.0, 0.2)}  # (0.3 + 0.9) / 2 > (0.8 + 0.1) / 2


def test_with_singletons_keeps_one_story_of_each_topic_whole_and_the_first_article_of_the_other():
    from collections import Counter

    from briefing.stories.features import StoryFeatures

    gold = {"1": "1a", "2": "1b", "3": "1a", "4": "1b", "5": "2b", "6": "2a", "7": "2a"}
    features = [StoryFeatures(i, Counter(), Counter(), frozenset(), None) for i in gold]
    dev = stories_eval.DevSet("ecbplus", features, gold, [])
    cut = stories_eval.with_singletons(dev, "a")
    assert [f.article_id for f in cut.features] == ["1", "2", "3", "5", "6", "7"]
    assert cut.gold == {i: gold[i] for i in ("1", "2", "3", "5", "6", "7")}
    assert [f.article_id for f in stories_eval.with_singletons(dev, "b").features] == ["1", "2", "4", "5", "6"]


def test_ecbplus_as_a_user_s_file_follows_each_article_back_to_its_record_s_label(tmp_path):
    records = [
        {"id": "1_1ecb", "text": "Quake hits the coast\n\nA strong earthquake shook the coast of Chile on Sunday."},
        {
            "id": "1_1ecbplus",
            "text": "http://example.com/news/second-quake\n\nMarch 3, 2014\n\nSecond quake in a year\n\n"
            "Another strong earthquake struck the north of Chile on Monday, officials said.",
        },
        {
            "id": "2_1ecb",
            "text": "Star checks into rehab\n\nThe actress checked into a treatment center, her agent said.",
        },
    ]
    stories = tmp_path / "data" / "stories"
    stories.mkdir(parents=True)
    (stories / "ecbplus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    labels = {"1_1ecb": "1a", "1_1ecbplus": "1b", "2_1ecb": "2a"}
    (stories / "ecbplus-gold.json").write_text(json.dumps(labels), encoding="utf-8")
    dev, count = stories_eval.ecbplus_as_a_users_file(tmp_path / "data", tmp_path / "store.sqlite3")
    assert count == 3
    assert sorted(dev.gold.values()) == ["1a", "1b", "2a"]
    dated = {dev.gold[f.article_id]: f.published for f in dev.features}
    assert str(dated["1b"]) == "2014-03-03" and dated["1a"] is None
    figures = stories_eval.users_file_figures(dev, count)
    assert figures["articles"] == 3 and figures["dated"] == 1
    assert stories_eval.ecbplus_as_a_users_file(tmp_path / "elsewhere", tmp_path / "store.sqlite3") is None


def test_shuffled_orders_score_every_set_but_timeline17_in_as_many_orders_as_seeds():
    from collections import Counter

    from briefing.stories.features import StoryFeatures

    def report(n: int, story: str) -> StoryFeatures:
        words = {"q": ["earthquake", "rubble", "rescuers"], "t": ["tram", "derailed", "passengers"]}[story]
        return StoryFeatures(f"{story}{n}", Counter(words), Counter([story.upper()]), frozenset(), None)

    features = [report(n, story) for n in range(4) for story in "qt"]
    gold = {f.article_id: f.article_id[0] for f in features}
    sets = [stories_eval.DevSet(name, features, gold, []) for name in ("ecbplus", "timeline17")]
    found = stories_eval.shuffled_orders(sets, seeds=range(3))
    assert list(found) == ["ecbplus"]
    assert found["ecbplus"]["orders"] == 3
    assert found["ecbplus"]["min"] <= found["ecbplus"]["mean"] <= found["ecbplus"]["max"]
    assert found["ecbplus"]["min"] == 1.0  # two stories of unrelated words and names, whatever the order


def test_each_set_held_out_gets_the_tail_weight_the_other_sets_score_best_on(monkeypatch):
    # Each set's grouping is perfect at one weight and lumps everything at the others.
    likes = {"short": 0.5, "news": 0.5, "long": 0.0}
    gold = {"a": "x", "b": "y"}

    def group(dev, settings):
        return gold if settings.tail_weight == likes[dev.name] else {"a": "one", "b": "one"}

    monkeypatch.setattr(stories_eval, "group", group)
    sets = [stories_eval.DevSet(name, [], gold, []) for name in likes]
    found = stories_eval.tail_weights(sets, weights=(0.0, 0.5))
    assert found["scores"][0.5] == {"short": 1.0, "news": 1.0, "long": pytest.approx(2 / 3)}
    assert found["held_out"]["long"] == {"tail_weight": 0.5, "f1": pytest.approx(2 / 3)}  # short and news like 0.5
    assert found["held_out"]["short"] == {"tail_weight": 0.0, "f1": pytest.approx(2 / 3)}  # a tie: the smaller


def test_topic_mixes_score_every_mix_of_topics_with_and_without_their_dates(monkeypatch):
    from datetime import date

    from briefing.stories.features import StoryFeatures

    # A grouping that lumps what it cannot tell apart by date: one story per publication day.
    def group(dev, settings):
        return {f.article_id: str(f.published) for f in dev.features}

    monkeypatch.setattr(stories_eval, "group", group)
    features = [
        StoryFeatures(f"{topic}{n}", Counter(), Counter(), frozenset(), date(2011, month, 1))
        for month, topic in enumerate("abcd", start=1)
        for n in range(2)
    ]
    dev = stories_eval.DevSet("timeline17", features, {f.article_id: f.article_id[0] for f in features}, [])
    found = stories_eval.topic_mixes(dev, size=3)
    assert len(found["dated"]["mixes"]) == 4  # four topics, three at a time
    assert "a + b + c" in found["dated"]["mixes"]
    assert found["dated"]["mean"] == found["dated"]["min"] == 1.0  # each topic has its own month
    assert found["undated"]["min"] == pytest.approx(0.5)  # undated, three topics lumped: precision 1/3
    assert found["all undated"] == pytest.approx(0.4)  # four lumped: precision 1/4, recall 1


def test_topic_halves_keep_both_events_of_each_topic_kept(monkeypatch):
    from briefing.stories.features import StoryFeatures

    seen = []

    def group(dev, settings):
        seen.append(sorted({dev.gold[f.article_id] for f in dev.features}))
        return {f.article_id: dev.gold[f.article_id] for f in dev.features}  # perfect

    monkeypatch.setattr(stories_eval, "group", group)
    labels = [f"{topic}{event}" for topic in range(1, 7) for event in "ab"]
    features = [
        StoryFeatures(f"{label}-{n}", Counter(), Counter(), frozenset(), None) for label in labels for n in range(2)
    ]
    dev = stories_eval.DevSet("ecbplus", features, {f.article_id: f.article_id.split("-")[0] for f in features}, [])
    found = stories_eval.topic_halves(dev, seeds=range(5))
    assert found["halves"] == 5 and found["mean"] == found["min"] == 1.0 and found["at_goal"] == 1.0
    for kept in seen:
        assert len(kept) == 6  # three topics of six, each with both its events
        assert {label[:-1] for label in kept} == {label[:-1] for label in kept if label.endswith("a")}
        assert all(f"{label[:-1]}b" in kept for label in kept if label.endswith("a"))
