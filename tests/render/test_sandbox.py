"""User templates are sandboxed; a broken template names its file and line and writes nothing."""

from __future__ import annotations

import re

import markdown
import pytest
from pypdf import PdfReader
from render_sample import HOSTILE

from briefing.analyse.audience import audience_view
from briefing.audiences import load_audience
from briefing.render import TemplateProblem, write_brief

REACHING_FOR_INTERNALS = [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ brief.__class__.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ brief.title.format.__globals__ }}",
    "{% set x = [] %}{{ x.append(1) }}",  # immutable sandbox: no changing data either
    "{{ source_by_id.clear() }}",
]


def _folder(tmp_path, body: str, name: str = "brief.html.j2"):
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")
    return folder


@pytest.mark.parametrize("expression", REACHING_FOR_INTERNALS)
def test_sandbox_refuses_python_internals(brief, tmp_path, expression):
    body = '{% extends "default:brief.html.j2" %}\n{% block title %}\n<h1>' + expression + "</h1>\n{% endblock %}\n"
    folder = _folder(tmp_path, body)
    with pytest.raises(TemplateProblem) as caught:
        write_brief(brief, tmp_path / "out", ("html",), templates_dir=folder)
    message = str(caught.value)
    assert str(folder / "brief.html.j2") in message
    assert "line 3" in message
    assert re.search(r"unsafe|not allowed|sandbox|undefined|has no attribute", message, re.I), message
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_security_error_is_reported_as_such(brief, tmp_path):
    folder = _folder(tmp_path, "{{ ''.__class__.__mro__ }}\n", "brief.md.j2")
    with pytest.raises(TemplateProblem, match=r"brief\.md\.j2, line 1: not allowed in a template \(sandbox\)"):
        write_brief(brief, tmp_path / "out", ("md",), templates_dir=folder)


def test_syntax_error_names_file_and_line(brief, tmp_path):
    folder = _folder(tmp_path, '{% extends "default:brief.html.j2" %}\n\n{% block actors %}{{ brief.title }\n')
    with pytest.raises(TemplateProblem) as caught:
        write_brief(brief, tmp_path / "out", ("html",), templates_dir=folder)
    message = str(caught.value)
    assert f"{folder / 'brief.html.j2'}, line 3: syntax error" in message


def test_undefined_name_names_file_and_line(brief, tmp_path):
    folder = _folder(
        tmp_path, '{% extends "default:brief.html.j2" %}\n{% block actors %}\n{{ brief.nonsense }}\n{% endblock %}\n'
    )
    with pytest.raises(TemplateProblem, match=r"brief\.html\.j2, line 3: .*nonsense"):
        write_brief(brief, tmp_path / "out", ("html",), templates_dir=folder)


def test_failed_template_leaves_the_previous_brief_untouched(brief, tmp_path):
    out = tmp_path / "out"
    write_brief(brief, out, ("md", "html"))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    folder = _folder(
        tmp_path, '{% extends "default:brief.md.j2" %}{% block events %}{{ 1/0 }}{% endblock %}', "brief.md.j2"
    )
    with pytest.raises(TemplateProblem, match=r"brief\.md\.j2, line 1: ZeroDivisionError"):
        write_brief(brief, out, ("md", "html"), templates_dir=folder)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no new, half-written or temp file


def test_cli_exits_2_with_a_clear_message(tmp_path, capsys):
    from briefing.cli import main

    folder = _folder(tmp_path, "{% block x %}{{ cycler.__init__.__globals__ }}{% endblock %}\n")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("Officials met in Moscow on 12 February 2018.\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["-q", "build", str(seeds), "--out", str(out), "--templates", str(folder), "--format", "html"])
    assert code == 2
    err = capsys.readouterr().err
    assert "briefing: error: template" in err and "brief.html.j2, line 1" in err and "no brief was written" in err
    assert not out.exists() or not list(out.iterdir())


@pytest.mark.parametrize("name", ["executive", "analyst", "press"])
def test_article_text_shows_literally_for_every_audience(brief, tmp_path, name, no_weasyprint_warnings):
    audience = load_audience(name)
    trimmed = audience_view(brief, audience)
    out = tmp_path / name
    write_brief(trimmed, out, ("md", "html", "pdf"), audience=audience)
    html = (out / "brief.html").read_text(encoding="utf-8")
    md = markdown.markdown((out / "brief.md").read_text(encoding="utf-8"), extensions=["footnotes", "tables"])
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(out / "brief.pdf").pages).split())
    assert "<script" not in html and "<script" not in md
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "{{ 7*7 }}" in md and "{{ 7*7 }}" in pdf
    assert "<script>alert('x')</script>" in pdf
    assert HOSTILE.split(" <script>")[0] in pdf
