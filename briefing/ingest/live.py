"""Live sources: URLs of article pages and feeds, read over the network through ``fetch.Fetcher``.

    read_live(urls, fetcher, registry, rules, memory=None, progress=None) -> IngestResult

A URL is whatever it turns out to be: an RSS/Atom feed; an HTML page that advertises a feed in its
head (``<link rel="alternate" type="application/rss+xml">``) and is not itself an article (a home
or section page), whose feed is then read; or an article page. For each feed entry the page it
links to is fetched and extracted (trafilatura), the feed's title, date and link GIVEN; the
entry's own text (content, else summary) is used only when the page cannot be had (blocked,
paywalled, an error, nothing left after boilerplate) or says less than the feed, and a note says
so for that entry. Pages are fetched in parallel, up to the fetcher's concurrency.

What was read before is not read again, through an optional ``memory`` (the store): a feed is
fetched with the ETag / Last-Modified it last gave (a 304 costs one request and no page), and an
entry whose URL (normalised: tracking parameters and fragment dropped; its page's canonical link
remembered too) was fetched on an earlier run is skipped, its stored article counted as known.
Nothing named inside a page is ever fetched: only the URLs given, their redirects, robots.txt,
the feed a given page advertises, and the entries' own links.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urljoin, urlsplit

from briefing.ingest.boilerplate import Rule
from briefing.ingest.feeds import entry_document, feed_outlet, parse_feed
from briefing.ingest.fetch import Fetcher, FetchError, Response, Validators
from briefing.ingest.outlets import OutletRegistry
from briefing.ingest.readers import Document, ReadError, decode, html_document
from briefing.model import Article, IngestResult, LiveSource, Problem

log = logging.getLogger(__name__)

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml")
PAGE_TYPES = ("text/html", "application/xhtml+xml")
_FEED_START = re.compile(
    rb"^\s*(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.DOTALL
)

Progress = Callable[[str, int, int], None]


class LiveMemory(Protocol):
    """What an earlier run remembers (the store implements it): read only here; the caller saves
    what ``LiveSource`` reports once the articles are stored."""

    def feed_validators(self, url: str) -> tuple[str | None, str | None] | None: ...

    def fetched_hash(self, url: str) -> str | None: ...

    def feed_hashes(self, url: str) -> tuple[str, ...]: ...


def is_url(source: object) -> bool:
    """A source given as an http(s) URL (anything else with a scheme is refused when fetched)."""
    return bool(re.match(r"^https?://", str(source), re.IGNORECASE))


def normalise(url: str) -> str:
    """One spelling per article: scheme and host lowercased, default port, tracking parameters
    (utm_*, fbclid...) and the fragment dropped (courlan, as trafilatura uses)."""
    from courlan import normalize_url

    try:
        normal = normalize_url(url.strip())
    except (ValueError, TypeError):
        return url.strip()
    return normal.split("#", 1)[0]


def advertised_feeds(html: str, base: str) -> list[str]:
    """The feeds a page advertises in ``<link rel="alternate">`` (not links in its text: nothing
    named inside a page is fetched), as absolute URLs."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, SyntaxError):
        return []
    found = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in ("application/rss+xml", "application/atom+xml") and href:
            url = urljoin(base, href)
            if is_url(url) and url not in found:
                found.append(url)
    return found


def looks_like_feed(response: Response) -> bool:
    """A feed by its Content-Type, or (servers mislabel feeds) by how its bytes begin."""
    return response.content_type in FEED_TYPES or bool(_FEED_START.match(response.body[:4096]))


def is_article_page(url: str, html: str) -> bool:
    """Whether a page that advertises a feed is an article all the same: it says so (og:type
    article, a NewsArticle in its JSON-LD), or its address has a path beyond a section's."""
    head = html[:200_000].lower()
    if re.search(r"""property=["']og:type["'][^>]*content=["']article""", head) or re.search(
        r"""content=["']article["'][^>]*property=["']og:type""", head
    ):
        return True
    if re.search(r'"@type"\s*:\s*"(?:news|report|blogposting)?article"', head, re.IGNORECASE):
        return True
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return len(segments) >= 3 or bool(segments and re.search(r"\.(?:s?html?|php|aspx?)$", segments[-1]))


