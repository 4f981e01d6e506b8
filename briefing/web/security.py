"""What keeps the web service safe to put in front of a team: tokens, limits, CSRF and headers.

* API tokens: ``briefing tokens create NAME`` prints a random token once; the store keeps only its
  SHA-256 (a token has 256 random bits, so a fast hash is enough: there is nothing to guess).
  A token is required unless the service listens on loopback only.
* A rate limit per token (per client address without one): a sliding minute.
* The request body is capped before it is read (413 with a message); the upload count and each
  file's size are checked by ``jobs.check_order``.
* The page's forms carry a CSRF token matching a cookie (double submit), and every unsafe request
  from a browser must come from the service's own origin.
* Security headers on every answer: a CSP with no inline script (the page's one script is a
  static file), no framing, no sniffing, no referrer to other sites.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

TOKEN_PREFIX = "brf_"
TOKEN_COOKIE = "briefing_token"
CSRF_COOKIE = "briefing_csrf"
CSRF_FIELD = "csrf"

# The pages: their own scripts and styles only.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# A brief's HTML: no script at all; its stylesheet is inline, its chart a file beside it.
BRIEF_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"  # noqa: E501
# The API docs: Swagger UI from the package (no CDN); it sets styles inline.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",  # not no-referrer: then a browser sends "Origin: null" with a form
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


# --------------------------------------------------------------------------- tokens


def new_token() -> str:
    """A fresh API token: 256 random bits, URL-safe."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What the store keeps of a token."""
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def is_loopback(host: str) -> bool:
    """The service listens on this machine only (``localhost``, 127.0.0.0/8, ``::1``)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


# --------------------------------------------------------------------------- rate limit


class RateLimiter:
    """At most ``limit`` requests per ``window`` seconds per key (a sliding window)."""

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = max(1, limit), window, clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> float:
        """0 when the request may go on (and counts it), else the seconds to wait."""
        now = self.clock()
        with self._lock:
            times = self._seen.setdefault(key, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.limit:
                return max(0.001, times[0] + self.window - now)
            times.append(now)
            if len(self._seen) > 10_000:  # forget idle keys
                for idle in [k for k, v in self._seen.items() if not v or v[-1] <= now - self.window]:
                    del self._seen[idle]
            return 0.0


# --------------------------------------------------------------------------- CSRF


def new_csrf() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(form_value: object, cookie_value: str | None) -> bool:
    """The form's token matches the cookie's (compared in constant time)."""
    if not isinstance(form_value, str) or not cookie_value or not form_value:
        return False
    return hmac.compare_digest(form_value.encode(), cookie_value.encode())


def same_origin(headers: dict[str, str], host: str | None) -> bool:
    """An unsafe request from a browser comes from the service's own pages: its Origin (when
    sent) names this host, and Sec-Fetch-Site (when sent) does not say cross-site."""
    if headers.get("sec-fetch-site") == "cross-site":
        return False
    origin = headers.get("origin")
    if origin is None:
        return True  # not a browser's cross-origin request (curl, the API clients)
    if origin == "null" or not host:
        return False
    return origin.split("://", 1)[-1].rstrip("/").lower() == host.lower()


# --------------------------------------------------------------------------- ASGI middleware

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: security headers on every answer, the body size cap (413 before the body
    is read when Content-Length says so, else as soon as the stream passes it) and the same-origin
    rule for unsafe requests (403)."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["method"] in UNSAFE_METHODS and not same_origin(headers, headers.get("host")):
            await _answer(send, 403, "cross-origin request refused: use the service's own pages, or the API")
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            await _answer(send, 413, too_large(self.max_body))
            return
        started = False
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _TooLarge
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {k.decode("latin-1").lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k not in present]
                if "content-security-policy" not in present:
                    extra.append((b"content-security-policy", PAGE_CSP.encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _TooLarge:
            if not started:
                await _answer(send, 413, too_large(self.max_body))


def too_large(limit: int) -> str:
    return f"request too large: at most {limit // (1024 * 1024)} MiB ({limit} bytes) in one request"


async def _answer(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
    headers.append((b"content-security-policy", PAGE_CSP.encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
