"""The spaCy-pass benchmark runs on a few articles (a smoke test: no time is asserted)."""

from __future__ import annotations

from benchmarks import spacy_pass


def test_spacy_pass_benchmark_times_every_component(capsys):
    assert spacy_pass.main(["--articles", "6", "--compare"]) == 0
    table = capsys.readouterr().out
    for name in ("tokenizer", "tok2vec", "parser", "attribute_ruler", "ner", "whole pass"):
        assert name in table
    assert "tokens annotated differently: 0 of " in table