def page_text(response: Response) -> str:
    """A page's text: the charset its server names when that works, else detected."""
    if response.charset:
        try:
            return response.body.decode(response.charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(response.body)


# --------------------------------------------------------------------------- one run


@dataclass
class _Entry:
    """One feed entry (or one article URL) waiting for its page."""

    url: str  # normalised link
    fallback: Document | None  # the feed's own text, None for an article URL given alone
    given: dict[str, object]
    source: int  # index of its LiveSource
    outcome: str = ""  # "page" or "summary"
    doc: Document | None = None
    canonical: str | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Source:
    url: str
    kind: str = "failed"
    feed: str | None = None
    validators: Validators = field(default_factory=Validators)
    known: list[str] = field(default_factory=list)
    error: str = ""


def read_live(
    urls: Sequence[str],
    fetcher: Fetcher,
    registry: OutletRegistry,
    rules: Sequence[Rule],
    memory: LiveMemory | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Read each URL (a feed, a page advertising one, an article page); every entry's page is fetched
    once. Failures become Problems naming the URL; the rest of the run goes on."""
    from briefing.ingest import build_article

    report = progress or (lambda stage, done, total: None)
    problems: list[Problem] = []
    sources: list[_Source] = []
    entries: list[_Entry] = []
    seen: set[str] = set()
    report("fetch", 0, len(urls))
    for n, url in enumerate(urls, start=1):
        source = _Source(str(url))
        sources.append(source)
        try:
            found, notes = _open(source, len(sources) - 1, fetcher, registry, memory)
        except FetchError as error:
            source.kind, source.error = "failed", error.reason
            problems.append(Problem(source.url, _cannot(error, source.url)))
            report("fetch", n, len(urls))
            continue
        except ReadError as error:
            source.kind, source.error = "failed", str(error)
            problems.append(Problem(source.url, str(error)))
            report("fetch", n, len(urls))
            continue
        problems.extend(notes)
        for entry in found:
            known = memory.fetched_hash(entry.url) if memory is not None else None
            if entry.url in seen:
                continue
            seen.add(entry.url)
            if known:
                source.known.append(known)
                continue
            entries.append(entry)
        report("fetch", n, len(urls))

    _fetch_pages(entries, fetcher, report)

    articles: list[Article] = []
    kept: set[str] = set()
    pages: dict[int, list[str]] = {}
    summaries: dict[int, list[str]] = {}
    fetched: dict[int, list[tuple[str, str]]] = {}
    extra = registry.signature_rules()
    for entry in entries:
        problems.extend(entry.problems)
        article = None
        if entry.doc is not None:
            article, notes = build_article(entry.doc, registry, rules, extra)
            if article is None and entry.outcome == "page" and entry.fallback is not None:
                why = notes[0].message if notes else "nothing left"
                article, notes = build_article(entry.fallback, registry, rules, extra)
                entry.outcome = "summary"
                problems.append(Problem(entry.url, f"the page gave no article ({why}); {_FALLBACK}", "warning"))
            problems.extend(notes)
        if article is None:
            continue
        (pages if entry.outcome == "page" else summaries).setdefault(entry.source, []).append(entry.url)
        digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()  # the store's content_hash
        remembered = fetched.setdefault(entry.source, [])
        remembered.append((entry.url, digest))
        if entry.canonical and entry.canonical != entry.url:
            remembered.append((entry.canonical, digest))
        if article.id not in kept:
            kept.add(article.id)
            articles.append(article)

    live = tuple(
        LiveSource(
            url=s.url,
            kind=s.kind,
            feed=s.feed,
            etag=s.validators.etag,
            last_modified=s.validators.last_modified,
            pages=tuple(pages.get(i, ())),
            summaries=tuple(summaries.get(i, ())),
            known=tuple(dict.fromkeys(s.known)),
            fetched=tuple(fetched.get(i, ())),
            error=s.error,
        )
        for i, s in enumerate(sources)
    )
    for source in live:
        log.info("Fetched %s", source.line())
    return IngestResult(tuple(articles), tuple(problems), live)


_FALLBACK = "the feed entry's own text (its summary) was used instead"


def _cannot(error: FetchError, given: str) -> str:
    where = f" ({error.url})" if error.url not in (given, normalise(given)) else ""
    return f"cannot fetch{where}: {error.reason}"


def _open(
    source: _Source, index: int, fetcher: Fetcher, registry: OutletRegistry, memory: LiveMemory | None
) -> tuple[list[_Entry], list[Problem]]:
    """Fetch a URL given as a source and say what it is: its entries (a feed, or a page's advertised
    feed), or itself as the one entry (an article page, already fetched)."""
    url = normalise(source.url)
    if memory is not None and (known := memory.fetched_hash(url)):
        source.kind = "page"
        source.known.append(known)
        return [], []
    response = _get_feed_or_page(url, fetcher, memory)
    if response.status == 304:
        source.kind, source.feed = "unchanged", url
        source.known.extend(memory.feed_hashes(url) if memory is not None else ())
        return [], []
    if looks_like_feed(response):
        return _feed_entries(source, index, url, response, registry)
    html = page_text(response)
    feeds = advertised_feeds(html, response.url)
    if feeds and not is_article_page(response.url, html):
        feed_url = normalise(feeds[0])
        log.info("%s advertises the feed %s: reading that", source.url, feed_url)
        feed_response = _get_feed_or_page(feed_url, fetcher, memory)
        if feed_response.status == 304:
            source.kind, source.feed = "unchanged", feed_url
            source.known.extend(memory.feed_hashes(feed_url) if memory is not None else ())
            return [], []
        if looks_like_feed(feed_response):
            return _feed_entries(source, index, feed_url, feed_response, registry)
        raise ReadError(f"the feed the page advertises ({feed_url}) is not an RSS/Atom feed")
    source.kind = "page"
    entry = _Entry(url, None, {"url": url}, index)
    _use_page(entry, response, html)
    return [entry], []


def _get_feed_or_page(url: str, fetcher: Fetcher, memory: LiveMemory | None) -> Response:
    saved = memory.feed_validators(url) if memory is not None else None
    validators = Validators(*saved) if saved else None
    return fetcher.get(url, validators=validators, accept=(*FEED_TYPES, *PAGE_TYPES, "text/plain"))


def _feed_entries(
    source: _Source, index: int, feed_url: str, response: Response, registry: OutletRegistry
) -> tuple[list[_Entry], list[Problem]]:
    """A fetched feed's entries, each waiting for its page; the feed's validators kept."""
    parsed, problems = parse_feed(response.body, source.url)
    if parsed is None:
        raise ReadError(problems[0].message if problems else "not a readable RSS/Atom feed")
    source.kind, source.feed, source.validators = "feed", feed_url, response.validators
    outlet = feed_outlet(parsed, registry)
    entries = []
    for n, item in enumerate(parsed.entries, start=1):
        link = (item.get("link") or "").strip()
        fallback = entry_document(item, f"{source.url}#{n}", outlet)
        if not link:
            if fallback is None:
                problems.append(Problem(f"{source.url}#{n}", "feed entry has no link, content or summary"))
                continue
            entries.append(_Entry(f"{source.url}#{n}", None, {}, index, outcome="summary", doc=fallback))
            continue
        url = normalise(urljoin(response.url, link))
        given = dict(fallback.given) if fallback is not None else _given(item, outlet)
        given["url"] = url
        if fallback is not None:
            fallback = Document(url, fallback.text, given)
        entries.append(_Entry(url, fallback, given, index))
    return entries, problems


def _given(item, outlet: str | None) -> dict[str, object]:
    """An entry's metadata when it has no text of its own (entry_document gives it otherwise)."""
    placeholder = {**item, "summary": "-"}
    doc = entry_document(placeholder, "", outlet)
    return dict(doc.given) if doc is not None else {}


def _fetch_pages(entries: list[_Entry], fetcher: Fetcher, report: Progress) -> None:
    """Each waiting entry's page, fetched in parallel (the fetcher keeps hosts and the total polite)."""
    waiting = [e for e in entries if e.doc is None]
    report("pages", 0, len(waiting))
    if not waiting:
        return
    done = 0
    workers = max(1, min(fetcher.policy.concurrency, len(waiting)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="briefing-fetch") as pool:
        for finished in as_completed([pool.submit(_fetch_page, entry, fetcher) for entry in waiting]):
            finished.result()
            done += 1
            report("pages", done, len(waiting))


def _fetch_page(entry: _Entry, fetcher: Fetcher) -> None:
    """The entry's page as its document; on failure the feed's own text, with a note saying why."""
    try:
        response = fetcher.get(entry.url, accept=PAGE_TYPES)
        html = page_text(response)
        _use_page(entry, response, html)
    except (FetchError, ReadError) as error:
        reason = error.reason if isinstance(error, FetchError) else str(error)
        if entry.fallback is None:
            entry.problems.append(Problem(entry.url, f"cannot fetch: {reason}"))
            return
        entry.doc, entry.outcome = entry.fallback, "summary"
        entry.problems.append(Problem(entry.url, f"page not had ({reason}); {_FALLBACK}", "warning"))
        return
    except Exception as error:  # one odd page must never stop the run: name it and go on
        log.debug("reading %s failed", entry.url, exc_info=True)
        if entry.fallback is None:
            entry.problems.append(Problem(entry.url, f"cannot read the page ({error.__class__.__name__}: {error})"))
            return
        entry.doc, entry.outcome = entry.fallback, "summary"
        why = f"cannot read the page ({error.__class__.__name__}); {_FALLBACK}"
        entry.problems.append(Problem(entry.url, why, "warning"))
        return
    if entry.fallback is not None and len(entry.fallback.text) > len(entry.doc.text):
        entry.doc, entry.outcome = entry.fallback, "summary"
        entry.problems.append(
            Problem(entry.url, "the page had less text than the feed entry; the feed's own text was used", "warning")
        )


def _use_page(entry: _Entry, response: Response, html: str) -> None:
    """The fetched page, extracted, as the entry's document (its canonical link remembered)."""
    doc = html_document(html, entry.url, entry.given)
    entry.doc, entry.outcome = doc, "page"
    canonical = doc.page.get("url")
    if canonical and is_url(canonical):
        entry.canonical = normalise(canonical)
