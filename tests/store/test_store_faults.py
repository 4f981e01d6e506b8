"""The store under faults: a damaged file is reported and left as it is, a kill at any moment
leaves it consistent, a writer waits for another instead of failing, odd text is stored."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from briefing.build import ingest
from briefing.cli import EXIT_FAILED, main
from briefing.model import Article
from briefing.store import BUSY_TIMEOUT_MS, StoreError, content_hash, open_store

from .conftest import SEEDS

REPO = Path(__file__).resolve().parents[2]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _filled_store(path: Path, n: int = 300) -> Path:
    records = path.parent / f"{path.stem}.jsonl"
    records.write_text(
        "".join(json.dumps({"text": f"Article {i}. " + "Leaders met in Geneva. " * 40}) + "\n" for i in range(n))
    )
    with open_store(path) as store:
        ingest([records], store)
    assert not Path(f"{path}-wal").exists()  # checkpointed: the whole store is in the one file
    return path


def _garbage(tmp_path: Path) -> Path:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(os.urandom(64 * 1024))
    return path


def _truncated(tmp_path: Path) -> Path:
    path = _filled_store(tmp_path / "whole.sqlite3")
    cut = tmp_path / "truncated.sqlite3"
    data = path.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    return cut


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.sqlite3"  # a text file given as the store by mistake
    path.write_text("These are my notes, not a database.\n" * 200, encoding="utf-8")
    return path


@pytest.mark.parametrize("make", [_garbage, _truncated, _text_file], ids=["garbage", "truncated", "text file"])
@pytest.mark.parametrize("command", ["ingest", "build", "weekly"])
def test_a_damaged_store_is_reported_and_left_as_it_is(tmp_path, capsys, make, command):
    store = make(tmp_path)
    before = _digest(store)
    args = {
        "ingest": ["ingest", str(SEEDS), "--store", str(store)],
        "build": ["build", "--store", str(store), "--out", str(tmp_path / "out")],
        "weekly": ["weekly", "--week", "2018-W07", "--store", str(store), "--out", str(tmp_path / "out")],
    }[command]
    assert main(["-q", *args]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert f"briefing: error: cannot open store {store}: the file is damaged or is not a briefing store" in err, err
    assert "left as it is" in err and "Traceback" not in err
    assert _digest(store) == before
    assert not (tmp_path / "out").exists()


def test_damage_found_after_opening_is_a_store_error_too(tmp_path):
    path = _filled_store(tmp_path / "damaged.sqlite3")
    with contextlib.closing(sqlite3.connect(path)) as db:  # the last page holding a table's or index's root
        last_root = max(r[0] for r in db.execute("SELECT rootpage FROM sqlite_master"))
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(page * last_root, min(len(data) - page, page * (last_root + 40)), page):  # rows, not schema
        data[start : start + page] = os.urandom(page)
    path.write_bytes(bytes(data))
    before = _digest(path)
    store = open_store(path)  # the schema pages are whole: the damage shows only when rows are read
    with pytest.raises(StoreError, match=r"^store sqlite:///.*damaged\.sqlite3: the file is damaged"):
        store.select()
    store.close()
    assert _digest(path) == before


def test_a_writer_waits_for_another_instead_of_failing(tmp_path):
    path = tmp_path / "busy.sqlite3"
    with open_store(path) as store:
        store.add(Article(id="x", path="a.txt", text="First article."))
        held = threading.Event()

        def hold_the_write_lock() -> None:
            other = sqlite3.connect(path, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
            other.execute("INSERT INTO meta (key, value) VALUES ('held', 'yes')")
            held.set()
            time.sleep(1.5)
            other.execute("COMMIT")
            other.close()

        thread = threading.Thread(target=hold_the_write_lock)
        thread.start()
        held.wait(10)
        started = time.monotonic()
        assert store.add(Article(id="y", path="b.txt", text="Second article.")) == "added"
        waited = time.monotonic() - started
        thread.join()
        assert 1.0 < waited < BUSY_TIMEOUT_MS / 1000
        assert store.count() == 2 and store.check() == []


def test_lone_surrogates_and_nul_bytes_are_cleaned_and_stored(tmp_path):
    records = tmp_path / "odd.jsonl"
    text = "Leaders met in Geneva \ud800 on Monday.\u0000 They agreed \udfff on talks."
    records.write_text(json.dumps({"text": text, "title": "Title \ud83d"}) + "\n", encoding="utf-8")
    with open_store(tmp_path / "odd.sqlite3") as store:
        summary = ingest([records], store)
        assert len(summary.added) == 1 and not summary.skipped
        (stored,) = store.select()
        assert stored.text == "Leaders met in Geneva \ufffd on Monday. They agreed \ufffd on talks."
        assert stored.title == "Title \ufffd"
        assert store.check() == []


_INGEST = (
    "import sys; from briefing.build import ingest; from briefing.store import open_store; "
    "ingest([sys.argv[2]], open_store(sys.argv[1]))"
)


@pytest.mark.parametrize("delay", [0.2, 0.5, 0.9, 1.4])
def test_a_kill_at_any_moment_of_opening_and_ingesting_leaves_a_usable_store(tmp_path, delay):
    records = tmp_path / "many.jsonl"
    texts = [f"Item {n}. Officials met in Oslo to discuss the ceasefire." for n in range(2000)]
    records.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
    db = tmp_path / "killed.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", _INGEST, str(db), str(records)], env={**os.environ, "PYTHONPATH": str(REPO)}
    )
    time.sleep(delay)
    child.kill()
    child.wait(timeout=30)
    with open_store(db) as store:  # whatever moment the kill came, the store opens
        assert store.check() == []
        before = store.count()
        assert before <= len(texts)
        summary = ingest([records], store)
        assert len(summary.present) == before and len(summary.added) == len(texts) - before
        assert store.count() == len(texts) and store.check() == []
        assert {content_hash(a.text) for a in store.select()} == {content_hash(t) for t in texts}
