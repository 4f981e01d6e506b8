"""Live sources end to end against a local site: each feed entry's page read in full, the feed's
text only as the fallback, robots.txt honoured, an unchanged feed costing one 304 and no page,
one article fetched once, a slow page not stalling the rest, the ingest summary per entry."""

from __future__ import annotations

import time

import pytest

from briefing.build import IngestSummary, ingest, read_sources
from briefing.config import Settings
from briefing.ingest import load_registry, load_rules
from briefing.ingest.fetch import Fetcher
from briefing.ingest.live import advertised_feeds, is_article_page, is_url, normalise, read_live
from briefing.store import open_store

from .news_site import PARAGRAPHS, Reply, summary

SETTINGS = Settings(fetch_delay=0.0, fetch_timeout=1.0, fetch_retries=1, fetch_allow_hosts=("127.0.0.1",))


@pytest.fixture
def outlet(site):
    """A feed of four entries: two readable pages, one behind robots.txt, one that fails."""
    site.page("/a/geneva.html", "Leaders meet in Geneva", "Geneva")
    site.page("/a/vienna.html", "Talks in Vienna", "Vienna")
    site.page("/private/oslo.html", "Members only", "Oslo")
    site.routes["/a/broken.html"] = Reply(500, b"")
    site.feed(
        "/feed.xml",
        [
            ("Leaders meet in Geneva", "/a/geneva.html?utm_source=rss&utm_medium=feed", summary("Geneva")),
            ("Talks in Vienna", "/a/vienna.html", summary("Vienna")),
            ("Members only", "/private/oslo.html", summary("Oslo")),
            ("Broken page", "/a/broken.html", summary("Rome")),
        ],
        etag='"v1"',
    )
    return site


def _read(urls, policy, memory=None):
    with Fetcher(policy) as fetcher:
        return read_live(urls, fetcher, load_registry(), load_rules(), memory)


def test_each_entry_is_the_full_page_with_the_feed_metadata_given(outlet, policy):
    result = _read([outlet.base + "/feed.xml"], policy)
    by_title = {a.title: a for a in result.articles}
    geneva = by_title["Leaders meet in Geneva"]
    assert PARAGRAPHS[1].split(",")[0] in geneva.text and "Okafor said" in geneva.text  # the whole page
    assert geneva.url == outlet.base + "/a/geneva.html"  # tracking parameters gone
    assert (geneva.published, geneva.published_source) == ("2018-02-13", "given")
    assert geneva.title_source == "given"
    assert "Copyright Test Outlet" not in geneva.text and "Home" not in geneva.text
    (source,) = result.live
    assert source.kind == "feed" and source.etag == '"v1"'
    assert sorted(source.pages) == [outlet.base + "/a/geneva.html", outlet.base + "/a/vienna.html"]


def test_a_page_that_cannot_be_had_falls_back_to_the_summary_and_says_so(outlet, policy):
    result = _read([outlet.base + "/feed.xml"], policy)
    by_title = {a.title: a for a in result.articles}
    assert by_title["Members only"].text == summary("Oslo")  # robots.txt disallows the page
    assert by_title["Broken page"].text == summary("Rome")  # HTTP 500, retried, then given up
    notes = {p.path: p for p in result.problems}
    oslo = notes[outlet.base + "/private/oslo.html"]
    assert oslo.severity == "warning" and "robots.txt" in oslo.message and "summary" in oslo.message
    assert "HTTP 500" in notes[outlet.base + "/a/broken.html"].message
    assert "/private/oslo.html" not in outlet.paths()  # robots.txt honoured: never requested
    (source,) = result.live
    assert len(source.summaries) == 2


def test_the_second_run_costs_one_304_and_fetches_no_page(outlet, tmp_path):
    with open_store(tmp_path / "s.sqlite3") as store:
        first = ingest([outlet.base + "/feed.xml"], store, settings=SETTINGS)
        assert len(first.added) == 4 and first.skipped == ()
        assert "pages: 2 fetched, 2 from the feed's text, 0 fetched before" in first.line()
        before = len(outlet.requests)
        second = ingest([outlet.base + "/feed.xml"], store, settings=SETTINGS)
    requests = outlet.paths()[before:]
    assert requests == ["/robots.txt", "/feed.xml"]
    assert outlet.requests[-1][1]["if-none-match"] == '"v1"'
    assert second.live[0].kind == "unchanged" and "1 feed(s) unchanged" in second.line()
    assert set(second.hashes) == set(first.hashes)  # a brief over the feed still has its articles


