"""The language pass in several processes finds exactly what it finds in one."""

from __future__ import annotations

import pytest

from briefing.config import Settings
from briefing.ingest import load
from briefing.nlp.pipeline import _noun_phrases, _phrases_by_sentence, extract_facts, load_model, resolve_processes
from briefing.timing import StageTimer
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def seed_articles():
    return list(load([SEEDS]).articles)


def test_two_processes_give_the_same_facts_in_the_same_order(seed_articles):
    model = Settings().spacy_model
    one = extract_facts(seed_articles, model, processes=1)
    seen = []
    timer = StageTimer()
    two = extract_facts(seed_articles, model, processes=2, on_article=seen.append, timer=timer)
    assert two == one
    assert [f.article.id for f in two] == [a.id for a in seed_articles]
    assert all(f.article is a for f, a in zip(two, seed_articles, strict=True))  # the caller's objects, not copies
    assert seen == seed_articles
    assert {"workers", "spacy", "mentions"} <= set(timer.seconds)
    assert timer.total() < sum(timer.seconds.values())  # worker seconds are not counted twice


def test_phrases_match_spacy_span_noun_chunks(seed_articles):
    nlp = load_model(Settings().spacy_model)
    for doc in nlp.pipe(a.text for a in seed_articles[:3]):
        sents = list(doc.sents)
        assert _phrases_by_sentence(doc, sents) == tuple(_noun_phrases(s) for s in sents)


@pytest.mark.parametrize(
    ("setting", "articles", "cores", "expected"),
    [
        ("auto", 50, 2, 1),
        ("auto", 199, 8, 1),
        ("auto", 200, 2, 2),
        ("auto", 5000, 8, 2),
        ("auto", 5000, 1, 1),
        (None, 5000, 2, 2),
        (3, 5000, 2, 3),
        ("2", 1, 2, 1),
    ],
)
def test_resolve_processes(setting, articles, cores, expected):
    assert resolve_processes(setting, articles, cores) == expected


@pytest.mark.parametrize("bad", [-1, "many"])
def test_resolve_processes_refuses_nonsense(bad):
    with pytest.raises(ValueError):
        resolve_processes(bad, 10, 2)


def test_processes_setting_from_environment_and_config_file(tmp_path):
    from briefing.config import ConfigFile, from_environment, from_file

    assert Settings().processes == "auto"
    assert from_environment(environ={"BRIEFING_PROCESSES": "2"}).processes == "2"
    assert from_file(ConfigFile(tmp_path / "briefing.toml", "processes = 2", {"processes": 2})).processes == "2"
    assert resolve_processes(from_environment(environ={"BRIEFING_PROCESSES": "2"}).processes, 10, 1) == 2
