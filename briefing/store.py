"""The corpus store: every article ever ingested, where it came from, and its cached language pass.

    store = open_store("briefing-store.sqlite3")          # or a database URL (postgresql://...)
    report = store.add(article, origin="seeds/000.txt")   # "added" | "present" | "updated"
    articles = store.select(Selection(since=date(2018, 2, 12), until=date(2018, 2, 18)))
    facts = cached_facts(store, articles, pipeline_version(model), extract)

SQLite by default (one file, write-ahead log, ``BEGIN IMMEDIATE`` with a busy timeout); any
SQLAlchemy URL otherwise, with one code path (SQLAlchemy Core) for both. Choices worth knowing:

* Identity is the SHA-256 of the cleaned text (``content_hash``, UNIQUE): the same article
  ingested twice is stored once; each place it was seen is kept in ``sightings``. A second copy
  whose metadata is GIVEN replaces stored metadata that was only inferred ("updated").
* One transaction per article: a crash or kill mid-ingest leaves the store as it was before the
  article being written, never half of it.
* The language pass is cached per article and *pipeline version* (spaCy model name and version,
  our package version, ``FACTS_SCHEMA``) and publication date (relative dates are resolved
  against it), as JSON (``dataclasses.asdict``), never pickle. A changed article is a new hash.
* Live sources: ``feeds`` keeps each feed's ETag / Last-Modified (a conditional GET next time),
  ``fetched`` each page URL fetched and the article it gave (a page is fetched once); both are
  written by ``remember_live`` after the articles, and read by ``briefing.ingest.live`` through
  ``feed_validators``, ``fetched_hash`` and ``feed_hashes``.
* Publication dates keep their precision; ``published_first``/``published_last`` hold the days
  the date covers ("2018-04" -> 2018-04-01..2018-04-30), and a date range selects an article only
  when its whole date lies inside the range.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa

from briefing import __version__, timeml
from briefing.model import GIVEN, Article, ArticleFacts, LiveSource
from briefing.serial import from_jsonable
from briefing.timing import StageTimer

FACTS_SCHEMA = 2  # bump when ArticleFacts (or what the extractors put in it) changes shape
STORE_SCHEMA = 1
BUSY_TIMEOUT_MS = 30_000
DEFAULT_STORE_NAME = "store.sqlite3"

ADDED, PRESENT, UPDATED = "added", "present", "updated"


class StoreError(RuntimeError):
    """The store cannot be opened or used; the message names it and says why."""


def _reported(method):
    """Database errors of a Store method (a damaged file, a lock held past the busy timeout, a full
    disk) become StoreError naming the store; the failed transaction has been rolled back."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sa.exc.DatabaseError as error:
            raise StoreError(f"store {self.shown}: {_database_problem(error)}") from error

    return wrapper


def _database_problem(error: sa.exc.SQLAlchemyError) -> str:
    """What went wrong, in words; a damaged SQLite file is said to be damaged and left alone."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    if re.search(r"file is not a database|malformed|file is encrypted|disk image", reason, re.IGNORECASE):
        return (
            f"the file is damaged or is not a briefing store ({reason}); it was left as it is: restore it from a "
            "backup, or move it aside and ingest again"
        )
    return f"{error.__class__.__name__}: {reason}"


def default_store_path(environ: dict[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME/briefing/store.sqlite3``, i.e. ``~/.local/share/briefing/store.sqlite3``."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "briefing" / DEFAULT_STORE_NAME


def store_url(location: str | Path) -> str:
    """A database URL from a path or URL: ``x.sqlite3`` -> ``sqlite:////abs/x.sqlite3``."""
    text = str(location)
    if re.match(r"^[a-z][a-z0-9+.-]*://", text):
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


# --------------------------------------------------------------------------- schema

metadata = sa.MetaData()

articles_table = sa.Table(
    "articles",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("article_id", sa.String(16), nullable=False, index=True),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("title_source", sa.String(16), nullable=False),
    sa.Column("outlet", sa.Text, nullable=False, index=True),
    sa.Column("outlet_source", sa.String(16), nullable=False),
    sa.Column("published", sa.String(32)),
    sa.Column("published_source", sa.String(16), nullable=False),
    sa.Column("published_first", sa.String(10), index=True),  # first day the date covers
    sa.Column("published_last", sa.String(10), index=True),  # last day it covers
    sa.Column("url", sa.Text),
    sa.Column("removed_lines", sa.Text, nullable=False),  # JSON list
    sa.Column("added_at", sa.String(32), nullable=False),
)

sightings_table = sa.Table(
    "sightings",
    metadata,
    sa.Column("content_hash", sa.String(64), sa.ForeignKey("articles.content_hash"), primary_key=True),
    sa.Column("origin", sa.Text, primary_key=True),  # the file, "file.jsonl#L3", feed entry or URL
    sa.Column("seen_at", sa.String(32), nullable=False),
)

