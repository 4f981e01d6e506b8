"""The HTTP client of live sources: polite to the sites it reads, and safe for the machine it runs on.

    fetcher = Fetcher(FetchPolicy(user_agent="briefing/0.1 (+mailto:me@example.org)"))
    response = fetcher.get(url, validators=Validators(etag, last_modified))   # or FetchError

Polite: one honest User-Agent; robots.txt obeyed (protego; one fetch per site and run, its
Crawl-delay honoured up to a minute); a delay between request starts to one host; a global limit
on requests in flight; a timeout on every request (connect, each read, and the whole body);
retries with exponential backoff on 429 and 5xx, honouring Retry-After (a demand to wait longer
than ``MAX_RETRY_AFTER`` is given up, not obeyed); a size cap (the body is streamed and cut off,
a larger Content-Length refused before reading); conditional GET (ETag / Last-Modified).

Safe: http and https only; every address a host name resolves to is checked, on every
connection (so every redirect hop and every retry), and the connection is made to the address
that was checked (no second lookup for a rebinding DNS server to answer differently). Loopback,
private, link-local (cloud metadata), multicast and reserved addresses are refused unless the
user allows the host (``FetchPolicy.allow_hosts``: a host name, an address or a network).
Proxies from the environment are not used: they would see the request, not the guard.
Redirects are followed here, hop by hop, each hop checked against scheme, robots.txt and the guard.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import HTTPError, NewConnectionError

from briefing import __version__

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = f"briefing/{__version__} (news brief builder; set user_agent to add your contact)"
ROBOTS_AGENT = "briefing"  # the token robots.txt rules name
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 120.0  # seconds: a server asking for a longer wait is not retried
MAX_CRAWL_DELAY = 60.0  # seconds: a larger Crawl-delay in robots.txt is taken as this
MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how carefully to fetch; made from the settings (``briefing.config``)."""

    user_agent: str = DEFAULT_USER_AGENT
    delay: float = 1.0  # seconds between request starts to one host
    concurrency: int = 4  # requests in flight at once, over all hosts
    timeout: float = 20.0  # seconds for one request: connecting, each read, and the whole body
    max_bytes: int = 10 * 1024 * 1024  # a larger body is cut off and refused
    retries: int = 2  # further tries after a 429, a 5xx or a failed connection
    allow_hosts: tuple[str, ...] = ()  # host names, addresses or networks allowed though not public
    backoff: float = 1.0  # first retry waits this long (doubling after), unless Retry-After says


@dataclass(frozen=True)
class Validators:
    """What a server said about a feed's version, sent back so an unchanged feed costs one 304."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        sent = {}
        if self.etag:
            sent["If-None-Match"] = self.etag
        if self.last_modified:
            sent["If-Modified-Since"] = self.last_modified
        return sent


@dataclass(frozen=True)
class Response:
    """A fetched body (empty for 304 Not Modified), with the final URL after redirects."""

    url: str
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None

    @property
    def validators(self) -> Validators:
        return Validators(self.headers.get("etag"), self.headers.get("last-modified"))


class FetchError(Exception):
    """A URL that could not be had; the message names the URL and says why, for the user."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class Refused(FetchError):
    """A request the guard would not send: a scheme, or an address the user has not allowed."""


# --------------------------------------------------------------------------- the address guard


