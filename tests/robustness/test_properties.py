"""Property-based tests (hypothesis): arbitrary bytes and text into ingest, the date normalisers
and the whole pipeline. No crash, no hang, and what comes out is always usable downstream."""

from __future__ import annotations

import json
import re
import time

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from briefing.ingest import load
from briefing.ingest.published import parse_iso
from briefing.ingest.readers import FORMATS, ReadError, read_file
from briefing.nlp.temporal import granularity, tag_times
from briefing.render.sanitise import sanitise_document

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SUFFIXES = sorted(FORMATS)

# Text that looks like news, with dates, quotes, markup and the characters that break tools mixed in.
WORDS = st.sampled_from(
    [
        "Putin", "met", "Abbas", "in", "Moscow", "on", "Monday", "March", "3,", "2018", "last", "week", "said",
        "\u201cWe", "agreed,\u201d", "the", "talks", "will", "resume", "next", "month.", "12/02/2018", "1990s",
        "<script>", "</p>", "&amp;", "{{", "}}", "[x](javascript:alert(1))", "$x^2$", "\n\n", "\n", "\u00a0",
        "\ud800", "\x00", "\x0c", "---", "#", "> ", "* ", "|", "Q3", "2018-W07", "yesterday", "two", "years", "ago",
    ]
)  # fmt: skip
NEWSY = st.lists(WORDS, max_size=60).map(" ".join)
# For the whole pipeline: files that ingest reads (NUL makes a file binary; tested above).
READABLE = st.lists(WORDS.filter(lambda w: w not in {"\x00", "\ud800"}), min_size=3, max_size=80).map(" ".join)
ANY_TEXT = st.one_of(st.text(max_size=300), NEWSY)


def _usable(text: str) -> bool:
    """Encodable as UTF-8 (no lone surrogate) and without NUL: SQLite, JSON and PDF accept it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


@FAST
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_are_read_or_refused_with_a_reason(tmp_path, data, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    try:
        docs, problems = read_file(path, str(path))
    except ReadError as error:
        assert str(error)
        return
    for doc in docs:
        assert isinstance(doc.text, str)
    for problem in problems:
        assert problem.message and problem.path.startswith(str(path))


@FAST
@given(text=ANY_TEXT, suffix=st.sampled_from(SUFFIXES), wrap=st.booleans())
def test_any_text_gives_articles_fit_for_every_later_stage(tmp_path, text, suffix, wrap):
    path = tmp_path / f"input{suffix}"
    if suffix in {".json", ".jsonl"} and wrap:
        content = json.dumps({"text": text, "title": text[:40], "published": text[:10]})
    elif suffix in {".md", ".markdown"} and wrap:
        content = f"---\ntitle: {json.dumps(text[:40])}\npublished: {json.dumps(text[:10])}\n---\n{text}"
    else:
        content = text
    path.write_bytes(content.encode("utf-8", "surrogatepass"))
    result = load([path])  # never raises on input
    for article in result.articles:
        for value in (article.text, article.title or "", article.path, article.outlet, article.url or ""):
            assert _usable(value)
        assert article.text.strip()
        assert article.published is None or parse_iso(article.published) == article.published
    for problem in result.problems:
        assert problem.path and problem.message


@FAST
@given(value=st.one_of(st.text(max_size=40), st.from_regex(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?)?)?")))
def test_the_publication_date_normaliser_never_crashes_and_keeps_precision(value):
    result = parse_iso(value)
    if result is not None:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", result), result
        assert parse_iso(result) == result  # normalised values are stable


@settings(max_examples=200, deadline=None)
@given(
    text=ANY_TEXT,
    published=st.one_of(st.none(), st.sampled_from(["2018", "2018-02", "2018-02-12"]), st.text(max_size=12)),
)
def test_the_temporal_normaliser_never_crashes_and_its_offsets_hold(text, published):
    started = time.monotonic()
    expressions = tag_times(text, published)
    assert time.monotonic() - started < 5, "the tagger took too long"
    for t in expressions:
        assert text[t.start : t.end] == t.text
        assert t.type in {"DATE", "TIME", "DURATION", "SET"}
        assert t.value and isinstance(granularity(t.value), str)


@settings(max_examples=100, deadline=None)
@given(
    body=st.lists(WORDS.filter(lambda w: "javascript" not in w), max_size=60).map(" ".join),
    attack=st.sampled_from(
        [
            "<script>x()</script>",
            '<img src="file:///etc/passwd">',
            '<a href="javascript:x()">a</a>',
            '<p onclick="x()" style="color:red">p</p>',
            "<iframe src=//evil>",
            "<style>@import url(http://evil/)</style>",
        ]
    ),
)
def test_the_sanitiser_never_lets_active_content_through(body, attack):
    page = f"<!DOCTYPE html><html><head><title>t</title></head><body><p>{body}</p>{attack}</body></html>"
    cleaned = sanitise_document(page, ["brief-timeline.svg"])
    lowered = cleaned.lower()
    for bad in ("<script", "file:", "javascript:", "onclick", "<iframe", "@import", "style="):
        assert bad not in lowered, (bad, cleaned)


@pytest.fixture(scope="module")
def model():
    """The spaCy pipeline, loaded once for all the pipeline examples."""
    from briefing.config import Settings
    from briefing.nlp.pipeline import load_model

    name = Settings().spacy_model
    try:
        load_model(name)
    except Exception as error:  # pragma: no cover - a machine without the model
        pytest.skip(f"spaCy model not available: {error}")
    return name


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    texts=st.lists(st.lists(READABLE, min_size=2, max_size=4).map("\n\n".join), min_size=1, max_size=3), data=st.data()
)
def test_the_whole_pipeline_turns_any_small_input_into_a_brief(model, tmp_path_factory, texts, data):
    from briefing.analyse.brief import build_brief
    from briefing.build import read_sources
    from briefing.config import Settings
    from briefing.model import IngestResult
    from briefing.nlp.pipeline import extract_facts
    from briefing.render import write_brief

    folder = tmp_path_factory.mktemp("pipeline")
    for n, text in enumerate(texts):
        (folder / f"{n}.txt").write_bytes(text.encode("utf-8", "surrogatepass"))
    read: IngestResult = read_sources([folder])
    assume(read.articles)  # a text of only boilerplate-like lines can leave nothing, which is fine
    started = time.monotonic()
    settings_ = Settings(processes="1")
    facts = extract_facts(read.articles, model, processes=1)
    brief = build_brief(facts, settings_, read.problems)
    formats = ("md", "html", "json", "pdf") if data.draw(st.integers(0, 9)) == 0 else ("md", "html", "json")
    written = write_brief(brief, folder / "out", formats, settings=settings_)
    assert time.monotonic() - started < 60
    assert {p.suffix for p in written} >= {f".{f}" for f in formats}
    json.loads((folder / "out" / "brief.json").read_text(encoding="utf-8"))
    for note in brief.notes:
        source = next(a for a in read.articles if a.id == note.source_id)
        assert source.text[note.start : note.end] == note.sentence
