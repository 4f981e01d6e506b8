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
  (INFERRED), for the date last of all what its address states ("/2016/05/12/", a dated file
  name; INFERRED too); else unknown. A given outlet is resolved to the registry's canonical name, or kept
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

import dataclasses
import hashlib
import logging
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing.ingest import outlets
from briefing.ingest import published as dates
from briefing.ingest.boilerplate import Cleaned, Rule, clean, load_rules
from briefing.ingest.manifest import MANIFEST_NAME, Manifest, read_manifest
from briefing.ingest.outlets import OutletRegistry, load_registry
from briefing.ingest.readers import DEFAULT_MAX_BYTES, FORMATS, Document, ReadError, read_file, read_text
from briefing.ingest.title import choose_title, tidy
from briefing.model import FROM_URL, GIVEN, INFERRED, UNKNOWN, UNKNOWN_OUTLET, Article, IngestResult, Problem
from briefing.text import scrub

__all__ = [
    "DEFAULT_MAX_BYTES",
    "OutletRegistry",
    "article_id",
    "Inspection",
    "build_article",
    "inspect",
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
    articles: list[Article] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for found in inspect(paths, registry, rules=rules, max_bytes=max_bytes):
        problems.extend(found.problems)
        article = found.article
        if article is None:
            continue
        if article.id in seen:
            problems.append(
                Problem(found.path, f"same content as {seen[article.id]} (id {article.id}); kept once", "warning")
            )
            continue
        seen[article.id] = article.path
        articles.append(article)
    return IngestResult(articles=tuple(articles), problems=tuple(problems))


def inspect(
    paths: Sequence[str | Path],
    registry: OutletRegistry | None = None,
    *,
    rules: Sequence[Rule] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Inspection]:
    """Each document under ``paths`` as ingestion sees it (duplicates included), in order; an
    unreadable input is an Inspection with no article and the problem."""
    registry = registry if registry is not None else load_registry()
    rules = tuple(rules) if rules is not None else load_rules()
    extra_rules = registry.signature_rules()
    manifests = _Manifests(max_bytes)

    for file, shown, problem in _expand(paths):
        if problem is not None:
            yield Inspection(shown, None, None, {}, (problem,))
            continue
        given_by_manifest, manifest_problems = manifests.for_file(file)
        try:
            docs, doc_problems = read_file(file, shown, max_bytes)
        except ReadError as exc:
            yield Inspection(shown, None, None, {}, (*manifest_problems, Problem(shown, str(exc))))
            continue
        except Exception as exc:  # one odd file must never stop the run: name it and go on
            log.debug("reading %s failed", shown, exc_info=True)
            message = f"cannot read the file ({exc.__class__.__name__}: {exc})"
            yield Inspection(shown, None, None, {}, (*manifest_problems, Problem(shown, message)))
            continue
        pending = [*manifest_problems, *doc_problems]
        if not docs and pending:
            yield Inspection(shown, None, None, {}, tuple(pending))
        for doc in docs:
            try:
                found = inspect_document(doc, registry, rules, extra_rules, given_by_manifest)
            except Exception as exc:
                log.debug("building %s failed", doc.path, exc_info=True)
                problem = Problem(doc.path, f"cannot use the article ({exc.__class__.__name__}: {exc})")
                found = Inspection(doc.path, None, None, {}, (problem,))
            if pending:  # the file's own problems reported once, with its first document
                found = dataclasses.replace(found, problems=(*pending, *found.problems))
                pending = []
            yield found


@dataclass(frozen=True)
class Inspection:
    """What ingestion made of one document, and why: for ``briefing extract``."""

    path: str
    article: Article | None
    cleaned: Cleaned | None
    how: Mapping[str, str]  # field -> where its value came from, in words
    problems: tuple[Problem, ...] = ()


def build_article(
    doc: Document,
    registry: OutletRegistry,
    rules: Sequence[Rule],
    extra_rules: Sequence[Rule] = (),
    manifest: Mapping[str, object] | None = None,
) -> tuple[Article | None, list[Problem]]:
    """Clean one document and settle its title, outlet and date, each with its source."""
    seen = inspect_document(doc, registry, rules, extra_rules, manifest)
    return seen.article, list(seen.problems)


def inspect_document(
    doc: Document,
    registry: OutletRegistry,
    rules: Sequence[Rule],
    extra_rules: Sequence[Rule] = (),
    manifest: Mapping[str, object] | None = None,
) -> Inspection:
    """``build_article`` with its reasons kept: how each field was found, what cleaning removed."""
    problems: list[Problem] = []
    how: dict[str, str] = {}
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
        message = f"no article text left after removing boilerplate: {_all_boilerplate(cleaned)}"
        problems.append(Problem(doc.path, message))
        return Inspection(doc.path, None, cleaned, how, tuple(problems))

    title, title_source = choose_title(given.get("title"), cleaned.headline, page_title)
    how["title"] = {
        GIVEN: "given with the article",
        INFERRED: "the page's headline line" if title == tidy(cleaned.headline) else "the HTML page's title",
        UNKNOWN: "not found",
    }[title_source]
    url = _text(given.get("url")) or doc.page.get("url")
    how["url"] = "given with the article" if _text(given.get("url")) else ("the page's own link" if url else "none")
    if not url and (url := _address_in_header(cleaned)):
        how["url"] = "the address the page opens with"
    outlet, outlet_source, how["outlet"] = _outlet(given, url, doc, cleaned, registry)

    if given_date:
        when, when_source, how["published"] = given_date, GIVEN, "given with the article"
    else:
        found = [
            (dates.parse_iso(doc.page.get("date")), "the HTML page's metadata"),
            (dates.from_page_lines(r.text for r in cleaned.removed if r.header), "a date line in the page header"),
            (dates.from_dateline(cleaned.first_body)[0], "the first paragraph's dateline"),
            (dates.from_address(url) or dates.from_address(doc.path), "the date in the article's address"),
        ]
        when, how["published"] = next(((d, why) for d, why in found if d), (None, "not found"))
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
    return Inspection(doc.path, article, cleaned, how, tuple(problems))


def _all_boilerplate(cleaned: Cleaned) -> str:
    """What an article that cleaning emptied was made of, for the message."""
    kinds = Counter(r.kind for r in cleaned.removed)
    if not kinds:
        return "the text has no words"
    parts = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
    return f"all of it is page furniture ({parts}; `briefing extract FILE` shows each piece)"


def _outlet(
    given: Mapping[str, object], url: str | None, doc: Document, cleaned: Cleaned, registry: OutletRegistry
) -> tuple[str, str, str]:
    """(name, source, how): GIVEN (alias resolved) > FROM_URL (registry) > INFERRED > unknown.

    Inferred, in order: the HTML site name or the page's own furniture (appeals, paywall,
    self-descriptions) or a wire dateline "MOSCOW (Reuters) -", resolved by the registry; then
    the site name as the page writes it; last the URL's registrable domain ("express.co.uk").
    With a URL the outlet is never unknown.
    """
    if name := _text(given.get("outlet")):
        known = registry.resolve(name)
        return known or name, GIVEN, "given with the article" + ("" if known else " (not in the outlet registry)")
    if name := registry.by_url(url):
        return name, FROM_URL, f"the outlet registry, from the URL's domain {outlets.host(url)}"
    sitename = doc.page.get("sitename")
    clues = (  # tried in order, each only when the ones before found nothing
        (lambda: registry.resolve(sitename), "the page's site name, found in the outlet registry"),
        (lambda: registry.infer(cleaned.removed), "the page's own furniture (appeals, paywall, self-description)"),
        (
            lambda: registry.resolve(dates.from_dateline(cleaned.first_body)[1]),
            "the wire dateline of the first paragraph",
        ),
        (lambda: outlets.plausible_name(sitename), "the page's site name (not in the outlet registry)"),
        (lambda: outlets.registrable_domain(url), "the URL's registrable domain (not in the outlet registry)"),
    )
    for clue, why in clues:
        if name := clue():
            return name, INFERRED, why
    return UNKNOWN_OUTLET, UNKNOWN, "not found: no URL, site name or outlet named by the page"


def _address_in_header(cleaned: Cleaned) -> str | None:
    """The address a page's header holds on a line of its own, if any (the first one)."""
    return next((a for r in cleaned.removed if r.header and (a := outlets.address_on_line(r.text))), None)


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
