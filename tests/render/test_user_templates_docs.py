"""docs/templates.md: the reference is up to date and the worked example works as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.analyse.audience import audience_view
from briefing.audiences import load_audience
from briefing.render import TemplateProblem, write_brief

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "templates.md"


def test_reference_is_up_to_date():
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "template_reference.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def _block(after: str) -> str:
    """The first fenced block after the line mentioning ``after``."""
    text = DOC.read_text(encoding="utf-8")
    rest = text[text.index(after) :]
    return re.search(r"```[a-z]*\n(.*?)```", rest, re.S).group(1)


def test_worked_example_board_audience(brief, tmp_path):
    house = tmp_path / "house"
    (house / "audiences").mkdir(parents=True)
    (house / "audiences" / "board.yaml").write_text(_block("`house/audiences/board.yaml`"), encoding="utf-8")
    (house / "board.html.j2").write_text(_block("`house/board.html.j2`"), encoding="utf-8")
    (house / "brief.css").write_text(':root { --accent: #7a0019; } html { font-family: "Source Serif 4", serif; }')
    audience = load_audience("board", house)
    trimmed = audience_view(brief, audience)
    write_brief(trimmed, tmp_path / "out", ("html", "pdf"), templates_dir=house, audience=audience)
    html = (tmp_path / "out" / "brief.html").read_text(encoding="utf-8")
    assert "<title>Board note: " in html
    assert "Before you rely on this" in html and "--accent: #7a0019" in html
    assert html.count('class="key-point"') == 2
    # Markdown without board.md.j2 does not know the disclaimer section: a clear error.
    with pytest.raises(TemplateProblem, match="disclaimer"):
        write_brief(trimmed, tmp_path / "md", ("md",), templates_dir=house, audience=audience)
    assert not (tmp_path / "md").exists()
