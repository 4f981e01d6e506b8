"""The command line: clear errors, exit codes, and the dates command."""

from __future__ import annotations

import json

from briefing.cli import EXIT_FAILED, EXIT_OK, EXIT_SKIPPED, main

ARTICLE = (
    "Leaders meet in Geneva\n\n"
    "Foreign Minister Anna Berg met Prime Minister Paul Okafor in Geneva on March 3 to discuss the ceasefire. "
    "\u201cWe agreed on the next steps,\u201d Berg told reporters. The talks will resume on March 10.\n"
)


def test_no_input_is_a_clear_error(tmp_path, capsys):
    assert main(["build", str(tmp_path / "missing"), "--out", str(tmp_path / "out")]) == EXIT_FAILED
    assert "missing" in capsys.readouterr().err
    assert not (tmp_path / "out" / "brief.md").exists()


def test_a_bad_file_is_named_and_skipped_and_the_rest_goes_on(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00")
    code = main(["build", str(folder), "--out", str(tmp_path / "out"), "--format", "md", "--format", "json"])
    assert code == EXIT_SKIPPED
    assert "broken.txt" in capsys.readouterr().err
    brief = json.loads((tmp_path / "out" / "brief.json").read_text(encoding="utf-8"))
    assert [s["path"].rsplit("/", 1)[-1] for s in brief["sources"]] == ["good.txt"]
    assert (tmp_path / "out" / "brief.md").exists()


def test_dates_json_gives_offsets_into_the_file(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["dates", str(path), "--published", "2018-02-12", "--json"]) == EXIT_OK
    rows = json.loads(capsys.readouterr().out)
    text = path.read_text(encoding="utf-8")
    assert rows, "no expression found"
    for row in rows:
        assert {"start", "end", "text", "type", "value"} <= row.keys()
        assert text[row["start"] : row["end"]] == row["text"]
    values = {row["text"]: row["value"] for row in rows}
    assert values["March 3"] == "2018-03-03"
    assert values["March 10"] == "2018-03-10"


def test_dates_without_a_published_date_take_the_file_names(tmp_path, capsys):
    dated = tmp_path / "APW20180301.0042.txt"
    dated.write_text(ARTICLE, encoding="utf-8")
    assert main(["dates", str(dated)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "publication date: 2018-03-01 (from the file name)" in out
    assert "2018-03-03" in out
    undated = tmp_path / "a.txt"
    undated.write_text(ARTICLE, encoding="utf-8")
    assert main(["dates", str(undated)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "publication date: none given" in out
    assert "XXXX-03-03" in out


def test_every_command_has_help(capsys):
    for command in (["--help"], ["build", "--help"], ["dates", "--help"]):
        try:
            main(command)
        except SystemExit as done:
            assert done.code == 0
        assert "usage: briefing" in capsys.readouterr().out


def test_templates_folder_from_the_config_file_relative_to_it(tmp_path):
    house = tmp_path / "house"
    house.mkdir()
    (house / "brief.md.j2").write_text(
        '{% extends "default:brief.md.j2" %}{% block sources %}HOUSE SOURCE LIST{% endblock %}', encoding="utf-8"
    )
    config = tmp_path / "briefing.toml"
    config.write_text('templates = "house"\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["--config", str(config), "build", str(article), "--out", str(out), "--format", "md"])
    assert code == EXIT_OK
    md = (out / "brief.md").read_text(encoding="utf-8")
    assert "HOUSE SOURCE LIST" in md
    assert "## Key developments" in md or "Key developments" in md
