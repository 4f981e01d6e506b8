"""A user's templates folder in front of the built-ins: override one block, a stylesheet, a profile."""

from __future__ import annotations

import re

import pytest

from briefing.analyse.audience import audience_view
from briefing.audiences import load_audience
from briefing.render import write_brief


def _h2(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "house-style"
    path.mkdir()
    return path


def test_overriding_one_block_keeps_the_rest_of_the_layout(brief, folder, tmp_path):
    (folder / "brief.html.j2").write_text(
        '{% extends "default:brief.html.j2" %}\n'
        '{% block actors %}<section id="actors"><h2>Who is who</h2>'
        "<p>{{ brief.actors|length }} people and bodies</p>{{ super() }}</section>{% endblock %}\n",
        encoding="utf-8",
    )
    (folder / "brief.md.j2").write_text(
        '{% extends "default:brief.md.j2" %}\n{% block method %}## Our disclaimer\n\nRead with care.\n{% endblock %}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    write_brief(brief, out, ("md", "html"), templates_dir=folder)
    html = (out / "brief.html").read_text(encoding="utf-8")
    md = (out / "brief.md").read_text(encoding="utf-8")
    headings = _h2(html)
    assert headings[:4] == ["Key developments", "Timeline", "Dated events", "Who is who"]
    assert "Key actors" in headings  # super() keeps the built-in block inside the new one
    assert {"Outlet positions", "Sources", "Notes on this brief", "Notes"} <= set(headings)
    assert f"<p>{len(brief.actors)} people and bodies</p>" in html
    assert "## Our disclaimer" in md and "## Notes on this brief" not in md
    assert "## Dated events" in md and "## Key actors" in md


def test_a_user_block_applies_to_every_audience(brief, folder, tmp_path):
    (folder / "brief.html.j2").write_text(
        '{% extends "default:brief.html.j2" %}{% block bottom_line %}<p class="ours">BOTTOM: {{ bottom_line }}</p>'
        "{% endblock %}",
        encoding="utf-8",
    )
    audience = load_audience("executive", folder)
    write_brief(audience_view(brief, audience), tmp_path / "x", ("html",), templates_dir=folder, audience=audience)
    html = (tmp_path / "x" / "brief.html").read_text(encoding="utf-8")
    assert '<p class="ours">BOTTOM: ' in html
    assert "Key developments" in _h2(html)  # the executive layout is otherwise the built-in one


def test_custom_stylesheet_is_used(brief, folder, tmp_path):
    (folder / "brief.css").write_text(
        ":root { --accent: #c0ffee; }\nbody { font-family: 'House Sans'; }\n", encoding="utf-8"
    )
    write_brief(brief, tmp_path / "out", ("html", "pdf"), templates_dir=folder)
    html = (tmp_path / "out" / "brief.html").read_text(encoding="utf-8")
    assert "--accent: #c0ffee;" in html
    assert "House Sans" in html
    assert "DejaVu Serif" not in html  # the user's file replaces the built-in one


def test_custom_audience_profile_in_the_folder(brief, folder, tmp_path):
    (folder / "audiences").mkdir()
    (folder / "audiences" / "board.yaml").write_text(
        'description: For the board.\ntitle: "Board note: {title}"\n'
        "sections: [bottom_line, key_developments, sources]\nlimits: {key_developments: 2}\n",
        encoding="utf-8",
    )
    audience = load_audience("board", folder)
    assert audience.description == "For the board."
    trimmed = audience_view(brief, audience)
    write_brief(trimmed, tmp_path / "out", ("md", "html"), templates_dir=folder, audience=audience)
    html = (tmp_path / "out" / "brief.html").read_text(encoding="utf-8")
    md = (tmp_path / "out" / "brief.md").read_text(encoding="utf-8")
    assert _h2(html) == ["Bottom line", "Key developments", "Sources"]  # no board.html.j2: the base layout
    assert "<title>Board note: " in html
    assert md.startswith("# Board note: ")
    assert html.count('class="key-point"') == 2


def test_profile_in_the_folder_replaces_the_builtin_one(brief, folder):
    (folder / "audiences").mkdir()
    (folder / "audiences" / "press.yaml").write_text("sections: [quotes]\n", encoding="utf-8")
    assert load_audience("press", folder).sections == ("quotes",)
    assert load_audience("press").sections != ("quotes",)


def test_missing_templates_folder_is_an_error(brief, tmp_path):
    with pytest.raises(FileNotFoundError, match="templates folder not found"):
        write_brief(brief, tmp_path / "out", ("html",), templates_dir=tmp_path / "nope")
