"""End to end in a real browser: the service on loopback, Debian's Chromium driven by Playwright.

Upload the seeds on the page, follow the progress, open the HTML brief, download the PDF and check
it. Set BRIEFING_WEB_SCREENSHOT=docs/web-service.png to also save the page for the README.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.is_file(),
        reason="no /usr/bin/chromium: install Debian's chromium package (scripts/system-deps.sh does)",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def service(tmp_path):
    """The real service (real builds) on 127.0.0.1, in a thread; stopped after the test."""
    import uvicorn

    from briefing.config import Settings
    from briefing.web.app import ServiceConfig, create_app

    settings = Settings(store=str(tmp_path / "store.sqlite3"), web_weekly=str(tmp_path / "weekly"))
    port = _free_port()
    config = uvicorn.Config(create_app(ServiceConfig(settings)), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(30)


def test_upload_the_seeds_and_get_the_pdf(service, tmp_path):
    from playwright.sync_api import expect, sync_playwright
    from pypdf import PdfReader

    seeds = sorted(str(p) for p in SEEDS.iterdir() if p.suffix in (".txt", ".csv"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page(accept_downloads=True, viewport={"width": 1100, "height": 900})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            page.goto(service + "/")
            expect(page.get_by_role("heading", name="Make a brief")).to_be_visible()
            page.set_input_files("#files", seeds)
            page.select_option("#audience", "analyst")
            if os.environ.get("BRIEFING_WEB_SCREENSHOT"):
                page.screenshot(path=os.environ["BRIEFING_WEB_SCREENSHOT"], full_page=True)
            page.click("#make")
            page.wait_for_url(service + "/briefs/*")
            expect(page.locator("#status-text")).not_to_have_text("Failed", timeout=1000)
            pdf_link = page.locator("#download-pdf")
            expect(pdf_link).to_be_visible(timeout=300_000)  # the language pass loads spaCy: allow minutes
            expect(page.locator("#status-text")).to_have_text("Done.")
            assert page.locator("#progress").get_attribute("value") == "100"
            title = page.locator("#brief-title").inner_text()

            with page.expect_download() as download:
                pdf_link.click()
            saved = tmp_path / "brief.pdf"
            download.value.save_as(saved)

            page.click("#view-html")
            expect(page.locator("h1.brief-title")).to_have_text(title)
            expect(page.get_by_role("heading", name="Sources")).to_be_visible()
            assert page.locator("img[alt^='Timeline of']").count() == 1  # the chart, with its text alternative
            assert not errors, errors  # no CSP violation, no script error
        finally:
            browser.close()

    reader = PdfReader(saved)
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert " ".join(title.split()) in text and "Key developments" in text
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en" and bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
