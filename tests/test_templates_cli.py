"""`briefing templates list` and `briefing templates copy DIR [--audience NAME]`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from briefing.cli import main


@pytest.fixture
def brief_for_cli():
    sys.path.insert(0, str(Path(__file__).resolve().parent / "render"))
    from render_sample import make_brief

    return make_brief()


def test_list_shows_builtin_templates_and_profiles(capsys):
    assert main(["templates", "list"]) == 0
    out = capsys.readouterr().out
    for name in ("brief.html.j2", "brief.md.j2", "brief.css", "print.css", "executive.html.j2"):
        assert f"  {name}" in out
    for profile in ("analyst", "executive", "press"):
        assert f"  {profile}: " in out
    assert "sections: since_last_week, top_stories, bottom_line, key_developments" in out


def test_list_shows_the_users_folder(tmp_path, capsys):
    (tmp_path / "brief.css").write_text("body {}", encoding="utf-8")
    (tmp_path / "audiences").mkdir()
    (tmp_path / "audiences" / "board.yaml").write_text("description: Board.\nsections: [bottom_line]\n")
    assert main(["templates", "list", "--templates", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "brief.css  (replaces the built-in)" in out
    assert "  board: Board." in out


def test_copy_gives_a_working_starting_set(tmp_path, capsys):
    target = tmp_path / "house"
    assert main(["templates", "copy", str(target), "--audience", "executive"]) == 0
    names = sorted(str(p.relative_to(target)) for p in target.rglob("*") if p.is_file())
    assert names == [
        "audiences/executive.yaml",
        "brief.css",
        "executive.css",
        "executive.html.j2",
        "executive.md.j2",
        "print.css",
    ]
    # Edited files are kept unless --force.
    (target / "brief.css").write_text("/* mine */", encoding="utf-8")
    capsys.readouterr()
    assert main(["templates", "copy", str(target), "--audience", "executive"]) == 0
    assert "kept" in capsys.readouterr().out
    assert (target / "brief.css").read_text(encoding="utf-8") == "/* mine */"
    assert main(["templates", "copy", str(target), "--audience", "executive", "--force"]) == 0
    assert (target / "brief.css").read_text(encoding="utf-8") != "/* mine */"


def test_copied_set_renders(tmp_path, brief_for_cli):
    from briefing.analyse.audience import audience_view
    from briefing.audiences import load_audience
    from briefing.render import write_brief

    target = tmp_path / "house"
    assert main(["templates", "copy", str(target), "--audience", "press"]) == 0
    audience = load_audience("press", target)
    assert audience.path == str(target / "audiences" / "press.yaml")
    write_brief(
        audience_view(brief_for_cli, audience),
        tmp_path / "out",
        ("md", "html"),
        templates_dir=target,
        audience=audience,
    )
    assert "Quotes by speaker" in (tmp_path / "out" / "brief.html").read_text(encoding="utf-8")


def test_copy_unknown_audience_fails(tmp_path, capsys):
    assert main(["templates", "copy", str(tmp_path / "x"), "--audience", "nobody"]) == 2
    assert "unknown audience 'nobody'" in capsys.readouterr().err
