"""The scale benchmark runs end to end at its smallest size (a smoke test: no time is asserted)."""

from __future__ import annotations

import json

from benchmarks import scale


def test_scale_benchmark_writes_every_stage(tmp_path, capsys):
    out = tmp_path / "scale.json"
    # The benchmark's smallest size, as CI runs it (issue: smoke test only, no time asserted).
    assert scale.main(["--sizes", "50", "--processes", "1", "2", "--json", str(out)]) == 0
    (result,) = json.loads(out.read_text(encoding="utf-8"))["sizes"]
    assert result["articles"] >= 45  # the generator's duplicates are dropped at ingest
    assert set(result["stages"]) == set(scale.STAGES)
    assert set(result["formats"]) == {*scale.FORMATS, "chart"}
    assert set(result["bare_spacy"]) == {"1", "2"}
    assert all(seconds >= 0 for seconds in [*result["stages"].values(), *result["formats"].values()])
    assert result["whole_build"] > 0 and result["ratio_to_bare"] > 0
    assert result["peak_rss_mb"] > 0
    assert result["sections"]["sources"] == result["articles"]
    assert set(result["language_pass"]) == {"1", "2"} and all(v > 0 for v in result["language_pass"].values())
    assert result["ratio_to_best_bare"] > 0 and result["ratio_1_process_build"] > 0
    table = capsys.readouterr().out
    assert "whole cold build" in table and "peak RSS MB" in table and "our spaCy stage, 2 proc" in table


def test_quotes_listed_are_bounded_most_prominent_speakers_first():
    from briefing.analyse.brief import _shown_quotes
    from briefing.model import Citation, QuoteEntry

    def quote(i: int, speaker_id: str | None) -> QuoteEntry:
        return QuoteEntry(f"q{i}", speaker_id or "unattributed", speaker_id, "Reuters", None, Citation("a", "s", 0, 1))

    quotes = [quote(0, None), quote(1, "minor"), quote(2, "unknown"), quote(3, "major"), quote(4, "major")]
    salience = {"major": 9.0, "minor": 1.0}
    assert _shown_quotes(quotes, salience, 10) == quotes
    assert [q.text for q in _shown_quotes(quotes, salience, 3)] == ["q1", "q3", "q4"]  # original order kept
    assert [q.text for q in _shown_quotes(quotes, salience, 4)] == ["q1", "q2", "q3", "q4"]
