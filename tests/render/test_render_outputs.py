"""End-to-end render of the hand-made brief into every format."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import markdown
import pytest
from pypdf import PdfReader
from render_sample import TITLE

from briefing.config import Settings
from briefing.render import write_brief

SECTIONS = (
    "Key developments",
    "Timeline",
    "Dated events",
    "Key actors",
    "Outlet positions",
    "Sources",
    "Notes on this brief",
)


@pytest.fixture
def rendered(brief, tmp_path, no_weasyprint_warnings):
    out = tmp_path / "out" / "nested"
    paths = write_brief(brief, out)
    return out, paths


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: list[str] = []
        self.attrs_seen: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs_seen.append((name, value))
            if name == "id":
                self.ids.add(value)
            if name == "href":
                self.hrefs.append(value)


def _parse(text: str) -> _Links:
    p = _Links()
    p.feed(text)
    return p


def test_every_format_written(rendered):
    out, paths = rendered
    names = sorted(p.name for p in paths)
    assert names == sorted(
        ["brief.md", "brief.html", "brief.pdf", "brief.json", "brief-timeline.svg", "brief-timeline.png"]
    )
    for p in paths:
        assert p.parent == out and p.stat().st_size > 0
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "temporary files left behind"
    assert (out / "brief-timeline.svg").read_bytes().lstrip().startswith(b"<?xml")
    assert (out / "brief-timeline.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "brief.pdf").read_bytes()[:5] == b"%PDF-"


def test_markdown_sections_and_footnotes_resolve(rendered, brief):
    text = (rendered[0] / "brief.md").read_text(encoding="utf-8")
    assert text.startswith(f"# {TITLE}\n")
    for heading in SECTIONS:
        assert f"\n## {heading}\n" in text
    refs = set(re.findall(r"\[\^(\d+)\](?!:)", text))
    defs = set(re.findall(r"^\[\^(\d+)\]:", text, flags=re.M))
    assert refs, "no footnote references"
    assert refs <= defs, f"footnotes without a definition: {sorted(refs - defs)}"
    assert {str(c.note) for c in brief.notes} == defs
    assert "![" in text and "(<brief-timeline.png>)" in text
    # Python-Markdown with footnotes turns every reference into a working link.
    html_text = markdown.markdown(text, extensions=["footnotes", "tables"])
    assert 'class="footnote-ref"' in html_text
    assert "[^" not in html_text


def test_html_citation_links_resolve(rendered, brief):
    text = (rendered[0] / "brief.html").read_text(encoding="utf-8")
    parsed = _parse(text)
    internal = [h[1:] for h in parsed.hrefs if h.startswith("#")]
    assert internal
    missing = [h for h in internal if h not in parsed.ids]
    assert not missing, f"links to missing ids: {missing}"
    for c in brief.notes:
        assert f'href="#note-{c.note}"' in text
        assert f'id="note-{c.note}"' in text
    for s in brief.sources:
        assert f'id="source-{s.number}"' in text
    assert '<html lang="en">' in text
    assert f"<title>{TITLE}</title>" in text
    assert 'src="brief-timeline.svg"' in text
    for heading in SECTIONS:
        assert f"<h2>{heading}</h2>" in text


def test_pdf_text_and_metadata(rendered, brief):
    reader = PdfReader(rendered[0] / "brief.pdf")
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    flat = " ".join(text.split())
    assert TITLE in flat
    for heading in SECTIONS:
        assert heading in flat, heading
    for outlet in brief.scope.outlets:
        assert outlet in flat
    n = len(reader.pages)
    for i in range(1, n + 1):
        assert f"page {i} of {n}" in " ".join(pages[i - 1].split())
    assert reader.metadata.title == TITLE
    assert reader.metadata.author == "briefing"
    assert reader.metadata.creation_date is not None
    assert reader.metadata.creation_date.year == 2026
    # Bookmarks for the sections.
    outline_titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                outline_titles.append(item.title)

    walk(reader.outline)
    for heading in SECTIONS:
        assert heading in outline_titles
    # A4 by default.
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 595 and round(float(box.height)) == 842
    # The chart is embedded as vector drawing, not as a bitmap.
    first = reader.pages[0]
    xobjects = first["/Resources"].get("/XObject", {})
    kinds = {xobjects[k].get_object().get("/Subtype") for k in xobjects}
    assert "/Image" not in kinds


def test_pdf_letter_page_size(brief, tmp_path, no_weasyprint_warnings):
    paths = write_brief(brief, tmp_path, formats=("pdf",), settings=Settings(page_size="Letter"))
    pdf = next(p for p in paths if p.suffix == ".pdf")
    box = PdfReader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_bad_page_size_fails_before_writing(brief, tmp_path):
    with pytest.raises(ValueError, match="page size"):
        write_brief(brief, tmp_path, settings=Settings(page_size="A4; } body { display:none"))
    assert list(tmp_path.iterdir()) == []


def test_hostile_article_text_shows_literally(rendered):
    out = rendered[0]
    md_text = (out / "brief.md").read_text(encoding="utf-8")
    html_text = (out / "brief.html").read_text(encoding="utf-8")
    pdf_text = " ".join(" ".join(p.extract_text() for p in PdfReader(out / "brief.pdf").pages).split())

    # HTML: escaped, no script element, no javascript: link, the Jinja expression not evaluated.
    parsed = _parse(html_text)
    assert "script" not in parsed.tags
    assert not [v for _, v in parsed.attrs_seen if v and "javascript:" in v.lower()]
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html_text
    assert "{{ 7*7 }}" in html_text
    assert "[x](javascript:alert(1))" in html_text
    assert "<b>now</b>" not in html_text
    assert "49" not in re.sub(r"\d{3,}", "", html_text.replace("2018-02-14", ""))

    # Markdown: shown literally once rendered, no link or raw HTML survives.
    rendered_md = markdown.markdown(md_text, extensions=["footnotes", "tables"])
    assert "<script" not in rendered_md
    assert "javascript:" not in " ".join(_parse(rendered_md).hrefs)
    assert "<b>" not in rendered_md
    assert (
        "&lt;script&gt;alert('x')&lt;/script&gt;" in rendered_md
        or "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in rendered_md
    )
    assert "{{ 7*7 }}" in rendered_md
    assert "[x](javascript:alert(1))" in rendered_md

    # PDF: the characters are there as text.
    assert "<script>alert('x')</script>" in pdf_text
    assert "{{ 7*7 }}" in pdf_text
    assert "[x](javascript:alert(1))" in pdf_text.replace("javas- cript", "javascript").replace(
        "javas-cript", "javascript"
    )


def test_user_template_overrides_one_block(brief, tmp_path):
    templates = tmp_path / "my-templates"
    templates.mkdir()
    (templates / "brief.html.j2").write_text(
        '{% extends "default:brief.html.j2" %}\n'
        '{% block key_developments %}<section id="key-developments"><h2>What changed</h2>'
        "<p>{{ brief.key_developments|length }} items</p></section>{% endblock %}\n",
        encoding="utf-8",
    )
    (templates / "brief.md.j2").write_text(
        '{% extends "default:brief.md.j2" %}\n{% block actors %}## People\n\nCustom.\n{% endblock %}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    write_brief(brief, out, formats=("md", "html"), templates_dir=templates)
    html_text = (out / "brief.html").read_text(encoding="utf-8")
    assert "<h2>What changed</h2><p>3 items</p>" in html_text
    assert "<h2>Key developments</h2>" not in html_text
    for heading in SECTIONS[1:]:
        assert f"<h2>{heading}</h2>" in html_text
    md_text = (out / "brief.md").read_text(encoding="utf-8")
    assert "## People\n\nCustom." in md_text and "## Key actors" not in md_text
    assert "## Key developments" in md_text and "## Sources" in md_text


def test_missing_templates_folder_is_an_error(brief, tmp_path):
    with pytest.raises(FileNotFoundError):
        write_brief(brief, tmp_path / "out", formats=("md",), templates_dir=tmp_path / "nope")


def test_unknown_format_rejected(brief, tmp_path):
    with pytest.raises(ValueError, match="unknown output format"):
        write_brief(brief, tmp_path, formats=("md", "docx"))


def test_json_only_writes_no_chart(brief, tmp_path):
    paths = write_brief(brief, tmp_path, formats=("json",))
    assert [p.name for p in paths] == ["brief.json"]


def test_basename(brief, tmp_path):
    paths = write_brief(brief, tmp_path, formats=("md", "html"), basename="monday")
    assert {p.name for p in paths} == {"monday.md", "monday.html", "monday-timeline.svg", "monday-timeline.png"}
    assert 'src="monday-timeline.svg"' in (tmp_path / "monday.html").read_text(encoding="utf-8")
    with pytest.raises(ValueError):
        write_brief(brief, tmp_path, basename="../x")


def test_brief_without_events_or_facts(tmp_path, no_weasyprint_warnings):
    from briefing.model import Brief, Scope

    empty = Brief(
        title="Nothing found",
        scope=Scope(
            articles=0, outlets=(), first_published=None, last_published=None, generated_at="2026-11-23T09:30:00Z"
        ),
    )
    paths = write_brief(empty, tmp_path)
    assert {p.name for p in paths} == {"brief.md", "brief.html", "brief.pdf", "brief.json"}
    text = " ".join(PdfReader(tmp_path / "brief.pdf").pages[0].extract_text().split())
    assert "No dated events could be placed on a timeline." in text
    assert "Nothing found" in text


def test_output_is_deterministic(brief, tmp_path):
    a = write_brief(brief, tmp_path / "a")
    b = write_brief(brief, tmp_path / "b")
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes(), pa.name


def test_rendered_paths_are_paths(rendered):
    assert all(isinstance(p, Path) for p in rendered[1])


def test_an_upcoming_event_since_passed_says_it_was_scheduled_when_reported(brief, tmp_path):
    import dataclasses

    upcoming = next(e for e in brief.events if e.upcoming)
    passed = dataclasses.replace(upcoming, passed=True)
    for event, label in ((upcoming, "*(upcoming)*"), (passed, "*(scheduled when reported)*")):
        events = tuple(event if e.id == upcoming.id else e for e in brief.events)
        out = tmp_path / label.strip("*()").replace(" ", "-")
        write_brief(dataclasses.replace(brief, events=events), out, ["md", "html"])
        line = next(x for x in (out / "brief.md").read_text(encoding="utf-8").splitlines() if event.summary in x)
        assert label in line
        assert label.strip("*()") in (out / "brief.html").read_text(encoding="utf-8")


def test_an_actor_list_ending_in_an_abbreviation_gets_no_second_full_stop(brief, tmp_path):
    import dataclasses

    event = next(e for e in brief.events if e.actors)
    last = event.actors[-1]
    actors = tuple(dataclasses.replace(a, name="Acme Co.") if a.id == last else a for a in brief.actors)
    others = tuple(dataclasses.replace(a, name="Acme Co.") if a.id == last else a for a in brief.other_actors)
    write_brief(dataclasses.replace(brief, actors=actors, other_actors=others), tmp_path, ["md", "html"])
    for name in ("brief.md", "brief.html"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "Acme Co." in text and "Acme Co.." not in text and "Acme Co.</a>." not in text
