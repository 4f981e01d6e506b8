"""The `briefing` command: build a brief, keep a corpus store, write weekly reports on a schedule.

Exit codes: 0 all inputs used; 1 the brief was written but some inputs were skipped;
2 nothing could be done (no readable input, bad arguments, a bad config, a failed render).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import __version__
from briefing.config import (
    HELP,
    ConfigError,
    Settings,
    find_config,
    from_environment,
    from_file,
    read_config,
    templates_dir,
)

if TYPE_CHECKING:
    from datetime import datetime

    from briefing.build import BuildRequest, BuildResult, IngestSummary
    from briefing.model import Problem
    from briefing.schedule import Schedule
    from briefing.store import Selection, Store

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED = 0, 1, 2
FORMATS = ("md", "html", "pdf", "json")

log = logging.getLogger("briefing")


class _Failed(Exception):
    """The command cannot go on: ``main`` prints ``briefing: error: MESSAGE`` and exits with 2."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit code says whether every input was used (0), some were skipped (1)
    or nothing could be done (2)."""
    parser = _parser()
    args = parser.parse_args(_with_stories_list(list(sys.argv[1:] if argv is None else argv)))
    _configure_logging(args.verbose, args.quiet)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_FAILED
    try:
        return args.run(args)
    except _Failed as failure:
        return _fail(failure)


STORY_ACTIONS = ("list", "merge", "split")


def _with_stories_list(argv: list[str]) -> list[str]:
    """``briefing stories SOURCES...`` is ``briefing stories list SOURCES...``: list is the default."""
    at = 0
    while at < len(argv) and argv[at].startswith("-"):
        at += 2 if argv[at] == "--config" else 1  # the one global option that takes a value
    if at >= len(argv) or argv[at] != "stories":
        return argv
    rest = argv[at + 1 :]
    if rest and (rest[0] in STORY_ACTIONS or rest[0] in ("-h", "--help")):
        return argv
    return [*argv[: at + 1], "list", *rest]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Turn news articles from several outlets into a cited brief (Markdown, HTML, PDF, JSON).",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="say more about each step")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    parser.add_argument(
        "--config",
        type=Path,
        help="config file (default: $BRIEFING_CONFIG, else ./briefing.toml when present)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build a brief from article files and folders, or from the store",
        description="Build a brief from articles (.txt, .md, .html, .json, .jsonl, RSS/Atom feeds; folders "
        "are read recursively, a folder's manifest.csv gives metadata) and write it in every format. With "
        "no paths, the brief is made from the store; --since, --until, --outlet and --query select articles.",
    )
    _article_options(build, "articles published")
    build.add_argument("--out", type=Path, default=Path("reports"), help="output folder (default: reports/)")
    build.add_argument(
        "--format",
        dest="formats",
        action="append",
        choices=FORMATS,
        help="format to write; repeat for several (default: all four)",
    )
    build.add_argument("--title", help="the brief's title (default: made from the key actors)")
    build.add_argument("--templates", type=Path, help="folder of templates placed in front of the built-in ones")
    build.add_argument(
        "--audience",
        help="audience profile: analyst (everything; the default), executive (one page), press, or a profile in "
        "the --templates folder (see `briefing templates list`)",
    )
    build.add_argument("--page-size", choices=("A4", "Letter"), help=HELP["page_size"])
    build.add_argument(
        "--query",
        action="append",
        default=[],
        help="only articles whose text mentions this term or actor (case-insensitive); repeat: all of them",
    )
    build.add_argument(
        "--story",
        help="only this story's articles (an id from `briefing stories`); `auto`: one brief per story of at least "
        "--min-articles articles, each into OUT/STORY-ID/",
    )
    build.add_argument(
        "--min-articles",
        type=_positive,
        default=3,
        help="with --story auto: the fewest articles a story needs for a brief of its own (default: 3)",
    )
    build.set_defaults(run=_run_build)

    ingest = commands.add_parser(
        "ingest",
        help="add articles and feeds to the corpus store",
        description="Add articles to the store: files, folders (read recursively, manifest.csv honoured), "
        ".jsonl, saved RSS/Atom feed files, and URLs: a feed (each entry's page is fetched and read in full; "
        "the entry's summary only when the page cannot be had), a page that advertises a feed, or an article "
        "page. Fetching is polite (robots.txt, a delay per site) and an unchanged feed costs one request. "
        "The same text is stored once, however often it is ingested.",
    )
    ingest.add_argument("sources", nargs="+", help="files, folders, feed files, feed URLs or article URLs")
    _store_option(ingest)
    ingest.add_argument("--outlets", type=Path, help="extra outlet registry (YAML) merged over the built-in one")
    ingest.add_argument("--model", help=HELP["spacy_model"])
    ingest.add_argument(
        "--no-stories",
        action="store_true",
        help="only store the articles; they join their stories at the next ingest, `stories`, `build --story` or "
        "weekly report (grouping runs the language pass, which is cached)",
    )
    ingest.add_argument("--cluster", help=HELP["cluster"] + " Used where ingest runs the language pass (stories).")
    ingest.set_defaults(run=_run_ingest)

    stories = commands.add_parser(
        "stories",
        help="the stories in the store or in the given files, biggest first; merge or split them",
        description="Group articles into stories (each article joins the story it belongs to, or starts one, as "
        "it arrives) and list them, biggest first: `briefing stories [list] [SOURCES...]`. With sources they are "
        "stored first (in a temporary store unless --store is given) and only their stories are listed, but they "
        "are grouped with every article the store already holds: one store, one grouping. "
        "`briefing stories merge A B` and "
        "`briefing stories split ID --articles ...` correct the grouping; the store keeps the correction through "
        "later ingests.",
    )
    story_actions = stories.add_subparsers(dest="story_action", metavar="ACTION")
    slist = story_actions.add_parser("list", help="list the stories (the default action)")
    slist.add_argument("sources", nargs="*", help="article files, folders, feeds or URLs (none: the store)")
    slist.add_argument("--since", type=_day, help="only articles published on or after this day (YYYY-MM-DD)")
    slist.add_argument("--until", type=_day, help="only articles published on or before this day (YYYY-MM-DD)")
    slist.add_argument("--json", action="store_true", help="print a JSON list of stories with their articles")
    slist.add_argument("--limit", type=_positive, help="show only the biggest N stories")
    slist.add_argument("--outlets", type=Path, help="extra outlet registry (YAML) merged over the built-in one")
    slist.add_argument("--model", help=HELP["spacy_model"])
    _store_option(slist, "with paths: store them there first")
    slist.set_defaults(run=_run_stories)
    smerge = story_actions.add_parser("merge", help="merge story B into story A (A keeps its id)")
    smerge.add_argument("keep", help="the story that stays")
    smerge.add_argument("gone", help="the story whose articles join it")
    smerge.add_argument("--model", help=HELP["spacy_model"])
    _store_option(smerge)
    smerge.set_defaults(run=_run_stories_merge)
    ssplit = story_actions.add_parser("split", help="move some of a story's articles into a new story")
    ssplit.add_argument("story", help="the story to split")
    ssplit.add_argument(
        "--articles", nargs="+", required=True, help="ids of the articles that leave (source_id in --json)"
    )
    ssplit.add_argument("--model", help=HELP["spacy_model"])
    _store_option(ssplit)
    ssplit.set_defaults(run=_run_stories_split)

    weekly = commands.add_parser(
        "weekly",
        help="write the report for one ISO week from the store",
        description="Write the brief of one ISO week's stored articles (by publication date), with a "
        "section on what changed since the week before and the week's top stories (each with its own brief in "
        "OUT/WEEK/stories/STORY-ID/), to OUT/WEEK/AUDIENCE.{md,html,pdf,json}. --story or --query make it the "
        "report of one story or query. Running it again for the same week writes the same files.",
    )
    weekly.add_argument("--story", help="only this story (an id from `briefing stories`)")
    weekly.add_argument(
        "--query",
        action="append",
        default=[],
        help="only articles whose text mentions this term (case-insensitive); repeat: all of them",
    )
    weekly.add_argument("--week", help="ISO week, e.g. 2018-W07 (default: the last complete week)")
    weekly.add_argument(
        "--audience",
        help="audience profile, also the report's file name: analyst (default), executive, press or a custom one",
    )
    weekly.add_argument(
        "--out", type=Path, default=Path("reports/weekly"), help="output folder (default: reports/weekly/)"
    )
    weekly.add_argument(
        "--format", dest="formats", action="append", choices=FORMATS, help="format to write; repeatable"
    )
    weekly.add_argument("--templates", type=Path, help="folder of templates placed in front of the built-in ones")
    weekly.add_argument("--model", help=HELP["spacy_model"])
    weekly.add_argument("--page-size", choices=("A4", "Letter"), help=HELP["page_size"])
    _store_option(weekly)
    weekly.set_defaults(run=_run_weekly)

    schedule = commands.add_parser(
        "schedule",
        help="run or show the scheduled jobs of the config file",
        description="Jobs are [jobs.NAME] tables in briefing.toml: sources, cron, audience, formats, out.",
    )
    schedule_commands = schedule.add_subparsers(dest="schedule_command", metavar="ACTION", required=True)
    run = schedule_commands.add_parser(
        "run",
        help="run the jobs in the foreground (catching up once on a run missed while stopped)",
        description="Run the jobs on their schedules until interrupted. A run missed while the machine was "
        "off is caught up once at start. With --now: run the jobs once, now, and exit (for cron or systemd).",
    )
    run.add_argument("--job", action="append", default=[], help="only this job; repeatable")
    run.add_argument("--now", action="store_true", help="run the job(s) once now and exit")
    _store_option(run)
    run.set_defaults(run=_run_schedule)
    show = schedule_commands.add_parser("show", help="print the jobs and their next run times")
    _store_option(show)
    show.set_defaults(run=_run_schedule_show)

    templates = commands.add_parser(
        "templates",
        help="list the built-in templates and audience profiles, or copy a starting set to edit",
        description="Templates in a folder given with --templates replace the built-in ones of the same name; "
        "audience profiles live in its audiences/ subfolder. See docs/templates.md.",
    )
    templates_commands = templates.add_subparsers(dest="templates_command", metavar="ACTION", required=True)
    tlist = templates_commands.add_parser("list", help="show the built-in templates and audience profiles")
    tlist.add_argument("--templates", type=Path, help="also show this folder's templates and profiles")
    tlist.set_defaults(run=_run_templates_list)
    tcopy = templates_commands.add_parser(
        "copy",
        help="copy a starting set of templates to a folder, to edit and pass with --templates",
        description="Copy the stylesheets, an audience profile and its templates into DIR. Files already "
        "there are kept unless --force is given.",
    )
    tcopy.add_argument("dir", type=Path, help="folder to copy into (created if missing)")
    tcopy.add_argument("--audience", default="analyst", help="profile to start from (default: analyst)")
    tcopy.add_argument("--force", action="store_true", help="overwrite files already in DIR")
    tcopy.set_defaults(run=_run_templates_copy)

    timeline = commands.add_parser(
        "timeline",
        help="print a timeline: the days the articles say most about, and what happened on each",
        description="Rank the days the articles refer to (and are published on), then pick for each of the "
        "best days the sentences that best say what happened there, each with its source. Sources and the "
        "store work as for `briefing build`; with --since/--until only articles published in the span are "
        "read and only days in the span are chosen.",
    )
    _article_options(timeline, "articles published, and days,")
    timeline.add_argument("--dates", type=_positive, help=HELP["timeline_dates"])
    timeline.add_argument("--sentences", type=_positive, help=HELP["timeline_sentences"])
    timeline.add_argument("--json", action="store_true", help='print a JSON list of {"date", "sentences", "citations"}')
    timeline.set_defaults(run=_run_timeline)

    extract = commands.add_parser(
        "extract",
        help="show what ingestion makes of article files: metadata, clean text, and what was removed",
        description="For each article in FILE (a .jsonl file holds one per line): its title, outlet, "
        "publication date and URL, each with where it came from, the cleaned text, and every piece of "
        "page furniture removed (captions, credits, links, prompts) with its kind. Nothing is stored.",
    )
    extract.add_argument("files", nargs="+", type=Path, help="article files or folders")
    extract.add_argument("--outlets", type=Path, help="extra outlet registry (YAML) merged over the built-in one")
    extract.add_argument("--json", action="store_true", help="print a JSON list, one object per article")
    extract.set_defaults(run=_run_extract)

    serve = commands.add_parser(
        "serve",
        help="run the web service: a page and a JSON API to ask for briefs and find past ones",
        description="Serve the page to make a brief (upload articles, paste URLs, or pick from the store), "
        "the lists of past briefs, weekly reports and stored articles, and the API (POST /api/briefs, "
        "GET /api/briefs/ID, OpenAPI docs at /docs). Briefs are built by workers outside the requests and "
        "kept beside the store. A token (`briefing tokens create NAME`) is required unless --host is loopback.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument(
        "--require-tokens",
        action="store_true",
        help="ask for a token on loopback too (behind a reverse proxy that lets others in)",
    )
    _store_option(serve)
    serve.set_defaults(run=_run_serve)

    tokens = commands.add_parser(
        "tokens",
        help="make, list and revoke the web service's API tokens",
        description="A token is printed once when made; the store keeps only its SHA-256.",
    )
    tokens_commands = tokens.add_subparsers(dest="tokens_command", metavar="ACTION", required=True)
    tcreate = tokens_commands.add_parser("create", help="make a token for a team or person and print it once")
    tcreate.add_argument("name", help="who the token is for (shown in the logs and jobs)")
    _store_option(tcreate)
    tcreate.set_defaults(run=_run_tokens_create)
    tlist_tokens = tokens_commands.add_parser("list", help="the tokens' names and when they were made")
    _store_option(tlist_tokens)
    tlist_tokens.set_defaults(run=_run_tokens_list)
    trevoke = tokens_commands.add_parser("revoke", help="forget a token: it stops working at once")
    trevoke.add_argument("name")
    _store_option(trevoke)
    trevoke.set_defaults(run=_run_tokens_revoke)

    dates = commands.add_parser(
        "dates",
        help="list the temporal expressions in one file and how each was resolved",
        description="List each temporal expression in FILE with its span, type, TimeML value and the "
        "anchor used to resolve it.",
    )
    dates.add_argument("file", type=Path, help="a text file")
    dates.add_argument(
        "--published",
        help="publication date (ISO 8601, any precision) to resolve against; default: the date the file name "
        "states, if any",
    )
    dates.add_argument("--json", action="store_true", help="print a JSON list of expressions")
    dates.set_defaults(run=_run_dates)
    return parser


def _configure_logging(verbose: bool, quiet: bool) -> None:
    """Messages go to standard error, on the package's own logger, so a host's setup is left alone."""
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    logger = logging.getLogger("briefing")
    for handler in [h for h in logger.handlers if getattr(h, "_briefing_cli", False)]:
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler._briefing_cli = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    for noisy in ("fontTools", "weasyprint", "matplotlib", "trafilatura", "htmldate", "PIL"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def _store_option(parser: argparse.ArgumentParser, extra: str = "") -> None:
    text = "corpus store: an SQLite file or a database URL (default: the config's store, else "
    text += "~/.local/share/briefing/store.sqlite3)"
    parser.add_argument("--store", help=text + (f"; {extra}" if extra else ""))


def _day(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day (YYYY-MM-DD)") from None


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return number


def _settings(args: argparse.Namespace) -> Settings:
    """Settings in layers (defaults, config file, environment, flags); a bad config ends the command."""
    with _failures():
        path = find_config(getattr(args, "config", None))
        settings = from_environment(from_file(read_config(path)) if path is not None else Settings())
    changes = {}
    if getattr(args, "model", None):
        changes["spacy_model"] = args.model
    if getattr(args, "page_size", None):
        changes["page_size"] = args.page_size
    if getattr(args, "formats", None):
        changes["formats"] = tuple(dict.fromkeys(args.formats))
    if getattr(args, "store", None):
        changes["store"] = args.store
    if getattr(args, "audience", None):
        changes["audience"] = args.audience
    if getattr(args, "cluster", None):
        changes["cluster"] = args.cluster
    return dataclasses.replace(settings, **changes)


@contextlib.contextmanager
def _failures(written: str = "brief", also: tuple[type[Exception], ...] = ()) -> Iterator[None]:
    """The typed errors of the build, the store and the config, raised in the block, end the command
    (exit 2) with their message; a template problem adds that no ``written`` was written. Nothing
    is imported until an error needs it, so a quick command stays quick."""
    try:
        yield
    except Exception as error:
        from briefing.audiences import AudienceError
        from briefing.build import NoInput
        from briefing.nlp.cluster import ClusterError
        from briefing.nlp.pipeline import ModelNotInstalled
        from briefing.render import TemplateProblem, WriteProblem
        from briefing.store import StoreError

        if isinstance(error, TemplateProblem):
            raise _Failed(f"{error}; no {written} was written") from error
        known = (NoInput, ModelNotInstalled, ClusterError, ConfigError, StoreError, AudienceError, WriteProblem)
        if isinstance(error, (*known, *also)):
            raise _Failed(error) from error
        raise


@contextlib.contextmanager
def _store_for(
    settings: Settings,
    must_exist: bool = False,
    *,
    wanted: bool = True,
    written: str = "brief",
    also: tuple[type[Exception], ...] = (),
) -> Iterator[Store | None]:
    """The store a command works on, open for the block and closed after it (None when not
    ``wanted``). With ``must_exist`` a store file that is not there yet is an error: reading
    commands do not create an empty store by accident. Errors in the block, opening included,
    end the command as :func:`_failures` says."""
    from briefing.build import open_store_at

    store = None
    try:
        with _failures(written, also):
            if wanted:
                store = open_store_at(settings.store, must_exist=must_exist)
            yield store
    finally:
        if store is not None:
            store.close()


def _article_store(settings: Settings, args: argparse.Namespace) -> contextlib.AbstractContextManager[Store | None]:
    """The store of a command that reads articles (build, timeline): with no paths the articles come
    from it, so it must exist; with paths and --store the paths are stored there first; else none."""
    return _store_for(settings, must_exist=not args.sources, wanted=bool(args.store) or not args.sources)


def _fail(message: object) -> int:
    print(f"briefing: error: {message}", file=sys.stderr)
    return EXIT_FAILED


def _user_templates(settings: Settings, args: argparse.Namespace) -> Path | None:
    """The user templates folder (flag, else setting); one that is not there ends the command."""
    folder = templates_dir(settings, args.templates)
    if folder is not None and not folder.is_dir():
        raise _Failed(f"templates folder not found: {folder}")
    return folder


def _article_options(parser: argparse.ArgumentParser, selected: str) -> None:
    """Where the articles come from and which of them count: the same for every command that reads
    articles. ``selected`` says what --since/--until select ("articles published")."""
    parser.add_argument(
        "sources",
        nargs="*",
        help="article files or folders, feed files, or URLs of feeds and article pages (none: the articles in the "
        "store)",
    )
    parser.add_argument("--since", type=_day, help=f"only {selected} on or after this day (YYYY-MM-DD)")
    parser.add_argument("--until", type=_day, help=f"only {selected} on or before this day (YYYY-MM-DD)")
    parser.add_argument(
        "--outlet", action="append", default=[], help="only articles by this outlet; repeat for several (any of them)"
    )
    parser.add_argument("--outlets", type=Path, help="extra outlet registry (YAML) merged over the built-in one")
    parser.add_argument("--model", help=HELP["spacy_model"])
    parser.add_argument("--cluster", help=HELP["cluster"])
    _store_option(parser, "with paths: store them there first and cache their language pass")


def _run_build(args: argparse.Namespace) -> int:
    from briefing.build import BuildRequest

    settings = _settings(args)
    request = BuildRequest(out_dir=args.out, title=args.title, templates_dir=_user_templates(settings, args))
    if args.story == "auto":
        return _run_build_per_story(args, settings, request)
    result = _run_articles(args, settings, request)
    log.debug("Time per stage:\n%s", result.timer.table())
    skipped = [p for p in result.problems if p.severity == "error"]
    if skipped:
        print(f"briefing: {len(skipped)} input(s) skipped (see messages above)", file=sys.stderr)
        return EXIT_SKIPPED
    return EXIT_OK


def _run_build_per_story(args: argparse.Namespace, settings: Settings, request: BuildRequest) -> int:
    from briefing.build import run_per_story

    request = dataclasses.replace(
        request, sources=tuple(args.sources), selection=_selection(args), outlets_file=args.outlets, settings=settings
    )
    store_wanted = bool(args.store) or not args.sources
    with _store_for(settings, must_exist=not args.sources, wanted=store_wanted) as store, _language_bar() as bar:
        briefs, smaller, problems = run_per_story(
            dataclasses.replace(request, store=store), args.min_articles, progress=bar
        )
    for made in briefs:
        story = made.story
        print(
            f"{story.id}: {len(story.articles)} article(s), {len(made.result.written)} file(s) in {args.out / story.id}"
        )
    if smaller:
        total = sum(len(s.articles) for s in smaller)
        print(
            f"{len(smaller)} smaller stor{'y' if len(smaller) == 1 else 'ies'} ({total} article(s)) under "
            f"{args.min_articles} articles: no brief (--min-articles)"
        )
    if not briefs:
        print(f"briefing: no story has {args.min_articles} or more articles: no brief written", file=sys.stderr)
        return EXIT_SKIPPED
    skipped = [p for p in problems if p.severity == "error"]
    return EXIT_SKIPPED if skipped else EXIT_OK


def _run_articles(args: argparse.Namespace, settings: Settings, request: BuildRequest) -> BuildResult:
    """``run(request)`` for a command that reads articles (build, timeline): the request completed
    with the command's sources, selection, outlet registry, settings and store, and the language
    pass's bar on a terminal."""
    from briefing.build import run

    request = dataclasses.replace(
        request, sources=tuple(args.sources), selection=_selection(args), outlets_file=args.outlets, settings=settings
    )
    with _article_store(settings, args) as store, _language_bar() as bar:
        return run(dataclasses.replace(request, store=store), progress=bar)


