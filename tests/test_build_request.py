"""The one entry point of the build: a BuildRequest handed to run(), which reports progress through
a callback, raises typed errors and never prints, so a command, the scheduler or a worker can call it."""

from __future__ import annotations

import dataclasses
import json
import logging
from datetime import datetime, timezone
from pathlib import Path

import pytest

from briefing.audiences import AudienceError
from briefing.build import BuildRequest, NoInput, ingest, run
from briefing.config import Settings
from briefing.store import Selection, StoreError, open_store

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
FIXED = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


def test_a_request_is_one_frozen_value():
    request = BuildRequest(sources=[SEEDS])  # type: ignore[arg-type]
    assert request.sources == (SEEDS,)
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.title = "x"  # type: ignore[misc]
    with pytest.raises(ValueError, match="bad until"):
        BuildRequest(until="pdf")  # type: ignore[arg-type]
    assert BuildRequest().user_templates is None
    assert BuildRequest(settings=Settings(templates="house")).user_templates == Path("house")
    assert BuildRequest(templates_dir=Path("mine"), settings=Settings(templates="house")).user_templates == Path("mine")


def test_typed_errors_come_before_any_work(tmp_path, capsys):
    with pytest.raises(NoInput, match="no readable article in"):
        run(BuildRequest(sources=(tmp_path / "missing",), out_dir=tmp_path / "out"))
    with pytest.raises(AudienceError, match="unknown audience 'nobody'"):
        run(BuildRequest(sources=(SEEDS,), audience="nobody", out_dir=tmp_path / "out"))
    with pytest.raises(StoreError, match="no store at"):
        run(BuildRequest(store=tmp_path / "none.sqlite3", out_dir=tmp_path / "out"))
    assert not (tmp_path / "none.sqlite3").exists()  # a reading build never creates an empty store
    assert not (tmp_path / "out").exists()
    assert capsys.readouterr().out == ""


def test_a_store_location_is_opened_and_closed_by_run(tmp_path):
    with open_store(tmp_path / "s.sqlite3") as store:
        ingest([SEEDS], store)
    later = Selection(since=datetime(2030, 1, 1).date())
    with pytest.raises(NoInput, match=r"no stored article matches the selection in sqlite:///.*s\.sqlite3"):
        run(BuildRequest(store=str(tmp_path / "s.sqlite3"), selection=later))


@pytest.mark.slow
def test_run_reports_progress_and_stops_where_asked(tmp_path, capsys):
    events: list[tuple[str, int, int]] = []

    def progress(stage: str, done: int, total: int) -> None:
        events.append((stage, done, total))

    request = BuildRequest(
        sources=(SEEDS,),
        formats=("json",),
        out_dir=tmp_path / "full",
        audience="executive",
        generated_at=FIXED,
        amend=lambda brief: dataclasses.replace(brief, title="Amended"),
    )
    result = run(request, progress=progress)
    assert capsys.readouterr().out == ""
    stages = list(dict.fromkeys(stage for stage, _, _ in events))
    assert stages == ["articles", "language pass", "analyse", "render"]
    assert ("language pass", 0, 5) in events and ("language pass", 5, 5) in events
    assert events[-1] == ("render", 1, 1)
    # the amendment comes before the audience's view, and the file is that view
    assert result.brief.title == "Executive brief: Amended"
    assert [p.name for p in result.written] == ["brief.json"]
    assert json.loads(result.written[0].read_text(encoding="utf-8"))["title"] == "Executive brief: Amended"

    facts = run(dataclasses.replace(request, until="facts", out_dir=tmp_path / "facts"))
    assert facts.brief is None and facts.written == () and len(facts.facts) == 5
    brief = run(dataclasses.replace(request, until="brief", out_dir=tmp_path / "brief"))
    assert brief.written == () and brief.brief.title == "Amended"  # no audience view
    assert not (tmp_path / "facts").exists() and not (tmp_path / "brief").exists()


def test_the_terminal_bar_follows_the_language_pass_only(monkeypatch, capsys, caplog):
    import sys

    from briefing.cli import _language_bar

    caplog.set_level(logging.INFO, logger="briefing")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with _language_bar() as bar:
        bar("articles", 0, 1)
        assert bar.bar is None
        bar("language pass", 0, 3)
        assert bar.bar is None  # a handful of articles: no bar
        bar("language pass", 0, 25)
        assert bar.bar is not None and bar.bar.total == 25
        bar("language pass", 10, 25)
        assert bar.bar.n == 10
        bar("language pass", 25, 25)
        assert bar.bar is None
        bar("language pass", 0, 30)
    assert bar.bar is None  # closed on the way out, whatever happened
    caplog.set_level(logging.WARNING, logger="briefing")  # -q
    with _language_bar() as quiet:
        quiet("language pass", 0, 25)
        assert quiet.bar is None
