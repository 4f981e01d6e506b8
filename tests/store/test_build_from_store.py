"""`briefing build` from the store: selections, and the language pass cached per article."""

from __future__ import annotations

import json
from datetime import date

import pytest

from briefing.build import BuildRequest, ingest, run
from briefing.cli import EXIT_FAILED, EXIT_OK, main
from briefing.config import Settings
from briefing.store import Selection

from .conftest import SEEDS

pytestmark = pytest.mark.slow
FIXED = "2026-11-23T09:00:00+00:00"


def test_a_brief_from_stored_articles_reuses_the_language_pass(store, tmp_path):
    ingest([SEEDS], store)
    settings = Settings(formats=("json",))
    week = Selection(since=date(2018, 2, 12), until=date(2018, 2, 18))
    cold = run(BuildRequest(store=store, selection=week, out_dir=tmp_path / "a", settings=settings))
    warm = run(BuildRequest(store=store, selection=week, out_dir=tmp_path / "b", settings=settings))
    assert (cold.cache.misses, warm.cache.misses, warm.cache.hits) == (2, 0, 2)
    assert "spacy" not in warm.timer.seconds  # spaCy never ran
    assert cold.brief == warm.brief or cold.brief.scope.generated_at != warm.brief.scope.generated_at
    sources = json.loads((tmp_path / "b" / "brief.json").read_text())["sources"]
    assert sorted(s["path"].rsplit("/", 1)[-1][:3] for s in sources) == ["000", "001"]


def test_build_options_select_from_the_store(tmp_path, capsys):
    db = str(tmp_path / "s.sqlite3")
    assert main(["ingest", str(SEEDS), "--store", db]) == EXIT_OK
    out = tmp_path / "out"
    args = ["build", "--store", db, "--format", "json", "--out", str(out)]
    assert main([*args, "--outlet", "RFE/RL", "--since", "2018-01-01"]) == EXIT_OK
    data = json.loads((out / "brief.json").read_text())
    assert data["scope"]["articles"] == 1 and data["scope"]["outlets"] == ["Radio Free Europe/Radio Liberty"]
    assert main([*args, "--query", "Lavrov", "--until", "2018-12-31"]) == EXIT_OK
    data = json.loads((out / "brief.json").read_text())
    assert [s["published"] for s in data["sources"]] == ["2018-02-12", "2018-04"]


def test_paths_with_a_store_are_stored_first_and_only_they_are_used(tmp_path, capsys):
    db = str(tmp_path / "s.sqlite3")
    seed = next(SEEDS.glob("003_*.txt"))
    assert main(["ingest", str(SEEDS), "--store", db, "--no-stories"]) == EXIT_OK  # no language pass yet
    out = tmp_path / "out"
    assert main(["build", str(seed), "--store", db, "--format", "json", "--out", str(out)]) == EXIT_OK
    assert json.loads((out / "brief.json").read_text())["scope"]["articles"] == 1
    assert "0 cached, 1 new" in capsys.readouterr().err
    assert main(["build", str(seed), "--store", db, "--format", "json", "--out", str(out)]) == EXIT_OK
    assert "1 cached, 0 new" in capsys.readouterr().err


def test_an_empty_selection_is_a_clear_error(tmp_path, capsys):
    db = str(tmp_path / "s.sqlite3")
    main(["ingest", str(SEEDS), "--store", db])
    capsys.readouterr()
    code = main(["build", "--store", db, "--since", "2030-01-01", "--out", str(tmp_path / "o")])
    assert code == EXIT_FAILED
    assert "no stored article matches the selection" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["build", "--store", db, "--since", "12/02/2018"])
    assert "is not a day (YYYY-MM-DD)" in capsys.readouterr().err


def test_paths_can_be_filtered_without_a_store(tmp_path):
    lavrov = Selection(terms=("lavrov",))
    result = run(BuildRequest(sources=(SEEDS,), selection=lavrov, out_dir=tmp_path, formats=("json",)))
    assert result.brief.scope.articles == 2 and result.cache is None
