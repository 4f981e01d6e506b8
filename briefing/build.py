"""The build, read as a recipe: ingest -> language pass -> analysis -> render.

Every caller (the ``build`` and ``timeline`` commands, the weekly report, the scheduler, later a
web service or a cluster worker) describes what it wants in one :class:`BuildRequest` and hands it
to :func:`run`, which returns a :class:`BuildResult`. ``run`` never prints or exits: it logs,
reports progress through an optional callback, and raises typed errors (NoInput,
ModelNotInstalled, ClusterError, StoreError, AudienceError, TemplateProblem, WriteProblem; ConfigError comes
earlier, from reading the settings) for the caller to show as it sees fit.

With a store (``briefing.store``) the recipe reads stored articles instead of (or as well as)
paths, and the language pass runs only on articles it has not seen with this pipeline. With the
``cluster`` setting that pass runs on Dask workers (``briefing.nlp.cluster``); its facts come back
here and are stored here, so workers never need the store.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from briefing.config import Settings, templates_dir
from briefing.ingest import DEFAULT_MAX_BYTES, load, load_registry, load_rules
from briefing.ingest.feeds import is_feed, load_feed
from briefing.ingest.fetch import DEFAULT_USER_AGENT, Fetcher, FetchPolicy
from briefing.ingest.live import LiveMemory, is_url, read_live
from briefing.model import Article, ArticleFacts, Brief, IngestResult, LiveSource, Problem
from briefing.nlp.pipeline import extract_facts
from briefing.store import (
    ADDED,
    PRESENT,
    UPDATED,
    CacheReport,
    Selection,
    Store,
    StoreError,
    cached_facts,
    content_hash,
    default_store_path,
    open_store,
    pipeline_version,
    store_exists,
)
from briefing.stories.catalog import StorySummary, summarise
from briefing.stories.grouping import GroupingSettings
from briefing.stories.tracking import StoryUpdate, update_stories
from briefing.timing import StageTimer

log = logging.getLogger("briefing")

# The analysis (spaCy's types), the audiences and the renderers (WeasyPrint, matplotlib) are
# imported where they are used: listing or grouping stories never needs them, and importing them
# takes seconds.


class NoInput(Exception):
    """Nothing readable was given: there is no brief to make."""


Progress = Callable[[str, int, int], None]
"""How far a build has got: ``(stage, done, total)``. Stages, in order: "articles" (reading paths,
storing them, selecting from the store: 0 of 1, then 1 of 1), with URLs given "fetch" (each URL
opened) and "pages" (each feed entry's page fetched) inside it, "language pass" (0 of N, then one
step per article parsed; N is 0 when every article was cached), "analyse" and "render" (0 of 1,
then 1 of 1). A terminal shows a bar with it; a web service can report it to its client."""

Until = Literal["facts", "brief", "files"]


@dataclass(frozen=True)
class BuildRequest:
    """Everything one build needs, as one value: what a command, the scheduler or a worker asks for.

    Where the articles come from: ``sources`` (files, folders, .jsonl, feeds), or a ``store``
    (an open :class:`~briefing.store.Store`, which the caller closes, or a location, which
    :func:`run` opens and closes), or both: the sources are stored first and the brief covers
    those of them that ``selection`` picks. Without a store ``selection`` filters what was read.
    """

    sources: tuple[str | Path, ...] = ()
    selection: Selection | None = None
    store: Store | str | Path | None = None  # a location may be "" for the default store file
    audience: str | None = None  # profile name; None: settings.audience
    formats: tuple[str, ...] | None = None  # None: settings.formats
    out_dir: Path = Path("reports")
    title: str | None = None  # None: made from the key actors
    templates_dir: Path | None = None  # user templates in front of the built-in ones; None: settings.templates
    outlets_file: Path | None = None  # an extra outlet registry
    settings: Settings = field(default_factory=Settings)
    generated_at: datetime | None = None  # None: now
    basename: str = "brief"  # file names: brief.md, brief.html...
    # How far to go: "facts" (the language pass, for a timeline), "brief" (the analysed brief, no
    # audience view, nothing written) or "files" (the audience's view, written in every format).
    until: Until = "files"
    # A last step on the analysed brief, before the audience view (the weekly report adds its
    # comparison with the week before). Leave it out of requests sent to another process.
    amend: Callable[[Brief], Brief] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", tuple(self.sources))
        if self.until not in ("facts", "brief", "files"):
            raise ValueError(f"bad until {self.until!r}: facts, brief or files")

    @property
    def user_templates(self) -> Path | None:
        """The user templates folder this build uses: the request's, else the settings'."""
        return self.templates_dir if self.templates_dir is not None else templates_dir(self.settings)


@dataclass(frozen=True)
class BuildResult:
    """What a build made: the brief as written (None when the request stopped at the facts), the
    files, the skipped inputs, the time per stage, the cache's hits and misses."""

    brief: Brief | None
    written: tuple[Path, ...]
    problems: tuple[Problem, ...]
    timer: StageTimer
    cache: CacheReport | None = None
    facts: tuple[ArticleFacts, ...] = ()  # only when the request stops at the facts


