"""Ingest: files and folders in, clean articles with provenance-tagged metadata out.

    load(paths, registry=None, *, rules=None, max_bytes=DEFAULT_MAX_BYTES) -> IngestResult
    load_registry(extra=None) -> OutletRegistry
    read_text(path) -> str        # a file's text exactly as read, for offsets into the file

One stage per module: ``readers`` (one per format), ``manifest`` (a folder's metadata),
``boilerplate`` (page furniture out; signatures in ``briefing/data/boilerplate.yaml``),
``outlets`` (the registry, ``briefing/data/outlets.yaml``), ``title`` and ``published``.
Anything unusable becomes a ``Problem`` and the run goes on; ``load`` never raises on input.

Choices worth knowing:

* Metadata precedence: what the user gives is GIVEN and always wins (a folder's manifest.csv
  over the file's own front matter / JSON fields, since the manifest is the run's deliberate
  record); then the URL's domain (FROM_URL, outlet only); then what the page says of itself
  (INFERRED); else unknown. A given outlet is resolved to the registry's canonical name, or kept
  as written if the registry does not know it.
* Dates are ISO 8601 at their own precision; a timestamp is cut to its day ("2018-04-05").
* ``Article.path`` is the path as given (folder + relative path for files found in folders),
  ``file.jsonl#L3`` for a JSON-lines record, ``file.json#2`` for the 2nd item of a JSON list.
* ``Article.id`` is the first 10 hex characters of the SHA-256 of the cleaned text; the same
  text twice is kept once, with a warning.
* Folders are read recursively in sorted order; hidden files, ``manifest.csv`` and README* /
  LICENSE* files are skipped, as are files of other types (named explicitly, they are Problems).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from briefing.ingest import published as dates
from briefing.ingest.boilerplate import Cleaned, Rule, clean, load_rules
from briefing.ingest.manifest import MANIFEST_NAME, Manifest, read_manifest
from briefing.ingest.outlets import OutletRegistry, load_registry
from briefing.ingest.readers import DEFAULT_MAX_BYTES, FORMATS, Document, ReadError, read_file, read_text
from briefing.ingest.title import choose_title
from briefing.model import FROM_URL, GIVEN, INFERRED, UNKNOWN, UNKNOWN_OUTLET, Article, IngestResult, Problem
from briefing.text import scrub

__all__ = [
    "DEFAULT_MAX_BYTES",
    "OutletRegistry",
    "article_id",
    "build_article",
    "load",
    "load_registry",
    "load_rules",
    "read_text",
]

_DOC_PREFIXES = ("readme", "license", "licence")

log = logging.getLogger(__name__)


def article_id(text: str) -> str:
    """First 10 hex characters of the SHA-256 of the cleaned text: stable across runs."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def load(
    paths: Sequence[str | Path],
    registry: OutletRegistry | None = None,
    *,
    rules: Sequence[Rule] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> IngestResult:
    """Read every article under ``paths``; unreadable inputs become Problems, never exceptions."""
    registry = registry if registry is not None else load_registry()
    rules = tuple(rules) if rules is not None else load_rules()
    extra_rules = registry.signature_rules()
    articles: list[Article] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    manifests = _Manifests(max_bytes)

    for file, shown, problem in _expand(paths):
        if problem is not None:
            problems.append(problem)
            continue
        given_by_manifest, manifest_problems = manifests.for_file(file)
        problems.extend(manifest_problems)
        try:
            docs, doc_problems = read_file(file, shown, max_bytes)
        except ReadError as exc:
            problems.append(Problem(shown, str(exc)))
            continue
        except Exception as exc:  # one odd file must never stop the run: name it and go on
            log.debug("reading %s failed", shown, exc_info=True)
            problems.append(Problem(shown, f"cannot read the file ({exc.__class__.__name__}: {exc})"))
            continue
        problems.extend(doc_problems)
        for doc in docs:
            try:
                article, notes = build_article(doc, registry, rules, extra_rules, given_by_manifest)
            except Exception as exc:
                log.debug("building %s failed", doc.path, exc_info=True)
                article, notes = None, [Problem(doc.path, f"cannot use the article ({exc.__class__.__name__}: {exc})")]
            problems.extend(notes)
            if article is None:
                continue
            if article.id in seen:
                problems.append(
                    Problem(doc.path, f"same content as {seen[article.id]} (id {article.id}); kept once", "warning")
                )
                continue
            seen[article.id] = article.path
            articles.append(article)
    return IngestResult(articles=tuple(articles), problems=tuple(problems))


