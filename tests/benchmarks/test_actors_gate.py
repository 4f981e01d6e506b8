"""Evaluation gate: actor resolution and quote attribution must keep their gold-set scores.

Runs benchmarks.actors_eval (the real pipeline on tests/nlp/gold/actors.yaml and quotes.yaml)
once per session and checks every figure against the floors in benchmarks/baselines.json
("actors"). Quote attribution must also stay above the nearest-PERSON baseline and, when
textacy is installed, above its ``direct_quotations``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FLOORS = json.loads((REPO / "benchmarks" / "baselines.json").read_text(encoding="utf-8"))["actors"]


@pytest.fixture(scope="module")
def result():
    from benchmarks.actors_eval import evaluate

    return evaluate()


def test_gold_set_is_big_enough(result):
    assert result["passages"] >= 13  # a dozen written passages plus the seeds
    assert result["actors"]["gold"] >= 100
    assert result["quotes"]["total"] >= 40


@pytest.mark.parametrize(
    ("figure", "floor"),
    [
        ("precision", "actor_precision"),
        ("recall", "actor_recall"),
        ("f1", "actor_f1"),
        ("type_accuracy", "actor_type_accuracy"),
    ],
)
def test_actor_scores_keep_their_floor(result, figure, floor):
    got = result["actors"][figure]
    assert got >= FLOORS[floor], f"actor {figure} {got:.1f} < floor {FLOORS[floor]}"


def test_quote_attribution_keeps_its_floor_and_beats_the_peers(result):
    quotes = result["quotes"]
    ours = quotes["ours"]
    assert ours >= FLOORS["quote_accuracy_min"]
    assert ours >= FLOORS["quote_accuracy"], f"quote accuracy {ours:.1f} < floor {FLOORS['quote_accuracy']}"
    peers = {k: v for k, v in quotes.items() if k not in {"total", "ours"}}
    assert "nearest PERSON" in peers
    for name, score in peers.items():
        assert ours > score, f"ours {ours:.1f} is not above {name} {score:.1f}"


def test_quotes_yaml_attribution_keeps_its_floor(result):
    ours = result["quotes_yaml"]["ours"]
    assert ours >= FLOORS["quotes_yaml_accuracy"], f"{ours:.1f} < floor {FLOORS['quotes_yaml_accuracy']}"
