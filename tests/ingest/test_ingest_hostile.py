"""Hostile and broken inputs at the ingest stage: encodings, odd characters, YAML and XML bombs,
external entities, feeds that are not well formed; each is named, none stops the run."""

from __future__ import annotations

import json
import time

import pytest

import briefing.ingest as ingest_module
from briefing.ingest import feeds, load
from briefing.ingest.readers import ReadError, decode, decode_noting, metadata, non_scalar_fields
from briefing.text import scrub

ARTICLE = (
    "Foreign Minister Anna Berg met Prime Minister Paul Okafor in Geneva on March 3 to discuss the ceasefire, "
    "officials said."
)


def _laughs(levels: int = 9) -> str:
    return '<!ENTITY a0 "aaaaaaaaaa">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, levels + 1))


# --------------------------------------------------------------------------- bytes and characters


def test_a_file_cut_in_the_middle_of_a_character_keeps_its_text():
    data = ("Zürich " + ARTICLE + " Café").encode("utf-8")[:-1]
    text, note = decode_noting(data)
    assert text == "Zürich " + ARTICLE + " Caf\ufffd"  # not mojibake from a guessed legacy encoding
    assert "truncated" in note


def test_mostly_utf8_with_stray_windows_1252_bytes_reads_both():
    data = "Café in Zürich: “talks”. ".encode() + "Montréal café owners agreed.".encode("cp1252")
    text, note = decode_noting(data)
    assert text == "Café in Zürich: “talks”. Montréal café owners agreed."
    assert "mixed text encodings" in note


def test_a_legacy_encoding_alone_is_still_detected():
    text, note = decode_noting("Café owners in Montréal say the new rules will hurt them.".encode("latin-1"))
    assert "Montréal" in text and note is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (bytes(range(1, 256)) * 4, "unknown or mixed text encoding"),
        ("text\x00more".encode("utf-16-le") + b"\x00\x00", "binary"),
        (b" \t\r\n" * 10, "only whitespace"),
    ],
)
def test_undecodable_bytes_are_a_read_error_naming_the_reason(data, reason):
    with pytest.raises(ReadError, match=reason):
        decode(data)


def test_scrub_removes_what_storage_and_pdf_refuse_and_keeps_the_rest():
    assert scrub("a\ud800b\udfffc") == "a\ufffdb\ufffdc"
    assert scrub("a\x00b\x01c\x7fd") == "abcd"
    assert scrub("one\ttab\nline\r\nbreak\x0bvt\x0cff") == "one\ttab\nline\r\nbreak\nvt\nff"
    assert scrub("Łódź — “quoted” ✓ 日本") == "Łódź — “quoted” ✓ 日本"
    scrub("x\ud800").encode("utf-8")  # encodable now


def test_odd_characters_in_json_records_and_names_are_cleaned_not_fatal(tmp_path):
    path = tmp_path / "odd.jsonl"
    path.write_text(
        json.dumps({"text": ARTICLE + " \ud800\u0000 end.", "title": "T\udc00", "outlet": "X\u0001Y"}) + "\n",
        encoding="utf-8",
    )
    result = load([path])
    (article,) = result.articles
    assert article.text.endswith(" \ufffd end.") and article.title == "T\ufffd" and article.outlet == "XY"
    article.text.encode("utf-8")


def test_a_file_name_that_is_not_utf8_is_read(tmp_path):
    name = b"caf\xe9.txt".decode("utf-8", "surrogateescape")  # how Python shows such a name
    try:
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses names that are not UTF-8")
    (article,) = load([tmp_path]).articles
    article.path.encode("utf-8")
    assert article.path.endswith("caf\ufffd.txt")


def test_an_unexpected_failure_on_one_file_is_a_problem_not_a_crash(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.replace("Geneva", "Vienna"), encoding="utf-8")
    real = ingest_module.inspect_document

    def flaky(doc, *args, **kwargs):
        if doc.path.endswith("a.txt"):
            raise IndexError("a bug met an odd file")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(ingest_module, "inspect_document", flaky)
    result = load([tmp_path])
    assert [a.path for a in result.articles] == [str(tmp_path / "b.txt")]
    (problem,) = result.problems
    assert problem.path == str(tmp_path / "a.txt") and "IndexError: a bug met an odd file" in problem.message


# --------------------------------------------------------------------------- metadata and YAML