def forbidden_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is no place for a request ("loopback", "private"...), or None if it is public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for kind in ("unspecified", "loopback", "link_local", "multicast", "private", "reserved"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    if not address.is_global:
        return "non-public"
    return None


@dataclass(frozen=True)
class AddressGuard:
    """Refuses requests to addresses that are not public, unless the user allows them."""

    allow_hosts: tuple[str, ...] = ()

    def _allowed_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        networks = []
        for entry in self.allow_hosts:
            try:
                networks.append(ipaddress.ip_network(entry.strip().strip("[]"), strict=False))
            except ValueError:
                continue  # a host name
        return networks

    def host_allowed(self, host: str) -> bool:
        """The user allowed this host by name (then every address it resolves to is allowed)."""
        names = {entry.strip().lower().rstrip(".") for entry in self.allow_hosts}
        return host.lower().rstrip(".") in names

    def check_address(self, host: str, address: str) -> None:
        """Refused unless ``address`` is public, or allowed by name or network."""
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        kind = forbidden_kind(ip)
        if kind is None or self.host_allowed(host):
            return
        if any(ip in network for network in self._allowed_networks()):
            return
        shown = host if host == str(ip) else f"{host} ({ip})"
        raise Refused(
            host,
            f"refused: {shown} is a {kind} address; allow it with BRIEFING_FETCH_ALLOW_HOSTS (fetch_allow_hosts) "
            "if you mean it",
        )

    def resolve(self, host: str, port: int) -> list[tuple[int, tuple]]:
        """Every address ``host`` resolves to, each checked: one refused address refuses the host."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise FetchError(host, f"cannot resolve the host name ({error.strerror or error})") from error
        found = []
        for family, _type, _proto, _name, sockaddr in infos:
            self.check_address(host, sockaddr[0])
            if (family, sockaddr) not in found:
                found.append((family, sockaddr))
        return found


class _GuardedConnection:
    """A urllib3 connection that resolves its host itself, checks every address and connects to
    one of those it checked. ``guard`` is set on the class made for each Fetcher."""

    guard: AddressGuard = AddressGuard()

    def _new_conn(self) -> socket.socket:
        last: OSError | None = None
        for family, sockaddr in self.guard.resolve(self._dns_host, self.port):
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                for option in self.socket_options or ():
                    sock.setsockopt(*option)
                if self.timeout is not None:
                    sock.settimeout(self.timeout)
                sock.connect(sockaddr)
                return sock
            except OSError as error:
                sock.close()
                last = error
        raise NewConnectionError(self, f"cannot connect to {self.host}: {last}")


def _pool_manager(guard: AddressGuard, policy: FetchPolicy) -> urllib3.PoolManager:
    """A PoolManager whose every connection goes through ``guard`` (no proxy, no own retries)."""
    http_conn = type("GuardedHTTPConnection", (_GuardedConnection, HTTPConnection), {"guard": guard})
    https_conn = type("GuardedHTTPSConnection", (_GuardedConnection, HTTPSConnection), {"guard": guard})
    manager = urllib3.PoolManager(num_pools=50, maxsize=max(1, policy.concurrency), retries=False)
    manager.pool_classes_by_scheme = {
        "http": type("GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}),
        "https": type("GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn}),
    }
    return manager


def check_scheme(url: str) -> None:
    """Only http and https, with a host."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise Refused(url, f"refused: only http and https are fetched, not {parts.scheme or 'a bare path'}")
    if not parts.hostname:
        raise Refused(url, "refused: the URL names no host")


# --------------------------------------------------------------------------- politeness


class HostClock:
    """The per-host delay: the next request to a host starts ``delay`` seconds after the last one
    started (a slow response does not hold back the next request; the delay is between starts)."""

    def __init__(self, sleep=time.sleep, clock=time.monotonic) -> None:
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}
        self._sleep, self._clock = sleep, clock

    def wait(self, host: str, delay: float) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + delay
        if start > now:
            self._sleep(start - now)


def backoff_seconds(attempt: int, base: float, retry_after: float | None) -> float:
    """How long to wait before retry ``attempt`` (0-based): the server's Retry-After when it said
    one, else ``base`` doubled per attempt."""
    if retry_after is not None:
        return max(0.0, retry_after)
    return base * (2**attempt)


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (a number or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    try:
        return urllib3.util.Retry().parse_retry_after(value)
    except (HTTPError, ValueError, OverflowError):
        return None


# --------------------------------------------------------------------------- the fetcher


class Fetcher:
    """One polite, guarded HTTP client for a run: its robots.txt cache, per-host clock and
    concurrency limit are shared by every thread that uses it."""

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self.guard = AddressGuard(tuple(self.policy.allow_hosts))
        self._http = _pool_manager(self.guard, self.policy)
        self._slots = threading.BoundedSemaphore(max(1, self.policy.concurrency))
        self._clock = HostClock()
        self._robots: dict[str, object] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self.requests = 0  # requests sent, for the report and the tests

    def close(self) -> None:
        self._http.clear()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ the one public call

    def get(
        self, url: str, *, validators: Validators | None = None, accept: Iterable[str] = (), robots: bool = True
    ) -> Response:
        """The body at ``url`` after redirects (each hop checked), or a 304 with an empty body.

        ``accept``: media types (or their start, "text/") wanted; another Content-Type is refused
        before the body is read. Raises FetchError (Refused for the guard) naming the URL.
        """
        accept = tuple(accept)
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            check_scheme(current)
            if robots and not self.allowed_by_robots(current):
                raise FetchError(current, f"robots.txt of {urlsplit(current).netloc} disallows it for {ROBOTS_AGENT}")
            response = self._with_retries(current, validators, accept)
            if response.status in REDIRECT_STATUSES:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(current, f"HTTP {response.status} redirect without a Location")
                current = urljoin(current, location.strip())
                continue
            if response.status == 304:
                return response
            if response.status >= 400:
                raise FetchError(current, _status_reason(response.status))
            return response
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    # ------------------------------------------------------------ robots.txt

    def allowed_by_robots(self, url: str) -> bool:
        """What the site's robots.txt says of ``url`` for us (fetched once per site and run).

        RFC 9309: a robots.txt that is missing (4xx) allows everything; one that cannot be had
        (5xx, no connection) disallows everything, for now.
        """
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._robots:
                self._robots[origin] = self._read_robots(origin)
        rules = self._robots[origin]
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(url, ROBOTS_AGENT)

    def crawl_delay(self, host_url: str) -> float:
        parts = urlsplit(host_url)
        rules = self._robots.get(f"{parts.scheme.lower()}://{parts.netloc.lower()}")
        if rules is None or isinstance(rules, bool):
            return 0.0
        return min(float(rules.crawl_delay(ROBOTS_AGENT) or 0.0), MAX_CRAWL_DELAY)

    def _read_robots(self, origin: str):
        from protego import Protego

        url = origin + "/robots.txt"
        try:
            response = self.get(url, robots=False, accept=("text/", "application/octet-stream"))
        except Refused:
            raise
        except FetchError as error:
            if error.reason.startswith("HTTP 4"):
                return True
            log.info("%s: cannot read robots.txt (%s); nothing fetched from the site this run", origin, error.reason)
            return False
        text = response.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
        return Protego.parse(text)

    # ------------------------------------------------------------ one request, retried

    def _with_retries(self, url: str, validators: Validators | None, accept: tuple[str, ...]) -> Response:
        host = (urlsplit(url).hostname or "").lower()
        for attempt in range(self.policy.retries + 1):
            self._clock.wait(host, max(self.policy.delay, self.crawl_delay(url)))
            try:
                response = self._once(url, validators, accept)
            except FetchError as error:
                if isinstance(error, Refused) or not getattr(error, "retryable", False):
                    raise
                if attempt >= self.policy.retries:
                    raise
                wait = backoff_seconds(attempt, self.policy.backoff, None)
                log.debug("%s: %s; retrying in %.1f s", url, error.reason, wait)
                time.sleep(wait)
                continue
            if response.status not in RETRY_STATUSES or attempt >= self.policy.retries:
                return response
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            if retry_after is not None and retry_after > MAX_RETRY_AFTER:
                reason = _status_reason(response.status)
                raise FetchError(url, f"{reason}; asked to wait {retry_after:.0f} s (Retry-After): not retried")
            wait = backoff_seconds(attempt, self.policy.backoff, retry_after)
            log.debug("%s: HTTP %d; retrying in %.1f s", url, response.status, wait)
            time.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, url: str, validators: Validators | None, accept: tuple[str, ...]) -> Response:
        policy = self.policy
        headers = {
            "User-Agent": policy.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,"
            "*/*;q=0.5",
        }
        if validators is not None:
            headers.update(validators.headers())
        deadline = time.monotonic() + policy.timeout
        timeout = urllib3.Timeout(connect=policy.timeout, read=policy.timeout)
        with self._slots:
            with self._lock:
                self.requests += 1
            try:
                raw = self._http.request(
                    "GET", url, headers=headers, redirect=False, retries=False, preload_content=False, timeout=timeout
                )
            except Refused:
                raise
            except urllib3.exceptions.TimeoutError as error:
                raise FetchError(url, f"timed out after {policy.timeout:g} s") from error
            except (HTTPError, OSError) as error:
                failure = FetchError(url, f"cannot connect: {_cause(error)}")
                failure.retryable = True  # type: ignore[attr-defined]
                raise failure from error
            try:
                head = {k.lower(): v for k, v in raw.headers.items()}
                response = Response(url, raw.status, b"", head)
                if raw.status != 200:
                    raw.close()  # an unread body must not be left on a pooled connection
                    return response
                _check_type(url, response, accept)
                return Response(url, raw.status, _read_body(url, raw, policy.max_bytes, deadline), head)
            except FetchError:
                raw.close()
                raise
            finally:
                raw.release_conn()