facts_table = sa.Table(
    "facts",
    metadata,
    sa.Column("content_hash", sa.String(64), sa.ForeignKey("articles.content_hash"), primary_key=True),
    sa.Column("pipeline", sa.String(200), primary_key=True),
    sa.Column("anchor", sa.String(32), nullable=False),  # publication date the times were resolved against
    sa.Column("facts", sa.Text, nullable=False),  # JSON, see facts_to_json
    sa.Column("made_at", sa.String(32), nullable=False),
)

job_runs_table = sa.Table(
    "job_runs",
    metadata,
    sa.Column("job", sa.String(200), primary_key=True),
    sa.Column("last_run", sa.String(32)),  # scheduled time of the last run (UTC ISO)
    sa.Column("registered_at", sa.String(32), nullable=False),
    sa.Column("status", sa.Text),
)

article_stories_table = sa.Table(
    "article_stories",
    metadata,
    sa.Column("content_hash", sa.String(64), sa.ForeignKey("articles.content_hash"), primary_key=True),
    sa.Column("article_id", sa.String(16), nullable=False, index=True),
    sa.Column("story_id", sa.String(40), nullable=False, index=True),
)

story_state_table = sa.Table(
    "story_state",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),  # "index": the grouping's whole state
    sa.Column("version", sa.String(300), nullable=False),  # what made it: settings and pipeline
    sa.Column("data", sa.LargeBinary, nullable=False),  # briefing.stories.grouping's own format, no pickle
    sa.Column("saved_at", sa.String(32), nullable=False),
)

story_edits_table = sa.Table(
    "story_edits",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("action", sa.String(16), nullable=False),  # "merge" or "split"
    sa.Column("story_id", sa.String(40), nullable=False),  # merge: the story kept; split: the story split
    sa.Column("detail", sa.Text, nullable=False),  # JSON: merge {"gone": id}; split {"articles": [ids]}
    sa.Column("made_at", sa.String(32), nullable=False),
)

feeds_table = sa.Table(
    "feeds",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),  # normalised
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("checked_at", sa.String(32), nullable=False),
)

fetched_table = sa.Table(
    "fetched",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),  # normalised page URL (an entry's link, or its canonical link)
    sa.Column("feed", sa.Text, index=True),  # the feed it was an entry of, if any
    sa.Column("content_hash", sa.String(64), nullable=False),  # the article it gave
    sa.Column("fetched_at", sa.String(32), nullable=False),
)

# The web service (briefing.web): briefs asked for, and the team's API tokens (hashed).
web_jobs_table = sa.Table(
    "web_jobs",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),  # uuid4 hex: the only name a brief's files have
    sa.Column("key", sa.String(64), nullable=False, index=True),  # digest of the request: the same one is reused
    sa.Column("status", sa.String(16), nullable=False, index=True),  # queued, running, done, failed
    sa.Column("spec", sa.Text, nullable=False),  # JSON: what to build (briefing.web.jobs.BriefSpec)
    sa.Column("owner", sa.Text),  # the token's name; None without a token (loopback)
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("started_at", sa.String(32)),
    sa.Column("finished_at", sa.String(32)),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("stage", sa.Text),
    sa.Column("done", sa.Integer),
    sa.Column("total", sa.Integer),
    sa.Column("message", sa.Text),  # why it failed
    sa.Column("problems", sa.Text),  # JSON list of {"path", "message", "severity"}
    sa.Column("files", sa.Text),  # JSON list of the file names written
    sa.Column("title", sa.Text),
)

web_tokens_table = sa.Table(
    "web_tokens",
    metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("digest", sa.String(64), nullable=False, unique=True),  # SHA-256 of the token; the token is never kept
    sa.Column("created_at", sa.String(32), nullable=False),
)

meta_table = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


# --------------------------------------------------------------------------- selection


@dataclass(frozen=True)
class Selection:
    """Which stored articles a brief is made from; every part is optional and they combine (AND)."""

    since: date | None = None  # whole publication date on or after this day
    until: date | None = None  # whole publication date on or before this day
    outlets: tuple[str, ...] = ()  # any of these (canonical names)
    terms: tuple[str, ...] = ()  # the text mentions every one of these (case-insensitive)
    hashes: tuple[str, ...] | None = None  # only these articles (content hashes)
    story: str | None = None  # only the articles of this story (store only: stories live there)

    def matches(self, article: Article) -> bool:
        """The same test the store runs in SQL, for articles read from paths."""
        first, last = date_span(article.published)
        if self.since and (first is None or first < self.since.isoformat()):
            return False
        if self.until and (last is None or last > self.until.isoformat()):
            return False
        if self.outlets and article.outlet not in self.outlets:
            return False
        text = article.text.lower()
        return all(term.lower() in text for term in self.terms)