@dataclass(frozen=True)
class IngestSummary:
    """What one ``briefing ingest`` did, article by article."""

    added: tuple[str, ...] = ()  # Article.path of each
    present: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()  # already stored; given metadata replaced inferred metadata
    problems: tuple[Problem, ...] = ()  # skipped inputs (severity "error") and notes ("warning")
    hashes: tuple[str, ...] = ()  # content hash of every article read (or known from a live source), in order
    live: tuple[LiveSource, ...] = ()  # what each URL given as a source did

    @property
    def skipped(self) -> tuple[Problem, ...]:
        """The inputs that could not be read (notes left out)."""
        return tuple(p for p in self.problems if p.severity == "error")

    def line(self) -> str:
        """One line for the terminal and the logs: "3 added, 2 already present, ...", and with live
        sources what was fetched: "; pages: 5 fetched, 1 from the feed's text, 7 known; 1 feed unchanged"."""
        line = (
            f"{len(self.added)} added, {len(self.present)} already present, "
            f"{len(self.updated)} updated, {len(self.skipped)} skipped"
        )
        if not self.live:
            return line
        fetched = sum(len(s.pages) for s in self.live)
        summaries = sum(len(s.summaries) for s in self.live)
        known = sum(len(s.known) for s in self.live)
        unchanged = sum(1 for s in self.live if s.kind == "unchanged")
        failed = sum(1 for s in self.live if s.kind == "failed")
        line += f"; pages: {fetched} fetched, {summaries} from the feed's text, {known} fetched before"
        if unchanged:
            line += f"; {unchanged} feed(s) unchanged"
        if failed:
            line += f"; {failed} URL(s) failed"
        return line


# --------------------------------------------------------------------------- ingest


def fetch_policy(settings: Settings) -> FetchPolicy:
    """The fetcher's manners and limits, from the settings."""
    return FetchPolicy(
        user_agent=settings.user_agent or DEFAULT_USER_AGENT,
        delay=max(0.0, settings.fetch_delay),
        concurrency=max(1, settings.fetch_concurrency),
        timeout=max(0.1, settings.fetch_timeout),
        max_bytes=max(1, settings.fetch_max_bytes),
        retries=max(0, settings.fetch_retries),
        allow_hosts=settings.fetch_allow_hosts,
    )


