"""RSS and Atom feeds: parsing, and each entry's own text as an article.

    is_feed(source) -> bool
    load_feed(source, registry, rules) -> IngestResult     # a saved feed file
    parse_feed(data, shown) -> (parsed, problems)          # bytes from a file or the network

A saved feed (``.rss``, ``.atom``, ``.xml``, ``.feed``) is read as saved: each entry's content,
else its summary, is the article, and nothing is fetched. A feed URL is a live source
(``briefing.ingest.live``), where each entry's linked page is fetched and this text is only the
fallback. Per entry: its title and link are GIVEN, its published (else updated) date is GIVEN at day
precision, and the outlet is the feed's own title when the registry knows it, else the link's
domain. Entry HTML is turned into text here (a fragment, not a page: trafilatura wants pages).
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

from briefing.ingest.boilerplate import Rule, load_rules
from briefing.ingest.outlets import OutletRegistry, load_registry
from briefing.ingest.readers import Document
from briefing.model import Article, IngestResult, Problem

FEED_SUFFIXES = {".rss", ".atom", ".xml", ".feed"}
MAX_FEED_BYTES = 20 * 1024 * 1024
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section"}


def is_feed(source: str | Path) -> bool:
    """A saved feed file, by its suffix (a URL is a live source: ``briefing.ingest.live``)."""
    text = str(source)
    return not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE) and Path(text).suffix.lower() in FEED_SUFFIXES


def load_feed(
    source: str | Path,
    registry: OutletRegistry | None = None,
    rules: Sequence[Rule] | None = None,
) -> IngestResult:
    """Every usable entry of one saved feed file as an Article; what cannot be used becomes a Problem.

    A saved feed is read as it was saved: its entries' own text, nothing fetched."""
    from briefing.ingest import build_article  # the package imports this module's neighbours

    shown = str(source)
    registry = registry if registry is not None else load_registry()
    rules = tuple(rules) if rules is not None else load_rules()
    if not Path(shown).is_file():
        return IngestResult((), (Problem(shown, "no such feed file"),))
    try:
        size = Path(shown).stat().st_size
        if size > MAX_FEED_BYTES:
            return IngestResult(
                (), (Problem(shown, f"feed file is too large ({size:,} bytes; the limit is {MAX_FEED_BYTES:,})"),)
            )
        data = Path(shown).read_bytes()
    except OSError as error:
        return IngestResult((), (Problem(shown, f"cannot read the feed: {error.strerror or error}"),))
    parsed, problems = parse_feed(data, shown)
    if parsed is None:
        return IngestResult((), tuple(problems))
    outlet = feed_outlet(parsed, registry)
    articles: list[Article] = []
    seen: set[str] = set()
    for n, entry in enumerate(parsed.entries, start=1):
        doc = entry_document(entry, f"{shown}#{n}", outlet)
        if doc is None:
            problems.append(Problem(f"{shown}#{n}", "feed entry has no content or summary"))
            continue
        article, notes = build_article(doc, registry, rules, registry.signature_rules())
        problems.extend(notes)
        if article is not None and article.id not in seen:
            seen.add(article.id)
            articles.append(article)
    return IngestResult(tuple(articles), tuple(problems))


def parse_feed(data: bytes, shown: str) -> tuple[object | None, list[Problem]]:
    """feedparser's reading of a feed's bytes (None when it has no entries), and what was odd about it.

    feedparser never expands entities nor fetches what a DTD names; we hand it bytes, never a URL."""
    import feedparser  # only needed for feeds

    parsed = feedparser.parse(data)
    why = getattr(parsed, "bozo_exception", None)
    if not parsed.entries:
        reason = f"not a readable RSS/Atom feed ({why})" if why else "the feed has no entries"
        return None, [Problem(shown, reason)]
    problems: list[Problem] = []
    if _ENTITY_DECLARATION.search(data[:65536]):
        problems.append(Problem(shown, "the feed declares its own XML entities; they were not expanded", "warning"))
    elif why is not None and not isinstance(why, feedparser.CharacterEncodingOverride):
        problems.append(Problem(shown, f"the feed is not well-formed XML ({why}); read leniently", "warning"))
    return parsed, problems


def feed_outlet(parsed, registry: OutletRegistry) -> str | None:
    """The feed's own title as the registry names it, when the registry knows it."""
    title = parsed.feed.get("title")
    return registry.resolve(title) if title else None


def entry_document(entry, shown: str, outlet: str | None = None) -> Document | None:
    """One feed entry as a Document with GIVEN title, url, published and (if known) outlet."""
    bodies = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    body = max(bodies, key=len) if bodies else entry.get("summary", "")
    text = html_to_text(body)
    if not text.strip():
        return None
    given: dict[str, object] = {}
    if entry.get("title"):
        given["title"] = html.unescape(entry["title"]).strip()
    if entry.get("link"):
        given["url"] = entry["link"]
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if when:
        given["published"] = time.strftime("%Y-%m-%d", when)
    if outlet:
        given["outlet"] = outlet
    return Document(entry.get("link") or shown, text, given)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in {"script", "style"}:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag) -> None:
        if tag in {"script", "style"}:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block, spaces collapsed."""
    if "<" not in fragment:
        return html.unescape(fragment).strip()
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    joined = "".join(parser.parts)
    paragraphs = [re.sub(r"[ \t\r\f\v\n]+", " ", p).strip() for p in re.split(r"\n\s*\n", joined)]
    return "\n\n".join(p for p in paragraphs if p)
