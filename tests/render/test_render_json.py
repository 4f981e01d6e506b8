"""The JSON brief: the whole data model, stable, UTF-8, every citation traceable to a source."""

from __future__ import annotations

import json
from dataclasses import replace

from briefing.render import write_brief
from briefing.render.jsonout import SCHEMA, brief_from_dict, brief_to_dict, render_json


def _citations(node):
    if isinstance(node, dict):
        if {"source_id", "sentence", "start", "end", "note"} <= node.keys():
            yield node
        for value in node.values():
            yield from _citations(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _citations(value)


def test_json_round_trips(brief, tmp_path):
    write_brief(brief, tmp_path, formats=("json",))
    raw = (tmp_path / "brief.json").read_bytes()
    data = json.loads(raw.decode("utf-8"))
    assert data["schema"] == SCHEMA
    assert list(data)[:3] == ["schema", "title", "scope"]
    assert brief_from_dict(data) == brief
    assert render_json(brief_from_dict(data)).encode("utf-8") == raw


def test_json_is_utf8_not_escaped(brief):
    title = "Zürich – “talks” 北京"
    text = render_json(replace(brief, title=title))
    assert f'"title": "{title}"' in text
    assert "\\u" not in text


def test_every_cited_source_is_listed(brief):
    data = brief_to_dict(brief)
    source_ids = {s["id"] for s in data["sources"]}
    cited = list(_citations(data))
    assert cited
    assert {c["source_id"] for c in cited} <= source_ids
    for c in cited:
        assert c["end"] > c["start"] >= 0 and c["sentence"] and c["note"] >= 1
    notes = {c["note"] for c in data["notes"]}
    assert {c["note"] for c in cited} <= notes