def _selection(args: argparse.Namespace) -> Selection:
    """Which articles count: --since, --until, --outlet and (for build) --query."""
    from briefing.store import Selection

    story = getattr(args, "story", None)
    if story and args.sources and not args.store and story != "auto":
        raise _Failed("--story ID reads the store's stories: drop the paths, or pass --store to store them first")
    return Selection(
        since=args.since,
        until=args.until,
        outlets=tuple(_canonical_outlets(args.outlet, args.outlets)),
        terms=tuple(getattr(args, "query", ())),
        story=story if story and story != "auto" else None,
    )


def _canonical_outlets(names: Sequence[str], outlets_file: Path | None) -> list[str]:
    """Outlet names as the registry spells them ("RFE/RL" -> "Radio Free Europe/Radio Liberty")."""
    if not names:
        return []
    from briefing.ingest import load_registry

    registry = load_registry(outlets_file)
    return [registry.resolve(name) or name for name in names]


def _store_sources(args: argparse.Namespace, store: Store, settings: Settings) -> IngestSummary:
    """Store the command's sources (files, feeds, URLs), with the storing and fetching bars."""
    from briefing.build import ingest

    with _ProgressBar("Storing") as bar, _fetch_bar() as fetching:
        return ingest(
            args.sources,
            store,
            args.outlets,
            on_article=bar.step,
            on_read=bar.start,
            max_bytes=settings.max_file_bytes,
            settings=settings,
            progress=fetching,
        )


