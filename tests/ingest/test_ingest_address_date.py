"""Publication dates from an article's address: a URL's path or a dated file name, read last."""

from __future__ import annotations

import json

import pytest
import yaml

from briefing.ingest import load
from briefing.ingest.published import (
    address_part,
    from_address,
    load_address_layouts,
    parse_address_layouts,
)
from briefing.model import GIVEN, INFERRED, UNKNOWN

BODY = "Russian President Vladimir Putin met Palestinian President Mahmoud Abbas in Moscow on Monday.\n"


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("https://www.example.com/news/2016/05/12/putin-meets-abbas.html", "2016-05-12"),
        ("https://www.example.com/2016/5/2/putin-meets-abbas", "2016-05-02"),
        ("https://example.org/world/2013-03-22-talks-resume", "2013-03-22"),
        ("https://example.org/world/talks_2013_03_22.html", "2013-03-22"),
        ("https://www.example.com/2016/05/putin-meets-abbas", "2016-05"),
        ("corpus/APW19980227.0487.tml", "1998-02-27"),
        ("corpus/bbc_20130322_1150.tml", "2013-03-22"),
        ("AP900815-0044.tml", "1990-08-15"),
        ("ea980120.1830.0071.tml", "1998-01-20"),
        ("archive.jsonl#L3", None),
        ("wsj_0006.tml", None),  # a running number, no date
        ("https://www.example.com/story/12345678", None),  # eight digits that are no calendar day
        ("https://www.example.com/2016/13/40/story", None),  # no month 13
        ("https://news-20160512.example.com/story", None),  # the host's digits are not read
        ("crawl-2024-01-01/putin-meets-abbas.txt", None),  # nor a folder's: it names the collection
        ("", None),
        (None, None),
    ],
)
def test_from_address(address, expected):
    assert from_address(address) == expected


def test_address_part_is_a_urls_path_or_a_files_name():
    assert address_part("https://a.example/2016/05/12/x?id=3") == "/2016/05/12/x?id=3"
    assert address_part("/data/2016/05/12/story.txt") == "story.txt"
    assert address_part(r"C:\data\APW19980227.0487.tml") == "APW19980227.0487.tml"
    assert address_part("dump.jsonl#L3") == "dump.jsonl"


def test_every_packaged_layout_reads_its_example():
    for layout in load_address_layouts():
        assert layout.pattern.search(address_part(layout.example)), layout.name
        assert from_address(layout.example, [layout]) is not None, layout.name


def test_user_layouts_are_tried_first(tmp_path):
    extra = tmp_path / "layouts.yaml"
    extra.write_text(
        yaml.safe_dump({"layouts": [{"name": "d.m.y", "pattern": r"(?P<d>\d\d)\.(?P<m>\d\d)\.(?P<y>\d{4})"}]}),
        encoding="utf-8",
    )
    layouts = load_address_layouts(extra)
    assert layouts[0].name == "d.m.y"
    assert from_address("https://x.example/news/12.05.2016/story", layouts) == "2016-05-12"
    assert from_address("https://x.example/news/12.05.2016/story") is None  # not a packaged layout


@pytest.mark.parametrize(
    "data",
    [
        {"layouts": [{"name": "no groups", "pattern": r"\d{8}"}]},
        {"layouts": [{"name": "bad", "pattern": "(?P<y>"}]},
        {"layouts": [{"name": "no pattern"}]},
        {"rules": []},
    ],
)
def test_malformed_layouts_are_refused_with_their_source(data):
    with pytest.raises(ValueError, match="user.yaml"):
        parse_address_layouts(data, "user.yaml")


def test_ingest_infers_the_date_from_a_dated_file_name(write):
    path = write("APW20180212.0042.txt", BODY)
    article = load([path]).articles[0]
    assert (article.published, article.published_source) == ("2018-02-12", INFERRED)


def test_ingest_infers_the_date_from_the_url(write):
    record = {"text": BODY, "url": "https://www.example.com/world/2018/02/12/putin-abbas.html"}
    path = write("article.json", json.dumps(record))
    article = load([path]).articles[0]
    assert (article.published, article.published_source) == ("2018-02-12", INFERRED)


@pytest.mark.parametrize(
    "first_line",
    [
        "https://www.itv.com/news/world/2018-02-12/putin-meets-abbas/",
        "http: / / www. itv. com / news / world / 2018 - 02 - 12 / putin - meets - abbas /",  # rebuilt from tokens
    ],
)
def test_a_page_that_opens_with_its_address_gets_its_url_outlet_and_date(write, first_line):
    more = "The two leaders discussed the peace process and the status of Jerusalem, officials said.\n"
    path = write("a.txt", f"{first_line}\n\nPutin meets Abbas in Moscow\n\n{BODY}\n{more}")
    article = load([path]).articles[0]
    assert article.url == first_line.replace(" ", "")
    assert article.outlet == "ITV News"  # by the registry, from the address's domain
    assert (article.published, article.published_source) == ("2018-02-12", INFERRED)
    assert article.title == "Putin meets Abbas in Moscow" and "itv" not in article.text


def test_a_line_that_only_starts_like_an_address_is_none(write):
    path = write("a.txt", f"Putin meets Abbas in Moscow\n\nhttp is how the page reached you.\n\n{BODY}")
    assert load([path]).articles[0].url is None


def test_the_address_comes_after_what_the_page_says(write):
    path = write("APW20180212.0042.txt", "MOSCOW, Feb 13, 2018 (Reuters) - " + BODY)
    article = load([path]).articles[0]
    assert (article.published, article.published_source) == ("2018-02-13", INFERRED)


def test_a_given_date_wins_over_the_address(write):
    record = {"text": BODY, "published": "2018-02-14", "url": "https://www.example.com/2018/02/12/putin-abbas"}
    path = write("article.json", json.dumps(record))
    article = load([path]).articles[0]
    assert (article.published, article.published_source) == ("2018-02-14", GIVEN)


def test_an_undated_address_leaves_the_date_unknown(write):
    path = write("putin-abbas.txt", BODY)
    article = load([path]).articles[0]
    assert (article.published, article.published_source) == (None, UNKNOWN)
