"""The PDF's URL fetcher serves the brief's own assets and nothing else."""

from __future__ import annotations

import logging

import pytest
from pypdf import PdfReader

from briefing.render.pdf import AssetFetcher, RefusedURL, render_pdf

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


@pytest.fixture
def fetcher():
    return AssetFetcher(
        {
            "file:///out/brief-timeline.svg": (SVG, "image/svg+xml"),
            "file:///out/_assets/print.css": (b"p { color: red }", "text/css"),
        }
    )


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.png",
        "https://example.com/x.css",
        "ftp://example.com/x",
        "file:///out/../etc/passwd",
        "file:///out/brief-timeline.svg/../../etc/passwd",
        "FILE:///etc/passwd",
    ],
)
def test_refuses_everything_else(fetcher, url):
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert url in fetcher.refused


def test_serves_own_assets_and_data_urls(fetcher):
    assert fetcher.fetch("file:///out/brief-timeline.svg").read() == SVG
    response = fetcher.fetch("file:///out/_assets/print.css")
    assert response.content_type == "text/css"
    assert fetcher.fetch("data:text/plain;base64,aGVsbG8=").read() == b"hello"
    assert fetcher.fetch("data:,hi%20there").read() == b"hi there"


def test_pdf_never_reads_other_files(tmp_path, caplog):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    html = (
        '<html lang="en"><head><title>t</title>'
        f'<link rel="stylesheet" href="{secret.as_uri()}"></head><body><p>visible</p>'
        f'<img src="{secret.as_uri()}" alt="local">'
        '<img src="http://127.0.0.1:9/x.png" alt="net">'
        f'<object data="{secret.as_uri()}"></object>'
        f'<iframe src="{secret.as_uri()}"></iframe>'
        "</body></html>"
    )
    fetcher = AssetFetcher({})
    caplog.set_level(logging.WARNING, logger="weasyprint")
    pdf = render_pdf(html, tmp_path.as_uri() + "/", {}, fetcher=fetcher)
    # WeasyPrint reports each refused resource; this also proves the warning capture used by the
    # other render tests (the no_weasyprint_warnings fixture) really sees WeasyPrint's log.
    assert any(r.name.startswith("weasyprint") and r.levelno >= logging.WARNING for r in caplog.records)
    assert secret.as_uri() in fetcher.refused
    assert "http://127.0.0.1:9/x.png" in fetcher.refused
    out = tmp_path / "t.pdf"
    out.write_bytes(pdf)
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "visible" in text
    assert "TOP-SECRET" not in text
    assert b"TOP-SECRET" not in pdf