def _print_problems(problems: Sequence[Problem]) -> None:
    """Each skipped input and note on standard error, named."""
    for problem in problems:
        level = "skipped" if problem.severity == "error" else "note"
        print(f"briefing: {level}: {problem.path}: {problem.message}", file=sys.stderr)


def _run_ingest(args: argparse.Namespace) -> int:
    from briefing.build import group_stories

    settings = _settings(args)
    update = None
    with _store_for(settings) as store:
        summary = _store_sources(args, store, settings)
        _print_problems(summary.problems)
        if not args.no_stories and (summary.added or summary.updated or store.story_state_version() is None):
            with _language_bar() as bar:
                update = group_stories(store, settings, progress=bar)
    line = summary.line()
    if update is not None and update.placed:
        line += f"; {update.placed} placed in stories ({update.stories} in the store)"
    print(f"{store.shown}: {line}")
    return EXIT_SKIPPED if summary.skipped else EXIT_OK


def _run_stories(args: argparse.Namespace) -> int:
    from briefing.build import group_stories, stories_in
    from briefing.store import Selection

    settings = _settings(args)
    selection = Selection(since=args.since, until=args.until)
    problems: tuple = ()
    with contextlib.ExitStack() as stack:
        if args.sources and not args.store:
            import tempfile

            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="briefing-stories-"))
            settings = dataclasses.replace(settings, store=str(Path(folder) / "stories.sqlite3"))
        store = stack.enter_context(_store_for(settings, must_exist=not args.sources))
        if args.sources:
            summary = _store_sources(args, store, settings)
            problems = summary.problems
            selection = dataclasses.replace(selection, hashes=summary.hashes)
        with _language_bar() as bar:
            group_stories(store, settings, progress=bar)
            stories = stories_in(store, selection)
    _print_problems(problems)
    shown = stories[: args.limit] if args.limit else stories
    if args.json:
        print(json.dumps([dataclasses.asdict(s) for s in shown], ensure_ascii=False, indent=2))
    else:
        articles = sum(len(s.articles) for s in stories)
        print(f"{len(stories)} stor{'y' if len(stories) == 1 else 'ies'} in {articles} article(s)")
        for story in shown:
            span = " to ".join(dict.fromkeys(d for d in (story.first_seen, story.last_seen) if d)) or "undated"
            outlets = ", ".join(story.outlets[:4]) + (
                f" and {len(story.outlets) - 4} more" if len(story.outlets) > 4 else ""
            )
            print(f"\n{story.id}  {story.title}")
            print(f"  {len(story.articles)} article(s), {span}; {outlets}")
    skipped = [p for p in problems if p.severity == "error"]
    return EXIT_SKIPPED if skipped else EXIT_OK