@dataclass(frozen=True)
class WebJob:
    """One brief asked of the web service: its request, where it has got, and what it wrote."""

    id: str
    key: str
    status: str  # queued, running, done, failed
    spec: str  # JSON
    owner: str | None
    created_at: str
    started_at: str | None = None
    finished_at: str | None = None
    attempts: int = 0
    stage: str | None = None
    done: int = 0
    total: int = 0
    message: str | None = None
    problems: tuple[dict, ...] = ()
    files: tuple[str, ...] = ()
    title: str | None = None


def _web_job(row) -> WebJob:
    return WebJob(
        id=row["id"],
        key=row["key"],
        status=row["status"],
        spec=row["spec"],
        owner=row["owner"],
        created_at=row["created_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        attempts=row["attempts"] or 0,
        stage=row["stage"],
        done=row["done"] or 0,
        total=row["total"] or 0,
        message=row["message"],
        problems=tuple(json.loads(row["problems"])) if row["problems"] else (),
        files=tuple(json.loads(row["files"])) if row["files"] else (),
        title=row["title"],
    )


def date_span(value: str | None) -> tuple[str | None, str | None]:
    """The first and last day an ISO date of any precision covers: "2018-02" -> 02-01, 02-28."""
    span = timeml.interval(value)
    return (span[0].isoformat(), span[1].isoformat()) if span else (None, None)


# --------------------------------------------------------------------------- facts as JSON


def facts_to_json(facts: ArticleFacts) -> str:
    """The language pass's findings for one article, without the article itself."""
    data = asdict(facts)
    del data["article"]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def facts_from_json(text: str, article: Article) -> ArticleFacts:
    """The inverse of :func:`facts_to_json`, with ``article`` put back; every field of
    ArticleFacts is read by its type, so a field added to the model needs no change here."""
    data = json.loads(text)
    data.pop("article", None)
    facts = from_jsonable(ArticleFacts, {**data, "article": None})
    return replace(facts, article=article)


def pipeline_version(model: str, model_version: str | None = None) -> str:
    """What the cached facts depend on, e.g.
    "en_core_web_sm==3.8.0;briefing==0.1.0;facts=1;code=3f2a9c0d1b7e".

    ``code`` is a digest of the language pass's own source and word lists, so a changed extractor
    invalidates the cache even when nobody remembered to bump the package version.
    """
    if model_version is None:
        model_version = _model_version(model)
    return f"{model}=={model_version};briefing=={__version__};facts={FACTS_SCHEMA};code={extractor_digest()}"


# Modules of briefing/nlp/ that decide where the pass runs, not what it finds (the same facts on a
# cluster as on one machine, tests/nlp/test_cluster.py): changing them keeps the cache.
NOT_THE_EXTRACTOR = frozenset({"cluster.py"})


@lru_cache(maxsize=1)
def extractor_digest() -> str:
    """SHA-256 (first 12 hex) of the language pass's code (``briefing/nlp/``, packages included), the
    modules it builds on (model, lexicon, timeml) and the word lists: a change to any re-runs it."""
    package = Path(__file__).resolve().parent
    files = sorted(
        (f for f in (package / "nlp").rglob("*.py") if f.name not in NOT_THE_EXTRACTOR),
        key=lambda f: f.relative_to(package).as_posix(),
    )
    files += [package / name for name in ("model.py", "lexicon.py", "timeml.py", "data/actors.yaml")]
    digest = hashlib.sha256()
    for file in files:
        if file.is_file():
            name = file.relative_to(package).as_posix().encode()
            digest.update(name + b"\0" + file.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return digest.hexdigest()[:12]


def _model_version(model: str) -> str:
    """The installed spaCy pipeline's version, without loading it (a folder: its meta.json)."""
    from importlib import metadata as md

    try:
        return md.version(model)
    except md.PackageNotFoundError:
        pass
    meta = Path(model) / "meta.json"
    try:
        return str(json.loads(meta.read_text(encoding="utf-8")).get("version", "unknown"))
    except (OSError, ValueError):
        return "unknown"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- the store


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """One database; every write in its own short transaction."""

    def __init__(self, url: str, engine: sa.Engine):
        self.url = url
        self.engine = engine
        # Reads begin a plain (deferred) transaction; only writes take the write lock up front.
        self.reader = engine.execution_options(briefing_read=True)

    # ---------------------------------------------------------------- lifecycle

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def shown(self) -> str:
        """The store as shown to the user (no password)."""
        return self.engine.url.render_as_string(hide_password=True)

    # ---------------------------------------------------------------- articles

    @_reported
    def add(self, article: Article, origin: str | None = None) -> str:
        """Store one article in one transaction: ADDED, PRESENT (same text known) or UPDATED."""
        try:
            return self._add(article, origin)
        except sa.exc.IntegrityError:  # another writer stored the same text a moment ago
            return self._add(article, origin)

    def _add(self, article: Article, origin: str | None) -> str:
        digest = content_hash(article.text)
        now = _now()
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(articles_table).where(articles_table.c.content_hash == digest)).first()
            if row is None:
                conn.execute(articles_table.insert().values(**_article_row(article, digest, now)))
                outcome = ADDED
            else:
                changes = _given_over_inferred(row._mapping, article)
                if changes:
                    conn.execute(
                        articles_table.update().where(articles_table.c.content_hash == digest).values(**changes)
                    )
                outcome = UPDATED if changes else PRESENT
            seen = sa.select(sightings_table.c.origin).where(
                sightings_table.c.content_hash == digest, sightings_table.c.origin == (origin or article.path)
            )
            if conn.execute(seen).first() is None:
                conn.execute(
                    sightings_table.insert().values(content_hash=digest, origin=origin or article.path, seen_at=now)
                )
        return outcome

    @_reported
    def select(self, selection: Selection = Selection()) -> list[Article]:
        """Stored articles matching ``selection``, by publication date, then path."""
        a = articles_table.c
        query = _selected(sa.select(articles_table), selection)
        query = query.order_by(a.published_first.is_(None), a.published_first, a.path, a.content_hash)
        with self.reader.connect() as conn:
            return [_article(row._mapping) for row in conn.execute(query)]

    @_reported
    def selected_hashes(self, selection: Selection) -> list[str]:
        """The content hashes ``selection`` picks, sorted: what a brief over it would cover (no text read)."""
        a = articles_table.c
        query = _selected(sa.select(a.content_hash), selection).order_by(a.content_hash)
        with self.reader.connect() as conn:
            return [row[0] for row in conn.execute(query)]

    @_reported
    def recent(self, limit: int = 100) -> list[Article]:
        """The articles stored last, newest first (for a listing)."""
        query = sa.select(articles_table).order_by(articles_table.c.added_at.desc(), articles_table.c.pk.desc())
        with self.reader.connect() as conn:
            return [_article(row._mapping) for row in conn.execute(query.limit(limit))]

    @_reported
    def count(self) -> int:
        with self.reader.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(articles_table)).scalar_one()

    @_reported
    def outlets(self) -> list[str]:
        with self.reader.connect() as conn:
            query = sa.select(articles_table.c.outlet).distinct().order_by(articles_table.c.outlet)
            return [r[0] for r in conn.execute(query)]

    # ---------------------------------------------------------------- facts cache

    @_reported
    def cached(self, articles: Sequence[Article], pipeline: str) -> dict[str, ArticleFacts]:
        """Cached facts by content hash, for the articles whose cache entry is still valid."""
        by_hash = {content_hash(a.text): a for a in articles}
        found: dict[str, ArticleFacts] = {}
        f = facts_table.c
        hashes = list(by_hash)
        with self.reader.connect() as conn:
            for start in range(0, len(hashes), 500):
                chunk = hashes[start : start + 500]
                query = sa.select(f.content_hash, f.anchor, f.facts).where(
                    f.pipeline == pipeline, f.content_hash.in_(chunk)
                )
                for digest, anchor, text in conn.execute(query):
                    article = by_hash[digest]
                    if anchor == (article.published or ""):
                        found[digest] = facts_from_json(text, article)
        return found

    @_reported
    def save_facts(self, facts: ArticleFacts, pipeline: str) -> None:
        """Cache one article's facts (one transaction); the article must be stored."""
        digest = content_hash(facts.article.text)
        values = {"anchor": facts.article.published or "", "facts": facts_to_json(facts), "made_at": _now()}
        f = facts_table.c
        with self.engine.begin() as conn:
            done = conn.execute(
                facts_table.update().where(f.content_hash == digest, f.pipeline == pipeline).values(**values)
            )
            if done.rowcount == 0:
                conn.execute(facts_table.insert().values(content_hash=digest, pipeline=pipeline, **values))

    # ---------------------------------------------------------------- stories

    @_reported
    def ungrouped(self) -> list[Article]:
        """Stored articles that belong to no story yet, in the order they should arrive at the
        grouping: by publication date (stories drift with time), then as they were stored."""
        a, s = articles_table.c, article_stories_table.c
        query = (
            sa.select(articles_table)
            .where(~a.content_hash.in_(sa.select(s.content_hash)))
            .order_by(a.published_first.is_(None), a.published_first, a.pk)
        )
        with self.reader.connect() as conn:
            return [_article(row._mapping) for row in conn.execute(query)]

    @_reported
    def story_of(self, hashes: Sequence[str] | None = None) -> dict[str, str]:
        """Story id by content hash (every grouped article, or those of ``hashes``)."""
        s = article_stories_table.c
        found: dict[str, str] = {}
        with self.reader.connect() as conn:
            if hashes is None:
                return {h: sid for h, sid in conn.execute(sa.select(s.content_hash, s.story_id))}
            hashes = list(hashes)
            for start in range(0, len(hashes), 500):
                query = sa.select(s.content_hash, s.story_id).where(s.content_hash.in_(hashes[start : start + 500]))
                found.update({h: sid for h, sid in conn.execute(query)})
        return found

    @_reported
    def update_stories(
        self,
        change: Callable[[bytes | None, str | None], tuple[bytes, str, dict[str, str]]],
        edit: tuple[str, str, dict] | None = None,
    ) -> dict[str, str]:
        """Change the story grouping in one write transaction, so two ingests never lose each
        other's work: ``change(state, version)`` gets the saved state (None at first) and returns
        the new state, its version and the story of every article id it placed or moved. A user's
        ``edit`` (action, story id, detail) is kept in the same transaction, to be made again if
        the grouping is ever made again. Returns the rows changed (article id -> story id)."""
        try:
            return self._update_stories(change, edit)
        except sa.exc.IntegrityError:  # on a server: another writer saved the very first state a moment ago
            return self._update_stories(change, edit)

    def _update_stories(
        self,
        change: Callable[[bytes | None, str | None], tuple[bytes, str, dict[str, str]]],
        edit: tuple[str, str, dict] | None,
    ) -> dict[str, str]:
        t, s = story_state_table.c, article_stories_table.c
        with self.engine.begin() as conn:
            if edit is not None:
                action, story_id, detail = edit
                conn.execute(
                    story_edits_table.insert().values(
                        action=action, story_id=story_id, detail=json.dumps(detail, sort_keys=True), made_at=_now()
                    )
                )
            row = conn.execute(sa.select(t.data, t.version).where(t.name == "index").with_for_update()).first()
            data, version, placed = change(bytes(row[0]) if row else None, row[1] if row else None)
            values = {"data": data, "version": version, "saved_at": _now()}
            if row is None:
                conn.execute(story_state_table.insert().values(name="index", **values))
            else:
                conn.execute(story_state_table.update().where(t.name == "index").values(**values))
            stored = dict(conn.execute(sa.select(s.article_id, s.story_id)).all())
            changed = {aid: sid for aid, sid in placed.items() if stored.get(aid) != sid}
            moved: dict[str, list[str]] = {}
            for aid, sid in changed.items():
                if aid in stored:
                    moved.setdefault(sid, []).append(aid)
            for sid, ids in moved.items():
                for start in range(0, len(ids), 500):
                    conn.execute(
                        article_stories_table.update()
                        .where(s.article_id.in_(ids[start : start + 500]))
                        .values(story_id=sid)
                    )
            new = [aid for aid in changed if aid not in stored]
            if new:
                a = articles_table.c
                hashes: dict[str, str] = {}
                for start in range(0, len(new), 500):
                    query = sa.select(a.article_id, a.content_hash).where(a.article_id.in_(new[start : start + 500]))
                    hashes.update(dict(conn.execute(query).all()))
                rows = [
                    {"content_hash": hashes[aid], "article_id": aid, "story_id": changed[aid]}
                    for aid in new
                    if aid in hashes
                ]
                if rows:
                    conn.execute(article_stories_table.insert(), rows)
        return changed

    @_reported
    def story_state_version(self) -> str | None:
        """What made the saved grouping (None: nothing grouped yet)."""
        t = story_state_table.c
        with self.reader.connect() as conn:
            return conn.execute(sa.select(t.version).where(t.name == "index")).scalar()

    @_reported
    def reset_stories(self) -> None:
        """Forget the grouping (its state and every article's story; the user's edits stay, to be
        replayed on the new grouping)."""
        with self.engine.begin() as conn:
            conn.execute(article_stories_table.delete())
            conn.execute(story_state_table.delete())

    @_reported
    def story_edits(self) -> list[tuple[str, str, dict]]:
        """The user's merges and splits, oldest first: (action, story id, detail)."""
        e = story_edits_table.c
        with self.reader.connect() as conn:
            rows = conn.execute(sa.select(e.action, e.story_id, e.detail).order_by(e.pk)).all()
        return [(action, sid, json.loads(detail)) for action, sid, detail in rows]

    # ---------------------------------------------------------------- live sources

    @_reported
    def feed_validators(self, url: str) -> tuple[str | None, str | None] | None:
        """(ETag, Last-Modified) a feed last answered with, for a conditional GET; None if never read."""
        f = feeds_table.c
        with self.reader.connect() as conn:
            row = conn.execute(sa.select(f.etag, f.last_modified).where(f.url == url)).first()
        return (row[0], row[1]) if row is not None and (row[0] or row[1]) else None

    @_reported
    def fetched_hash(self, url: str) -> str | None:
        """The content hash of the article a page URL gave on an earlier run (None: never fetched)."""
        f = fetched_table.c
        with self.reader.connect() as conn:
            return conn.execute(sa.select(f.content_hash).where(f.url == url)).scalar()

    @_reported
    def feed_hashes(self, url: str) -> tuple[str, ...]:
        """The content hashes of the stored articles a feed's entries gave."""
        f = fetched_table.c
        with self.reader.connect() as conn:
            rows = conn.execute(sa.select(f.content_hash).where(f.feed == url).order_by(f.fetched_at, f.url))
            return tuple(dict.fromkeys(r[0] for r in rows))

    @_reported
    def remember_live(self, source: LiveSource) -> None:
        """Keep what a live source's run learnt (its feed's validators, the URLs it fetched), in one
        transaction, after its articles are stored: a crash before this only means fetching again."""
        now = _now()
        f, d = feeds_table.c, fetched_table.c
        stored = {h for h in self._existing_hashes([h for _, h in source.fetched])}
        with self.engine.begin() as conn:
            for url, digest in source.fetched:
                if digest not in stored:
                    continue  # an article the store did not take: fetch it again next time
                values = {"feed": source.feed if source.kind == "feed" else None, "content_hash": digest}
                done = conn.execute(fetched_table.update().where(d.url == url).values(fetched_at=now, **values))
                if done.rowcount == 0:
                    conn.execute(fetched_table.insert().values(url=url, fetched_at=now, **values))
            if source.kind == "feed" and source.feed:
                values = {"etag": source.etag, "last_modified": source.last_modified, "checked_at": now}
                done = conn.execute(feeds_table.update().where(f.url == source.feed).values(**values))
                if done.rowcount == 0:
                    conn.execute(feeds_table.insert().values(url=source.feed, **values))

    def _existing_hashes(self, hashes: Sequence[str]) -> set[str]:
        a = articles_table.c
        found: set[str] = set()
        with self.reader.connect() as conn:
            for start in range(0, len(hashes), 500):
                chunk = hashes[start : start + 500]
                found.update(r[0] for r in conn.execute(sa.select(a.content_hash).where(a.content_hash.in_(chunk))))
        return found

    # ---------------------------------------------------------------- scheduled jobs

    @_reported
    def job_state(self, job: str, now: datetime) -> tuple[datetime | None, datetime]:
        """(last run, first registered) for ``job``; registers it at ``now`` the first time."""
        j = job_runs_table.c
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(j.last_run, j.registered_at).where(j.job == job)).first()
            if row is None:
                conn.execute(job_runs_table.insert().values(job=job, registered_at=_iso(now)))
                return None, now
        last = datetime.fromisoformat(row[0]) if row[0] else None
        return last, datetime.fromisoformat(row[1])

    @_reported
    def record_run(self, job: str, scheduled: datetime, status: str) -> None:
        j = job_runs_table.c
        with self.engine.begin() as conn:
            done = conn.execute(
                job_runs_table.update().where(j.job == job).values(last_run=_iso(scheduled), status=status)
            )
            if done.rowcount == 0:
                conn.execute(
                    job_runs_table.insert().values(
                        job=job, last_run=_iso(scheduled), registered_at=_iso(scheduled), status=status
                    )
                )

    # ---------------------------------------------------------------- the web service's jobs and tokens

    @_reported
    def add_web_job(self, job_id: str, key: str, spec: str, owner: str | None) -> None:
        """A brief asked for, queued (one transaction)."""
        values = {"id": job_id, "key": key, "status": "queued", "spec": spec, "owner": owner, "attempts": 0}
        with self.engine.begin() as conn:
            conn.execute(web_jobs_table.insert().values(created_at=_now(), **values))

    @_reported
    def web_job(self, job_id: str) -> WebJob | None:
        with self.reader.connect() as conn:
            row = conn.execute(sa.select(web_jobs_table).where(web_jobs_table.c.id == job_id)).first()
        return _web_job(row._mapping) if row is not None else None

    @_reported
    def web_job_by_key(self, key: str) -> WebJob | None:
        """The newest job for the same request that has not failed (queued, running or done)."""
        j = web_jobs_table.c
        query = (
            sa.select(web_jobs_table)
            .where(j.key == key, j.status.in_(("queued", "running", "done")))
            .order_by(j.created_at.desc())
        )
        with self.reader.connect() as conn:
            row = conn.execute(query).first()
        return _web_job(row._mapping) if row is not None else None

    @_reported
    def web_jobs(self, limit: int = 200, status: Sequence[str] = ()) -> list[WebJob]:
        """Jobs, newest first (only those in ``status``, when given)."""
        j = web_jobs_table.c
        query = sa.select(web_jobs_table).order_by(j.created_at.desc(), j.id)
        if status:
            query = query.where(j.status.in_(tuple(status)))
        with self.reader.connect() as conn:
            return [_web_job(row._mapping) for row in conn.execute(query.limit(limit))]

    @_reported
    def claim_web_job(self) -> WebJob | None:
        """The oldest queued job, now running (one transaction: two workers never take the same job)."""
        j = web_jobs_table.c
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(j.id).where(j.status == "queued").order_by(j.created_at, j.id).limit(1)
            ).first()
            if row is None:
                return None
            conn.execute(
                web_jobs_table.update()
                .where(j.id == row[0], j.status == "queued")
                .values(status="running", started_at=_now(), attempts=j.attempts + 1, stage=None, done=0, total=0)
            )
        return self.web_job(row[0])

    @_reported
    def update_web_job(self, job_id: str, **values: object) -> None:
        """Change a job's row (status, progress, result), in one transaction; finishing stamps the time."""
        if values.get("status") in ("done", "failed"):
            values.setdefault("finished_at", _now())
        with self.engine.begin() as conn:
            conn.execute(web_jobs_table.update().where(web_jobs_table.c.id == job_id).values(**values))

    @_reported
    def add_web_token(self, name: str, digest: str) -> None:
        """Keep a token's digest under its name; StoreError when the name is taken."""
        t = web_tokens_table.c
        with self.engine.begin() as conn:
            if conn.execute(sa.select(t.name).where(t.name == name)).first() is not None:
                raise StoreError(f"a token named {name!r} exists already: revoke it first, or choose another name")
            conn.execute(web_tokens_table.insert().values(name=name, digest=digest, created_at=_now()))

    @_reported
    def web_token_name(self, digest: str) -> str | None:
        """The name of the token with this digest (None: no such token)."""
        t = web_tokens_table.c
        with self.reader.connect() as conn:
            return conn.execute(sa.select(t.name).where(t.digest == digest)).scalar()

    @_reported
    def web_tokens(self) -> list[tuple[str, str]]:
        """(name, created at) of every token."""
        t = web_tokens_table.c
        with self.reader.connect() as conn:
            return [(r[0], r[1]) for r in conn.execute(sa.select(t.name, t.created_at).order_by(t.name))]

    @_reported
    def revoke_web_token(self, name: str) -> bool:
        """Forget a token; False when there was none of that name."""
        with self.engine.begin() as conn:
            done = conn.execute(web_tokens_table.delete().where(web_tokens_table.c.name == name))
        return done.rowcount > 0

    # ---------------------------------------------------------------- checks

    @_reported
    def check(self) -> list[str]:
        """Problems found in the store (empty when consistent): integrity, dangling rows."""
        problems = []
        with self.reader.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
                if result != ["ok"]:
                    problems.extend(result)
            for table in (sightings_table, facts_table, article_stories_table):
                orphans = conn.execute(
                    sa.select(sa.func.count())
                    .select_from(table)
                    .where(~table.c.content_hash.in_(sa.select(articles_table.c.content_hash)))
                ).scalar_one()
                if orphans:
                    problems.append(f"{orphans} {table.name} row(s) without their article")
            unseen = conn.execute(
                sa.select(sa.func.count())
                .select_from(articles_table)
                .where(~articles_table.c.content_hash.in_(sa.select(sightings_table.c.content_hash)))
            ).scalar_one()
            if unseen:
                problems.append(f"{unseen} article(s) without a record of where they came from")
        return problems


