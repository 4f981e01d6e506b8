"""load(): paths in, articles and problems out; nothing unreadable stops the run."""

from __future__ import annotations

import hashlib
import json

from briefing.ingest import load, load_registry
from briefing.model import FROM_URL, GIVEN, UNKNOWN, UNKNOWN_OUTLET

BODY = "Russian President Vladimir Putin met Palestinian President Mahmoud Abbas in Moscow on Monday."


def test_id_is_the_sha256_of_the_cleaned_text(write):
    article = load([write("a.txt", "Skip to main content\n\nPutin meets Abbas in Moscow\n\n" + BODY)]).articles[0]
    assert article.text == BODY
    assert article.id == hashlib.sha256(BODY.encode("utf-8")).hexdigest()[:10]


def test_folders_are_read_recursively_in_sorted_order(write, tmp_path):
    write("b.txt", BODY.replace("Monday", "Tuesday"))
    write("a/z.txt", BODY.replace("Monday", "Wednesday"))
    write("a/c.md", BODY.replace("Monday", "Thursday"))
    write("a/ignored.csv", "x,y\n")
    result = load([tmp_path])
    assert [a.path for a in result.articles] == [str(tmp_path / p) for p in ("a/c.md", "a/z.txt", "b.txt")]
    assert result.problems == ()


def test_paths_are_shown_as_given(write, tmp_path, monkeypatch):
    write("in/a.txt", BODY)
    monkeypatch.chdir(tmp_path)
    assert load(["in"]).articles[0].path == "in/a.txt"
    assert load(["in/a.txt"]).articles[0].path == "in/a.txt"


def test_missing_path_and_unsupported_file_are_problems(write, tmp_path):
    good = write("a.txt", BODY)
    pdf = write("a.pdf", b"%PDF-1.4")
    result = load([tmp_path / "nope", pdf, good])
    assert [a.path for a in result.articles] == [str(good)]
    messages = {p.path: p.message for p in result.problems}
    assert "no such file" in messages[str(tmp_path / "nope")]
    assert "unsupported file type '.pdf'" in messages[str(pdf)]


def test_same_content_twice_is_stored_once_with_a_warning(write):
    a = write("a.txt", BODY)
    b = write("b.txt", "Skip to main content\n\n" + BODY + "\n")
    result = load([a, b])
    assert len(result.articles) == 1
    (problem,) = result.problems
    assert problem.path == str(b) and problem.severity == "warning" and str(a) in problem.message


def test_nothing_readable_gives_an_empty_result_with_problems(write):
    result = load([write("empty.txt", b""), write("only-nav.txt", "Skip to main content\n\nShare\n")])
    assert result.articles == ()
    assert len(result.problems) == 2
    assert "boilerplate" in result.problems[1].message


def test_outlet_precedence_given_then_url_then_page(write):
    page = "Putin meets Abbas in Moscow\n\n" + BODY + "\n\nA Message from The Moscow Times:\n\nPlease support us.\n"
    given = write("given.md", "---\noutlet: rfe/rl\nurl: https://www.reuters.com/x\n---\n" + page)
    other = page.replace("Monday", "Sunday")
    by_url = write("url.json", json.dumps({"text": other, "url": "https://edition.cnn.com/x"}))
    nothing = write("plain.txt", BODY.replace("Monday", "Friday"))
    result = load([given, by_url, nothing])
    got = [(a.outlet, a.outlet_source) for a in result.articles]
    assert got == [("Radio Free Europe/Radio Liberty", GIVEN), ("CNN", FROM_URL), (UNKNOWN_OUTLET, UNKNOWN)]


def test_given_outlet_unknown_to_the_registry_is_kept_as_given(write):
    path = write("a.md", "---\noutlet: Gaza Daily\n---\n" + BODY)
    article = load([path]).articles[0]
    assert (article.outlet, article.outlet_source) == ("Gaza Daily", GIVEN)


def test_user_registry_is_used(write, tmp_path):
    extra = write("outlets.yaml", "outlets:\n  - name: Gaza Daily\n    domains: [gazadaily.example]\n")
    path = write("a.json", json.dumps({"text": BODY, "url": "https://gazadaily.example/a"}))
    article = load([path], registry=load_registry(extra)).articles[0]
    assert (article.outlet, article.outlet_source) == ("Gaza Daily", FROM_URL)


def test_a_single_path_may_be_given_bare(write, tmp_path):
    write("a.txt", BODY)
    assert len(load(tmp_path).articles) == 1
    assert len(load(str(tmp_path)).articles) == 1