def _run_stories_merge(args: argparse.Namespace) -> int:
    from briefing.build import group_stories, grouping_settings
    from briefing.store import pipeline_version
    from briefing.stories.tracking import StoryError, merge_stories

    settings = _settings(args)
    with _store_for(settings, must_exist=True, also=(StoryError,)) as store:
        group_stories(store, settings)
        moved = merge_stories(
            store, args.keep, args.gone, pipeline_version(settings.spacy_model), grouping_settings(settings)
        )
    print(f"Merged story {args.gone} into {args.keep}: {moved} article(s) moved")
    return EXIT_OK


def _run_stories_split(args: argparse.Namespace) -> int:
    from briefing.build import group_stories, grouping_settings, language_pass
    from briefing.store import pipeline_version
    from briefing.stories.tracking import StoryError, split_story

    settings = _settings(args)
    with _store_for(settings, must_exist=True, also=(StoryError,)) as store:
        group_stories(store, settings)
        new_id = split_story(
            store,
            args.story,
            args.articles,
            lambda articles: language_pass(articles, settings, store),
            pipeline_version(settings.spacy_model),
            grouping_settings(settings),
        )
    print(f"Split {len(set(args.articles))} article(s) of story {args.story} into story {new_id}")
    return EXIT_OK


class _ProgressBar:
    """A tqdm bar on standard error, only when it is a terminal (quiet in logs and pipes).

    Called as ``(stage, done, total)`` it is a progress callback of :func:`briefing.build.run`
    following one ``stage``; ``minimum`` items below which no bar is shown, ``quiet`` whether it
    shows under -q too.
    """

    def __init__(
        self,
        desc: str,
        stage: str = "",
        minimum: int = 0,
        leave: bool = True,
        quiet: bool = True,
        unit: str = "article",
        also: _ProgressBar | None = None,
    ) -> None:
        self.desc, self.stage, self.minimum, self.leave, self.quiet = desc, stage, minimum, leave, quiet
        self.unit, self.also = unit, also  # ``also``: the bar of another stage, handed its calls
        self.bar = None

    def start(self, total: int) -> None:
        self.close()
        if total < self.minimum or not sys.stderr.isatty():
            return
        if not self.quiet and not log.isEnabledFor(logging.INFO):
            return
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit=self.unit, desc=self.desc, file=sys.stderr, leave=self.leave)

    def step(self, *_: object) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            if self.also is not None:
                self.also(stage, done, total)
            return
        if done == 0:
            self.start(total)
        elif self.bar is not None:
            self.bar.update(done - self.bar.n)
        if done >= total:
            self.close()

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
        if self.also is not None:
            self.also.close()