def read_sources(
    sources: Sequence[str | Path],
    outlets_file: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    settings: Settings | None = None,
    memory: LiveMemory | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Files, folders and .jsonl through ``load`` (in one call: manifests, duplicates); saved feeds
    apart; URLs (feeds, pages) through the fetcher, with ``memory`` (the store) of earlier runs."""
    registry = load_registry(outlets_file)
    urls = [str(s) for s in sources if is_url(s)]
    feeds = [s for s in sources if not is_url(s) and is_feed(s)]
    paths = [s for s in sources if not is_url(s) and not is_feed(s)]
    parts = [load(paths, registry=registry, max_bytes=max_bytes)] if paths else []
    parts += [load_feed(feed, registry) for feed in feeds]
    if urls:
        with Fetcher(fetch_policy(settings or Settings())) as fetcher:
            parts.append(read_live(urls, fetcher, registry, load_rules(), memory, progress))
    articles: list[Article] = []
    seen: set[str] = set()
    for part in parts:
        for article in part.articles:
            if article.id not in seen:
                seen.add(article.id)
                articles.append(article)
    problems = tuple(p for part in parts for p in part.problems)
    return IngestResult(tuple(articles), problems, tuple(live for part in parts for live in part.live))


def ingest(
    sources: Sequence[str | Path],
    store: Store,
    outlets_file: Path | None = None,
    on_article: Callable[[Article, str], None] | None = None,
    on_read: Callable[[int], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Read ``sources`` and add each article to the store, one transaction per article; then what
    the live sources learnt (feed validators, URLs fetched), so the next run fetches only what is new.

    ``progress`` follows the fetching ("fetch": sources opened, "pages": entries' pages fetched)."""
    read = read_sources(sources, outlets_file, max_bytes, settings=settings, memory=store, progress=progress)
    if on_read is not None:
        on_read(len(read.articles))
    outcomes: dict[str, list[str]] = {ADDED: [], PRESENT: [], UPDATED: []}
    for article in read.articles:
        outcome = store.add(article)
        outcomes[outcome].append(article.path)
        if on_article is not None:
            on_article(article, outcome)
    for live in read.live:
        store.remember_live(live)
    hashes = [content_hash(a.text) for a in read.articles]
    known = [h for live in read.live for h in live.known]
    return IngestSummary(
        added=tuple(outcomes[ADDED]),
        present=tuple(outcomes[PRESENT]),
        updated=tuple(outcomes[UPDATED]),
        problems=read.problems,
        hashes=tuple(dict.fromkeys([*hashes, *known])),
        live=read.live,
    )


# --------------------------------------------------------------------------- the build


def run(request: BuildRequest, *, progress: Progress | None = None) -> BuildResult:
    """Make the brief ``request`` describes: the one entry point every caller uses.

    Raises NoInput (no article left), ModelNotInstalled, ClusterError (the ``cluster`` setting's
    scheduler or workers cannot be used), StoreError, AudienceError, TemplateProblem or
    WriteProblem; never prints and never exits, so a command, a scheduler or a worker process can
    each report them in their own way.
    """
    from briefing.audiences import load_audience

    report = progress or _no_progress
    settings = request.settings
    timer = StageTimer()
    audience = None
    if request.until == "files":  # a bad profile fails before any work
        audience = load_audience(request.audience or settings.audience, request.user_templates)
    with _store_of(request) as store:
        articles, problems = _articles(request, store, timer, report)
        if request.until == "facts":
            facts, cache = _language_pass(articles, settings, store, timer, report)
            return BuildResult(None, (), problems, timer, cache, tuple(facts))
        brief, cache = _analysed(
            articles, settings, problems, request.title, request.generated_at, timer, store, report
        )
        if request.amend is not None:
            brief = request.amend(brief)
    if audience is None:
        return BuildResult(brief, (), problems, timer, cache)
    from briefing.analyse.audience import audience_view
    from briefing.render import write_brief

    report("render", 0, 1)
    with timer("render"):
        brief = audience_view(brief, audience)
        written = write_brief(
            brief,
            request.out_dir,
            request.formats if request.formats is not None else settings.formats,
            settings=settings,
            templates_dir=request.user_templates,
            basename=request.basename,
            audience=audience,
        )
    report("render", 1, 1)
    for path in written:
        log.info("Wrote %s", path)
    return BuildResult(brief, tuple(written), problems, timer, cache)


# --------------------------------------------------------------------------- stories


def group_stories(
    store: Store, settings: Settings, *, progress: Progress | None = None, timer: StageTimer | None = None
) -> StoryUpdate:
    """Place every stored article that is in no story yet (the language pass runs on those whose
    facts are not cached): what ``ingest``, ``stories``, ``build --story`` and the weekly report
    do first."""
    timer = timer or StageTimer()
    report = progress or _no_progress

    def facts_for(articles: Sequence[Article]) -> list[ArticleFacts]:
        return _language_pass(articles, settings, store, timer, report)[0]

    with timer("stories"):
        return update_stories(store, facts_for, pipeline_version(settings.spacy_model), grouping_settings(settings))


def grouping_settings(settings: Settings) -> GroupingSettings:
    """The story grouping's settings: its defaults, with the bar the user may set."""
    return GroupingSettings(threshold=settings.story_threshold)


def language_pass(articles: Sequence[Article], settings: Settings, store: Store | None = None) -> list[ArticleFacts]:
    """The facts of ``articles``, from the store's cache where it has them."""
    return _language_pass(articles, settings, store, StageTimer(), _no_progress)[0]


def stories_in(store: Store, selection: Selection | None = None) -> list[StorySummary]:
    """The stories of the stored articles ``selection`` picks (only those articles), biggest first."""
    articles = store.select(selection or Selection())
    story_of = store.story_of([content_hash(a.text) for a in articles])
    groups: dict[str, list[Article]] = {}
    for article in articles:
        story = story_of.get(content_hash(article.text))
        if story is not None:
            groups.setdefault(story, []).append(article)
    return summarise(groups)


@dataclass(frozen=True)
class StoryBrief:
    """One story's brief in a per-story build: the story and what its build made."""

    story: StorySummary
    result: BuildResult


def run_per_story(
    request: BuildRequest, min_articles: int = 3, *, progress: Progress | None = None
) -> tuple[list[StoryBrief], list[StorySummary], tuple[Problem, ...]]:
    """One brief per story of at least ``min_articles`` articles, each into ``out_dir/STORY-ID/``:
    events are merged only within a story. The sources are stored first (in a temporary store
    when the request names none) and grouped. Returns the briefs, the smaller stories left out,
    and the inputs' problems."""
    with contextlib.ExitStack() as stack:
        store = request.store
        if store is None:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="briefing-stories-"))
            store = stack.enter_context(open_store(Path(folder) / "stories.sqlite3"))
        elif not isinstance(store, Store):
            store = stack.enter_context(open_store_at(store, must_exist=not request.sources))
        selection = request.selection or Selection()
        problems: tuple[Problem, ...] = ()
        if request.sources:
            summary = ingest(
                request.sources,
                store,
                request.outlets_file,
                max_bytes=request.settings.max_file_bytes,
                settings=request.settings,
                progress=progress,
            )
            log.info("Stored: %s", summary.line())
            problems = summary.problems
            selection = dataclasses.replace(selection, hashes=summary.hashes)
        group_stories(store, request.settings, progress=progress)
        stories = stories_in(store, selection)
        if not stories:
            raise NoInput("no article to group: " + (", ".join(map(str, request.sources)) or store.shown))
        chosen = [s for s in stories if len(s.articles) >= min_articles]
        briefs = []
        for story in chosen:
            story_request = dataclasses.replace(
                request,
                sources=(),
                store=store,
                selection=dataclasses.replace(selection, story=story.id),
                out_dir=Path(request.out_dir) / story.id,
                title=request.title or story.title,
            )
            briefs.append(StoryBrief(story, run(story_request, progress=progress)))
        return briefs, [s for s in stories if len(s.articles) < min_articles], problems