def store_exists(location: str | Path) -> bool:
    """False only for an SQLite store whose file is not there yet (a server is assumed to exist)."""
    url = store_url(location)
    return not url.startswith("sqlite:///") or Path(url.split(":///", 1)[1]).is_file()


# A PostgreSQL advisory lock held while the tables are made: two clients creating them at the same
# moment would collide in the server's catalogue ("duplicate key ... pg_type_typname_nsp_index").
SCHEMA_LOCK_KEY = int.from_bytes(b"briefing", "big") >> 1


def open_store(location: str | Path) -> Store:
    """Open (creating if needed) the store at a path or database URL."""
    url = store_url(location)
    try:
        engine = _engine(url)
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # clients opening a new database at once take turns
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
            metadata.create_all(conn)
            version = conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == "schema")).scalar()
            if version is None:
                conn.execute(meta_table.insert().values(key="schema", value=str(STORE_SCHEMA)))
            elif int(version) > STORE_SCHEMA:
                raise StoreError(f"{location}: store schema {version} is newer than this briefing ({STORE_SCHEMA})")
    except sa.exc.SQLAlchemyError as error:
        raise StoreError(f"cannot open store {location}: {_database_problem(error)}") from error
    except ModuleNotFoundError as error:
        raise StoreError(f"cannot open store {location}: database driver missing ({error.name})") from error
    return Store(url, engine)


