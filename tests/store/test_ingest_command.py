"""`briefing ingest`: files, folders, .jsonl and saved RSS/Atom feeds into the store, with a summary."""

from __future__ import annotations

import json

from briefing.cli import EXIT_OK, EXIT_SKIPPED, main
from briefing.ingest.feeds import html_to_text, is_feed, load_feed
from briefing.store import open_store

from .conftest import SEEDS

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Radio Free Europe/Radio Liberty</title>
  <link>https://www.rferl.org/</link>
  <item>
    <title>Leaders meet in Geneva</title>
    <link>https://www.rferl.org/a/leaders-meet/1.html</link>
    <pubDate>Tue, 13 Feb 2018 09:30:00 GMT</pubDate>
    <description>Short summary.</description>
    <content:encoded><![CDATA[<p>Foreign Minister Anna Berg met Prime Minister Paul Okafor in Geneva on
      Monday.</p><p>&#8220;We agreed on the next steps,&#8221; Berg told reporters.</p>]]></content:encoded>
  </item>
  <item>
    <title>Talks resume</title>
    <link>https://www.rferl.org/a/talks-resume/2.html</link>
    <pubDate>Wed, 14 Feb 2018 10:00:00 GMT</pubDate>
    <description>&lt;p&gt;The talks resumed in Vienna on Wednesday, officials said.&lt;/p&gt;</description>
  </item>
  <item><title>Empty</title><link>https://www.rferl.org/a/empty/3.html</link></item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Some Blog</title>
  <entry>
    <title>An Atom entry</title>
    <link href="https://example.org/post/1"/>
    <id>urn:1</id>
    <updated>2018-02-15T08:00:00Z</updated>
    <summary>Officials met in Oslo on Thursday to discuss the ceasefire.</summary>
  </entry>
</feed>
"""


def test_feed_entries_become_articles_with_given_metadata(tmp_path):
    feed = tmp_path / "rferl.rss"
    feed.write_text(RSS, encoding="utf-8")
    result = load_feed(feed)
    first, second = result.articles
    assert first.title == "Leaders meet in Geneva" and first.title_source == "given"
    assert first.url == "https://www.rferl.org/a/leaders-meet/1.html"
    assert (first.published, first.published_source) == ("2018-02-13", "given")
    assert first.outlet == "Radio Free Europe/Radio Liberty"
    assert "\u201cWe agreed on the next steps,\u201d Berg told reporters." in first.text
    assert "Short summary" not in first.text  # the full content wins over the summary
    assert second.text == "The talks resumed in Vienna on Wednesday, officials said."
    assert [p.message for p in result.problems] == ["feed entry has no content or summary"]


def test_an_atom_feed_and_an_unknown_outlet(tmp_path):
    feed = tmp_path / "blog.atom"
    feed.write_text(ATOM, encoding="utf-8")
    (article,) = load_feed(feed).articles
    assert article.published == "2018-02-15" and article.url == "https://example.org/post/1"
    assert article.outlet_source != "given"


def test_a_broken_feed_is_a_problem_not_a_crash(tmp_path):
    feed = tmp_path / "broken.xml"
    feed.write_text("<rss><channel><item>", encoding="utf-8")
    result = load_feed(feed)
    assert not result.articles and result.problems
    assert load_feed(tmp_path / "missing.rss").problems[0].message == "no such feed file"


def test_what_counts_as_a_saved_feed():
    assert is_feed("x.atom") and is_feed("saved.XML") and is_feed("feeds/a.rss")
    assert not is_feed("article.html") and not is_feed("folder")
    assert not is_feed("https://example.org/feed.xml")  # a URL is a live source (tests/ingest/test_live.py)


def test_html_fragments_become_paragraphs():
    assert html_to_text("<p>One <b>two</b></p><p>Three&amp;four</p><script>x()</script>") == "One two\n\nThree&four"
    assert html_to_text("plain &amp; simple") == "plain & simple"


def test_ingest_command_adds_everything_and_says_what_it_did(tmp_path, capsys):
    feed = tmp_path / "rferl.rss"
    feed.write_text(RSS, encoding="utf-8")
    records = tmp_path / "more.jsonl"
    records.write_text(
        json.dumps({"text": "Ministers met in Rome on Friday.", "published": "2018-02-16", "outlet": "Reuters"})
        + "\n"
        + "not json\n",
        encoding="utf-8",
    )
    db = tmp_path / "s.sqlite3"
    code = main(["ingest", str(SEEDS), str(feed), str(records), "--store", str(db)])
    out, err = capsys.readouterr()
    assert code == EXIT_SKIPPED  # the broken line and the empty feed entry
    assert "8 added, 0 already present, 0 updated, 2 skipped" in out
    assert "more.jsonl" in err and "rferl.rss#3" in err
    assert main(["ingest", str(SEEDS), "--store", str(db)]) == EXIT_OK
    assert "0 added, 5 already present" in capsys.readouterr().out
    with open_store(db) as store:
        assert store.count() == 8 and store.check() == []


def test_the_store_path_comes_from_the_config_file(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text('store = "data/corpus.sqlite3"\n', encoding="utf-8")
    assert main(["ingest", str(SEEDS)]) == EXIT_OK
    assert (tmp_path / "data" / "corpus.sqlite3").is_file()


def test_the_default_store_is_under_the_user_data_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("BRIEFING_STORE", raising=False)
    monkeypatch.delenv("BRIEFING_CONFIG", raising=False)
    assert main(["ingest", str(SEEDS)]) == EXIT_OK
    assert (tmp_path / "xdg" / "briefing" / "store.sqlite3").is_file()
