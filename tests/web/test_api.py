"""The JSON API, with the framework's test client: ask for a brief, follow it, fetch its files."""

from __future__ import annotations

import json

from webtools import wait_for

from briefing.build import NoInput
from briefing.store import Selection
from briefing.web.jobs import rewrite_manifest, save_uploads

ARTICLE = b"Talks in Geneva ended on Monday without agreement, officials said. " * 5


def test_upload_then_status_then_files(client, fake_build):
    answer = client.post(
        "/api/briefs",
        files=[("files", ("one.txt", ARTICLE)), ("files", ("two.md", ARTICLE + b" More."))],
        data={"audience": "executive", "formats": ["pdf", "md"]},
    )
    assert answer.status_code == 202, answer.text
    job = answer.json()
    assert answer.headers["location"] == f"/api/briefs/{job['id']}"
    assert job["status"] in ("queued", "running", "done") and not job["reused"]
    status = wait_for(client, job["id"])
    assert status["status"] == "done" and status["percent"] == 100
    assert set(status["files"]) == {"md", "pdf"} and status["audience"] == "executive"
    request = fake_build.requests[0]
    assert [p.name for p in request.sources] == ["001.txt", "002.md"]  # names made by the service
    assert request.audience == "executive" and request.formats == ("md", "pdf")
    assert request.selection is None  # the brief covers just the uploads (stored first)
    pdf = client.get(status["files"]["pdf"])
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == f'attachment; filename="brief-{job["id"][:8]}.pdf"'
    assert pdf.text == "pdf of 2 source(s)"
    assert client.get(f"/api/briefs/{job['id']}/brief.html").status_code == 404  # not asked for


def test_the_same_request_twice_reuses_the_result(client, fake_build):
    files = [("files", ("one.txt", ARTICLE))]
    first = client.post("/api/briefs", files=files).json()
    wait_for(client, first["id"])
    again = client.post("/api/briefs", files=files)
    assert again.status_code == 202 and again.json()["id"] == first["id"] and again.json()["reused"]
    assert len(fake_build.requests) == 1
    other = client.post("/api/briefs", files=files, data={"audience": "press"}).json()
    assert other["id"] != first["id"]


def test_json_urls_and_store_selection(client, fake_build):
    answer = client.post("/api/briefs", json={"urls": ["https://example.org/feed.xml"], "formats": ["json"]})
    assert answer.status_code == 202
    wait_for(client, answer.json()["id"])
    assert fake_build.requests[-1].sources == ("https://example.org/feed.xml",)
    answer = client.post(
        "/api/briefs", json={"since": "2018-02-01", "until": "2018-02-28", "outlets": ["RFE/RL"], "query": ["Lavrov"]}
    )
    assert answer.status_code == 202
    wait_for(client, answer.json()["id"])
    request = fake_build.requests[-1]
    assert request.sources == ()
    assert request.selection.since.isoformat() == "2018-02-01" and request.selection.terms == ("Lavrov",)
    assert request.selection.outlets == ("Radio Free Europe/Radio Liberty",)  # aliases resolved


def test_a_brief_of_one_story_of_the_store(client, fake_build):
    answer = client.post("/api/briefs", json={"story": "s0123456789", "formats": ["json"]})
    assert answer.status_code == 202
    wait_for(client, answer.json()["id"])
    request = fake_build.requests[-1]
    assert request.sources == () and request.selection == Selection(story="s0123456789")
    assert 'name="story"' in client.get("/").text  # the page offers the store's stories


def test_a_brief_of_the_whole_store(client, fake_build):
    answer = client.post("/api/briefs", json={})
    assert answer.status_code == 202
    wait_for(client, answer.json()["id"])
    assert fake_build.requests[-1].selection == Selection()


def test_bad_requests_say_what_is_wrong(client):
    cases = [
        ({"urls": ["file:///etc/passwd"]}, 400, "only http and https"),
        ({"urls": ["ftp://example.org/x"]}, 400, "only http and https"),
        ({"audience": "nobody"}, 400, "unknown audience 'nobody'"),
        ({"formats": ["docx"]}, 400, "unknown format(s) docx"),
        ({"since": "2018-03-01", "until": "2018-02-01"}, 400, "is after until"),
    ]
    for body, status, words in cases:
        answer = client.post("/api/briefs", json=body)
        assert answer.status_code == status and words in answer.json()["detail"], (body, answer.text)
    assert client.post("/api/briefs", json={"path": "/etc"}).status_code == 422  # unknown field
    assert client.post("/api/briefs", content=b"x", headers={"content-type": "text/plain"}).status_code == 415
    answer = client.post("/api/briefs", files=[("files", ("x.exe", b"MZ"))])
    assert answer.status_code == 400 and "unsupported file type" in answer.json()["detail"]