def _engine(url: str) -> sa.Engine:
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    path = url.split(":///", 1)[1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # We issue BEGIN ourselves (below); pysqlite's implicit transactions are switched off.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        _switch_to_wal(cursor)
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite's lower() knows only ASCII; --query "łódź" must find "Łódź" as PostgreSQL would.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # A write takes the write lock at its start, so two writers wait (busy timeout) instead
        # of failing half-way; readers are never blocked in WAL mode.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("briefing_read") else "BEGIN IMMEDIATE")

    return engine


def _switch_to_wal(cursor) -> None:
    """WAL mode. The switch needs the file to itself and SQLite does not always wait for it (two
    processes creating one store at once: one fails at once with "database is locked"), so it is
    tried again until the busy timeout; the mode is kept in the file, so later openings find it."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _selected(query: sa.Select, selection: Selection) -> sa.Select:
    """``query`` narrowed to the articles ``selection`` picks (the SQL twin of Selection.matches)."""
    a = articles_table.c
    if selection.since:
        query = query.where(a.published_first >= selection.since.isoformat())
    if selection.until:
        query = query.where(a.published_last <= selection.until.isoformat())
    if selection.outlets:
        query = query.where(a.outlet.in_(selection.outlets))
    for term in selection.terms:
        query = query.where(a.text.ilike("%" + _escape_like(term) + "%", escape="\\"))
    if selection.hashes is not None:
        query = query.where(a.content_hash.in_(selection.hashes))
    if selection.story is not None:
        s = article_stories_table.c
        query = query.where(a.content_hash.in_(sa.select(s.content_hash).where(s.story_id == selection.story)))
    return query


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def _article_row(article: Article, digest: str, now: str) -> dict[str, object]:
    first, last = date_span(article.published)
    return {
        "content_hash": digest,
        "article_id": article.id,
        "path": article.path,
        "text": article.text,
        "title": article.title,
        "title_source": article.title_source,
        "outlet": article.outlet,
        "outlet_source": article.outlet_source,
        "published": article.published,
        "published_source": article.published_source,
        "published_first": first,
        "published_last": last,
        "url": article.url,
        "removed_lines": json.dumps(list(article.removed_lines), ensure_ascii=False),
        "added_at": now,
    }


def _given_over_inferred(row, article: Article) -> dict[str, object]:
    """Metadata the new copy GIVES where the stored one only inferred it (or differs in a given value)."""
    changes: dict[str, object] = {}
    for name in ("title", "outlet", "published"):
        source = getattr(article, f"{name}_source")
        value = getattr(article, name)
        if source == GIVEN and (row[f"{name}_source"] != GIVEN or row[name] != value):
            changes[name] = value
            changes[f"{name}_source"] = GIVEN
    if "published" in changes:
        changes["published_first"], changes["published_last"] = date_span(article.published)
    if article.url and not row["url"]:
        changes["url"] = article.url
    return changes


def _article(row) -> Article:
    return Article(
        id=row["article_id"],
        path=row["path"],
        text=row["text"],
        title=row["title"],
        title_source=row["title_source"],
        outlet=row["outlet"],
        outlet_source=row["outlet_source"],
        published=row["published"],
        published_source=row["published_source"],
        url=row["url"],
        removed_lines=tuple(json.loads(row["removed_lines"])),
    )


# --------------------------------------------------------------------------- cached language pass


Extract = Callable[[Sequence[Article]], Iterable[ArticleFacts]]


@dataclass(frozen=True)
class CacheReport:
    hits: int
    misses: int


def cached_facts(
    store: Store,
    articles: Sequence[Article],
    pipeline: str,
    extract: Extract,
    timer: StageTimer | None = None,
) -> tuple[list[ArticleFacts], CacheReport]:
    """Facts for ``articles`` in order: from the cache, running ``extract`` on the misses only.

    Each new result is cached as it arrives (one transaction each), so an interrupted pass keeps
    what it finished. ``extract`` is not called at all when everything is cached.
    """
    timer = timer or StageTimer()
    with timer("cache read"):
        found = store.cached(articles, pipeline)
    missing = [a for a in articles if content_hash(a.text) not in found]
    if missing:
        for facts in extract(missing):
            with timer("cache write"):
                store.save_facts(facts, pipeline)
            found[content_hash(facts.article.text)] = facts
    ordered = [replace(found[content_hash(a.text)], article=a) for a in articles]
    return ordered, CacheReport(hits=len(articles) - len(missing), misses=len(missing))
