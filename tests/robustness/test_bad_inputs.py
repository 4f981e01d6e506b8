"""The bad-input matrix: one `briefing build` over a folder of broken, hostile and odd files plus
good ones. Every bad item is named on standard error with its problem, the good ones all make it
into the brief (every format), the exit code says something was skipped, nothing was fetched."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import markdown
import pytest
from pypdf import PdfReader

from .conftest import article, run_cli

LIMIT = 1_000_000  # BRIEFING_MAX_FILE_BYTES for this build
HOSTILE_TEXT = (
    "Officials wrote <script>alert('x')</script> and {{ 7*7 }} and {% raw %} and [x](javascript:alert(1)) "
    "and ![](file:///etc/passwd) in Ankara on March 5, 2018."
)
HOSTILE_TITLE = "<script>alert(1)</script> [x](javascript:alert(2)) ![](file:///etc/passwd) {{ 7*7 }} {% raw %}"


def _laughs() -> str:
    """Entity declarations that would expand &a9; to a billion characters."""
    return '<!ENTITY a0 "aaaaaaaaaa">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))


def _entity_bomb(root: str, body: str) -> str:
    entities = _laughs()
    return f'<?xml version="1.0"?>\n<!DOCTYPE {root} [{entities}]>\n{body}'


def _inputs(folder: Path, server_url: str, secret: Path) -> dict[str, bytes]:
    rng = random.Random(8)
    body = article("Vienna").split("\n\n", 1)[1]
    blob = "QUFB" * 5000
    hostile_page = f"""<html><head><title>Talks in Vienna</title>