def open_store_at(location: str | Path | None, *, must_exist: bool = False) -> Store:
    """The store at ``location`` (None or "": the default file). With ``must_exist`` an SQLite
    file that is not there yet is a StoreError: reading never creates an empty store by accident."""
    location = location or default_store_path()
    if must_exist and not store_exists(location):
        raise StoreError(f"no store at {location}: add articles with `briefing ingest` first, or pass --store")
    return open_store(location)


def brief_from_articles(
    articles: Sequence[Article],
    settings: Settings,
    problems: Sequence[Problem] = (),
    title: str | None = None,
    generated_at: datetime | None = None,
    timer: StageTimer | None = None,
    store: Store | None = None,
) -> tuple[Brief, CacheReport | None]:
    """The analysed brief of articles already chosen: kept for benchmarks.cached_rebuild, which
    times the language pass and analysis alone."""
    return _analysed(articles, settings, problems, title, generated_at, timer or StageTimer(), store, _no_progress)


# --------------------------------------------------------------------------- its steps


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


@contextlib.contextmanager
def _store_of(request: BuildRequest) -> Iterator[Store | None]:
    """The request's store: an open one as it is (its owner closes it), a location opened for the
    build and closed after it (it must exist when it is the only source), or none."""
    if request.store is None or isinstance(request.store, Store):
        yield request.store
        return
    store = open_store_at(request.store, must_exist=not request.sources)
    try:
        yield store
    finally:
        store.close()


