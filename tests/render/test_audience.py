"""Audience profiles: executive (one page), analyst (everything), press (who said what where).

End-to-end on the seeds: the brief is made once, then trimmed and written for each audience the
way `briefing build --audience NAME` does it; one test goes through the command line itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.analyse.audience import audience_view
from briefing.audiences import (
    AudienceError,
    list_audiences,
    load_audience,
    parse_audience,
)
from briefing.config import Settings
from briefing.render import write_brief

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"


def _h2(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]


def _notes_consistent(html: str) -> list[int]:
    """Every cited note has an entry, every entry is cited, and they are numbered 1..N."""
    entries = [int(n) for n in re.findall(r'id="note-(\d+)"', html)]
    cited = {int(n) for n in re.findall(r'href="#note-(\d+)"', html)}
    assert entries == list(range(1, len(entries) + 1))
    assert cited == set(entries)
    return entries


@pytest.fixture(scope="module")
def seeds_brief():
    from datetime import datetime, timezone

    from briefing.build import BuildRequest, run

    generated_at = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
    return run(BuildRequest(sources=(SEEDS,), generated_at=generated_at, until="brief")).brief


@pytest.fixture(scope="module")
def written(seeds_brief, tmp_path_factory):
    """The seeds brief written for each built-in audience: name -> (brief, out folder)."""
    result = {}
    for name in ("executive", "analyst", "press"):
        audience = load_audience(name)
        brief = audience_view(seeds_brief, audience)
        out = tmp_path_factory.mktemp(name)
        write_brief(brief, out, audience=audience)
        result[name] = (brief, out)
    return result


def _read(out: Path) -> tuple[str, str, str]:
    html = (out / "brief.html").read_text(encoding="utf-8")
    md = (out / "brief.md").read_text(encoding="utf-8")
    pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(out / "brief.pdf").pages).split())
    return html, md, pdf


def test_builtin_profiles_are_listed_and_load():
    assert {"analyst", "executive", "press"} <= set(list_audiences())
    for name in ("analyst", "executive", "press"):
        audience = load_audience(name)
        assert audience.sections
        assert audience.path.endswith(f"audiences/{name}.yaml")


def test_executive_is_one_pdf_page_with_its_sections(written):
    brief, out = written["executive"]
    assert len(PdfReader(out / "brief.pdf").pages) == 1
    html, md, pdf = _read(out)
    assert _h2(html) == ["Bottom line", "Key developments", "Timeline", "Outlets", "Notes"]
    assert 3 <= len(brief.key_developments) <= 5
    assert brief.title.startswith("Executive brief: ")
    assert "Coverage centres on" in pdf
    # One line per outlet, each naming the outlet.
    lines = re.findall(r'<ul class="outlet-lines">(.*?)</ul>', html, re.S)[0]
    assert lines.count("<li>") == len(brief.outlets)
    for outlet in brief.outlets:
        assert f"<strong>{outlet.outlet}</strong>" in html
    assert "Dated events" not in _h2(html) and "Key actors" not in _h2(html)
    assert 'src="brief-timeline.svg"' in html
    _notes_consistent(html)
    assert re.findall(r"^## (.+)$", md, re.M) == ["Bottom line", "Key developments", "Timeline", "Outlets"]


def test_executive_fits_one_letter_page_too(seeds_brief, tmp_path):
    audience = load_audience("executive")
    write_brief(
        audience_view(seeds_brief, audience), tmp_path, ("pdf",), Settings(page_size="Letter"), audience=audience
    )
    assert len(PdfReader(tmp_path / "brief.pdf").pages) == 1


def test_analyst_has_everything(written, seeds_brief):
    brief, out = written["analyst"]
    html, md, _ = _read(out)
    assert _h2(html) == [
        "Key developments",
        "Timeline",
        "Dated events",
        "Key actors",
        "Outlet positions",
        "Sources",
        "Notes on this brief",
        "Notes",
    ]
    assert len(brief.events) == len(seeds_brief.events)
    assert len(brief.quotes) == len(seeds_brief.quotes)
    assert brief.title == seeds_brief.title
    assert html.count('<li id="event-') == len(seeds_brief.events)
    assert _notes_consistent(html) == [c.note for c in seeds_brief.notes]


def test_press_has_quotes_by_speaker_and_outlet_and_coverage(written, seeds_brief):
    brief, out = written["press"]
    html, md, pdf = _read(out)
    assert _h2(html) == [
        "Key developments",
        "Quotes by speaker",
        "Coverage and tone by outlet",
        "Sources",
        "Notes on this brief",
        "Notes",
    ]
    assert brief.title.startswith("Press brief: ")
    # Every quote is there, under its speaker and outlet.
    assert len(brief.quotes) == len(seeds_brief.quotes)
    for quote in brief.quotes:
        assert quote.text.split()[0] in pdf
    assert html.count('<article class="speaker">') == len({(q.speaker, q.speaker_id) for q in brief.quotes})
    assert "Tone toward" in html
    assert html.count('<tr><th scope="row">') >= len(brief.outlets)
    # Notes numbered in the order the reader meets them.
    notes = _notes_consistent(html)
    body = html.split('id="notes"')[0]
    order = [int(n) for n in re.findall(r'href="#note-(\d+)"', body)]
    assert order == sorted(order) and set(order) == set(notes)


def test_limits_trim_the_data_and_renumber_the_notes(brief):
    audience = parse_audience(
        "tiny",
        {
            "sections": ["key_developments", "events", "notes"],
            "limits": {"key_developments": 1, "events": 1, "actors": 0, "quotes": 0},
            "title": "Tiny: {title}",
        },
    )
    trimmed = audience_view(brief, audience)
    assert len(trimmed.key_developments) == 1 and len(trimmed.events) == 1
    assert trimmed.actors == () and trimmed.quotes == ()
    assert trimmed.title == f"Tiny: {brief.title}"
    # Only what is shown is cited, numbered from 1 without gaps.
    shown = {c.note for kd in trimmed.key_developments for c in kd.citations}
    shown |= {c.note for e in trimmed.events for c in e.citations}
    assert [c.note for c in trimmed.notes] == list(range(1, len(trimmed.notes) + 1))
    assert {c.note for c in trimmed.notes} == shown
    assert all(not ev.citations for o in trimmed.outlets for ev in o.evidence)
    # Actors dropped from the table can still be named.
    assert {a.id for a in brief.actors} <= {a.id for a in trimmed.other_actors}


def test_unknown_audience_and_bad_profile_are_clear(tmp_path):
    with pytest.raises(AudienceError, match="unknown audience 'board'.*analyst"):
        load_audience("board")
    folder = tmp_path / "tpl" / "audiences"
    folder.mkdir(parents=True)
    (folder / "board.yaml").write_text("sections: [key_developments]\nlimits: {eventz: 3}\n", encoding="utf-8")
    with pytest.raises(AudienceError, match=r"board\.yaml: unknown limit 'eventz'"):
        load_audience("board", tmp_path / "tpl")
    (folder / "board.yaml").write_text("sections: [key_developments\n", encoding="utf-8")
    with pytest.raises(AudienceError, match=r"board\.yaml, line \d+: not valid YAML"):
        load_audience("board", tmp_path / "tpl")
    with pytest.raises(AudienceError, match="bad audience name"):
        load_audience("../etc")


def test_build_command_with_audience_executive(tmp_path):
    from briefing.cli import main

    out = tmp_path / "out"
    code = main(["-q", "build", str(SEEDS), "--out", str(out), "--audience", "executive", "--format", "pdf"])
    assert code == 0
    assert len(PdfReader(out / "brief.pdf").pages) == 1


def test_audience_setting_from_the_environment(monkeypatch):
    from briefing.config import from_environment

    assert from_environment(Settings(), {"BRIEFING_AUDIENCE": "press"}).audience == "press"


def test_executive_stays_one_page_with_many_outlets_and_names_the_rest(seeds_brief, tmp_path):
    import dataclasses

    outlets = tuple(
        dataclasses.replace(o, outlet=f"{o.outlet} {k}") for k in range(3) for o in seeds_brief.outlets
    )  # 12 outlets, as a 500-article corpus has
    scope = dataclasses.replace(seeds_brief.scope, outlets=tuple(sorted(o.outlet for o in outlets)))
    many = dataclasses.replace(seeds_brief, outlets=outlets, scope=scope)
    audience = load_audience("executive")
    trimmed = audience_view(many, audience)
    assert [o.outlet for o in trimmed.outlets] == [o.outlet for o in outlets[:6]]
    write_brief(trimmed, tmp_path, ["md", "pdf"], audience=audience)
    assert len(PdfReader(tmp_path / "brief.pdf").pages) == 1
    md = (tmp_path / "brief.md").read_text(encoding="utf-8")
    assert "- 6 more outlets: " in md and all(o.outlet in md for o in outlets)


def test_an_audience_with_fewer_key_developments_keeps_the_latest(seeds_brief):
    from briefing.analyse import dates

    audience = parse_audience("short", {"sections": ["key_developments", "notes"], "limits": {"key_developments": 2}})
    trimmed = audience_view(seeds_brief, audience)
    newest = max(seeds_brief.key_developments, key=lambda k: dates.interval(k.date)[0])
    assert len(trimmed.key_developments) == 2
    assert trimmed.key_developments[0].text == seeds_brief.key_developments[0].text
    assert trimmed.key_developments[-1].text == newest.text
