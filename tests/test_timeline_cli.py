"""`briefing timeline`: the chosen days of the seeds, each sentence with where it comes from."""

from __future__ import annotations

import json
import re

import pytest

from briefing.cli import EXIT_FAILED, EXIT_OK, main
from briefing.ingest import load


@pytest.fixture(scope="module")
def seeds_timeline(seeds_dir):
    def run(*extra: str) -> list[dict]:
        return _run([str(seeds_dir), "--json", *extra])

    return run


def _run(argv: list[str]) -> list[dict]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["-q", "timeline", *argv])
    assert code == EXIT_OK
    return json.loads(out.getvalue())


def test_json_rows_are_days_with_cited_sentences(seeds_timeline, seeds_dir):
    rows = seeds_timeline()
    assert rows, "no day chosen from the seeds"
    articles = {a.id: a for a in load([seeds_dir]).articles}
    days = [row["date"] for row in rows]
    assert days == sorted(days) and len(set(days)) == len(days)
    for row in rows:
        assert set(row) == {"date", "sentences", "citations"}
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"])
        assert len(row["sentences"]) == len(row["citations"]) == 1  # the default: one sentence per day
        for sentence, citation in zip(row["sentences"], row["citations"], strict=True):
            article = articles[citation["source_id"]]
            assert citation["path"] == article.path and citation["outlet"] == article.outlet
            assert isinstance(citation["sentence"], int) and citation["sentence"] >= 0
            assert article.text[citation["start"] : citation["end"]] == citation["text"]
            assert citation["text"].strip() == sentence


def test_dates_sentences_and_span_are_honoured(seeds_timeline):
    rows = seeds_timeline("--dates", "2", "--sentences", "2")
    assert 1 <= len(rows) <= 2
    assert all(1 <= len(row["sentences"]) <= 2 for row in rows)
    rows = seeds_timeline("--since", "2018-01-01", "--until", "2018-12-31")
    assert rows and all("2018-01-01" <= row["date"] <= "2018-12-31" for row in rows)
    assert all(c["published"] and c["published"].startswith("2018") for row in rows for c in row["citations"])


def test_text_output_names_the_source_of_every_sentence(seeds_dir, capsys):
    assert main(["-q", "timeline", str(seeds_dir), "--dates", "3"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "day(s) chosen from" in out
    assert re.search(r"^\d{4}-\d{2}-\d{2} ", out, re.MULTILINE)
    assert "sentence " in out and ".txt" in out


def test_bad_counts_and_missing_input_are_clear_errors(tmp_path, capsys):
    with pytest.raises(SystemExit) as done:
        main(["timeline", str(tmp_path), "--dates", "0"])
    assert done.value.code == 2
    assert "positive" in capsys.readouterr().err
    assert main(["timeline", str(tmp_path / "missing")]) == EXIT_FAILED
    assert "missing" in capsys.readouterr().err
