"""The live sources' HTTP client: polite (robots.txt, delays, retries, conditional GET) and safe
(only http/https, no private address unless allowed, every redirect hop checked, a size cap)."""

from __future__ import annotations

import contextlib
import ipaddress
import time

import pytest

from briefing.ingest.fetch import (
    AddressGuard,
    Fetcher,
    FetchError,
    FetchPolicy,
    HostClock,
    Refused,
    Validators,
    backoff_seconds,
    forbidden_kind,
    parse_retry_after,
)

from .news_site import Reply


def test_a_page_is_fetched_with_the_honest_user_agent(site, policy):
    site.page("/a/1.html", "Leaders meet", "Geneva")
    with Fetcher(policy) as fetcher:
        response = fetcher.get(site.base + "/a/1.html")
    assert response.status == 200 and b"Leaders meet" in response.body
    assert response.content_type == "text/html" and response.charset == "utf-8"
    agents = {headers["user-agent"] for _, headers in site.requests}
    assert agents == {policy.user_agent} and policy.user_agent.startswith("briefing/")
    assert site.paths() == ["/robots.txt", "/a/1.html"]  # robots.txt first, once


def test_robots_txt_is_obeyed_and_read_once_per_site(site, policy):
    site.page("/private/x.html", "Hidden", "Oslo")
    site.page("/a/2.html", "Open", "Oslo")
    with Fetcher(policy) as fetcher:
        with pytest.raises(FetchError, match="robots.txt .* disallows it"):
            fetcher.get(site.base + "/private/x.html")
        fetcher.get(site.base + "/a/2.html")
    assert site.paths() == ["/robots.txt", "/a/2.html"]  # the disallowed page never requested


def test_a_missing_robots_txt_allows_and_a_failing_one_disallows(site, policy):
    site.page("/a/3.html", "Open", "Rome")
    site.routes["/robots.txt"] = Reply(404, b"")
    with Fetcher(policy) as fetcher:
        assert fetcher.get(site.base + "/a/3.html").status == 200
    site.routes["/robots.txt"] = Reply(503, b"")
    with Fetcher(policy) as fetcher, pytest.raises(FetchError, match="disallows"):
        fetcher.get(site.base + "/a/3.html")


def test_only_http_and_https(policy):
    with Fetcher(policy) as fetcher:
        for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"):
            with pytest.raises(Refused, match="only http and https"):
                fetcher.get(url)


@pytest.mark.parametrize(
    "address, kind",
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("169.254.169.254", "link-local"),  # the cloud metadata service
        ("fe80::1", "link-local"),
        ("::ffff:127.0.0.1", "loopback"),  # an IPv4 address in IPv6 clothing
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "non-public"),  # carrier-grade NAT
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
    ],
)
def test_which_addresses_are_refused(address, kind):
    assert forbidden_kind(ipaddress.ip_address(address)) == kind


def test_the_guard_allows_what_the_user_names_and_nothing_more():
    guard = AddressGuard(("127.0.0.1", "10.0.0.0/8", "intranet.example"))
    guard.check_address("127.0.0.1", "127.0.0.1")
    guard.check_address("10.2.3.4", "10.2.3.4")
    guard.check_address("intranet.example", "192.168.1.1")  # allowed by name: all its addresses
    for host, address in [("127.0.0.2", "127.0.0.2"), ("metadata", "169.254.169.254"), ("x", "192.168.1.1")]:
        with pytest.raises(Refused, match="BRIEFING_FETCH_ALLOW_HOSTS"):
            guard.check_address(host, address)


def test_every_resolved_address_is_checked():
    # localhost resolves to 127.0.0.1 and often ::1 too; with only 127.0.0.1 allowed, an extra ::1 refuses it
    guard = AddressGuard(("127.0.0.1", "::1"))
    assert {a[1][0] for a in guard.resolve("localhost", 80)} <= {"127.0.0.1", "::1"}
    with pytest.raises(Refused, match="loopback"):
        AddressGuard(()).resolve("localhost", 80)


def test_loopback_is_refused_unless_allowed(site, policy):
    site.page("/a/1.html", "Leaders meet", "Geneva")
    with Fetcher(FetchPolicy(timeout=1.0)) as fetcher, pytest.raises(Refused, match="loopback"):
        fetcher.get(site.base + "/a/1.html")
    assert site.requests == []  # not even robots.txt


