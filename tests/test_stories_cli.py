"""`briefing stories`, `build --story` and the weekly report's top stories, on a mixed stream."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.cli import EXIT_FAILED, EXIT_OK, main

QUAKE = [
    (
        "Earthquake kills dozens in southern Peru",
        "Reuters",
        "2026-03-02",
        "A powerful earthquake struck southern Peru on Monday, killing at least 40 people in the city of Arequipa. "
        'Mayor Carlos Mendoza said rescuers were searching collapsed homes. "We need tents and water," Mendoza '
        "told reporters in Arequipa.",
    ),
    (
        "Peru quake: rescuers search rubble in Arequipa",
        "BBC News",
        "2026-03-03",
        "Rescuers in Arequipa pulled survivors from the rubble on Tuesday, a day after the earthquake hit southern "
        "Peru. Mayor Carlos Mendoza said the death toll had risen to 52. Peru's government sent soldiers to help.",
    ),
    (
        "Aftershocks shake Arequipa as Peru mourns quake victims",
        "Al Jazeera English",
        "2026-03-04",
        "Strong aftershocks shook Arequipa on Wednesday as Peru held funerals for victims of the earthquake. "
        "Carlos Mendoza, the city's mayor, asked residents to stay out of damaged buildings.",
    ),
]
FINAL = [
    (
        "Cubs win World Series final as Hendricks shines",
        "Associated Press",
        "2026-03-02",
        "The Chicago Cubs won the baseball final on Monday night in Cleveland. Pitcher Kyle Hendricks struck out "
        'nine batters. "This is for Chicago," Hendricks said after the game.',
    ),
    (
        "Hendricks leads Chicago Cubs to baseball title",
        "ESPN",
        "2026-03-03",
        "Kyle Hendricks pitched seven innings as the Chicago Cubs took the title in Cleveland. Cubs fans celebrated "
        "across Chicago into Tuesday morning.",
    ),
    (
        "Chicago parade for the Cubs after baseball final",
        "Chicago Tribune",
        "2026-03-05",
        "Millions of fans lined Chicago streets on Thursday for a parade honouring the Cubs. Kyle Hendricks and "
        "his teammates waved from open buses.",
    ),
]


def _write(folder: Path, articles, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, (title, outlet, published, text) in enumerate(articles, start):
        path = folder / f"{n:02d}.md"
        front = f"title: {json.dumps(title)}\noutlet: {json.dumps(outlet)}\npublished: {published}"
        path.write_text(f"---\n{front}\n---\n{text}\n", "utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def mixed(tmp_path) -> Path:
    folder = tmp_path / "mixed"
    _write(folder, [QUAKE[0], FINAL[0], QUAKE[1], FINAL[1], QUAKE[2], FINAL[2]])
    return folder


def _stories_json(capsys, *argv: str) -> list[dict]:
    capsys.readouterr()
    assert main(["-q", "stories", *argv, "--json"]) == EXIT_OK
    return json.loads(capsys.readouterr().out)


def _titles(story: dict) -> set[str]:
    return {a["title"] for a in story["articles"]}


def test_stories_from_files_puts_every_article_in_exactly_one_story(mixed, capsys):
    stories = _stories_json(capsys, str(mixed))
    assert sorted(len(s["articles"]) for s in stories) == [3, 3]
    assert {frozenset(_titles(s)) for s in stories} == {
        frozenset(t for t, *_ in QUAKE),
        frozenset(t for t, *_ in FINAL),
    }
    for story in stories:
        assert set(story) == {"id", "title", "first_seen", "last_seen", "outlets", "articles"}
        assert story["title"] in _titles(story)
        assert story["first_seen"] == "2026-03-02"
        for article in story["articles"]:
            assert set(article) == {"source_id", "url", "path", "title", "outlet", "published"}


def test_ingest_places_articles_and_stories_stay_put_when_ingested_again(mixed, tmp_path, capsys):
    store = str(tmp_path / "store.sqlite3")
    assert main(["-q", "ingest", str(mixed), "--store", store]) == EXIT_OK
    assert "6 placed in stories (2 in the store)" in capsys.readouterr().out
    before = _stories_json(capsys, "--store", store)
    assert main(["-q", "ingest", str(mixed), "--store", store]) == EXIT_OK
    assert _stories_json(capsys, "--store", store) == before
    # --since/--until show the stories of the articles published then, and only those articles.
    late = _stories_json(capsys, "--store", store, "--since", "2026-03-04")
    assert sorted(len(s["articles"]) for s in late) == [1, 1]
    assert {s["id"] for s in late} == {s["id"] for s in before}


def test_merge_and_split_from_the_command_line(mixed, tmp_path, capsys):
    store = str(tmp_path / "store.sqlite3")
    main(["-q", "ingest", str(mixed), "--store", store])
    quake, final = sorted(_stories_json(capsys, "--store", store), key=lambda s: "Peru" not in s["title"])
    assert main(["-q", "stories", "merge", quake["id"], final["id"], "--store", store]) == EXIT_OK
    (merged,) = _stories_json(capsys, "--store", store)
    assert merged["id"] == quake["id"] and len(merged["articles"]) == 6
    moved = [a["source_id"] for a in final["articles"]]
    assert main(["-q", "stories", "split", quake["id"], "--articles", *moved, "--store", store]) == EXIT_OK
    assert {frozenset(_titles(s)) for s in _stories_json(capsys, "--store", store)} == {
        frozenset(_titles(quake)),
        frozenset(_titles(final)),
    }
    capsys.readouterr()
    assert main(["-q", "stories", "merge", quake["id"], "s-none", "--store", store]) == EXIT_FAILED
    assert "no story 's-none'" in capsys.readouterr().err


def test_build_one_brief_per_story_and_one_story_from_the_store(mixed, tmp_path, capsys):
    out = tmp_path / "out"
    assert (
        main(
            ["-q", "build", str(mixed), "--story", "auto", "--min-articles", "3", "--format", "json", "--out", str(out)]
        )
        == EXIT_OK
    )
    briefs = sorted(out.glob("*/brief.json"))
    assert len(briefs) == 2
    for path in briefs:
        sources = {s["title"] for s in json.loads(path.read_text("utf-8"))["sources"]}
        assert sources in ({t for t, *_ in QUAKE}, {t for t, *_ in FINAL})
    store = str(tmp_path / "store.sqlite3")
    main(["-q", "ingest", str(mixed), "--store", store])
    story = next(s for s in _stories_json(capsys, "--store", store) if "Peru" in s["title"])
    one = tmp_path / "one"
    assert (
        main(["-q", "build", "--store", store, "--story", story["id"], "--format", "json", "--out", str(one)])
        == EXIT_OK
    )
    brief = json.loads((one / "brief.json").read_text("utf-8"))
    assert {s["title"] for s in brief["sources"]} == {t for t, *_ in QUAKE}


def test_the_weekly_report_lists_the_top_stories_with_their_own_briefs(mixed, tmp_path, capsys):
    store = str(tmp_path / "store.sqlite3")
    main(["-q", "ingest", str(mixed), "--store", store])
    out = tmp_path / "weekly"
    argv = ["-q", "weekly", "--week", "2026-W10", "--store", store, "--format", "md", "--out", str(out)]
    assert main(argv) == EXIT_OK
    report = (out / "2026-W10" / "analyst.md").read_text("utf-8")
    assert "## Top stories this week" in report
    links = [line.split("](<", 1)[1].split(">)", 1)[0] for line in report.splitlines() if "[Its brief](<" in line]
    assert len(links) == 2
    for link in links:
        assert (out / "2026-W10" / link).is_file()
    # A job (or --story) that follows one story gets that story's report, with no top stories.
    story = next(s for s in _stories_json(capsys, "--store", store) if "Cubs" in s["title"])
    focused = tmp_path / "focused"
    argv = [
        "-q",
        "weekly",
        "--week",
        "2026-W10",
        "--store",
        store,
        "--format",
        "json",
        "--out",
        str(focused),
        "--story",
        story["id"],
    ]
    assert main(argv) == EXIT_OK
    brief = json.loads((focused / "2026-W10" / "analyst.json").read_text("utf-8"))
    assert {s["title"] for s in brief["sources"]} == {t for t, *_ in FINAL}
    assert brief["top_stories"] == []


def test_the_grouping_bar_is_a_setting_and_a_new_bar_groups_the_store_again(mixed, tmp_path, capsys, monkeypatch):
    from briefing.config import Settings
    from briefing.stories.grouping import GroupingSettings

    assert Settings().story_threshold == GroupingSettings().threshold  # one default, stated twice
    store = str(tmp_path / "store.sqlite3")
    main(["-q", "ingest", str(mixed), "--store", store])
    assert sorted(len(s["articles"]) for s in _stories_json(capsys, "--store", store)) == [3, 3]
    monkeypatch.setenv("BRIEFING_STORY_THRESHOLD", "5")  # above any link: every article alone
    assert sorted(len(s["articles"]) for s in _stories_json(capsys, "--store", store)) == [1] * 6
    monkeypatch.delenv("BRIEFING_STORY_THRESHOLD")
    assert sorted(len(s["articles"]) for s in _stories_json(capsys, "--store", store)) == [3, 3]
