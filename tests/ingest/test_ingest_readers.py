"""Readers per format, and files that cannot be read: each a Problem, the run goes on."""

from __future__ import annotations

import json

import pytest

from briefing.ingest import load, read_text
from briefing.ingest.readers import ReadError, markdown_to_text
from briefing.model import FROM_URL, GIVEN, INFERRED

PARAGRAPH = "Russian President Vladimir Putin met Palestinian President Mahmoud Abbas in Moscow on Monday."
SECOND = "The two leaders discussed the stalled peace process and the status of Jerusalem, officials said."

HTML = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Putin and Abbas meet in Moscow | Example</title>
<meta property="og:title" content="Putin and Abbas meet in Moscow">
<link rel="canonical" href="https://www.reuters.com/world/putin-abbas-meet">
<meta property="article:published_time" content="2018-02-12T14:03:00Z">
<script>var tracking = "SCRIPT-TEXT";</script>
<style>body {{ color: red; }}</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news section</a></li></ul></nav>
<article>
<h1>Putin and Abbas meet in Moscow</h1>
<p>{PARAGRAPH}</p>
<p>{SECOND}</p>
<p>Abbas said Palestinians would no longer accept Washington as the sole mediator in talks with Israel.</p>
<p>Reporting by Jane Doe; Editing by John Roe</p>
</article>
<footer>Copyright 2018 Example Media. All rights reserved.</footer>
<script>console.log("MORE-SCRIPT")</script>
</body></html>
"""


def only(result):
    assert len(result.articles) == 1, result.problems
    return result.articles[0]


def test_plain_text(write):
    article = only(load([write("a.txt", f"{PARAGRAPH}\n\n{SECOND}\n")]))
    assert article.text == f"{PARAGRAPH}\n\n{SECOND}"


def test_markdown_front_matter_is_given_metadata(write):
    path = write(
        "a.md",
        "---\ntitle: Putin meets Abbas\noutlet: RFE/RL\npublished: 2018-02-12\n"
        "url: https://www.rferl.org/a/x.html\n---\n"
        f"# Putin meets Abbas in Moscow\n\n{PARAGRAPH}\n\n![photo](a.jpg)\n\nSee **the** [statement](http://x).\n",
    )
    article = only(load([path]))
    assert (article.title, article.title_source) == ("Putin meets Abbas", GIVEN)
    assert (article.outlet, article.outlet_source) == ("Radio Free Europe/Radio Liberty", GIVEN)
    assert (article.published, article.published_source) == ("2018-02-12", GIVEN)
    assert article.url == "https://www.rferl.org/a/x.html"
    assert article.text == f"{PARAGRAPH}\n\nSee the statement."


def test_markdown_without_front_matter_finds_its_heading(write):
    article = only(load([write("a.md", f"# Putin meets Abbas in Moscow\n\n{PARAGRAPH}\n")]))
    assert (article.title, article.title_source) == ("Putin meets Abbas in Moscow", INFERRED)
    assert article.text == PARAGRAPH


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: [unclosed\n", "not valid YAML"),
        ("- a list\n- not a mapping\n", "not a mapping"),
        ("title: " + "x" * 70_000 + "\n", "larger than"),
        ("published: 2018-02-30\n", "invalid publication date"),
    ],
)
def test_bad_front_matter_is_a_warning_and_the_text_is_kept(write, front, message):
    result = load([write("a.md", f"---\n{front}---\n{PARAGRAPH}\n")])
    assert only(result).text == PARAGRAPH
    assert any(message in p.message and p.severity == "warning" for p in result.problems)


def test_front_matter_is_loaded_safely(write):
    result = load([write("a.md", f"---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\n{PARAGRAPH}\n")])
    assert only(result).title is None
    assert any("not valid YAML" in p.message for p in result.problems)


def test_markdown_to_text():
    assert markdown_to_text("## Head ##\n> quoted *word* and __bold__") == "Head\nquoted word and bold"


def test_html_body_and_metadata_through_trafilatura(write):
    article = only(load([write("page.html", HTML)]))
    assert article.text.startswith(PARAGRAPH)
    assert SECOND in article.text
    for furniture in ("SCRIPT-TEXT", "MORE-SCRIPT", "color: red", "World news section", "Copyright", "Reporting by"):
        assert furniture not in article.text
    assert (article.title, article.title_source) == ("Putin and Abbas meet in Moscow", INFERRED)
    assert "Putin and Abbas meet in Moscow" not in article.text
    assert (article.published, article.published_source) == ("2018-02-12", INFERRED)
    assert (article.outlet, article.outlet_source) == ("Reuters", FROM_URL)
    assert article.url == "https://www.reuters.com/world/putin-abbas-meet"


def test_html_without_an_article_is_a_problem(write):
    result = load([write("empty.htm", "<html><head><title>x</title></head><body><nav>Home</nav></body></html>")])
    assert result.articles == ()
    assert "no article text" in result.problems[0].message


def test_json_object_and_list(write):
    one = write("one.json", json.dumps({"text": PARAGRAPH, "title": "T", "outlet": "bbc", "published": "2018"}))
    many = write("many.json", json.dumps([{"text": SECOND}, {"title": "no text"}, "not an object"]))
    result = load([one, many])
    first, second = result.articles
    assert (first.title, first.outlet, first.published) == ("T", "BBC News", "2018")
    assert first.path == str(one)
    assert second.path == f"{many}#1"
    assert [p.path for p in result.problems] == [f"{many}#2", f"{many}#3"]


def test_jsonl_bad_line_reported_by_number_others_kept(write):
    lines = [
        json.dumps({"text": PARAGRAPH, "url": "https://edition.cnn.com/x"}),
        "{not json",
        "",
        json.dumps({"html": f"<html><body><article><p>{SECOND}</p></article></body></html>"}),
        json.dumps({"title": "no body"}),
    ]
    path = write("feed.jsonl", "\n".join(lines) + "\n")
    result = load([path])
    assert [a.path for a in result.articles] == [f"{path}#L1", f"{path}#L4"]
    assert result.articles[0].outlet == "CNN"
    assert result.articles[1].text == SECOND
    assert [p.path for p in result.problems] == [f"{path}#L2", f"{path}#L5"]
    assert "line 2" in result.problems[0].message


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n\t \r\n", "whitespace"),
        ("bad.json", b'{"text": ', "invalid JSON"),
        ("list.json", b"[1, 2]", "item 1"),
    ],
)
def test_unreadable_files_are_problems_naming_file_and_reason(write, name, content, reason):
    path = write(name, content)
    good = write("good.txt", PARAGRAPH)
    result = load([path, good])
    assert [a.path for a in result.articles] == [str(good)]
    assert any(p.path.startswith(str(path)) and reason in p.message for p in result.problems), result.problems


def test_latin1_file_is_decoded(write):
    text = "Café owners in Montréal say the new rules will hurt small businesses."
    path = write("latin.txt", (text + "\n").encode("latin-1"))
    assert only(load([path])).text == text


def test_any_bytes_never_crash(write):
    path = write("noise.txt", bytes(range(1, 256)) * 20)
    result = load([path])
    assert len(result.articles) + len(result.problems) >= 1


def test_size_limit(write):
    path = write("big.txt", "\n\n".join(f"{PARAGRAPH[:-1]}, said official number {n}." for n in range(100)))
    result = load([path], max_bytes=1000)
    assert result.articles == ()
    assert "too large" in result.problems[0].message and "1,000" in result.problems[0].message
    assert len(load([path]).articles) == 1


def test_read_text_returns_the_file_exactly(write):
    raw = "Line one.\r\n\r\n  Putin\u00a0met Abbas on 12 February 2018.  \n"
    path = write("raw.txt", raw.encode("utf-8"))
    assert read_text(path) == raw
    assert read_text(str(path)) == raw


def test_read_text_refuses_unreadable_files(write):
    with pytest.raises(ReadError):
        read_text(write("b.txt", b"\x00\x01"))
    with pytest.raises(ValueError):
        read_text(write("e.txt", b""))
    with pytest.raises(ValueError):
        read_text(write("dir/missing.txt", b"x").parent / "nope.txt")


def test_utf16_and_windows_1252_files_are_decoded(write):
    text = "“Russia will help,” Abbas told reporters in Moscow after meeting Putin on Monday."
    utf16 = write("utf16.txt", text.encode("utf-16"))
    cp1252 = write("cp1252.txt", text.replace("Monday", "Tuesday").encode("cp1252"))
    result = load([utf16, cp1252])
    assert [a.text for a in result.articles] == [text, text.replace("Monday", "Tuesday")]
