"""A small news site on 127.0.0.1 for the live-source tests: feeds and pages made for them, a
robots.txt, and pages that misbehave (slow, huge, failing, redirecting). It records every request.

Started and stopped by the ``site`` fixture (tests/ingest/conftest.py); nothing leaves the machine.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

PARAGRAPHS = (
    "Foreign Minister Anna Berg met Prime Minister Paul Okafor in {place} on Monday to discuss the ceasefire "
    "along the northern border, officials from both governments said after the meeting.",
    "\u201cWe agreed on the next steps, and the monitors will be in place within a week,\u201d Berg told "
    "reporters outside the conference hall, adding that the talks had been difficult but useful.",
    "Okafor said his government would release the remaining prisoners by the end of the month. The two "
    "delegations will meet again in {place} on March 10 to review progress on the agreement.",
)


def article_html(title: str, place: str, og_type: str = "article", extra_head: str = "") -> str:
    body = "".join(f"<p>{p.format(place=place)}</p>" for p in PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta property='og:type' content='{og_type}'>{extra_head}</head><body>"
        "<nav><a href='/'>Home</a> | <a href='/world/'>World</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Copyright Test Outlet</footer></body></html>"
    )


def summary(place: str) -> str:
    return f"Ministers met in {place} on Monday."


def rss(base: str, items: list[tuple[str, str, str]], title: str = "Test Outlet") -> str:
    """An RSS feed; items are (title, link, description)."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link if link.startswith('http') else base + link}</link>"
        f"<pubDate>Tue, 13 Feb 2018 09:30:00 GMT</pubDate><description>{d}</description></item>"
        for t, link, d in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>{base}/</link>{entries}</channel></rss>"
    )


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] | None = None
    delay: float = 0.0  # seconds before answering


Route = Callable[[http.server.BaseHTTPRequestHandler], "Reply | None"]  # None: the route wrote the answer itself


class Site:
    """Routes by path; each value a Reply or a function of the request handler giving one."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply | Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.sent: dict[str, int] = {}  # bytes written per path, for the streamed routes
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = site.routes.get(self.path.split("?", 1)[0])
                reply = route(self) if callable(route) else route
                if route is None:
                    reply = Reply(404, b"not here", {"Content-Type": "text/plain"})
                if reply is None:
                    return
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    headers = {"Content-Length": str(len(reply.body)), **(reply.headers or {})}
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args) -> None:
                pass

        self.handler = Handler
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def page(self, path: str, title: str, place: str, **kwargs) -> None:
        self.routes[path] = Reply(body=article_html(title, place, **kwargs).encode(), headers=_HTML)

    def feed(self, path: str, items: list[tuple[str, str, str]], etag: str | None = None, **kwargs) -> None:
        body = rss(self.base, items, **kwargs).encode()

        def answer(handler) -> Reply:
            if etag and handler.headers.get("If-None-Match") == etag:
                return Reply(304, b"", {"ETag": etag})
            return Reply(body=body, headers={"Content-Type": "application/rss+xml", **({"ETag": etag} if etag else {})})

        self.routes[path] = answer

    def stream(self, path: str, total: int) -> None:
        """A page of ``total`` bytes sent without a Content-Length, until the client hangs up."""

        def answer(handler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.end_headers()
            chunk = b"<p>" + b"x" * 65_530 + b"</p>"
            sent = 0
            try:
                while sent < total:
                    handler.wfile.write(chunk)
                    sent += len(chunk)
                    self.sent[path] = sent
            except (BrokenPipeError, ConnectionResetError):
                pass
            handler.close_connection = True

        self.routes[path] = answer

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


_HTML = {"Content-Type": "text/html; charset=utf-8"}
