"""`briefing weekly`: one ISO week from the store, compared with the week before, reproducible."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from briefing.build import NoInput, ingest
from briefing.cli import EXIT_FAILED, EXIT_OK, main
from briefing.config import Settings
from briefing.model import Actor, Brief, Event, OutletPosition, Scope
from briefing.store import open_store
from briefing.weekly import (
    BadWeek,
    compare,
    last_complete_week,
    previous_week,
    view_of,
    week_days,
    week_generated_at,
    weekly_report,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# An article from the week before the seeds' 2018-W07, by one of the same outlets.
EARLIER = """---
title: Putin hosts talks in Sochi
outlet: Radio Free Europe/Radio Liberty
published: 2018-02-06
---
Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan in Sochi on February 5.
"We discussed Syria," Putin told reporters after the meeting.
"""


# --------------------------------------------------------------------------- weeks


def test_iso_weeks():
    assert week_days("2018-W07") == (date(2018, 2, 12), date(2018, 2, 18))
    assert week_days("2020-W53") == (date(2020, 12, 28), date(2021, 1, 3))
    assert previous_week("2018-W01") == "2017-W52"
    assert previous_week("2021-W01") == "2020-W53"
    assert week_generated_at("2018-W07") == datetime(2018, 2, 19, tzinfo=timezone.utc)
    for bad in ("2018-7", "2018-W60", "W07", "2019-W53"):
        with pytest.raises(BadWeek, match="2018-W07"):
            week_days(bad)


def test_the_last_complete_week():
    assert last_complete_week(datetime(2018, 2, 19, 7, tzinfo=timezone.utc)) == "2018-W07"  # Monday morning
    assert last_complete_week(datetime(2018, 2, 18, 23, tzinfo=timezone.utc)) == "2018-W06"  # W07 not over
    assert last_complete_week(datetime(2018, 2, 25, 12, tzinfo=timezone.utc)) == "2018-W07"


# --------------------------------------------------------------------------- comparison


def _brief(actors, events, outlets, articles=2) -> Brief:
    return Brief(
        title="t",
        scope=Scope(articles, tuple(o.outlet for o in outlets), None, None, "x"),
        actors=tuple(Actor(a, a.title(), "person") for a in actors),
        events=tuple(Event(f"e{n}", d, "day", "stated", "s", actors=tuple(ids)) for n, (d, ids) in enumerate(events)),
        outlets=tuple(outlets),
    )


def test_compare_finds_new_actors_events_and_outlet_changes():
    before = _brief(
        ["putin", "abbas"],
        [("2018-02-05", ["putin"]), ("2018-02-06", [])],
        [OutletPosition("A", ("s1",), actors=("putin",), terms=("talks",))],
        articles=1,
    )
    now = _brief(
        ["putin", "trump"],
        [("2018-02-05", ["putin", "trump"]), ("2018-02-06", []), ("2018-02-12", ["trump"]), ("2018-02-05", ["abbas"])],
        [
            OutletPosition("A", ("s2", "s3"), actors=("trump",), terms=("talks", "peace")),
            OutletPosition("B", ("s4",), actors=("putin",)),
        ],
    )
    slw = compare(now, view_of(dataclasses.asdict(before)), "2018-W07", "report")
    assert slw.previous_week == "2018-W06" and slw.previous_articles == 1 and slw.basis == "report"
    assert slw.new_actors == ("trump",)
    assert slw.new_events == ("e2", "e3")  # same date and a shared actor (or none on either side) is not new
    a, b = slw.outlets
    assert (a.outlet, a.articles_before, a.articles_now) == ("A", 1, 2)
    assert a.actors_added == ("Trump",) and a.actors_dropped == ("Putin",) and a.terms_added == ("peace",)
    assert (b.outlet, b.articles_before, b.articles_now, b.actors_added) == ("B", 0, 1, ("Putin",))


def test_compare_with_nothing_before():
    slw = compare(_brief(["putin"], [], []), None, "2018-W07", "recomputed")
    assert slw.basis == "none" and slw.previous_articles == 0 and slw.new_actors == ("putin",)


# --------------------------------------------------------------------------- the report


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("weekly")
    with open_store(folder / "store.sqlite3") as store:
        ingest([SEEDS], store)
        ingest([SEEDS], store)
        yield store, folder


@pytest.mark.slow
def test_the_week_of_the_seeds_has_exactly_its_two_articles_and_reruns_change_nothing(seeds_store):
    store, folder = seeds_store
    out = folder / "reports"
    first = weekly_report(store, "2018-W07", Settings(), out)
    week_dir = out / "2018-W07"
    names = sorted(p.name for p in week_dir.iterdir())
    assert names == [f"analyst{s}" for s in ("-timeline.png", "-timeline.svg", ".html", ".json", ".md", ".pdf")]
    data = json.loads((week_dir / "analyst.json").read_text(encoding="utf-8"))
    assert sorted(Path(s["path"]).name for s in data["sources"]) == sorted(p.name for p in SEEDS.glob("00[01]_*.txt"))
    assert {s["published"] for s in data["sources"]} == {"2018-02-12"}
    assert data["scope"]["generated_at"] == "2018-02-19T00:00:00+00:00"
    assert data["title"].startswith("Week 2018-W07: ")
    assert data["since_last_week"]["basis"] == "none"
    md = (week_dir / "analyst.md").read_text(encoding="utf-8")
    assert "## Since last week" in md and "nothing to compare" in md

    before = {p.name: p.read_bytes() for p in week_dir.iterdir()}
    second = weekly_report(store, "2018-W07", Settings(), out)
    after = {p.name: p.read_bytes() for p in week_dir.iterdir()}
    assert after == before  # same files, same bytes, nothing added
    # The language pass ran before the report, when the stored articles were placed in stories.
    assert (first.cache.hits, first.cache.misses, second.cache.misses) == (2, 0, 0)


@pytest.mark.slow
def test_since_last_week_compares_with_the_previous_week(tmp_path):
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "sochi.md").write_text(EARLIER, encoding="utf-8")
    out = tmp_path / "reports"
    settings = Settings(formats=("json", "md", "html"))
    with open_store(tmp_path / "s.sqlite3") as store:
        ingest([SEEDS, earlier], store)
        recomputed = weekly_report(store, "2018-W07", settings, out).brief.since_last_week
        assert recomputed.basis == "recomputed" and recomputed.previous_articles == 1
        assert "vladimir-putin" not in recomputed.new_actors and "donald-trump" in recomputed.new_actors
        rferl = next(o for o in recomputed.outlets if o.outlet == "Radio Free Europe/Radio Liberty")
        assert (rferl.articles_before, rferl.articles_now) == (1, 1)
        assert not (out / "2018-W06").exists()  # the previous week is computed, not written

        weekly_report(store, "2018-W06", settings, out)
        from_file = weekly_report(store, "2018-W07", settings, out).brief.since_last_week
        assert from_file.basis == "report"
        assert (from_file.new_actors, from_file.new_events, from_file.outlets) == (
            recomputed.new_actors,
            recomputed.new_events,
            recomputed.outlets,
        )
    md = (out / "2018-W07" / "analyst.md").read_text(encoding="utf-8")
    section = md.split("## Since last week")[1].split("## Key developments")[0]
    assert "Compared with the brief for 2018-W06 (1 article)" in section
    assert "Donald Trump" in section and "**Radio Free Europe/Radio Liberty**: 1 article this week" in section
    html = (out / "2018-W07" / "analyst.html").read_text(encoding="utf-8")
    assert 'id="since-last-week"' in html


def test_an_empty_week_is_a_clear_error(seeds_store):
    store, folder = seeds_store
    with pytest.raises(NoInput, match=r"no stored article published in 2018-W09 \(2018-02-26 to 2018-03-04\)"):
        weekly_report(store, "2018-W09", Settings(), folder / "none")


@pytest.mark.slow
def test_weekly_command(seeds_store, capsys):
    store, folder = seeds_store
    out = folder / "cli"
    args = ["weekly", "--store", str(folder / "store.sqlite3"), "--out", str(out), "--format", "json"]
    assert main([*args, "--week", "2018-W07", "--audience", "board"]) == EXIT_OK
    assert (out / "2018-W07" / "board.json").is_file()
    assert main([*args, "--week", "2018-W7"]) == EXIT_FAILED
    assert "expected an ISO week such as 2018-W07" in capsys.readouterr().err
    assert main([*args, "--week", "2018-W07", "--audience", "../x"]) == EXIT_FAILED