def test_an_entry_seen_before_is_not_fetched_again_when_the_feed_changes(outlet, tmp_path):
    with open_store(tmp_path / "s.sqlite3") as store:
        ingest([outlet.base + "/feed.xml"], store, settings=SETTINGS)
        outlet.page("/a/rome.html", "New in Rome", "Rome")
        outlet.feed(
            "/feed.xml",
            [
                ("New in Rome", "/a/rome.html", summary("Rome talks")),
                ("Leaders meet in Geneva", "/a/geneva.html?utm_campaign=x", summary("Geneva")),
                ("Talks in Vienna", "/a/vienna.html#comments", summary("Vienna")),
            ],
            etag='"v2"',
        )
        before = len(outlet.requests)
        again = ingest([outlet.base + "/feed.xml"], store, settings=SETTINGS)
    assert outlet.paths()[before:] == ["/robots.txt", "/feed.xml", "/a/rome.html"]
    assert len(again.added) == 1 and len(again.live[0].known) == 2


def test_the_same_article_in_two_feeds_is_fetched_once(outlet, policy):
    outlet.feed("/other.xml", [("Geneva again", "/a/geneva.html", summary("Geneva"))], title="Other")
    _read([outlet.base + "/feed.xml", outlet.base + "/other.xml"], policy)
    assert outlet.paths().count("/a/geneva.html") == 1


def test_a_slow_page_times_out_without_stalling_the_rest(site, policy):
    site.routes["/a/slow.html"] = Reply(body=b"<p>late</p>", headers={"Content-Type": "text/html"}, delay=5.0)
    items = [("Slow", "/a/slow.html", summary("Paris"))]
    for n in range(6):
        site.page(f"/a/{n}.html", f"Story {n}", f"Town{n}")
        items.append((f"Story {n}", f"/a/{n}.html", summary(f"Town{n}")))
    site.feed("/feed.xml", items)
    started = time.monotonic()
    result = _read([site.base + "/feed.xml"], policy)
    elapsed = time.monotonic() - started
    assert elapsed < 4.0  # one second of timeout, not five of waiting
    assert len(result.live[0].pages) == 6 and result.live[0].summaries == (site.base + "/a/slow.html",)
    assert any("timed out" in p.message for p in result.problems)


def test_a_huge_page_is_cut_off_and_the_summary_used(site, policy):
    site.stream("/a/huge.html", 50 * 1024 * 1024)
    site.feed("/feed.xml", [("Huge", "/a/huge.html", summary("Madrid"))])
    result = _read([site.base + "/feed.xml"], policy)
    assert result.articles[0].text == summary("Madrid")
    assert "too large" in result.problems[0].message


def test_an_article_url_is_read_as_a_page(site, policy):
    site.page("/world/2018/02/13/geneva", "Leaders meet in Geneva", "Geneva")
    (article,) = _read([site.base + "/world/2018/02/13/geneva"], policy).articles
    assert article.title == "Leaders meet in Geneva" and "Okafor said" in article.text
    assert article.url == site.base + "/world/2018/02/13/geneva"


def test_a_home_page_advertising_a_feed_is_read_through_its_feed(outlet, policy):
    link = '<link rel="alternate" type="application/rss+xml" title="News" href="/feed.xml">'
    outlet.page("/", "Test Outlet: home", "Nowhere", og_type="website", extra_head=link)
    result = _read([outlet.base + "/"], policy)
    assert result.live[0].kind == "feed" and result.live[0].feed == outlet.base + "/feed.xml"
    assert len(result.articles) == 4


