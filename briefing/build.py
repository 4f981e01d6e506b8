"""The build, read as a recipe: ingest -> language pass -> analysis -> render."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from briefing.analyse.brief import build_brief
from briefing.config import Settings
from briefing.ingest import load, load_registry
from briefing.model import Brief, Problem
from briefing.nlp.pipeline import extract_facts
from briefing.render import write_brief
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


def make_brief(
    sources: Sequence[str | Path],
    settings: Settings,
    title: str | None = None,
    outlets_file: Path | None = None,
    generated_at: datetime | None = None,
    timer: StageTimer | None = None,
) -> tuple[Brief, tuple[Problem, ...]]:
    timer = timer or StageTimer()
    with timer("ingest"):
        registry = load_registry(outlets_file)
        ingested = load(sources, registry=registry)
    for problem in ingested.problems:
        log.warning("%s: %s", problem.path, problem.message)
    if not ingested.articles:
        raise NoInput("no readable article in " + ", ".join(str(s) for s in sources))
    outlets = sorted({a.outlet for a in ingested.articles})
    log.info("Read %d article(s) from %d outlet(s): %s", len(ingested.articles), len(outlets), ", ".join(outlets))
    done = 0

    def progress(article) -> None:
        nonlocal done
        done += 1
        log.debug("Language pass %d/%d: %s", done, len(ingested.articles), article.path)

    facts = extract_facts(ingested.articles, settings.spacy_model, on_article=progress, timer=timer)
    with timer("analyse"):
        brief = build_brief(facts, settings, ingested.problems, title=title, generated_at=generated_at)
    log.info(
        "Found %d actor(s), %d dated event(s), %d quote(s)",
        len(brief.actors),
        len(brief.events),
        len(brief.quotes),
    )
    return brief, ingested.problems


def build(
    sources: Sequence[str | Path],
    out_dir: Path,
    settings: Settings,
    title: str | None = None,
    templates_dir: Path | None = None,
    outlets_file: Path | None = None,
    generated_at: datetime | None = None,
) -> BuildResult:
    timer = StageTimer()
    brief, problems = make_brief(sources, settings, title, outlets_file, generated_at, timer)
    with timer("render"):
        written = write_brief(brief, out_dir, settings.formats, settings=settings, templates_dir=templates_dir)
    for path in written:
        log.info("Wrote %s", path)
    log.debug("Time per stage:\n%s", timer.table())
    return BuildResult(brief, tuple(written), problems, timer)