def test_a_failed_build_says_why(client, fake_build):
    fake_build.fail = NoInput("no readable article in the upload")
    job = client.post("/api/briefs", files=[("files", ("one.txt", ARTICLE))]).json()
    status = wait_for(client, job["id"])
    assert status["status"] == "failed" and status["message"] == "no readable article in the upload"
    fake_build.fail = None
    again = client.post("/api/briefs", files=[("files", ("one.txt", ARTICLE))]).json()
    assert again["id"] != job["id"]  # a failed job is not reused
    fake_build.fail = RuntimeError("/secret/path exploded")
    job = client.post("/api/briefs", files=[("files", ("three.txt", ARTICLE))]).json()
    status = wait_for(client, job["id"])
    assert status["message"] == "the build failed (RuntimeError); the service's log says more"


def test_no_request_path_reaches_the_file_system(client, tmp_path):
    job = client.post("/api/briefs", files=[("files", ("one.txt", ARTICLE))]).json()
    wait_for(client, job["id"])
    (tmp_path / "secret.txt").write_text("secret")
    for url in (
        f"/api/briefs/{job['id']}/..%2F..%2F..%2Fsecret.txt",
        f"/api/briefs/{job['id']}/brief.exe",
        "/api/briefs/..%2F..%2Fstore.sqlite3/brief.pdf",
        "/api/briefs/" + "0" * 32,
        "/static/..%2F..%2Fstore.py",
        "/weekly/..%2F..%2F/secret.txt",
    ):
        answer = client.get(url)
        assert answer.status_code == 404, url
        assert "secret" not in answer.text


def test_upload_names_are_made_by_the_service(tmp_path):
    from briefing.web.jobs import Upload

    manifest = b"file,published\na.txt,2018-02-12\n../../etc/passwd,2018-01-01\n"
    uploads = [Upload("../../etc/a.txt", b"A"), Upload("C:\\x\\b.txt", b"B"), Upload("manifest.csv", manifest)]
    pairs = save_uploads(uploads, tmp_path / "up")
    assert pairs == (("001.txt", "a.txt"), ("002.txt", "b.txt"), ("manifest.csv", "manifest.csv"))
    assert sorted(p.name for p in (tmp_path / "up").iterdir()) == ["001.txt", "002.txt", "manifest.csv"]
    assert (tmp_path / "up" / "manifest.csv").read_text().splitlines() == ["file,published", "001.txt,2018-02-12"]
    assert rewrite_manifest("title\nx\n", {}) == "title\nx\n"  # no file column: left for the reader to report


def test_lists_and_openapi(client):
    job = client.post("/api/briefs", files=[("files", ("one.txt", ARTICLE))]).json()
    wait_for(client, job["id"])
    listed = client.get("/api/briefs").json()
    assert [j["id"] for j in listed] == [job["id"]]
    schema = client.get("/openapi.json").json()
    assert {"/api/briefs", "/api/briefs/{job_id}", "/api/briefs/{job_id}/{name}"} <= set(schema["paths"])
    body = schema["paths"]["/api/briefs"]["post"]["requestBody"]["content"]
    assert {"multipart/form-data", "application/json"} <= set(body)
    fields = set(json.loads(json.dumps(body["application/json"]["schema"]))["properties"])
    assert fields >= {"urls", "since", "until", "outlets", "query", "story"}
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/swagger-ui-bundle.js" in docs.text and "<script>" not in docs.text
    assert client.get("/static/swagger-ui-bundle.js").status_code == 200
    assert client.get("/api/health").json()["status"] == "ok"


def test_pages_list_briefs_weekly_reports_and_the_store(client, settings):
    from pathlib import Path

    week = Path(settings.web_weekly) / "2018-W07"
    week.mkdir(parents=True)
    (week / "analyst.html").write_text("<h1>week</h1>")
    (week / "analyst.pdf").write_bytes(b"%PDF-1.7")
    (week / "notes.exe").write_bytes(b"MZ")
    page = client.get("/weekly")
    assert page.status_code == 200 and "/weekly/2018-W07/analyst.pdf" in page.text and "notes.exe" not in page.text
    assert client.get("/weekly/2018-W07/analyst.html").text == "<h1>week</h1>"
    assert client.get("/weekly/2018-W07/notes.exe").status_code == 404
    assert "0 article(s)" in client.get("/store").text
    assert "No brief yet" in client.get("/briefs").text
    assert client.get("/briefs/" + "f" * 32).status_code == 404