def _read_body(url: str, raw, max_bytes: int, deadline: float) -> bytes:
    """The decoded body, streamed: refused past ``max_bytes`` (a larger Content-Length before a
    byte is read) and past the request's deadline, so neither a huge nor a dripping page stalls us."""
    declared = raw.headers.get("content-length")
    if declared and declared.strip().isdigit() and int(declared) > max_bytes:
        raw.close()
        limit = f"the limit is {max_bytes:,} (fetch_max_bytes)"
        raise FetchError(url, f"too large: {int(declared):,} bytes announced, {limit}")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in raw.stream(CHUNK, decode_content=True):
            size += len(chunk)
            if size > max_bytes:
                raw.close()
                raise FetchError(url, f"too large: cut off after {max_bytes:,} bytes (fetch_max_bytes)")
            if time.monotonic() > deadline:
                raw.close()
                raise FetchError(url, "timed out while reading the page (fetch_timeout)")
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError as error:
        raw.close()
        raise FetchError(url, "timed out while reading the page (fetch_timeout)") from error
    except (HTTPError, OSError) as error:
        raw.close()
        raise FetchError(url, f"the connection failed while reading: {_cause(error)}") from error
    return b"".join(chunks)


def _check_type(url: str, response: Response, accept: tuple[str, ...]) -> None:
    kind = response.content_type
    if accept and kind and not any(kind == a or (a.endswith("/") and kind.startswith(a)) for a in accept):
        raise FetchError(url, f"not a web page or feed (Content-Type {kind})")


def _status_reason(status: int) -> str:
    names = {
        401: "login required",
        402: "paywalled",
        403: "forbidden",
        404: "not found",
        410: "gone",
        429: "too many requests",
    }
    return f"HTTP {status}" + (f" ({names[status]})" if status in names else "")


def _cause(error: BaseException) -> str:
    """The innermost reason of a urllib3 error, in one line."""
    reason = getattr(error, "reason", None) or error.__cause__ or error
    text = str(reason).strip().splitlines()[0] if str(reason).strip() else type(reason).__name__
    return text.split(": ", 1)[-1] if text.startswith("<") else text
