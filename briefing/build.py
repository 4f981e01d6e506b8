"""The build, read as a recipe: ingest -> language pass -> analysis -> render.

With a store (``briefing.store``) the recipe reads stored articles instead of (or as well as)
paths, and the language pass runs only on articles it has not seen with this pipeline.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from briefing.analyse.brief import build_brief
from briefing.audiences import apply_audience, load_audience
from briefing.config import Settings
from briefing.ingest import DEFAULT_MAX_BYTES, load, load_registry
from briefing.ingest.feeds import is_feed, load_feed
from briefing.model import Article, ArticleFacts, Brief, IngestResult, Problem
from briefing.nlp.pipeline import extract_facts
from briefing.render import write_brief
from briefing.store import ADDED, PRESENT, UPDATED, CacheReport, Selection, Store, cached_facts, content_hash
from briefing.store import pipeline_version as _pipeline_version
from briefing.timing import StageTimer

log = logging.getLogger("briefing")


class NoInput(Exception):
    """Nothing readable was given: there is no brief to make."""


@dataclass(frozen=True)
class BuildResult:
    brief: Brief
    written: tuple[Path, ...]
    problems: tuple[Problem, ...]
    timer: StageTimer
    cache: CacheReport | None = None


@dataclass(frozen=True)
class IngestSummary:
    """What one ``briefing ingest`` did, article by article."""

    added: tuple[str, ...] = ()  # Article.path of each
    present: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()  # already stored; given metadata replaced inferred metadata
    problems: tuple[Problem, ...] = ()  # skipped inputs (severity "error") and notes ("warning")
    hashes: tuple[str, ...] = ()  # content hash of every article read, in input order

    @property
    def skipped(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    def line(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.present)} already present, "
            f"{len(self.updated)} updated, {len(self.skipped)} skipped"
        )


# --------------------------------------------------------------------------- ingest


def read_sources(
    sources: Sequence[str | Path], outlets_file: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> IngestResult:
    """Files, folders and .jsonl through ``load`` (in one call: manifests, duplicates); feeds apart."""
    registry = load_registry(outlets_file)
    feeds = [s for s in sources if is_feed(s)]
    paths = [s for s in sources if not is_feed(s)]
    parts = [load(paths, registry=registry, max_bytes=max_bytes)] if paths else []
    parts += [load_feed(feed, registry) for feed in feeds]
    articles: list[Article] = []
    seen: set[str] = set()
    for part in parts:
        for article in part.articles:
            if article.id not in seen:
                seen.add(article.id)
                articles.append(article)
    return IngestResult(tuple(articles), tuple(p for part in parts for p in part.problems))


def ingest(
    sources: Sequence[str | Path],
    store: Store,
    outlets_file: Path | None = None,
    on_article: Callable[[Article, str], None] | None = None,
    on_read: Callable[[int], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> IngestSummary:
    """Read ``sources`` and add each article to the store, one transaction per article."""
    read = read_sources(sources, outlets_file, max_bytes)
    if on_read is not None:
        on_read(len(read.articles))
    outcomes: dict[str, list[str]] = {ADDED: [], PRESENT: [], UPDATED: []}
    for article in read.articles:
        outcome = store.add(article)
        outcomes[outcome].append(article.path)
        if on_article is not None:
            on_article(article, outcome)
    return IngestSummary(
        added=tuple(outcomes[ADDED]),
        present=tuple(outcomes[PRESENT]),
        updated=tuple(outcomes[UPDATED]),
        problems=read.problems,
        hashes=tuple(content_hash(a.text) for a in read.articles),
    )


# --------------------------------------------------------------------------- brief


def pipeline_version(settings: Settings) -> str:
    return _pipeline_version(settings.spacy_model)


def language_pass(
    articles: Sequence[Article],
    settings: Settings,
    store: Store | None = None,
    timer: StageTimer | None = None,
) -> tuple[list[ArticleFacts], CacheReport | None]:
    """ArticleFacts for every article; with a store, spaCy runs only on the cache misses."""
    timer = timer or StageTimer()
    done = 0
    bar = None

    def progress(article: Article) -> None:
        nonlocal done
        done += 1
        log.debug("Language pass %d: %s", done, article.path)
        if bar is not None:
            bar.update(1)

    def extract(missing: Sequence[Article]) -> list[ArticleFacts]:
        nonlocal bar
        bar = _progress_bar(len(missing))
        try:
            return extract_facts(
                missing,
                settings.spacy_model,
                on_article=progress,
                timer=timer,
                processes=settings.processes,
            )
        finally:
            if bar is not None:
                bar.close()

    if store is None:
        return extract(articles), None
    with timer("cache read"):
        version = pipeline_version(settings)
    facts, report = cached_facts(store, articles, version, extract, timer)
    log.info("Language pass: %d cached, %d new", report.hits, report.misses)
    return facts, report


def _progress_bar(total: int):
    """A tqdm bar for the language pass on standard error: only on a terminal, never with -q
    (which raises the briefing logger to WARNING), and not for a handful of articles."""
    if total < 20 or not sys.stderr.isatty() or not log.isEnabledFor(logging.INFO):
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", desc="Language pass", file=sys.stderr, leave=False)


def brief_from_articles(
    articles: Sequence[Article],
    settings: Settings,
    problems: Sequence[Problem] = (),
    title: str | None = None,
    generated_at: datetime | None = None,
    timer: StageTimer | None = None,
    store: Store | None = None,
) -> tuple[Brief, CacheReport | None]:
    timer = timer or StageTimer()
    outlets = sorted({a.outlet for a in articles})
    log.info("Using %d article(s) from %d outlet(s): %s", len(articles), len(outlets), ", ".join(outlets))
    facts, report = language_pass(articles, settings, store, timer)
    with timer("analyse"):
        brief = build_brief(facts, settings, problems, title=title, generated_at=generated_at)
    log.info(
        "Found %d actor(s), %d dated event(s), %d quote(s)",
        len(brief.actors),
        len(brief.events),
        len(brief.quotes),
    )
    return brief, report


def select_articles(
    sources: Sequence[str | Path],
    outlets_file: Path | None = None,
    store: Store | None = None,
    selection: Selection | None = None,
    timer: StageTimer | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[list[Article], tuple[Problem, ...]]:
    """The articles a brief is made from.

    Paths only: read them (``selection`` filters what was read). Store only: the stored articles
    ``selection`` picks. Both: the paths are ingested into the store first, and the brief covers
    those articles (as stored) that ``selection`` picks.
    """
    timer = timer or StageTimer()
    selection = selection or Selection()
    if store is None:
        with timer("ingest"):
            read = read_sources(sources, outlets_file, max_bytes)
        return [a for a in read.articles if selection.matches(a)], read.problems
    problems: tuple[Problem, ...] = ()
    if sources:
        with timer("ingest"):
            summary = ingest(sources, store, outlets_file, max_bytes=max_bytes)
        log.info("Stored: %s", summary.line())
        problems = summary.problems
        selection = dataclasses.replace(selection, hashes=summary.hashes)
    with timer("store"):
        articles = store.select(selection)
    return articles, problems


def make_brief(
    sources: Sequence[str | Path],
    settings: Settings,
    title: str | None = None,
    outlets_file: Path | None = None,
    generated_at: datetime | None = None,
    timer: StageTimer | None = None,
    *,
    store: Store | None = None,
    selection: Selection | None = None,
) -> tuple[Brief, tuple[Problem, ...]]:
    brief, problems, _ = _make_brief(sources, settings, title, outlets_file, generated_at, timer, store, selection)
    return brief, problems


def chosen_articles(
    sources: Sequence[str | Path],
    settings: Settings,
    outlets_file: Path | None = None,
    store: Store | None = None,
    selection: Selection | None = None,
    timer: StageTimer | None = None,
) -> tuple[list[Article], tuple[Problem, ...]]:
    """``select_articles`` for a command: its problems logged, NoInput when no article is left."""
    articles, problems = select_articles(sources, outlets_file, store, selection, timer, settings.max_file_bytes)
    for problem in problems:
        log.warning("%s: %s", problem.path, problem.message)
    if not articles:
        if store is not None and not sources:
            raise NoInput(f"no stored article matches the selection in {store.shown}")
        if selection is not None and selection != Selection():
            raise NoInput("no article matches the selection in " + ", ".join(str(s) for s in sources))
        raise NoInput("no readable article in " + ", ".join(str(s) for s in sources))
    return articles, problems


def _make_brief(sources, settings, title, outlets_file, generated_at, timer, store, selection):
    timer = timer or StageTimer()
    articles, problems = chosen_articles(sources, settings, outlets_file, store, selection, timer)
    brief, report = brief_from_articles(articles, settings, problems, title, generated_at, timer, store)
    return brief, problems, report


def build(
    sources: Sequence[str | Path],
    out_dir: Path,
    settings: Settings,
    title: str | None = None,
    templates_dir: Path | None = None,
    outlets_file: Path | None = None,
    generated_at: datetime | None = None,
    *,
    store: Store | None = None,
    selection: Selection | None = None,
) -> BuildResult:
    timer = StageTimer()
    audience = load_audience(settings.audience, templates_dir)  # a bad profile fails before any work
    brief, problems, report = _make_brief(sources, settings, title, outlets_file, generated_at, timer, store, selection)
    with timer("render"):
        brief = apply_audience(brief, audience)
        written = write_brief(
            brief, out_dir, settings.formats, settings=settings, templates_dir=templates_dir, audience=audience
        )
    for path in written:
        log.info("Wrote %s", path)
    log.debug("Time per stage:\n%s", timer.table())
    return BuildResult(brief, tuple(written), problems, timer, report)
