"""The HTML allow-list (nh3): whatever a template lets through, the page keeps only the brief's own
tags and URLs. Article text in every format shows literally and never becomes markup."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import markdown
import pytest
from pypdf import PdfReader

from briefing.model import KeyDevelopment, QuoteEntry, Source
from briefing.render import write_brief
from briefing.render.sanitise import clean_css, is_allowed_url, sanitise_body, sanitise_document

OWN = ["brief-timeline.svg", "file:///out/_assets/print.css"]

DANGEROUS_BODY = [
    ("<script>alert(1)</script><p>kept</p>", "<script"),
    ('<p onclick="alert(1)">kept</p>', "onclick"),
    ('<a href="javascript:alert(1)">kept</a>', "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">kept</a>', "alert(1)"),
    ('<img src="file:///etc/passwd" alt="kept">', "file:"),
    ('<img src="data:image/png;base64,AAAA" alt="kept">', "data:"),
    ('<img src="../../etc/passwd" alt="kept">', "passwd"),
    ('<a href="relative/page.html">kept</a>', "relative"),
    ('<iframe src="https://example.com/">x</iframe><p>kept</p>', "iframe"),
    ('<form action="https://example.com/"><input name="q"></form><p>kept</p>', "form"),
    ('<p style="background: url(https://example.com/p.gif)">kept</p>', "style"),
    ("<style>p { background: url(https://example.com/p.gif) }</style><p>kept</p>", "example.com"),
    ('<object data="file:///etc/passwd"></object><p>kept</p>', "object"),
    ('<svg><image href="file:///etc/passwd"/></svg><p>kept</p>', "svg"),
    ('<base href="https://example.com/"><p>kept</p>', "base"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "onerror"),
]


@pytest.mark.parametrize(("html", "forbidden"), DANGEROUS_BODY)
def test_dangerous_markup_is_removed_from_the_body(html, forbidden):
    cleaned = sanitise_body(html, OWN)
    assert forbidden.lower() not in cleaned.lower(), cleaned
    if "kept" in html:
        assert "kept" in cleaned


def test_the_brief_s_own_markup_and_urls_survive():
    body = (
        '<section id="events" class="section"><h2>Events</h2><ol class="events"><li id="event-1" value="1">'
        '<time datetime="2018-02-12">12 February 2018</time> <q class="q">Talks</q>'
        '<sup class="cite"><a href="#note-1" title="source">1</a></sup></li></ol>'
        '<figure class="chart"><img src="brief-timeline.svg" alt="Timeline"><figcaption>c</figcaption></figure>'
        '<table class="t"><thead><tr><th scope="col">a</th></tr></thead><tbody><tr><td>b</td></tr></tbody></table>'
        '<p><a href="https://www.rferl.org/a/1.html">RFE/RL</a> <a href="mailto:desk@example.com">desk</a></p>'
        "</section>"
    )
    cleaned = sanitise_body(body, OWN)
    for kept in (
        'id="events"',
        'href="#note-1"',
        'src="brief-timeline.svg"',
        'datetime="2018-02-12"',
        'scope="col"',
        'value="1"',
        'href="https://www.rferl.org/a/1.html"',
        'href="mailto:desk@example.com"',
        "<figcaption>",
    ):
        assert kept in cleaned, kept


def test_the_head_keeps_title_meta_style_and_only_the_brief_s_stylesheets():
    page = (
        '<!DOCTYPE html><html lang="en" onload="x()"><head><meta charset="utf-8">'
        '<meta http-equiv="refresh" content="0;url=https://example.com/">'
        "<title>A &amp; B</title><style>p { color: red }</style>"
        '<link rel="stylesheet" href="file:///out/_assets/print.css">'
        '<link rel="stylesheet" href="file:///etc/passwd"><link rel="stylesheet" href="https://example.com/x.css">'
        '<link rel="attachment" href="file:///out/_assets/print.css"><script>alert(1)</script>'
        '</head><body class="b" onload="x()"><p>text</p></body></html>'
    )
    cleaned = sanitise_document(page, OWN)
    assert cleaned.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>')
    assert '<meta charset="utf-8">' in cleaned and "<title>A &amp; B</title>" in cleaned
    assert "<style>p { color: red }</style>" in cleaned
    assert '<link rel="stylesheet" href="file:///out/_assets/print.css">' in cleaned
    for gone in ("http-equiv", "refresh", "passwd", "example.com", "attachment", "<script", "onload"):
        assert gone not in cleaned, gone
    assert '<body class="b">' in cleaned and "<p>text</p>" in cleaned


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("#note-3", True),
        ("brief-timeline.svg", True),
        ("https://example.com/a", True),
        ("mailto:a@example.com", True),
        ("brief-timeline.svg/../../etc/passwd", False),
        ("other.svg", False),
        ("//example.com/a", False),
        ("http:/example.com", False),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("data:text/html,<script>", False),
        ("ftp://example.com/x", False),
    ],
)
def test_allowed_urls(url, allowed):
    assert is_allowed_url(url, OWN) is allowed


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.add(tag)
        self.attributes.extend(attrs)


def markup(html: str) -> tuple[set[str], list[tuple[str, str | None]]]:
    """The tags and attributes really in ``html`` (not text that looks like them)."""
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.tags, parser.attributes


HOSTILE_STRINGS = [
    "<script>alert('x')</script>",
    "[x](javascript:alert(1))",
    "![](file:///etc/passwd)",
    "{{ 7*7 }}",
    "{% raw %}",
    '<img src="file:///etc/passwd" onerror="alert(2)">',
    "<a href='javascript:alert(3)'>click</a>",
]


@pytest.fixture
def hostile_brief(brief):
    """The sample brief with hostile text in the title, a key development, a quote and a source title."""
    text = "Officials wrote " + " and ".join(HOSTILE_STRINGS) + " today."
    first = brief.key_developments[0]
    quote = brief.quotes[0] if brief.quotes else None
    changes = {
        "title": "Brief " + HOSTILE_STRINGS[0] + " " + HOSTILE_STRINGS[3],
        "key_developments": (KeyDevelopment(text, first.citations), *brief.key_developments[1:]),
        "sources": tuple(
            dataclasses.replace(s, title=text, url="javascript:alert(4)") if i == 0 else s
            for i, s in enumerate(brief.sources)
        ),
    }
    if quote is not None:
        changes["quotes"] = (dataclasses.replace(quote, text=text), *brief.quotes[1:])
    assert all(isinstance(s, Source) for s in changes["sources"])
    assert quote is None or isinstance(changes["quotes"][0], QuoteEntry)
    return dataclasses.replace(brief, **changes)


def test_hostile_article_text_never_becomes_markup_in_any_format(hostile_brief, tmp_path):
    out = tmp_path / "out"
    write_brief(hostile_brief, out, ("md", "html", "pdf"))
    html = (out / "brief.html").read_text(encoding="utf-8")
    md_html = markdown.markdown((out / "brief.md").read_text(encoding="utf-8"), extensions=["footnotes", "tables"])
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(out / "brief.pdf").pages).split())
    for rendered in (html, md_html):
        tags, attributes = markup(rendered)
        assert not tags & {"script", "iframe", "object", "form"}, tags
        assert not [name for name, _ in attributes if name.startswith("on")]
        assert rendered is md_html or not [name for name, _ in attributes if name == "style"]
        urls = [value for name, value in attributes if name in {"href", "src"}]
        assert not [u for u in urls if re.match(r"\s*(javascript|file|data):", u or "", re.IGNORECASE)], urls
        assert "{{ 7*7 }}" in rendered and "{% raw %}" in rendered
    assert "[x](javascript:alert(1))" in html  # shown as the text it is
    for text in ("<script>alert('x')</script>", "{{ 7*7 }}", "{% raw %}", "[x](javascript:alert(1))"):
        assert text in pdf, text


def test_markup_a_template_adds_is_cleaned_from_html_and_pdf(brief, tmp_path):
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "brief.html.j2").write_text(
        '{% extends "default:brief.html.j2" %}{% block title %}<h1>Own title</h1>'
        "{{ '<script>alert(TEMPLATE-SCRIPT)</script>'|safe }}<img src=\"file:///etc/passwd\">"
        '<a href="javascript:alert(1)">link</a><p style="color: red" onclick="x()">styled</p>{% endblock %}',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    write_brief(brief, out, ("html", "pdf"), templates_dir=folder)
    html = (out / "brief.html").read_text(encoding="utf-8")
    assert "<h1>Own title</h1>" in html and "styled" in html
    tags, attributes = markup(html)
    assert "script" not in tags
    assert not [(name, value) for name, value in attributes if name in {"onclick", "style"}]
    assert not [
        value
        for name, value in attributes
        if name in {"src", "href"}
        and ":" in (value or "")[:12]
        and not (value or "").startswith(("http://", "https://", "mailto:"))
    ]
    assert "file:///etc/passwd" not in html
    pdf = " ".join(p.extract_text() for p in PdfReader(out / "brief.pdf").pages)
    assert "Own title" in pdf and "TEMPLATE-SCRIPT" not in pdf and "TEMPLATE-SCRIPT" not in html


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        ("p { color: red }", "p { color: red }"),
        ('@import url("https://example.com/x.css"); p { color: red }', " p { color: red }"),
        ("@import 'x.css';", ""),
        ("body { background: url(https://example.com/pixel.gif) }", "body { background: none }"),
        ("h1 { background-image: url('file:///etc/passwd') }", "h1 { background-image: none }"),
        ("@font-face { src: url(http://127.0.0.1/f.woff) }", "@font-face { src: none }"),
        ("p { background: url(data:image/png;base64,AAAA) }", "p { background: url(data:image/png;base64,AAAA) }"),
        ('p::before { content: "\\2014" }', 'p::before { content: "\\2014" }'),
        (
            "p { background: \\75 rl(https://example.com/x) }",
            "/* removed: a stylesheet that hides URLs behind escapes */",
        ),
        ('@\\69mport "x.css";', "/* removed: a stylesheet that hides URLs behind escapes */"),
    ],
)
def test_stylesheets_in_the_page_fetch_nothing(css, expected):
    assert clean_css(css) == expected
