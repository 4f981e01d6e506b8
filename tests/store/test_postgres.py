"""The same store on PostgreSQL, through a database URL.

Runs against ``$BRIEFING_TEST_POSTGRES_URL`` when set, else against a throwaway server this test
starts (initdb + pg_ctl on a Unix socket in a temporary folder; as the ``postgres`` user when the
tests run as root). Skipped, saying why, when neither is possible.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from briefing.build import ingest
from briefing.model import Article, ArticleFacts, Sentence
from briefing.store import Selection, cached_facts, content_hash, metadata, open_store

from .conftest import SEEDS


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    initdb = found[-1] if found else shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url(system_temp):
    if os.environ.get("BRIEFING_TEST_POSTGRES_URL"):
        yield os.environ["BRIEFING_TEST_POSTGRES_URL"]
        return
    pytest.importorskip("psycopg", reason="PostgreSQL test skipped: the psycopg driver is not installed")
    bin_dir = _binaries()
    if bin_dir is None:
        pytest.skip(
            "PostgreSQL test skipped: no PostgreSQL server binaries (initdb) found and "
            "BRIEFING_TEST_POSTGRES_URL is not set"
        )
    user = {}
    # Not under pytest's folder: the server's user must be able to reach it.
    folder = Path(tempfile.mkdtemp(prefix="briefing-pg-", dir=system_temp))
    if os.geteuid() == 0:  # the server refuses to run as root
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("PostgreSQL test skipped: running as root and there is no 'postgres' user to start the server")
        user = {"user": account.pw_uid, "group": account.pw_gid}
        os.chown(folder, account.pw_uid, account.pw_gid)
    port = _free_port()
    data, log = folder / "data", folder / "server.log"
    started = False
    try:
        init = subprocess.run(
            [bin_dir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=folder,
            **user,
        )
        if init.returncode != 0:
            pytest.skip(f"PostgreSQL test skipped: initdb failed: {init.stderr.strip()[-300:]}")
        options = f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off"
        start = subprocess.run(
            [bin_dir / "pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "-t", "60", "start"],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=folder,
            **user,
        )
        if start.returncode != 0:
            tail = log.read_text()[-300:] if log.exists() else start.stderr
            pytest.skip(f"PostgreSQL test skipped: the server did not start: {tail.strip()}")
        started = True
        yield f"postgresql+psycopg://postgres@/postgres?host={folder}&port={port}"
    finally:
        if started:
            subprocess.run(
                [bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "stop"],
                capture_output=True,
                timeout=60,
                cwd=folder,
                **user,
            )
        shutil.rmtree(folder, ignore_errors=True)


def test_the_store_works_the_same_on_postgresql(postgres_url):
    with open_store(postgres_url) as old:  # a server given by URL may hold an earlier run's tables
        metadata.drop_all(old.engine)
    with open_store(postgres_url) as store:
        assert store.engine.dialect.name == "postgresql"
        first = ingest([SEEDS], store)
        second = ingest([SEEDS], store)
        assert (len(first.added), len(second.present), store.count()) == (5, 5, 5)
        assert store.check() == []
        week = store.select(Selection(since=date(2018, 2, 12), until=date(2018, 2, 18)))
        assert sorted(Path(a.path).name[:3] for a in week) == ["000", "001"]
        assert {Path(a.path).name[:3] for a in store.select(Selection(terms=("LAVROV",)))} == {"001", "004"}

        article = week[0]

        def extract(articles: list[Article]) -> list[ArticleFacts]:
            return [ArticleFacts(a, (Sentence(0, 0, 5, a.text[:5]),)) for a in articles]

        facts, report = cached_facts(store, [article], "pg-test", extract)
        again, report_again = cached_facts(store, [article], "pg-test", lambda arts: pytest.fail("cached"))
        assert (report.misses, report_again.hits) == (1, 1) and again == facts
        assert content_hash(again[0].article.text) == content_hash(article.text)

        now = datetime(2018, 2, 19, 7, tzinfo=timezone.utc)
        assert store.job_state("weekly", now) == (None, now)
        store.record_run("weekly", now, "ok")
        assert store.job_state("weekly", now)[0] == now


def test_several_clients_write_one_postgresql_store_at_once(postgres_url, tmp_path):
    """A team's clients (two ingests here, each with its own connection) store overlapping articles
    and place them in stories at the same moment: every article is stored once and is in exactly
    one story, and neither client fails (the first grouping of an empty store is the race: both
    find no saved state and both insert it)."""
    import threading

    from briefing.stories.tracking import update_stories

    with open_store(postgres_url) as old:
        metadata.drop_all(old.engine)
    topics = ["harbour strike", "river flood", "council vote", "rail tunnel"]
    files = []
    for n in range(24):
        topic = topics[n % len(topics)]
        path = tmp_path / f"article-{n:02d}.txt"
        path.write_text(
            f"The {topic} enters day {n}\n\nReporters followed the {topic} on day {n}. "
            f"Officials said the {topic} would be discussed again, in meeting number {n}.\n",
            encoding="utf-8",
        )
        files.append(path)
    shares = [files[:16], files[8:]]  # 8 articles both clients bring
    start = threading.Barrier(len(shares))
    failures: list[BaseException] = []

    def client(paths: list[Path]) -> None:
        try:
            with open_store(postgres_url) as store:
                ingest(paths, store)
                start.wait(timeout=60)
                update_stories(store, lambda articles: [ArticleFacts(a, ()) for a in articles], "pg-test")
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)

    threads = [threading.Thread(target=client, args=(paths,)) for paths in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    with open_store(postgres_url) as store:
        assert store.count() == len(files)
        assert store.check() == []
        stored = store.select(Selection())
        story_of = store.story_of()
        assert sorted(story_of) == sorted(content_hash(a.text) for a in stored)
        assert store.ungrouped() == []