def test_a_redirect_to_a_disallowed_address_is_refused_and_the_run_goes_on(outlet, policy):
    outlet.routes["/a/away.html"] = Reply(302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"})
    outlet.feed("/more.xml", [("Away", "/a/away.html", summary("Kyiv"))])
    result = _read([outlet.base + "/more.xml", outlet.base + "/feed.xml", "file:///etc/passwd"], policy)
    away = next(p for p in result.problems if p.path.endswith("/a/away.html"))
    assert "169.254.169.254 is a link-local address" in away.message
    assert any(a.text == summary("Kyiv") for a in result.articles)
    assert len(result.articles) == 5


def test_a_url_that_cannot_be_fetched_is_named_and_skipped(site, policy):
    result = _read([site.base + "/missing.xml"], policy)
    assert not result.articles and result.live[0].kind == "failed"
    assert result.problems[0].path == site.base + "/missing.xml"
    assert result.problems[0].message == "cannot fetch: HTTP 404 (not found)"


def test_loopback_is_refused_without_the_setting(outlet):
    result = read_sources([outlet.base + "/feed.xml"], settings=Settings(fetch_timeout=1.0))
    assert not result.articles and "loopback address" in result.problems[0].message
    assert outlet.requests == []


def test_saved_feed_files_fetch_nothing(outlet, tmp_path):
    from .news_site import rss

    saved = tmp_path / "saved.rss"
    saved.write_text(rss(outlet.base, [("Geneva", "/a/geneva.html", summary("Geneva"))]), encoding="utf-8")
    (article,) = read_sources([saved], settings=SETTINGS).articles
    assert article.text == summary("Geneva") and outlet.requests == []


def test_the_summary_line_without_live_sources_is_as_before():
    assert IngestSummary(added=("a",)).line() == "1 added, 0 already present, 0 updated, 0 skipped"


def test_urls_are_normalised_and_recognised():
    assert normalise("HTTPS://Example.COM:443/a/b.html?utm_source=x&id=3#top") == "https://example.com/a/b.html?id=3"
    assert is_url("https://x.org/feed") and is_url("HTTP://x.org") and not is_url("feeds/x.rss")
    html = '<html><head><link rel="alternate" type="application/atom+xml" href="/atom"></head><body>'
    html += '<a href="/rss.xml">a feed named in the text</a></body></html>'
    assert advertised_feeds(html, "https://x.org/news/") == ["https://x.org/atom"]  # never links in the text
    assert is_article_page("https://x.org/", "<meta property='og:type' content='article'>")
    assert is_article_page("https://x.org/world/2018/story", "<html>")
    assert not is_article_page("https://x.org/world/", "<meta property='og:type' content='website'>")


def test_the_ingest_command_reads_urls_and_notes_each_fallback(outlet, tmp_path, capsys, monkeypatch, caplog):
    from briefing.cli import EXIT_OK, main

    monkeypatch.setenv("BRIEFING_FETCH_ALLOW_HOSTS", "127.0.0.1")
    monkeypatch.setenv("BRIEFING_FETCH_DELAY", "0")
    monkeypatch.setenv("BRIEFING_FETCH_RETRIES", "0")
    db = str(tmp_path / "s.sqlite3")
    assert main(["ingest", outlet.base + "/feed.xml", "--store", db]) == EXIT_OK
    out, err = capsys.readouterr()
    assert "4 added, 0 already present, 0 updated, 0 skipped; pages: 2 fetched, 2 from the feed's text" in out
    assert f"briefing: note: {outlet.base}/private/oslo.html: page not had (robots.txt" in err
    assert f"{outlet.base}/feed.xml: feed: 2 page(s) fetched, 2 from the feed's own text" in err  # the fetch report
    assert main(["ingest", outlet.base + "/feed.xml", "--store", db]) == EXIT_OK
    assert "feed(s) unchanged" in capsys.readouterr().out


def test_a_polling_job_ingests_feeds_without_a_report(outlet, tmp_path):
    from datetime import datetime, timezone

    from briefing.config import read_config
    from briefing.schedule import parse_schedule, run_job

    config = tmp_path / "briefing.toml"
    config.write_text(
        f'timezone = "UTC"\n[jobs.poll]\nsources = ["{outlet.base}/feed.xml"]\n'
        'cron = "*/30 * * * *"\nreport = "none"\n',
        encoding="utf-8",
    )
    (job,) = parse_schedule(read_config(config)).jobs
    with open_store(tmp_path / "s.sqlite3") as store:
        outcome = run_job(job, store, SETTINGS, datetime(2018, 2, 13, 9, 30, tzinfo=timezone.utc))
        assert outcome.status == "ok" and outcome.written == ()
        assert store.count() == 4
