"""The language pass on a Dask cluster: the same facts and the same brief as on one machine, and a
worker killed mid-batch costs a retry of its batch, not the run.

The tests start and stop their own LocalCluster (two worker processes, one thread each, loopback,
no dashboard) and reach it through the ``cluster`` setting, as a remote scheduler would be.
"""

from __future__ import annotations

import json
import os
import signal
from dataclasses import replace

import pytest

from briefing.config import ConfigFile, Settings, from_environment, from_file
from briefing.nlp.cluster import (
    BATCH_LEAST,
    BATCH_MOST,
    ClusterError,
    ClusterSpec,
    batch_articles,
    close_clients,
    extract_on_cluster,
    local_cluster,
    parse_cluster,
)
from tests.conftest import SEEDS

MODEL = Settings().spacy_model


# --------------------------------------------------------------------------- the setting


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("", None),
        ("none", None),
        ("local:3", ClusterSpec(workers=3)),
        ("tcp://scheduler:8786", ClusterSpec(address="tcp://scheduler:8786")),
        ("tls://10.0.0.5:8786", ClusterSpec(address="tls://10.0.0.5:8786")),
        ("scheduler:8786", ClusterSpec(address="tcp://scheduler:8786")),
    ],
)
def test_parse_cluster(setting, expected):
    assert parse_cluster(setting) == expected


def test_local_means_one_worker_per_core():
    assert parse_cluster("local").workers >= 1


@pytest.mark.parametrize("bad", ["local:0", "http://scheduler:8786", "scheduler", "local:two"])
def test_parse_cluster_refuses_nonsense(bad):
    with pytest.raises(ClusterError, match="cluster"):
        parse_cluster(bad)


def test_batches_are_sized_for_throughput():
    assert batch_articles(500, 2) == 32  # about eight per worker thread
    assert batch_articles(20, 2) == BATCH_LEAST  # never one task per article
    assert batch_articles(100_000, 16) == BATCH_MOST  # a lost batch stays cheap to run again
    assert batch_articles(3, 4) == BATCH_LEAST


def test_cluster_setting_from_file_environment_and_flag(tmp_path):
    from briefing.cli import _parser, _settings

    assert Settings().cluster == ""
    assert from_environment(environ={"BRIEFING_CLUSTER": "local:2"}).cluster == "local:2"
    config = ConfigFile(tmp_path / "briefing.toml", 'cluster = "tcp://scheduler:8786"', {"cluster": "tcp://s:8786"})
    assert from_file(config).cluster == "tcp://s:8786"
    for command in (["build", "x"], ["timeline", "x"], ["ingest", "x"]):
        args = _parser().parse_args([*command, "--cluster", "local:2"])
        assert _settings(args).cluster == "local:2"


def test_an_unreachable_scheduler_is_a_cluster_error(seed_articles, monkeypatch):
    import briefing.nlp.cluster as cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1.0)
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        extract_on_cluster(seed_articles, MODEL, "tcp://127.0.0.1:9")


def test_the_command_line_names_a_bad_cluster_setting(tmp_path, capsys):
    from briefing.cli import main

    code = main(["-q", "build", str(SEEDS), "--out", str(tmp_path), "--cluster", "somewhere", "--format", "json"])
    assert code == 2
    assert "cluster 'somewhere'" in capsys.readouterr().err


# --------------------------------------------------------------------------- on a LocalCluster


@pytest.fixture(scope="module")
def seed_articles():
    from briefing.ingest import load

    return list(load([SEEDS]).articles)


@pytest.fixture(scope="module")
def cluster_address():
    """A LocalCluster of two worker processes (one thread each, loopback, no dashboard), its address
    given as the ``cluster`` setting."""
    cluster = local_cluster(2)
    try:
        yield cluster.scheduler_address
    finally:
        close_clients()
        cluster.close()


@pytest.fixture(scope="module")
def corpus_200():
    """200 articles: ECB+ news from the shared data, else texts made from the seeds' sentences."""
    from benchmarks.cluster_pass import corpus_articles

    articles, _ = corpus_articles(200)
    return articles


@pytest.fixture(scope="module")
def corpus_60(corpus_200):
    """60 of them with their facts found on this machine: ten batches of six for the kill test."""
    from briefing.nlp.pipeline import extract_facts

    articles = corpus_200[:60]
    return articles, extract_facts(articles, MODEL, processes=1)