def test_metadata_keeps_single_values_only():
    raw = {"title": ["a", "b"], "outlet": {"x": 1}, "published": "2018-02-12", "url": True}
    assert metadata(raw) == {"published": "2018-02-12"}
    assert non_scalar_fields(raw) == ["title", "outlet", "url"]


def test_a_yaml_alias_bomb_in_front_matter_is_ignored_at_once(tmp_path):
    levels = "".join(f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefg", "bcdefgh", strict=True))
    path = tmp_path / "bomb.md"
    path.write_text("---\na: &a [x,x,x,x,x,x,x,x,x]\n" + levels + "title: [*h,*h,*h,*h]\n---\n" + ARTICLE)
    started = time.monotonic()
    result = load([path])
    assert time.monotonic() - started < 5
    (article,) = result.articles
    assert article.text == ARTICLE and article.title_source != "given"
    assert any("'title' is not a single value" in p.message for p in result.problems)


def test_front_matter_never_builds_python_objects(tmp_path):
    path = tmp_path / "objects.md"
    path.write_text("---\ntitle: !!python/object/apply:os.system ['echo hacked']\n---\n" + ARTICLE)
    result = load([path])
    assert result.articles[0].text == ARTICLE
    assert any("not valid YAML" in p.message for p in result.problems)


# --------------------------------------------------------------------------- HTML pages


def test_deeply_nested_markup_is_read_without_recursion_errors(tmp_path):
    path = tmp_path / "nested.html"
    path.write_text(
        "<html><body><article><p>" + ARTICLE + "</p>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000 + "</article>"
    )
    result = load([path])
    assert result.articles and ARTICLE in result.articles[0].text


def test_entities_declared_in_a_page_are_never_expanded_nor_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    page = tmp_path / "bomb.html"
    page.write_text(
        f'<?xml version="1.0"?><!DOCTYPE html [{_laughs()}<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        f"<html><body><article><p>{ARTICLE} &a9; &x;</p></article></body></html>"
    )
    started = time.monotonic()
    (article,) = load([page]).articles
    assert time.monotonic() - started < 5
    assert "TOP-SECRET" not in article.text and "a" * 100 not in article.text


# --------------------------------------------------------------------------- feeds


def _rss(items: str, doctype: str = "") -> bytes:
    return f'<?xml version="1.0"?>\n{doctype}<rss version="2.0"><channel><title>Wire</title>{items}'.encode()


ITEM = "<item><title>{t}</title><link>https://example.com/{t}</link><description>{d}</description></item>"


def test_a_feed_with_an_entity_bomb_and_an_external_entity_is_read_safely(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "hostile.rss"
    doctype = f'<!DOCTYPE rss [{_laughs()}<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
    path.write_bytes(_rss(ITEM.format(t="x", d=ARTICLE + " &a9; &xxe;") + "</channel></rss>", doctype))
    started = time.monotonic()
    result = feeds.load_feed(path)
    assert time.monotonic() - started < 5
    (article,) = result.articles
    assert "TOP-SECRET" not in article.text and "a" * 100 not in article.text
    assert [(p.severity, p.message) for p in result.problems] == [
        ("warning", "the feed declares its own XML entities; they were not expanded")
    ]


def test_a_feed_that_is_not_well_formed_is_read_leniently_with_a_warning(tmp_path):
    path = tmp_path / "cut.rss"
    path.write_bytes(_rss(ITEM.format(t="x", d=ARTICLE)[: -len("</item>")]))
    result = feeds.load_feed(path)
    assert len(result.articles) == 1
    (problem,) = result.problems
    assert problem.severity == "warning" and "not well-formed XML" in problem.message and problem.path == str(path)


def test_garbage_instead_of_a_feed_is_skipped_with_the_reason(tmp_path):
    path = tmp_path / "garbage.xml"
    path.write_bytes(b"\x00\x01<<<not xml at all")
    result = feeds.load_feed(path)
    assert result.articles == ()
    (problem,) = result.problems
    assert problem.severity == "error" and "not a readable RSS/Atom feed" in problem.message


def test_an_enormous_feed_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_FEED_BYTES", 1000)
    path = tmp_path / "big.rss"
    path.write_bytes(_rss(ITEM.format(t="x", d=ARTICLE) * 20 + "</channel></rss>"))
    result = feeds.load_feed(path)
    assert result.articles == ()
    assert "feed file is too large" in result.problems[0].message and "1,000" in result.problems[0].message