def build_article(
    doc: Document,
    registry: OutletRegistry,
    rules: Sequence[Rule],
    extra_rules: Sequence[Rule] = (),
    manifest: Mapping[str, object] | None = None,
) -> tuple[Article | None, list[Problem]]:
    """Clean one document and settle its title, outlet and date, each with its source."""
    problems: list[Problem] = []
    # Lone surrogates and control characters out first: SQLite, UTF-8 and PDF refuse them.
    given = {key: scrub(v) if isinstance(v, str) else v for key, v in {**doc.given, **(manifest or {})}.items()}
    doc = Document(scrub(doc.path), scrub(doc.text), doc.given, {k: scrub(v) for k, v in doc.page.items()}, doc.html)

    given_date = None
    if "published" in given:
        given_date = dates.parse_iso(given["published"])
        if given_date is None:
            problems.append(
                Problem(
                    doc.path, f"invalid publication date {given['published']!r} (expected ISO 8601); ignored", "warning"
                )
            )

    page_title = doc.page.get("title")
    hint = str(given["title"]) if given.get("title") else page_title
    cleaned = clean(doc.text, rules, extra_rules=extra_rules, headline=not doc.html, title_hint=hint)
    if not cleaned.text.strip():
        return None, [*problems, Problem(doc.path, "no article text left after removing boilerplate")]

    title, title_source = choose_title(given.get("title"), cleaned.headline, page_title)
    url = _text(given.get("url")) or doc.page.get("url")
    outlet, outlet_source = _outlet(given, url, doc, cleaned, registry)

    if given_date:
        when, when_source = given_date, GIVEN
    else:
        when = (
            dates.parse_iso(doc.page.get("date"))
            or dates.from_page_lines(r.text for r in cleaned.removed if r.header)
            or dates.from_dateline(cleaned.first_body)[0]
        )
        when_source = INFERRED if when else UNKNOWN

    article = Article(
        id=article_id(cleaned.text),
        path=doc.path,
        text=cleaned.text,
        title=title,
        title_source=title_source,
        outlet=outlet,
        outlet_source=outlet_source,
        published=when,
        published_source=when_source,
        url=url,
        removed_lines=tuple(r.text for r in cleaned.removed),
    )
    return article, problems


def _outlet(
    given: Mapping[str, object], url: str | None, doc: Document, cleaned: Cleaned, registry: OutletRegistry
) -> tuple[str, str]:
    """GIVEN (alias resolved) > FROM_URL > INFERRED from what the page says of itself > unknown.

    What the page says of itself, in order: the HTML site name, its own furniture (appeals,
    paywall, self-descriptions), a wire dateline "MOSCOW (Reuters) -".
    """
    if name := _text(given.get("outlet")):
        return registry.resolve(name) or name, GIVEN
    if name := registry.by_url(url):
        return name, FROM_URL
    name = (
        registry.resolve(doc.page.get("sitename"))
        or registry.infer(cleaned.removed)
        or registry.resolve(dates.from_dateline(cleaned.first_body)[1])
    )
    return (name, INFERRED) if name else (UNKNOWN_OUTLET, UNKNOWN)


def _text(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None


# --------------------------------------------------------------------------- paths


def _expand(paths: Sequence[str | Path]) -> Iterator[tuple[Path, str, Problem | None]]:
    """Files to read, in order: named files as given, folders recursively in sorted order."""
    if isinstance(paths, (str, Path)):  # one path given bare: not a sequence of characters
        paths = [paths]
    for given in paths:
        path = Path(given)
        shown = str(given)
        if path.is_dir():
            try:
                files = sorted(_walk(path), key=lambda p: p.relative_to(path).as_posix())
            except OSError as exc:
                yield path, shown, Problem(shown, f"cannot list folder: {exc.strerror or exc}")
                continue
            for file in files:
                yield file, str(path / file.relative_to(path)), None
        elif path.is_file():
            if path.suffix.lower() not in FORMATS:
                supported = ", ".join(sorted(FORMATS))
                yield (
                    path,
                    shown,
                    Problem(shown, f"unsupported file type {path.suffix or '(none)'!r}; supported: {supported}"),
                )
            else:
                yield path, shown, None
        else:
            yield path, shown, Problem(shown, "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    """Supported article files under ``folder``; hidden files, manifests and docs skipped."""
    for file in folder.rglob("*"):
        rel = file.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not file.is_file():
            continue
        name = file.name.lower()
        if name == MANIFEST_NAME or name.startswith(_DOC_PREFIXES):
            continue
        if file.suffix.lower() in FORMATS:
            yield file


class _Manifests:
    """Each folder's manifest read once; its problems reported once."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._cache: dict[Path, Manifest | None] = {}

    def for_file(self, file: Path) -> tuple[Mapping[str, str], list[Problem]]:
        """The manifest fields for ``file``, and the manifest's problems the first time it is read."""
        folder = file.parent
        key = folder.resolve()
        new_problems: list[Problem] = []
        if key not in self._cache:
            manifest = read_manifest(folder, str(folder / MANIFEST_NAME), self.max_bytes)
            self._cache[key] = manifest
            if manifest is not None:
                new_problems.extend(manifest.problems)
        manifest = self._cache[key]
        fields = manifest.entries.get(file.resolve(), {}) if manifest is not None else {}
        return fields, new_problems
