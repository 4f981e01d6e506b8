"""The sample brief from seeds/, checked in every format as a reader would check it."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

from briefing.ingest import load

OUTLETS = {
    "000_c9b0038b7ffb3b63.txt": "Radio Free Europe/Radio Liberty",
    "001_90edea41f6615bdd.txt": "The Palestine Chronicle",
    "002_cc0a9738043bbe01.txt": "The Moscow Times",
    "003_d25358f73d044e10.txt": "Radio Free Europe/Radio Liberty",
    "004_91f81e908d95623e.txt": "Al-Monitor",
}
# Text from the pages' navigation, appeals, paywalls and captions: none may reach the brief.
BOILERPLATE = [
    "Accessibility links",
    "Breaking News",
    "16x9 Image",
    "RFE/RL journalists report",
    "undesirable organization",
    "click here",
    "Enjoying ad-free content",
    "Support us",
    "Dear readers",
    "Remind me later",
    "paiment methods",
    "Skip to main content",
    "Subscribe for unlimited access",
    "Terms and Conditions",
    "Photo credit",
    "501(c)3",
    "Our Vision For Liberation",
    "YURI KOCHETKOV",
    "Alexei Maishev",
    "With reporting by",
]


def _outputs(seeds_build):
    result, out = seeds_build
    md = (out / "brief.md").read_text(encoding="utf-8")
    html = (out / "brief.html").read_text(encoding="utf-8")
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(out / "brief.pdf").pages)
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    return result, md, html, pdf_text, data


def _body(md: str) -> str:
    """The Markdown brief without its source list (titles there may legitimately say anything)."""
    return md.split("## Sources")[0]


def test_every_format_and_the_chart_are_written(seeds_build):
    result, out = seeds_build
    names = {p.name for p in result.written}
    assert {"brief.md", "brief.html", "brief.pdf", "brief.json"} <= names
    assert any(name.endswith(".svg") for name in names)
    assert all((out / name).stat().st_size > 0 for name in names)
    assert result.problems == ()


def test_all_four_outlets_named_correctly_in_every_format(seeds_build):
    result, md, html, pdf_text, data = _outputs(seeds_build)
    by_file = {s.path.rsplit("/", 1)[-1]: s.outlet for s in result.brief.sources}
    assert by_file == OUTLETS
    flat_pdf = re.sub(r"\s+", " ", pdf_text)
    for outlet in set(OUTLETS.values()):
        assert outlet in md
        assert outlet in html.replace("&#39;", "'")
        assert outlet in flat_pdf
    assert {s["outlet"] for s in data["sources"]} == set(OUTLETS.values())
    assert "unknown outlet" not in md


@pytest.mark.parametrize("phrase", BOILERPLATE)
def test_no_boilerplate_in_any_section(seeds_build, phrase):
    _, md, html, pdf_text, data = _outputs(seeds_build)
    assert phrase.lower() not in _body(md).lower()
    assert phrase.lower() not in html.lower()
    assert phrase.lower() not in re.sub(r"\s+", " ", pdf_text).lower()
    facts = json.dumps({k: v for k, v in data.items() if k != "sources"}, ensure_ascii=False)
    assert phrase.lower() not in facts.lower()


def test_every_citation_resolves_to_its_source_sentence(seeds_build, seeds_dir):
    result, md, html, _, data = _outputs(seeds_build)
    texts = {a.id: a.text for a in load([seeds_dir]).articles}
    source_ids = {s["id"] for s in data["sources"]}
    assert data["notes"], "the brief cites nothing"
    for note in data["notes"]:
        assert note["source_id"] in source_ids
        assert texts[note["source_id"]][note["start"] : note["end"]] == note["sentence"]
    for number in set(re.findall(r"\[\^(\d+)\]", md)):
        assert f"[^{number}]:" in md
    for target in set(re.findall(r'href="#([\w-]+)"', html)):
        assert f'id="{target}"' in html


def _events(data):
    return [(e["date"], e["summary"], e) for e in data["events"]]


def test_dates_match_what_the_articles_say(seeds_build):
    *_, data = _outputs(seeds_build)
    events = _events(data)

    def dated(fragment):
        return {date for date, summary, _ in events if fragment in summary}

    assert "2017-12-06" in dated("recognition of Jerusalem")
    assert "2017-11-21" in dated("phone")
    assert "2012-11-29" in dated("non-member observer")
    assert "2024-07" in dated("strongly condemned")
    upcoming = [e for _, summary, e in events if "Feb 20" in summary]
    assert upcoming and upcoming[0]["date"] == "2018-02-20" and upcoming[0]["upcoming"]


def test_without_a_manifest_no_relative_date_is_certain(seeds_without_manifest, tmp_path):
    from briefing.build import BuildRequest, run
    from briefing.config import Settings

    request = BuildRequest(sources=(seeds_without_manifest,), out_dir=tmp_path, settings=Settings(formats=("json",)))
    result = run(request)
    data = json.loads((tmp_path / "brief.json").read_text(encoding="utf-8"))
    assert all(s["published_source"] != "given" for s in data["sources"])
    for event in result.brief.events:
        if event.how != "stated":
            assert not event.certain, event
    assert not any(e.date.startswith("XXXX") for e in result.brief.events)


def test_pdf_has_title_metadata_and_page_numbers(seeds_build):
    result, out = seeds_build
    reader = PdfReader(out / "brief.pdf")
    assert reader.metadata.title == result.brief.title
    text = reader.pages[0].extract_text()
    assert re.search(r"1\s*(of|/)\s*\d+", text)
    assert len(reader.outline) >= 5  # bookmarks for the sections


def test_json_reads_back_into_the_same_brief(seeds_build):
    from briefing.render.jsonout import brief_from_dict

    result, out = seeds_build
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert brief_from_dict(data) == result.brief
