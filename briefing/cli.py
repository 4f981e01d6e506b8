"""The `briefing` command: build a brief, or show how dates in one file were read.

Exit codes: 0 all inputs used; 1 the brief was written but some inputs were skipped;
2 nothing could be done (no readable input, bad arguments, a failed render).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from briefing import __version__
from briefing.config import HELP, Settings, from_environment

EXIT_OK, EXIT_SKIPPED, EXIT_FAILED = 0, 1, 2
FORMATS = ("md", "html", "pdf", "json")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose, args.quiet)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_FAILED
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Turn news articles from several outlets into a cited brief (Markdown, HTML, PDF, JSON).",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="say more about each step")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser(
        "build",
        help="build a brief from article files and folders",
        description="Build a brief from articles (.txt, .md, .html, .json, .jsonl; folders are read "
        "recursively, a folder's manifest.csv gives metadata) and write it in every format.",
    )
    build.add_argument("sources", nargs="+", type=Path, help="article files or folders")
    build.add_argument("--out", type=Path, default=Path("reports"), help="output folder (default: reports/)")
    build.add_argument(
        "--format",
        dest="formats",
        action="append",
        choices=FORMATS,
        help="format to write; repeat for several (default: all four)",
    )
    build.add_argument("--title", help="the brief's title (default: made from the key actors)")
    build.add_argument(
        "--templates", type=Path, help="folder of templates placed in front of the built-in ones"
    )
    build.add_argument(
        "--outlets", type=Path, help="extra outlet registry (YAML) merged over the built-in one"
    )
    build.add_argument("--model", help=HELP["spacy_model"])
    build.add_argument("--page-size", choices=("A4", "Letter"), help=HELP["page_size"])
    build.set_defaults(run=_run_build)

    dates = commands.add_parser(
        "dates",
        help="list the temporal expressions in one file and how each was resolved",
        description="List each temporal expression in FILE with its span, type, TimeML value and the "
        "anchor used to resolve it.",
    )
    dates.add_argument("file", type=Path, help="a text file")
    dates.add_argument("--published", help="publication date (ISO 8601, any precision) to resolve against")
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


def _settings(args: argparse.Namespace) -> Settings:
    settings = from_environment(Settings())
    changes = {}
    if getattr(args, "model", None):
        changes["spacy_model"] = args.model
    if getattr(args, "page_size", None):
        changes["page_size"] = args.page_size
    if getattr(args, "formats", None):
        changes["formats"] = tuple(dict.fromkeys(args.formats))
    return dataclasses.replace(settings, **changes)


def _run_build(args: argparse.Namespace) -> int:
    from briefing.build import NoInput, build
    from briefing.nlp.pipeline import ModelNotInstalled

    try:
        result = build(
            args.sources,
            args.out,
            _settings(args),
            title=args.title,
            templates_dir=args.templates,
            outlets_file=args.outlets,
        )
    except (NoInput, ModelNotInstalled) as error:
        print(f"briefing: error: {error}", file=sys.stderr)
        return EXIT_FAILED
    skipped = [p for p in result.problems if p.severity == "error"]
    if skipped:
        print(f"briefing: {len(skipped)} input(s) skipped (see messages above)", file=sys.stderr)
        return EXIT_SKIPPED
    return EXIT_OK


def _run_dates(args: argparse.Namespace) -> int:
    from briefing.ingest import read_text
    from briefing.nlp.temporal import tag_times

    try:
        text = read_text(args.file)
    except (OSError, ValueError) as error:
        print(f"briefing: error: {args.file}: {error}", file=sys.stderr)
        return EXIT_FAILED
    expressions = tag_times(text, args.published)
    if args.json:
        rows = [{k: v for k, v in dataclasses.asdict(t).items() if k != "sentence"} for t in expressions]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    anchor = args.published or "none given"
    print(f"{args.file}: {len(expressions)} temporal expression(s); publication date: {anchor}")
    for t in expressions:
        anchor_used = t.anchor or "-"
        print(f"{t.start:>6}-{t.end:<6} {t.type:<8} {t.value:<14} {t.how:<10} anchor={anchor_used:<10} {t.text!r}")
    return EXIT_OK
