"""Template environment: loaders, escaping filters, dates for readers."""

from __future__ import annotations

import markdown
import pytest
from jinja2 import UndefinedError

from briefing.render.environment import builtin_templates_dir, human_date, is_web_url, make_environment, md_escape


def test_builtin_templates_found():
    folder = builtin_templates_dir()
    for name in ("brief.html.j2", "brief.md.j2", "print.css", "brief.css"):
        assert (folder / name).is_file()


def test_autoescape_html_not_markdown():
    env = make_environment()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    md = env.get_template("_macros.md.j2")
    assert not md.environment.autoescape(md.name) if callable(md.environment.autoescape) else True


def test_strict_undefined():
    env = make_environment()
    with pytest.raises(UndefinedError):
        env.from_string("{{ nothing.here }}").render()


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "<script>alert(1)</script>",
        "![img](http://example.com/i.png)",
        "<http://example.com>",
        "**bold** _it_ `code`",
        "# not a heading",
        "1. not a list",
        "- not a bullet",
        "> not a quote",
        "a | b",
        "&amp; stays &amp;",
        "line one\nline two",
    ],
)
def test_md_escape_shows_literally(text):
    html = markdown.markdown(md_escape(text), extensions=["tables"])
    assert "<a " not in html and "<img" not in html and "<script" not in html
    assert "<strong>" not in html and "<em>" not in html and "<code>" not in html
    assert "<h1>" not in html and "<ol>" not in html and "<ul>" not in html and "<blockquote>" not in html


@pytest.mark.parametrize(
    "value, shown",
    [
        ("2017-12-06", "6 December 2017"),
        ("2018-01", "January 2018"),
        ("2011", "2011"),
        ("2018-W07", "week 7, 2018"),
        ("2018-Q1", "Q1 2018"),
        ("2018-SU", "summer 2018"),
        ("201", "the 2010s"),
        ("XXXX-12-06", "6 December (year unknown)"),
        ("PAST_REF", "PAST_REF"),
    ],
)
def test_human_date(value, shown):
    assert human_date(value) == shown


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://www.rferl.org/a/x.html", True),
        ("http://example.com", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>", False),
        ("file:///etc/passwd", False),
        ("https://exa mple.com", False),
        ('https://example.com/"onmouseover="x', False),
        (None, False),
    ],
)
def test_is_web_url(url, ok):
    assert is_web_url(url) is ok


def test_md_mark_bolds_the_dating_words_and_escapes_the_rest():
    from briefing.render.environment import md_mark

    assert md_mark("Talks resume on Feb 20 in *Geneva*.", "Feb 20") == r"Talks resume on **Feb 20** in \*Geneva\*."
    assert md_mark("Feb 20: talks.", "Feb 20") == "**Feb 20**: talks."
    assert md_mark("No date here.", "Feb 20") == "No date here."
    assert md_mark("No phrase.", "") == "No phrase."
    html = markdown.markdown(md_mark("Talks resume on Feb 20 in Geneva.", "Feb 20"))
    assert "on <strong>Feb 20</strong> in" in html


def test_html_dated_macro_escapes_the_summary_around_the_emphasis():
    env = make_environment()
    template = env.from_string('{% import "_macros.html.j2" as m %}{{ m.dated(text, phrase) }}')
    out = template.render(text="<b>Talks</b> on Feb 20 & later", phrase="Feb 20")
    assert out == '&lt;b&gt;Talks&lt;/b&gt; on <strong class="when">Feb 20</strong> &amp; later'
    assert template.render(text="<i>x</i>", phrase="Feb 20") == "&lt;i&gt;x&lt;/i&gt;"