def test_a_redirect_to_a_disallowed_address_is_refused(site, policy):
    site.routes["/go"] = Reply(302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"})
    site.routes["/go-local"] = Reply(302, b"", {"Location": f"http://127.0.0.2:{site.port}/a/1.html"})
    with Fetcher(policy) as fetcher:
        with pytest.raises(Refused, match="169.254.169.254 is a link-local address"):
            fetcher.get(site.base + "/go")
        with pytest.raises(Refused, match="127.0.0.2 is a loopback address"):
            fetcher.get(site.base + "/go-local")
        with pytest.raises(Refused, match="only http and https"):
            site.routes["/go-file"] = Reply(302, b"", {"Location": "file:///etc/passwd"})
            fetcher.get(site.base + "/go-file")


def test_redirects_are_followed_hop_by_hop(site, policy):
    site.page("/a/final.html", "Final", "Rome")
    site.routes["/old"] = Reply(301, b"", {"Location": "/a/final.html"})
    with Fetcher(policy) as fetcher:
        response = fetcher.get(site.base + "/old")
    assert response.url == site.base + "/a/final.html" and b"Final" in response.body
    site.routes["/loop"] = Reply(302, b"", {"Location": "/loop"})
    with Fetcher(policy) as fetcher, pytest.raises(FetchError, match="more than 5 redirects"):
        fetcher.get(site.base + "/loop")


def test_a_huge_page_is_cut_off(site, policy):
    site.stream("/huge.html", 50 * 1024 * 1024)
    started = time.monotonic()
    with Fetcher(policy) as fetcher, pytest.raises(FetchError, match="too large: cut off after 1,048,576 bytes"):
        fetcher.get(site.base + "/huge.html")
    assert time.monotonic() - started < 10
    time.sleep(0.2)
    assert site.sent["/huge.html"] < 20 * 1024 * 1024  # the rest was never sent: we hung up


def test_a_page_announcing_a_huge_length_is_refused_unread(site, policy):
    site.routes["/big.html"] = lambda handler: _announce(handler, 50 * 1024 * 1024)
    with Fetcher(policy) as fetcher, pytest.raises(FetchError, match="52,428,800 bytes announced"):
        fetcher.get(site.base + "/big.html")


def _announce(handler, length: int) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(length))
    handler.end_headers()
    with contextlib.suppress(OSError):
        handler.wfile.write(b"<p>only this</p>")


def test_a_slow_page_times_out(site, policy):
    site.routes["/slow.html"] = Reply(body=b"<p>late</p>", headers={"Content-Type": "text/html"}, delay=3.0)
    started = time.monotonic()
    with Fetcher(policy) as fetcher, pytest.raises(FetchError, match="timed out"):
        fetcher.get(site.base + "/slow.html")
    assert time.monotonic() - started < 2.5


def test_429_and_5xx_are_retried_honouring_retry_after(site, policy):
    answers = iter([Reply(429, b"", {"Retry-After": "1"}), Reply(503, b""), None])
    site.page("/a/ok.html", "Fine", "Rome")
    ok = site.routes["/a/ok.html"]
    site.routes["/busy.html"] = lambda handler: next(answers) or ok
    started = time.monotonic()
    with Fetcher(FetchPolicy(**{**policy.__dict__, "retries": 2})) as fetcher:
        assert fetcher.get(site.base + "/busy.html").status == 200
    assert time.monotonic() - started >= 1.0  # the server's Retry-After was honoured
    assert site.paths().count("/busy.html") == 3


def test_retries_give_up_with_the_last_status(site, policy):
    site.routes["/down.html"] = Reply(500, b"")
    with Fetcher(policy) as fetcher, pytest.raises(FetchError, match="HTTP 500"):
        fetcher.get(site.base + "/down.html")
    assert site.paths().count("/down.html") == 2  # one try and one retry
    site.routes["/later.html"] = Reply(429, b"", {"Retry-After": "3600"})
    with Fetcher(policy) as fetcher, pytest.raises(FetchError, match="asked to wait 3600 s"):
        fetcher.get(site.base + "/later.html")


def test_a_conditional_get_is_answered_304(site, policy):
    site.feed("/feed.xml", [("One", "/a/1.html", "s")], etag='"v1"')
    with Fetcher(policy) as fetcher:
        first = fetcher.get(site.base + "/feed.xml")
        again = fetcher.get(site.base + "/feed.xml", validators=first.validators)
    assert first.status == 200 and first.validators == Validators('"v1"', None)
    assert again.status == 304 and again.body == b""
    assert site.requests[-1][1]["if-none-match"] == '"v1"'


def test_a_type_that_is_not_wanted_is_refused_before_reading(site, policy):
    site.routes["/file.pdf"] = Reply(body=b"%PDF-1.7", headers={"Content-Type": "application/pdf"})
    with Fetcher(policy) as fetcher, pytest.raises(FetchError, match="Content-Type application/pdf"):
        fetcher.get(site.base + "/file.pdf", accept=("text/html",))


def test_the_per_host_delay_spaces_request_starts():
    now = [0.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    clock = HostClock(sleep=sleep, clock=lambda: now[0])
    for _ in range(3):
        clock.wait("a.example", 2.0)
    clock.wait("b.example", 2.0)  # another host does not wait
    assert slept == [2.0, 2.0]


def test_backoff_and_retry_after():
    assert [backoff_seconds(n, 1.0, None) for n in range(3)] == [1.0, 2.0, 4.0]
    assert backoff_seconds(0, 1.0, 7.0) == 7.0
    assert parse_retry_after("5") == 5.0 and parse_retry_after(None) is None and parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past: no wait
