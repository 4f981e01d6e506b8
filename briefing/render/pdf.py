"""The PDF brief: the HTML rendered by WeasyPrint with the print stylesheet.

WeasyPrint only ever sees the brief's own assets: :class:`AssetFetcher` serves the chart and the
stylesheets from memory, at fixed URLs, plus ``data:`` URLs, and refuses everything else (no
network, no other local file), so nothing in an article or a template can make the PDF read
``/etc/passwd`` or call out to a server.

Every PDF is tagged for accessibility (PDF/UA-1): a screen reader follows its structure tree in
reading order, reads the chart's text alternative and knows the document's language.
"""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote_to_bytes

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

LOGGER = logging.getLogger(__name__)

# Tagged for accessibility (structure tree, reading order, the chart's alt text, the document's
# language from <html lang>): WeasyPrint's PDF/UA-1 variant, PDF 1.7 with tags.
PDF_VARIANT = "pdf/ua-1"

PAGE_SIZES = {"a3", "a4", "a5", "b4", "b5", "letter", "legal", "ledger"}


class RefusedURL(ValueError):
    """A URL the brief's PDF is not allowed to fetch."""


class AssetFetcher(URLFetcher):
    """URL fetcher that serves only the given assets (URL -> (bytes, MIME type)) and ``data:``."""

    def __init__(self, assets: Mapping[str, tuple[bytes, str]]):
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self._assets = dict(assets)
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        key = url.split("#", 1)[0]
        if key in self._assets:
            body, mime = self._assets[key]
            return URLFetcherResponse(url, body, {"Content-Type": mime})
        if url[:5].lower() == "data:":
            return _data_url(url)
        self.refused.append(url)
        raise RefusedURL(f"refused to fetch {url!r}: not one of the brief's own assets")


_DATA_URL = re.compile(
    r"data:(?P<mime>[^;,]*)(?P<params>(?:;[^;,]*)*?)(?P<b64>;base64)?,(?P<data>.*)", re.DOTALL | re.IGNORECASE
)


def _data_url(url: str) -> URLFetcherResponse:
    m = _DATA_URL.fullmatch(url)
    if not m:
        raise RefusedURL(f"malformed data: URL {url[:40]!r}")
    data = unquote_to_bytes(m["data"])
    body = base64.b64decode(data) if m["b64"] else data
    mime = m["mime"] or "text/plain"
    return URLFetcherResponse(url, body, {"Content-Type": mime + (m["params"] or "")})


def page_size_css(page_size: str) -> str:
    size = page_size.strip().lower()
    if size not in PAGE_SIZES:
        raise ValueError(
            f"unknown page size {page_size!r}; use one of: A4, Letter, "
            + ", ".join(sorted(PAGE_SIZES - {"a4", "letter"}))
        )
    return f"@page {{ size: {size}; }}\n"


def render_pdf(
    html: str, base_url: str, assets: Mapping[str, tuple[bytes, str]], fetcher: AssetFetcher | None = None
) -> bytes:
    """PDF bytes from the print HTML. ``assets`` maps absolute URLs (resolved against
    ``base_url``) to their bytes and MIME type; nothing else can be fetched. The stylesheets,
    the page size among them, are ``<link>``s in the HTML, served from ``assets``."""
    fetcher = fetcher or AssetFetcher(assets)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    if fetcher.refused:
        LOGGER.info("PDF: refused %d URL(s): %s", len(fetcher.refused), ", ".join(fetcher.refused[:5]))
    return pdf


def asset_url(base_url: str, name: str) -> str:
    return base_url.rstrip("/") + "/" + name


def base_url_for(out_dir: Path) -> str:
    return Path(out_dir).resolve().as_uri() + "/"
