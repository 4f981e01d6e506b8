"""Tokens, the rate limit, size limits, CSRF, the same-origin rule and the security headers."""

from __future__ import annotations

import re

import pytest
from webtools import wait_for

from briefing.cli import main
from briefing.store import open_store
from briefing.web.security import RateLimiter, is_loopback, new_token, same_origin, token_digest

ARTICLE = b"Talks in Geneva ended on Monday without agreement, officials said. " * 5


def _token(settings, name: str = "desk") -> str:
    token = new_token()
    with open_store(settings.store) as store:
        store.add_web_token(name, token_digest(token))
    return token


def test_tokens_are_required_off_loopback_and_kept_hashed(serve, settings):
    token = _token(settings)
    client = serve(tokens_required=True)
    answer = client.post("/api/briefs", json={})
    assert answer.status_code == 401 and "a token is needed" in answer.json()["detail"]
    assert answer.headers["www-authenticate"] == "Bearer"
    wrong = client.get("/api/briefs", headers={"Authorization": "Bearer brf_nope"})
    assert wrong.status_code == 401 and wrong.json()["detail"] == "unknown or revoked token"
    auth = {"Authorization": f"Bearer {token}"}
    answer = client.post("/api/briefs", json={}, headers=auth)
    assert answer.status_code == 202
    assert wait_for(client, answer.json()["id"], headers=auth)["status"] == "done"
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    with open_store(settings.store) as store:
        rows = store.engine.connect().exec_driver_sql("SELECT name, digest FROM web_tokens").all()
    assert rows == [("desk", token_digest(token))] and token not in str(rows)


def test_the_page_signs_in_with_a_token(serve, settings):
    token = _token(settings)
    client = serve(tokens_required=True)
    login = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text).group(1)
    bad = client.post("/login", data={"csrf": csrf, "token": "brf_wrong"}, follow_redirects=False)
    assert bad.status_code == 401
    good = client.post("/login", data={"csrf": csrf, "token": token}, follow_redirects=False)
    assert good.status_code == 303 and "httponly" in good.headers["set-cookie"].lower()
    assert "samesite=strict" in good.headers["set-cookie"].lower()
    assert client.get("/").status_code == 200


def test_loopback_needs_no_token():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("127.8.0.1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2") and not is_loopback("example.org")


def test_rate_limit_per_token(serve, settings):
    client = serve(web_rate_limit=3)
    for _ in range(3):
        assert client.get("/api/briefs").status_code == 200
    answer = client.get("/api/briefs")
    assert answer.status_code == 429 and "at most 3 a minute" in answer.json()["detail"]
    assert 1 <= int(answer.headers["retry-after"]) <= 60
    now = [0.0]
    limiter = RateLimiter(2, window=60, clock=lambda: now[0])
    assert limiter.check("a") == 0 and limiter.check("a") == 0 and limiter.check("a") == 60
    assert limiter.check("b") == 0  # each token its own count
    now[0] = 60.5
    assert limiter.check("a") == 0


def test_size_and_count_limits_answer_413(serve):
    client = serve(web_max_upload_bytes=4096, web_max_files=2, max_file_bytes=1000)
    big = client.post("/api/briefs", files=[("files", ("big.txt", b"x" * 5000))])
    assert big.status_code == 413 and "request too large: at most" in big.json()["detail"]
    many = client.post("/api/briefs", files=[("files", (f"{n}.txt", ARTICLE[:100])) for n in range(3)])
    assert many.status_code == 413 and "too many files: at most 2" in many.json()["detail"]
    one = client.post("/api/briefs", files=[("files", ("one.txt", b"y" * 1500))])
    assert one.status_code == 413 and "each file may have at most 1000 bytes" in one.json()["detail"]
    urls = client.post("/api/briefs", json={"urls": [f"https://example.org/{n}" for n in range(3)]})
    assert urls.status_code == 413


def test_streamed_body_over_the_limit_is_cut_off(serve):
    client = serve(web_max_upload_bytes=4096)

    def chunks():
        for _ in range(10):
            yield b"z" * 1024

    answer = client.post("/api/briefs", content=chunks(), headers={"content-type": "application/json"})
    assert answer.status_code == 413


def test_the_page_form_needs_its_csrf_token(client, fake_build):
    page = client.get("/")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    files = [("files", ("one.txt", ARTICLE))]
    refused = client.post("/briefs", data={"csrf": "forged"}, files=files)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    sent = client.post("/briefs", data={"csrf": csrf, "audience": "analyst"}, files=files, follow_redirects=False)
    assert sent.status_code == 303 and re.fullmatch(r"/briefs/[0-9a-f]{32}", sent.headers["location"])
    client.cookies.clear()
    assert client.post("/briefs", data={"csrf": csrf}, files=files).status_code == 403  # no cookie to match


def test_cross_origin_posts_and_foreign_hosts_are_refused(client):
    answer = client.post("/api/briefs", json={}, headers={"Origin": "http://evil.example"})
    assert answer.status_code == 403
    answer = client.post("/api/briefs", json={}, headers={"Sec-Fetch-Site": "cross-site"})
    assert answer.status_code == 403
    assert client.post("/api/briefs", json={}, headers={"Origin": "http://127.0.0.1:8000"}).status_code == 202
    assert client.get("/", headers={"Host": "rebind.evil.example"}).status_code == 400  # DNS rebinding
    assert same_origin({"origin": "https://desk.example.org"}, "desk.example.org")
    assert not same_origin({"origin": "null"}, "desk.example.org")


def test_security_headers(client):
    job = client.post("/api/briefs", files=[("files", ("one.txt", ARTICLE))]).json()
    wait_for(client, job["id"])
    page = client.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff" and page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "same-origin"
    assert "<script>" not in page.text and " on" not in re.sub(r"<[^>]*>", "", "")  # no inline script
    assert not re.search(r"<script(?![^>]*\bsrc=)", page.text)
    assert not re.search(r"\son[a-z]+=", page.text)
    brief = client.get(f"/api/briefs/{job['id']}/brief.html")
    assert "script-src" not in brief.headers["content-security-policy"]
    assert "default-src 'none'" in brief.headers["content-security-policy"]
    assert client.get("/api/briefs/nope").headers["x-frame-options"] == "DENY"  # errors too


def test_tokens_command(settings, capsys):
    assert main(["tokens", "create", "desk", "--store", settings.store]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("brf_") and len(token) > 40
    assert main(["tokens", "create", "desk", "--store", settings.store]) == 2
    assert "exists already" in capsys.readouterr().err
    assert main(["tokens", "list", "--store", settings.store]) == 0
    assert capsys.readouterr().out.startswith("desk\tmade ")
    with open_store(settings.store) as store:
        assert store.web_token_name(token_digest(token)) == "desk"
    assert main(["tokens", "revoke", "desk", "--store", settings.store]) == 0
    assert main(["tokens", "revoke", "desk", "--store", settings.store]) == 2


@pytest.mark.parametrize("flags", [["--host", "0.0.0.0"], ["--host", "192.0.2.10"], ["--require-tokens"]])
def test_serve_needing_tokens_refuses_to_start_without_one(settings, flags, capsys):
    assert main(["serve", *flags, "--store", settings.store]) == 2
    assert "needs a token" in capsys.readouterr().err
