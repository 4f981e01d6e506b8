"""WeasyPrint reads no local file and opens no connection, whatever an article or a template asks
for: a local web server records every request, and the PDF is read back with pypdf."""

from __future__ import annotations

import dataclasses
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing.model import KeyDevelopment
from briefing.render import write_brief
from briefing.render.pdf import AssetFetcher, render_pdf


def _asks(server_url: str, secret: Path) -> str:
    """Every way we know for a page to make WeasyPrint fetch something."""
    local, passwd = secret.as_uri(), "file:///etc/passwd"
    return f"""
<link rel="stylesheet" href="{server_url}/linked.css">
<link rel="stylesheet" href="{local}">
<link rel="attachment" href="{local}">
<style>
@import url("{server_url}/imported.css");
@import url("{local}");
@font-face {{ font-family: Remote; src: url("{server_url}/font.woff"); }}
body {{ background: url("{server_url}/background.png"); font-family: Remote; }}
h1 {{ background-image: url("{local}"); }}
</style>
<h1>Visible heading</h1>
<img src="{passwd}" alt="passwd">
<img src="{local}" alt="local">
<img src="{server_url}/pixel.png" alt="pixel">
<img src="{server_url.replace("127.0.0.1", "localhost")}/pixel2.png" alt="pixel2">
<object data="{local}"></object>
<embed src="{server_url}/embed.svg">
<iframe src="{server_url}/frame.html"></iframe>
<a rel="attachment" href="{local}">attachment</a>
<svg xmlns="http://www.w3.org/2000/svg"><image href="{local}" width="10" height="10"/></svg>
"""


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def _assert_nothing_leaked(pdf: bytes, tmp_path: Path, secret: Path) -> str:
    out = tmp_path / "check.pdf"
    out.write_bytes(pdf)
    text = _pdf_text(out)
    assert "TOP-SECRET" not in text and b"TOP-SECRET" not in pdf
    if Path("/etc/passwd").is_file():
        assert "root:" not in text and b"root:x:" not in pdf
    assert len(PdfReader(out).attachments) == 0
    return text


def test_the_server_records_requests_and_an_unguarded_weasyprint_would_fetch(recording_server, tmp_path):
    """Without this, 'no request recorded' would prove nothing."""
    from weasyprint import HTML

    urllib.request.urlopen(f"{recording_server.url}/probe", timeout=10).read()
    HTML(string=f'<img src="{recording_server.url}/default.png">', base_url=str(tmp_path)).write_pdf()
    assert recording_server.requests[-2:] == ["/probe", "/default.png"]
    recording_server.requests.clear()


def test_the_fetcher_alone_refuses_every_request(recording_server, secret_file, tmp_path):
    html = f"<!DOCTYPE html><html><head><title>t</title></head><body>{_asks(recording_server.url, secret_file)}</body>"
    fetcher = AssetFetcher({})
    pdf = render_pdf(html, tmp_path.as_uri() + "/", {}, fetcher=fetcher)
    assert recording_server.requests == []
    text = _assert_nothing_leaked(pdf, tmp_path, secret_file)
    assert "Visible heading" in text
    refused = set(fetcher.refused)
    assert f"{recording_server.url}/pixel.png" in refused and secret_file.as_uri() in refused
    assert f"{recording_server.url}/linked.css" in refused and f"{recording_server.url}/imported.css" in refused


def test_a_template_asking_for_files_and_urls_gets_nothing(brief, recording_server, secret_file, tmp_path):
    folder = tmp_path / "tpl"
    folder.mkdir()
    asks = _asks(recording_server.url, secret_file)
    (folder / "brief.html.j2").write_text(
        '{% extends "default:brief.html.j2" %}\n'
        "{% block styles %}{{ super() }}" + asks.split("<h1>")[0] + "{% endblock %}\n"
        "{% block title %}" + asks + "{% endblock %}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    write_brief(brief, out, ("html", "pdf"), templates_dir=folder)
    assert recording_server.requests == []
    text = _assert_nothing_leaked((out / "brief.pdf").read_bytes(), tmp_path, secret_file)
    assert "Visible heading" in text and brief.title.split(",")[0] in text
    html = (out / "brief.html").read_text(encoding="utf-8")
    assert secret_file.as_uri() not in html and "file:///etc/passwd" not in html


@pytest.mark.parametrize("formats", [("md", "html", "pdf", "json")])
def test_an_article_asking_for_files_and_urls_gets_nothing(brief, recording_server, secret_file, tmp_path, formats):
    asks = " ".join(_asks(recording_server.url, secret_file).split())
    hostile = dataclasses.replace(
        brief,
        title="Brief " + asks[:200],
        key_developments=(KeyDevelopment(asks, brief.key_developments[0].citations), *brief.key_developments[1:]),
    )
    out = tmp_path / "out"
    write_brief(hostile, out, formats)
    assert recording_server.requests == []
    text = _assert_nothing_leaked((out / "brief.pdf").read_bytes(), tmp_path, secret_file)
    assert "<h1>Visible heading</h1>" in " ".join(text.split())  # the markup is shown as text
    for name in ("brief.md", "brief.html", "brief.json"):
        assert "TOP-SECRET" not in (out / name).read_text(encoding="utf-8")