@pytest.mark.slow
def test_the_local_cluster_listens_on_loopback_only(cluster_address):
    from briefing.nlp.cluster import client_for

    client = client_for(cluster_address)
    assert cluster_address.startswith("tcp://127.0.0.1:")
    assert all(address.startswith("tcp://127.0.0.1:") for address in client.nthreads())
    assert client.nthreads() and set(client.nthreads().values()) == {1}
    # and without Dask's statistical profiler, which costs a worker 10-15% of its CPU over spaCy's stacks
    assert set(client.run(_profiler_on).values()) == {False}


def _profiler_on() -> bool:
    import dask

    return dask.config.get("distributed.worker.profile.enabled")


@pytest.mark.slow
def test_same_facts_in_input_order_with_progress(seed_articles, cluster_address):
    from briefing.nlp.pipeline import extract_facts
    from briefing.timing import StageTimer

    one = extract_facts(seed_articles, MODEL, processes=1)
    seen, timer = [], StageTimer()
    # two articles a task: several batches, finishing in any order
    on_cluster = extract_on_cluster(seed_articles, MODEL, cluster_address, seen.append, timer=timer, per_task=2)
    assert on_cluster == one
    assert all(f.article is a for f, a in zip(on_cluster, seed_articles, strict=True))  # the caller's objects
    assert sorted(a.id for a in seen) == sorted(a.id for a in seed_articles)
    assert {"workers", "spacy", "mentions"} <= set(timer.seconds) and "spacy" in timer.parallel


def _brief_json(folder) -> dict:
    """brief.json without the time it was made: all that may differ between two builds."""
    data = json.loads((folder / "brief.json").read_text(encoding="utf-8"))
    data["scope"].pop("generated_at")
    return data


def _build(sources, out, settings, store=None):
    from briefing.build import BuildRequest, run

    return run(BuildRequest(sources=tuple(sources), out_dir=out, formats=("json",), settings=settings, store=store))


@pytest.mark.slow
def test_seeds_brief_identical_on_a_cluster(tmp_path, cluster_address):
    settings = Settings()
    _build([SEEDS], tmp_path / "local", settings)
    result = _build([SEEDS], tmp_path / "cluster", replace(settings, cluster=cluster_address))
    assert "cluster connect" in result.timer.seconds  # the pass did go to the cluster
    assert _brief_json(tmp_path / "cluster") == _brief_json(tmp_path / "local")


@pytest.mark.slow
def test_200_article_brief_identical_on_a_cluster(tmp_path, cluster_address, corpus_200):
    corpus = tmp_path / "corpus.jsonl"
    records = [{"text": a.text, "title": a.title, "outlet": a.outlet, "published": a.published} for a in corpus_200]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    settings = Settings()
    # through a store, as a team runs it (each build its own): the workers' facts come back here
    _build([corpus], tmp_path / "local", settings, tmp_path / "local.sqlite3")
    store = tmp_path / "cluster.sqlite3"
    first = _build([corpus], tmp_path / "cluster", replace(settings, cluster=cluster_address), store)
    assert first.cache.misses == len(corpus_200) and "cluster connect" in first.timer.seconds
    assert _brief_json(tmp_path / "cluster") == _brief_json(tmp_path / "local")
    again = _build([corpus], tmp_path / "again", settings, store)  # no cluster: every fact from the store
    assert again.cache.hits == len(corpus_200) and again.cache.misses == 0
    assert _brief_json(tmp_path / "again") == _brief_json(tmp_path / "local")


@pytest.mark.slow
def test_a_worker_killed_mid_batch_costs_its_batch_not_the_run(cluster_address, corpus_60):
    from briefing.nlp.cluster import client_for

    client = client_for(cluster_address)
    killed: list[tuple[int, list]] = []

    def kill_a_busy_worker(article) -> None:
        if killed:
            return
        pids = client.run(os.getpid)
        for address, keys in client.processing().items():
            if keys and address in pids:
                killed.append((pids[address], list(keys)))
                os.kill(pids[address], signal.SIGKILL)
                return

    seen = []

    def progress(article) -> None:
        seen.append(article)
        kill_a_busy_worker(article)

    articles, local_facts = corpus_60
    facts = extract_on_cluster(articles, MODEL, cluster_address, progress, per_task=6)
    assert killed, "no worker was busy when the first batch came back"
    pid, keys = killed[0]
    assert keys and all(str(k).startswith("briefing-language-") for k in keys)  # it died in a batch
    assert pid not in client.run(os.getpid).values()  # that process is gone (its nanny started another)
    assert facts == local_facts  # every article's facts, in order, as on one machine
    assert len(seen) == len(articles) and len({a.id for a in seen}) == len(articles)  # each batch counted once
