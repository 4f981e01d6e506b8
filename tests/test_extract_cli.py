"""`briefing extract`: what ingestion made of a file, each field with its provenance, and what went."""

from __future__ import annotations

import json

from briefing.cli import main

TEXT = (
    "The city council voted on Tuesday to close the old harbour bridge for repairs. Click to share on Facebook "
    "(Opens in new window) The engineers found cracks in two of its steel supports last month, the mayor said. "
    "Getty Images 9 Workers inspect the cracked supports under the bridge The bridge carries about 20,000 "
    "vehicles a day and will reopen in March."
)


def _write(tmp_path):
    path = tmp_path / "articles.jsonl"
    records = [
        {
            "text": TEXT,
            "url": "https://www.thesun.co.uk/news/1/bridge/",
            "title": "Bridge to close",
            "published": "2016-11-08",
        },
        {"text": "Click to share on Twitter (Opens in new window)"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_json_gives_each_field_with_its_source_and_what_was_removed_and_why(tmp_path, capsys):
    code = main(["extract", "--json", str(_write(tmp_path))])
    rows = json.loads(capsys.readouterr().out)
    assert code == 1  # one record of the two is unusable
    first, second = rows
    assert first["outlet"] == {
        "value": "The Sun",
        "source": "url",
        "how": "the outlet registry, from the URL's domain thesun.co.uk",
    }
    assert first["title"]["source"] == "given" and first["published"]["value"] == "2016-11-08"
    assert "Click to share" not in first["text"] and "Getty" not in first["text"]
    assert "The engineers found cracks" in first["text"]
    kinds = {r["kind"] for r in first["removed"]}
    assert {"widget", "caption"} <= kinds
    assert second["text"] is None and "page furniture" in second["problems"][0]["message"]


def test_text_output_names_the_file_and_the_fields(tmp_path, capsys):
    path = _write(tmp_path)
    main(["extract", str(path)])
    out = capsys.readouterr().out
    assert f"== {path}#L1" in out
    assert "outlet:    The Sun  [url]" in out
    assert "removed (" in out and "caption" in out


def test_a_missing_file_fails_with_its_name(tmp_path, capsys):
    code = main(["extract", str(tmp_path / "nope.txt")])
    assert code == 2
    assert "nope.txt" in capsys.readouterr().out