def _language_bar() -> _ProgressBar:
    """The language pass's bar (not with -q, and not for a handful of articles), after the bar of
    the pages fetched for the URLs given, if any."""
    return _ProgressBar("Language pass", stage="language pass", minimum=20, leave=False, quiet=False, also=_fetch_bar())


def _fetch_bar() -> _ProgressBar:
    """The bar of the feed entries' pages being fetched (not with -q)."""
    return _ProgressBar("Fetching pages", stage="pages", minimum=2, leave=False, quiet=False, unit="page")


def _run_weekly(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from briefing.weekly import last_complete_week, weekly_report

    settings = _settings(args)
    user_templates = _user_templates(settings, args)
    week = args.week or last_complete_week(datetime.now(timezone.utc))
    # ValueError: a bad week (BadWeek), format or file name.
    with _store_for(settings, must_exist=True, written="report", also=(ValueError,)) as store, _language_bar() as bar:
        result = weekly_report(
            store,
            week,
            settings,
            args.out,
            settings.audience,
            templates_dir=user_templates,
            progress=bar,
            focus=_focus(args),
        )
    print(f"Wrote the {settings.audience} report for {result.week}: {len(result.written)} file(s) in {args.out / week}")
    return EXIT_OK


def _focus(args: argparse.Namespace) -> Selection | None:
    """A weekly report's story or query (None: the whole week)."""
    from briefing.store import Selection

    if not args.story and not args.query:
        return None
    return Selection(story=args.story or None, terms=tuple(args.query))


def _schedule(args: argparse.Namespace) -> Schedule:
    """The config file's jobs (only those named with --job, if any); a bad config ends the command."""
    from briefing.schedule import parse_schedule, select_jobs

    with _failures():
        path = find_config(args.config)
        if path is None:
            raise ConfigError("no config file: pass --config FILE or create ./briefing.toml with [jobs.NAME] tables")
        return select_jobs(parse_schedule(read_config(path)), getattr(args, "job", []))


_ScheduleAction = Callable[["Schedule", "Store", Settings, "datetime"], int]


def _with_schedule(args: argparse.Namespace, action: _ScheduleAction) -> int:
    """Open the config's jobs and the store, run ``action(schedule, store, settings, now)``, close."""
    from datetime import datetime, timezone

    schedule = _schedule(args)
    settings = _settings(args)
    with _store_for(settings) as store:
        now = datetime.now(timezone.utc).astimezone(schedule.timezone)
        return action(schedule, store, settings, now)


def _run_schedule(args: argparse.Namespace) -> int:
    from briefing.schedule import run_forever, run_job

    def run(schedule: Schedule, store: Store, settings: Settings, now: datetime) -> int:
        with _language_bar() as bar:
            if args.now:
                outcomes = [run_job(job, store, settings, now, "manual", progress=bar) for job in schedule.jobs]
                failed = [o for o in outcomes if o.status.startswith("failed") or o.status == "locked"]
                return EXIT_FAILED if failed else EXIT_OK
            run_forever(schedule, store, settings, progress=bar)
            return EXIT_OK

    return _with_schedule(args, run)


def _run_schedule_show(args: argparse.Namespace) -> int:
    from briefing.schedule import show_lines

    def show(schedule: Schedule, store: Store, settings: Settings, now: datetime) -> int:
        print("\n".join(show_lines(schedule, store, now)))
        return EXIT_OK

    return _with_schedule(args, show)


def _run_templates_list(args: argparse.Namespace) -> int:
    from briefing.audiences import AudienceError, list_audiences, load_audience
    from briefing.render.environment import builtin_templates_dir

    builtin = builtin_templates_dir()
    print(f"Built-in templates ({builtin}):")
    for path in sorted(p for p in builtin.iterdir() if p.is_file()):
        print(f"  {path.name}")
    user = args.templates
    if user is not None:
        if not user.is_dir():
            return _fail(f"templates folder not found: {user}")
        print(f"Your templates ({user}), used in front of the built-in ones:")
        for path in sorted(p for p in user.iterdir() if p.is_file()):
            print(f"  {path.name}" + ("  (replaces the built-in)" if (builtin / path.name).is_file() else ""))
    print("Audience profiles:")
    for name in list_audiences(user):
        try:
            audience = load_audience(name, user)
        except AudienceError as error:
            print(f"  {name}: cannot be used: {error}")
            continue
        print(f"  {name}: {audience.description or 'no description'}")
        print(f"      sections: {', '.join(audience.sections)}; file: {audience.path}")
    return EXIT_OK


def _run_templates_copy(args: argparse.Namespace) -> int:
    import shutil

    from briefing.audiences import AUDIENCE_FOLDER, AudienceError, audience_path, load_audience
    from briefing.render.environment import builtin_templates_dir

    try:
        audience = load_audience(args.audience)
        profile = audience_path(args.audience)
    except AudienceError as error:
        return _fail(error)
    builtin = builtin_templates_dir()
    wanted = [(builtin / name, name) for name in ("brief.css", "print.css")]
    for ext in ("html", "md"):
        name = audience.template_name(ext)
        if (builtin / name).is_file():
            wanted.append((builtin / name, name))
    if audience.template == "executive":
        wanted.append((builtin / "executive.css", "executive.css"))
    wanted.append((profile, f"{AUDIENCE_FOLDER}/{profile.name}"))
    copied, kept = [], []
    for source, name in wanted:
        target = args.dir / name
        if target.exists() and not args.force:
            kept.append(name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        copied.append(name)
    for name in copied:
        print(f"copied {args.dir / name}")
    for name in kept:
        print(f"kept {args.dir / name} (already there; --force overwrites it)")
    print(f"Edit them, then: briefing build ARTICLES --templates {args.dir} --audience {args.audience}")
    print('To change one section of the layout, add brief.html.j2 with {% extends "default:brief.html.j2" %}')
    print("and the one block to replace; see docs/templates.md.")
    return EXIT_OK


def _run_timeline(args: argparse.Namespace) -> int:
    from briefing.analyse.timeline import build_timeline
    from briefing.build import BuildRequest

    settings = _settings(args)
    result = _run_articles(args, settings, BuildRequest(until="facts"))
    facts, problems = result.facts, result.problems
    days = build_timeline(
        facts,
        args.dates or settings.timeline_dates,
        args.sentences or settings.timeline_sentences,
        since=args.since,
        until=args.until,
    )
    articles_by_id = {f.article.id: f.article for f in facts}
    if args.json:
        print(json.dumps([_timeline_row(day, articles_by_id) for day in days], ensure_ascii=False, indent=2))
    else:
        print(f"{len(days)} day(s) chosen from {len(facts)} article(s)")
        for day in days:
            print(f"\n{day.date}  ({day.mentions} sentence(s) refer to it; {day.published} article(s) published then)")
            for s in day.sentences:
                article = articles_by_id[s.citation.source_id]
                print(f"  - {s.text}\n    [{article.outlet}, {article.path}, sentence {s.sentence + 1}]")
    skipped = [p for p in problems if p.severity == "error"]
    return EXIT_SKIPPED if skipped else EXIT_OK


def _timeline_row(day, articles_by_id) -> dict:
    """One chosen day as JSON: its sentences, and for each where it comes from (article, sentence, offsets)."""
    citations = []
    for s in day.sentences:
        article = articles_by_id[s.citation.source_id]
        citations.append(
            {
                "source_id": article.id,
                "path": article.path,
                "outlet": article.outlet,
                "title": article.title,
                "published": article.published,
                "sentence": s.sentence,
                "start": s.citation.start,
                "end": s.citation.end,
                "text": s.citation.sentence,
            }
        )
    return {"date": day.date, "sentences": [s.text for s in day.sentences], "citations": citations}


def _run_extract(args: argparse.Namespace) -> int:
    from briefing.ingest import inspect, load_registry

    try:
        registry = load_registry(args.outlets)
    except ValueError as error:
        return _fail(error)
    rows = [_extract_row(found) for found in inspect(args.files, registry)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            _print_extract(row)
    failed = sum(1 for row in rows if row["text"] is None)
    if rows and failed == len(rows):
        return EXIT_FAILED
    return EXIT_SKIPPED if failed else EXIT_OK


def _extract_row(found) -> dict:
    article = found.article
    fields = {}
    for name in ("title", "outlet", "published", "url"):
        value = getattr(article, name, None) if article is not None else None
        source = getattr(article, f"{name}_source", None) if article is not None and name != "url" else None
        fields[name] = {"value": value, "source": source, "how": found.how.get(name)}
    removed = [{"kind": r.kind, "text": r.text} for r in found.cleaned.removed] if found.cleaned is not None else []
    return {
        "path": found.path,
        "id": article.id if article is not None else None,
        **fields,
        "text": article.text if article is not None else None,
        "removed": removed,
        "problems": [{"severity": p.severity, "message": p.message} for p in found.problems],
    }


def _print_extract(row: dict) -> None:
    print(f"== {row['path']}" + (f"  (id {row['id']})" if row["id"] else ""))
    for problem in row["problems"]:
        print(f"  {problem['severity']}: {problem['message']}")
    for name in ("title", "outlet", "published", "url"):
        field = row[name]
        if row["text"] is None:
            break
        source = f"[{field['source']}] " if field["source"] else ""
        print(f"  {name + ':':<11}{field['value'] or '-'}  {source}({field['how'] or '-'})")
    if row["removed"]:
        print(f"  removed ({len(row['removed'])}):")
        for piece in row["removed"]:
            print(f"    {piece['kind']:<10} {piece['text']}")
    if row["text"] is not None:
        print("  text:")
        for line in row["text"].splitlines():
            print(f"    {line}" if line else "")
    print()


def _run_dates(args: argparse.Namespace) -> int:
    from briefing.ingest import read_text
    from briefing.ingest.published import from_address
    from briefing.nlp.temporal import tag_times

    try:
        text = read_text(args.file)
    except (OSError, ValueError) as error:
        print(f"briefing: error: {args.file}: {error}", file=sys.stderr)
        return EXIT_FAILED
    # As ingest does: without a date given, the date the file's name states (APW19980227.0487.txt)
    published = args.published or from_address(str(args.file))
    expressions = tag_times(text, published)
    if args.json:
        rows = [{k: v for k, v in dataclasses.asdict(t).items() if k != "sentence"} for t in expressions]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    anchor = args.published or (f"{published} (from the file name)" if published else "none given")
    print(f"{args.file}: {len(expressions)} temporal expression(s); publication date: {anchor}")
    for t in expressions:
        anchor_used = t.anchor or "-"
        print(f"{t.start:>6}-{t.end:<6} {t.type:<8} {t.value:<14} {t.how:<10} anchor={anchor_used:<10} {t.text!r}")
    return EXIT_OK


def _run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from briefing.web.app import ServiceConfig, create_app, data_folder
    from briefing.web.security import is_loopback

    settings = _settings(args)
    config = ServiceConfig(settings, host=args.host, tokens_required=True if args.require_tokens else None)
    with _store_for(settings) as store:  # opened once here: a bad store fails before listening
        tokens = store.web_tokens()
    if config.needs_tokens and not tokens:
        raise _Failed(
            f"on {args.host} every request needs a token, and there is none: "
            "make one with `briefing tokens create NAME` first"
        )
    where = "this machine only" if is_loopback(args.host) else "the network; a token is required"
    log.info("Serving on http://%s:%d (%s); briefs kept in %s", args.host, args.port, where, data_folder(settings))
    uvicorn.run(create_app(config), host=args.host, port=args.port, log_level="info", proxy_headers=False)
    return EXIT_OK


def _run_tokens_create(args: argparse.Namespace) -> int:
    from briefing.web.security import new_token, token_digest

    settings = _settings(args)
    token = new_token()
    with _store_for(settings) as store:
        store.add_web_token(args.name, token_digest(token))
    print(token)
    print(f"briefing: token {args.name!r} made; it is shown only this once (the store keeps its hash)", file=sys.stderr)
    return EXIT_OK


def _run_tokens_list(args: argparse.Namespace) -> int:
    settings = _settings(args)
    with _store_for(settings, must_exist=True) as store:
        for name, created in store.web_tokens():
            print(f"{name}\tmade {created}")
    return EXIT_OK


def _run_tokens_revoke(args: argparse.Namespace) -> int:
    settings = _settings(args)
    with _store_for(settings, must_exist=True) as store:
        if not store.revoke_web_token(args.name):
            raise _Failed(f"no token named {args.name!r}")
    print(f"revoked {args.name}")
    return EXIT_OK