def _articles(
    request: BuildRequest, store: Store | None, timer: StageTimer, report: Progress
) -> tuple[list[Article], tuple[Problem, ...]]:
    """The articles a brief is made from, their problems logged; NoInput when none is left.

    Paths only: read them (the selection filters what was read). Store only: the stored articles
    the selection picks. Both: the paths are ingested into the store first, and the brief covers
    those articles (as stored) that the selection picks.
    """
    sources, settings = request.sources, request.settings
    selection = request.selection or Selection()
    problems: tuple[Problem, ...] = ()
    report("articles", 0, 1)
    if store is None:
        with timer("ingest"):
            read = read_sources(
                sources, request.outlets_file, settings.max_file_bytes, settings=settings, progress=report
            )
        articles, problems = [a for a in read.articles if selection.matches(a)], read.problems
    else:
        if sources:
            with timer("ingest"):
                summary = ingest(
                    sources,
                    store,
                    request.outlets_file,
                    max_bytes=settings.max_file_bytes,
                    settings=settings,
                    progress=report,
                )
            log.info("Stored: %s", summary.line())
            problems = summary.problems
            selection = dataclasses.replace(selection, hashes=summary.hashes)
        with timer("store"):
            articles = store.select(selection)
    for problem in problems:
        log.warning("%s: %s", problem.path, problem.message)
    if not articles:
        if store is not None and not sources:
            raise NoInput(f"no stored article matches the selection in {store.shown}")
        if request.selection is not None and request.selection != Selection():
            raise NoInput("no article matches the selection in " + ", ".join(str(s) for s in sources))
        raise NoInput("no readable article in " + ", ".join(str(s) for s in sources))
    report("articles", 1, 1)
    return articles, problems


def _language_pass(
    articles: Sequence[Article], settings: Settings, store: Store | None, timer: StageTimer, report: Progress
) -> tuple[list[ArticleFacts], CacheReport | None]:
    """ArticleFacts for every article; with a store, spaCy runs only on the cache misses."""
    parsed = False

    def extract(missing: Sequence[Article]) -> list[ArticleFacts]:
        nonlocal parsed
        parsed = True
        done, total = 0, len(missing)

        def step(article: Article) -> None:
            nonlocal done
            done += 1
            log.debug("Language pass %d: %s", done, article.path)
            report("language pass", done, total)

        report("language pass", 0, total)
        return extract_facts(
            missing,
            settings.spacy_model,
            on_article=step,
            timer=timer,
            processes=settings.processes,
            cluster=settings.cluster or None,
        )

    if store is None:
        return extract(articles), None
    with timer("cache read"):
        version = pipeline_version(settings.spacy_model)
    facts, cache = cached_facts(store, articles, version, extract, timer)
    if not parsed:
        report("language pass", 0, 0)
    log.info("Language pass: %d cached, %d new", cache.hits, cache.misses)
    return facts, cache


def _analysed(
    articles: Sequence[Article],
    settings: Settings,
    problems: Sequence[Problem],
    title: str | None,
    generated_at: datetime | None,
    timer: StageTimer,
    store: Store | None,
    report: Progress,
) -> tuple[Brief, CacheReport | None]:
    """The language pass and the analysis: the brief every audience's view is made from."""
    from briefing.analyse.brief import build_brief

    outlets = sorted({a.outlet for a in articles})
    log.info("Using %d article(s) from %d outlet(s): %s", len(articles), len(outlets), ", ".join(outlets))
    facts, cache = _language_pass(articles, settings, store, timer, report)
    report("analyse", 0, 1)
    with timer("analyse"):
        profiles = load_registry().profiles(outlets)  # the packaged registry's, as before user files
        brief = build_brief(facts, settings, problems, title=title, generated_at=generated_at, outlet_profiles=profiles)
    report("analyse", 1, 1)
    log.info(
        "Found %d actor(s), %d dated event(s), %d quote(s)",
        len(brief.actors),
        len(brief.events),
        len(brief.quotes),
    )
    return brief, cache