<script>document.write("EVIL-SCRIPT")</script>
<link rel="stylesheet" href="{server_url}/page.css">
<meta http-equiv="refresh" content="0;url={server_url}/refresh">
</head><body><article><h1>Talks in Vienna</h1>
<p>{body}</p>
<iframe src="{server_url}/frame.html">EVIL-IFRAME</iframe>
<form action="{server_url}/form"><input name="q" value="EVIL-FORM"><button>EVIL-BUTTON</button></form>
<img src="{server_url}/pixel.gif" width="1" height="1"><img src="{secret.as_uri()}">
<img src="data:image/png;base64,{blob}">
<p>Officials said the next round would be held in Vienna in April.</p>
<script>var stolen = "EVIL-SCRIPT-2";</script></article></body></html>"""
    return {
        "good.txt": article("Geneva").encode(),
        "hostile.txt": (article("Ankara") + "\n" + HOSTILE_TEXT + "\n").encode(),
        "hostile-title.md": f"---\ntitle: '{HOSTILE_TITLE}'\noutlet: Example Times\n---\n{article('Cairo')}".encode(),
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "empty.txt": b"",
        "blank.txt": b"  \n\n\t \r\n   ",
        "unknown-encoding.txt": bytes(rng.randrange(1, 256) for _ in range(3000)),
        "mixed-encoding.txt": article("Zürich").encode("utf-8") + " Montréal café owners agreed.".encode("cp1252"),
        "enormous.txt": (article("Oslo") * 6000).encode(),
        "truncated.json": json.dumps({"text": article("Lisbon")}).encode()[:60],
        "truncated-utf8.txt": (article("Riga") + " Café in Łódź").encode("utf-8")[:-1],
        "hostile.html": hostile_page.encode(),
        "nested.html": (
            "<html><body><article><p>" + article("Vilnius") + "</p>" + "<div>" * 50_000 + "deep" + "</div>" * 50_000
        ).encode()
        + b"</article></body></html>",
        "entity-bomb.html": _entity_bomb(
            "html", f"<html><body><article><p>{article('Tallinn')} &a9;</p></article></body></html>"
        ).encode(),
        "lines.jsonl": "\n".join(
            [json.dumps({"text": article("Prague")}), '{"text": "cut off', json.dumps({"text": article("Sofia")})]
        ).encode(),
        "yaml-bomb.md": (
            "---\na: &a [x,x,x,x,x,x,x,x,x]\n"
            + "".join(f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefg", "bcdefgh", strict=True))
            + "title: [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n---\n"
            + article("Warsaw")
        ).encode(),
        "odd-characters.jsonl": json.dumps(
            {"text": article("Bern") + " A lone \ud800 surrogate and a \u0000 NUL."}
        ).encode(),
        "manifest.csv": b"file,published,title\ngood.txt,2018-02-30,\nmissing.txt,2018-02-12,\n",
    }


def _feeds(folder: Path, secret: Path) -> dict[str, bytes]:
    item = "<item><title>{t}</title><link>https://example.com/{t}</link><description>{d}</description></item>"
    malformed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        + item.format(t="madrid", d=article("Madrid").replace("\n", " "))[: -len("</item>")]
    )
    entities = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
        + _laughs()
        + ']>\n<rss version="2.0"><channel><title>Wire</title>'
        + item.format(t="rome", d=article("Rome").replace("\n", " ") + " &xxe; &a9;")
        + "</channel></rss>"
    )
    return {"malformed.rss": malformed.encode(), "entities.rss": entities.encode(), "garbage.xml": b"<<<not a feed"}


# Each bad input: the name shown, and what the message on standard error must say about it.
SKIPPED = {
    "binary.txt": "file is binary",
    "empty.txt": "file is empty",
    "blank.txt": "only whitespace",
    "unknown-encoding.txt": "unknown or mixed text encoding",
    "enormous.txt": "file is too large (",
    "truncated.json": "invalid JSON",
    "lines.jsonl#L2": "line 2 skipped: invalid JSON",
    "manifest.csv, row 3": "'missing.txt', which does not exist; skipped",
    "garbage.xml": "not a readable RSS/Atom feed",
    "nowhere.txt": "no such file or folder",
}
NOTED = {  # kept, with a warning naming what was odd about it
    "mixed-encoding.txt": "mixed text encodings",
    "truncated-utf8.txt": "ends in the middle of a character",
    "yaml-bomb.md": "front matter field 'title' is not a single value",
    "manifest.csv, row 2": "invalid publication date '2018-02-30'",
    "malformed.rss": "not well-formed XML",
    "entities.rss": "declares its own XML entities; they were not expanded",
}
KEPT = [
    "good.txt",
    "hostile.txt",
    "hostile-title.md",
    "mixed-encoding.txt",
    "truncated-utf8.txt",
    "hostile.html",
    "nested.html",
    "entity-bomb.html",
    "lines.jsonl#L1",
    "lines.jsonl#L3",
    "yaml-bomb.md",
    "odd-characters.jsonl#L1",
]


@pytest.fixture(scope="module")
def matrix(tmp_path_factory, recording_server, secret_file):
    root = tmp_path_factory.mktemp("matrix")
    inbox = root / "inbox"
    inbox.mkdir()
    for name, data in _inputs(inbox, recording_server.url, secret_file).items():
        (inbox / name).write_bytes(data)
    assert (inbox / "enormous.txt").stat().st_size > LIMIT
    feeds = _feeds(root, secret_file)
    for name, data in feeds.items():
        (root / name).write_bytes(data)
    out = root / "out"
    done = run_cli(
        ["build", str(inbox), *(str(root / name) for name in feeds), str(root / "nowhere.txt"), "--out", str(out)],
        cwd=root,
        env={"BRIEFING_MAX_FILE_BYTES": str(LIMIT)},
    )
    return done, out, root


def _lines_about(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if f"{name}:" in line or f"/{name}" in line]


def test_the_build_finishes_and_says_something_was_skipped(matrix):
    done, out, _ = matrix
    assert done.returncode == 1, done.stderr
    assert f"{len(SKIPPED)} input(s) skipped" in done.stderr
    assert "Traceback" not in done.stderr
    for name in ("brief.md", "brief.html", "brief.pdf", "brief.json"):
        assert (out / name).stat().st_size > 0


@pytest.mark.parametrize(("name", "message"), SKIPPED.items())
def test_each_skipped_input_is_named_with_its_problem(matrix, name, message):
    done, _, _ = matrix
    lines = _lines_about(done.stderr, name)
    assert any(message in line for line in lines), f"{name}: {lines or done.stderr}"


@pytest.mark.parametrize(("name", "message"), NOTED.items())
def test_odd_but_usable_inputs_are_kept_with_a_note(matrix, name, message):
    done, _, _ = matrix
    assert any(message in line for line in _lines_about(done.stderr, name)), done.stderr


def test_the_size_limit_is_the_configured_one(matrix):
    done, _, _ = matrix
    (line,) = _lines_about(done.stderr, "enormous.txt")
    assert f"the limit is {LIMIT:,}" in line and "max_file_bytes" in line


def test_every_good_article_made_it_into_the_brief(matrix):
    _, out, root = matrix
    brief = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    paths = {Path(s["path"]).name for s in brief["sources"] if not s["path"].startswith("http")}
    assert set(KEPT) <= paths
    urls = {s["path"] for s in brief["sources"] if s["path"].startswith("http")}
    assert urls == {"https://example.com/madrid", "https://example.com/rome"}  # one entry of each feed
    assert len(brief["sources"]) == len(KEPT) + 2


def test_odd_characters_were_cleaned_not_refused(matrix):
    _, out, _ = matrix
    raw = (out / "brief.json").read_text(encoding="utf-8")
    assert "\\u0000" not in raw and "\x00" not in raw
    assert not re.search(r"\\ud[89ab]", raw, re.IGNORECASE)


def test_nothing_was_fetched_nor_read_nor_expanded(matrix, recording_server, secret_file):
    _, out, _ = matrix
    assert recording_server.requests == []
    outputs = {name: (out / name).read_bytes() for name in ("brief.md", "brief.html", "brief.json", "brief.pdf")}
    pdf_text = "".join(page.extract_text() for page in PdfReader(out / "brief.pdf").pages)
    for name, data in [*outputs.items(), ("pdf text", pdf_text.encode())]:
        assert b"TOP-SECRET" not in data, name
        assert b"EVIL" not in data, name
        assert b"a" * 200 not in data, name  # no expanded entity


def test_hostile_article_text_and_title_stay_text_in_every_format(matrix):
    _, out, _ = matrix
    html = (out / "brief.html").read_text(encoding="utf-8")
    md_source = (out / "brief.md").read_text(encoding="utf-8")
    md_html = markdown.markdown(md_source, extensions=["footnotes", "tables"])
    pdf = " ".join(" ".join(page.extract_text() for page in PdfReader(out / "brief.pdf").pages).split())
    for rendered in (html, md_html):
        assert "<script" not in rendered
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*(javascript|file|data):""", rendered, re.IGNORECASE)
        assert "<img" not in rendered or not re.search(r"<img[^>]*file:", rendered)
        assert "{{ 7*7 }}" in rendered and "{% raw %}" in rendered  # shown, never evaluated
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the given title, escaped
    assert "{{ 7*7 }}" in pdf and "<script>alert(1)</script>" in pdf


def test_a_run_with_nothing_usable_fails_and_keeps_the_previous_brief(matrix, tmp_path):
    from briefing.cli import EXIT_FAILED, main

    _, previous, root = matrix
    out = tmp_path / "reports"
    out.mkdir()
    before = {}
    for path in previous.iterdir():
        (out / path.name).write_bytes(path.read_bytes())
        before[path.name] = path.read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    for name in ("binary.txt", "empty.txt", "blank.txt"):
        (bad / name).write_bytes((root / "inbox" / name).read_bytes())
    assert main(["-q", "build", str(bad), "--out", str(out)]) == EXIT_FAILED
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
