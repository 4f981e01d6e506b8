"""The registry of output formats: the built-in four, and a new format as one entry."""

from __future__ import annotations

import pytest

from briefing import render
from briefing.audiences import load_audience
from briefing.render import FORMATS, OUTPUT_FORMATS, OutputFormat, RenderJob, register_format, write_brief
from briefing.render.environment import render_template


def test_the_built_in_formats_in_order():
    assert FORMATS == ("md", "html", "pdf", "json") == tuple(OUTPUT_FORMATS)
    assert [(f.suffix, f.needs_chart) for f in OUTPUT_FORMATS.values()] == [
        (".md", True),
        (".html", True),
        (".pdf", True),
        (".json", False),
    ]


@pytest.fixture
def registry(monkeypatch):
    """The registry, restored after the test."""
    monkeypatch.setattr(render.formats, "OUTPUT_FORMATS", dict(OUTPUT_FORMATS))
    monkeypatch.setattr(render, "OUTPUT_FORMATS", render.formats.OUTPUT_FORMATS)
    return render.formats.OUTPUT_FORMATS


def _txt(job: RenderJob) -> bytes:
    template = job.env.from_string("{{ brief.title }}: {{ counts.events }} events; chart {{ chart.svg }}\n")
    return template.render(**job.context.as_dict()).encode("utf-8")


def test_a_new_format_is_one_entry(brief, tmp_path, registry):
    register_format(OutputFormat("txt", ".txt", needs_chart=False, render=_txt))
    assert "txt" in registry
    paths = write_brief(brief, tmp_path, ("txt", "json"))
    assert [p.name for p in paths] == ["brief.json", "brief.txt"]  # the registry's order, no chart
    text = (tmp_path / "brief.txt").read_text(encoding="utf-8")
    assert text == f"{brief.title}: {len(brief.events)} events; chart None\n"


def test_a_new_format_that_shows_the_chart_gets_it_first(brief, tmp_path, registry):
    register_format(OutputFormat("txt", ".txt", needs_chart=True, render=_txt))
    paths = write_brief(brief, tmp_path, ("txt",), basename="monday")
    assert [p.name for p in paths] == ["monday-timeline.svg", "monday-timeline.png", "monday.txt"]
    assert "chart monday-timeline.svg" in (tmp_path / "monday.txt").read_text(encoding="utf-8")


def test_a_render_job_finds_the_audiences_template(brief, tmp_path, registry):
    seen = {}

    def remember(job: RenderJob) -> bytes:
        seen.update(md=job.template("md"), txt=job.template("txt"))
        return render_template(job.env, job.template("md"), job.context.as_dict()).encode("utf-8")

    register_format(OutputFormat("txt", ".txt", needs_chart=True, render=remember))
    write_brief(brief, tmp_path, ("txt",), audience=load_audience("executive"))
    assert seen == {"md": "executive.md.j2", "txt": "brief.txt.j2"}  # no executive.txt.j2: the base name
    assert "## Bottom line" in (tmp_path / "brief.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "output_format", [OutputFormat("", ".x", False, _txt), OutputFormat("x", "x", False, _txt)], ids=["name", "suffix"]
)
def test_a_bad_format_is_refused(output_format, registry):
    with pytest.raises(ValueError):
        register_format(output_format)


def test_unknown_format_names_the_choices(brief, tmp_path):
    with pytest.raises(ValueError, match=r"unknown output format\(s\): docx; choose from md, html, pdf, json"):
        write_brief(brief, tmp_path, formats=("md", "docx"))
    assert not tmp_path.joinpath("brief.md").exists()
