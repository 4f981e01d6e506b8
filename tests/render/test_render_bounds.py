"""A brief over thousands of articles stays readable: long lists are bounded, brief.json keeps all."""

from __future__ import annotations

import dataclasses
import json
import re

from briefing.config import Settings
from briefing.render import write_brief
from briefing.render.context import build_context

from .synthetic import large_brief


def test_above_max_sources_only_cited_sources_are_listed(tmp_path):
    brief = large_brief(n_sources=300, n_events=20)
    cited = {c.source_id for c in brief.notes}
    assert len(cited) < 300
    write_brief(brief, tmp_path, ["md", "html", "json"], settings=Settings(max_sources=100))
    html = (tmp_path / "brief.html").read_text()
    listed = set(re.findall(r'<li id="source-(\d+)"', html))
    assert listed == {str(s.number) for s in brief.sources if s.id in cited}
    assert f"{len(cited)} of the 300 articles are cited in this brief" in html
    md = (tmp_path / "brief.md").read_text()
    assert f"{len(cited)} of the 300 articles are cited in this brief" in md
    assert len(json.loads((tmp_path / "brief.json").read_text())["sources"]) == 300


def test_up_to_max_sources_every_source_is_listed(tmp_path):
    brief = large_brief(n_sources=30, n_events=5)
    write_brief(brief, tmp_path, ["html"], settings=Settings(max_sources=100))
    html = (tmp_path / "brief.html").read_text()
    assert len(re.findall(r'<li id="source-\d+"', html)) == 30
    assert "are cited in this brief and listed here" not in html


def test_warnings_are_capped_with_a_count_of_the_rest(tmp_path):
    brief = dataclasses.replace(large_brief(), warnings=tuple(f"Skipped bad-{i}.txt: empty" for i in range(30)))
    context = build_context(brief, max_warnings=12)
    assert len(context.shown_warnings) == 12 and context.more_warnings == 18
    write_brief(brief, tmp_path, ["md"])
    md = (tmp_path / "brief.md").read_text()
    assert "bad-11.txt" in md and "bad-12.txt" not in md
    assert "18 further notes on the input" in md


def test_voices_list_the_top_speakers_and_sum_the_rest(tmp_path):
    from briefing.model import SpeakerShare

    brief = large_brief()
    speakers = tuple(SpeakerShare(f"Speaker {i}", None, 2, 10, 0.05, None, False, ("said",), -1) for i in range(14))
    outlets = (dataclasses.replace(brief.outlets[0], speakers=speakers, quoted_words=140), *brief.outlets[1:])
    write_brief(dataclasses.replace(brief, outlets=outlets), tmp_path, ["md", "html"])
    for name in ("brief.md", "brief.html"):
        text = (tmp_path / name).read_text()
        assert "Speaker 9:" in text and "Speaker 10:" not in text
        assert "4 other speakers: 8 quotes, 40 words" in text
