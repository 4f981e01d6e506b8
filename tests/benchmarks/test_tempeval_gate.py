"""Evaluation gate: the temporal tagger must keep its TempEval-3 scores.

Runs benchmarks.tempeval on TimeBank+AQUAINT (with the document creation time; without it, anchored
on the date the file name states as ingest reads an article's address; without it, on the text
alone) and checks every figure against the floors in benchmarks/baselines.json. Skipped when the
shared data folder (../shared/data next to the repository) is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"
TEMPEVAL = DATA / "tempeval3"
FLOORS = json.loads((REPO / "benchmarks" / "baselines.json").read_text(encoding="utf-8"))["tempeval"]

pytestmark = pytest.mark.skipif(
    not DATA.is_dir() or not TEMPEVAL.is_dir(),
    reason=f"TempEval-3 data not found at {TEMPEVAL} (shared data folder absent): evaluation gate skipped",
)


@pytest.fixture(scope="module")
def docs():
    from benchmarks.tempeval import load_corpus

    corpus = load_corpus(TEMPEVAL)
    if not corpus:
        pytest.skip(f"no .tml files under {TEMPEVAL}")
    return corpus


def _check(scores: dict, floors: dict, label: str) -> list[str]:
    return [
        f"{label} {k}: {scores[k]:.1f} < floor {v}"
        for k, v in floors.items()
        if not k.startswith("per_type") and scores[k] < v
    ]


def test_tempeval_with_dct(docs):
    from benchmarks.tempeval import briefing_tagger, evaluate

    result = evaluate(docs, briefing_tagger, use_dct=True)
    floors = FLOORS["with_dct"]
    problems = _check(result.overall.scores(), floors, "with DCT")
    for typ, floor in floors.get("per_type_relaxed_f1", {}).items():
        got = result.per_type[typ].scores()["relaxed_f1"]
        if got < floor:
            problems.append(f"with DCT {typ} relaxed_f1: {got:.1f} < floor {floor}")
    assert not problems, "\n".join(problems)


def test_tempeval_without_dct_text_only(docs):
    from benchmarks.tempeval import briefing_tagger, evaluate

    result = evaluate(docs, briefing_tagger, use_dct=False, use_name=False)
    problems = _check(result.overall.scores(), FLOORS["no_dct"], "no DCT, text only")
    assert not problems, "\n".join(problems)


def test_tempeval_without_dct_anchored_on_the_file_name(docs):
    from benchmarks.tempeval import briefing_tagger, evaluate

    result = evaluate(docs, briefing_tagger, use_dct=False, use_name=True)
    problems = _check(result.overall.scores(), FLOORS["no_dct_file_name"], "no DCT, file name")
    assert not problems, "\n".join(problems)
