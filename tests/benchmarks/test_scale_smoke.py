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
    assert result["bare_stock_spacy"] > 0 and result["ratio_to_stock_bare"] > 0
    assert result["ms_per_kword_before_render"] < result["ms_per_kword"]
    table = capsys.readouterr().out
    assert "whole cold build" in table and "peak RSS MB" in table and "our spaCy stage, 2 proc" in table
    assert "build / stock bare" in table
