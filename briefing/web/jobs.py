"""Briefs asked of the web service: kept as jobs in the store, built by a worker pool outside the requests.

A request becomes a :class:`BriefSpec` (what to build, as JSON in the job's row: never a path the
client chose) and, for uploads, files written under ``UPLOADS/<job id>/`` with names the service
makes (``001.txt``; a ``manifest.csv`` is rewritten to those names). The digest of the request
(its uploads' contents, URLs, selection and the articles it picks now, audience, formats) is the
job's key: the same request again is answered with the same job.

A :class:`WorkerPool` takes queued jobs one at a time per worker, calls ``briefing.build.run``
with the job's progress written to its row, builds into ``BRIEFS/<id>.partial/`` and renames that
to ``BRIEFS/<id>/`` before marking the job done: a finished brief is whole or not there. On start
it recovers jobs a stopped service left running: done when their folder is complete, else queued
again (the store's language-pass cache makes the second run quick), failed after three tries.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path

from briefing.build import BuildRequest, BuildResult, NoInput, run
from briefing.config import Settings
from briefing.ingest.feeds import FEED_SUFFIXES
from briefing.ingest.manifest import MANIFEST_NAME
from briefing.ingest.readers import FORMATS as ARTICLE_SUFFIXES
from briefing.render import FORMATS
from briefing.store import Selection, Store, StoreError, WebJob

log = logging.getLogger(__name__)

UPLOAD_SUFFIXES = frozenset({*ARTICLE_SUFFIXES, *FEED_SUFFIXES})
MAX_ATTEMPTS = 3  # a job a stopped service left running this many times is given up
FINISHED = ("done", "failed")
STAGE_SPANS = {  # share of the bar each build stage fills (briefing.build.Progress stages)
    "articles": (0, 10),
    "fetch": (0, 5),
    "pages": (5, 10),
    "language pass": (10, 80),
    "analyse": (80, 90),
    "render": (90, 100),
}

Build = Callable[..., BuildResult]


class Refused(ValueError):
    """A request for a brief that cannot be taken; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Upload:
    """One file as the client sent it: its name is shown, never used as a path."""

    name: str
    data: bytes


@dataclass(frozen=True)
class BriefSpec:
    """What to build: sources (uploads and URLs) or a store selection, the audience and formats."""

    uploads: tuple[tuple[str, str], ...] = ()  # (name on disk, name as uploaded) under UPLOADS/<job id>/
    urls: tuple[str, ...] = ()
    since: str | None = None  # the store selection, as in `briefing build --since ...`
    until: str | None = None
    outlets: tuple[str, ...] = ()
    query: tuple[str, ...] = ()
    story: str | None = None  # a story of the store (`briefing stories` lists them)
    audience: str = "analyst"
    formats: tuple[str, ...] = FORMATS

    @property
    def from_store(self) -> bool:
        """No sources given: the brief is made from the store's articles that the selection picks."""
        return not self.uploads and not self.urls

    def selection(self) -> Selection | None:
        """The store selection (None for sources alone: the brief covers just them)."""
        if not (self.since or self.until or self.outlets or self.query or self.story) and not self.from_store:
            return None
        return Selection(
            since=date.fromisoformat(self.since) if self.since else None,
            until=date.fromisoformat(self.until) if self.until else None,
            outlets=self.outlets,
            terms=self.query,
            story=self.story,
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> BriefSpec:
        data = json.loads(text)
        data["uploads"] = tuple(tuple(pair) for pair in data.get("uploads", ()))
        for name in ("urls", "outlets", "query", "formats"):
            data[name] = tuple(data.get(name, ()))
        return cls(**data)


@dataclass(frozen=True)
class Order:
    """A request for a brief as a client sends it (form or JSON), before it is checked."""

    uploads: tuple[Upload, ...] = ()
    urls: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    outlets: tuple[str, ...] = ()
    query: tuple[str, ...] = ()
    story: str | None = None
    audience: str | None = None
    formats: tuple[str, ...] = ()
    owner: str | None = None  # the token's name


def check_order(order: Order, settings: Settings, audiences: Sequence[str]) -> BriefSpec:
    """The order as a spec, or Refused saying what is wrong (413 for too many or too large files)."""
    from briefing.ingest.fetch import FetchError, check_scheme

    count = len(order.uploads) + len(order.urls)
    if count > settings.web_max_files:
        raise Refused(f"too many files or URLs: {count}; at most {settings.web_max_files} in one request", 413)
    for upload in order.uploads:
        if len(upload.data) > settings.max_file_bytes:
            raise Refused(
                f"{shown_name(upload.name)!r} is {len(upload.data)} bytes; each file may have at most "
                f"{settings.max_file_bytes} bytes",
                413,
            )
        if not (_suffix(upload.name) in UPLOAD_SUFFIXES or _is_manifest(upload.name)):
            supported = ", ".join(sorted(UPLOAD_SUFFIXES))
            raise Refused(f"{shown_name(upload.name)!r}: unsupported file type; supported: {supported}, manifest.csv")
    if order.uploads and all(_is_manifest(u.name) for u in order.uploads) and not order.urls:
        raise Refused("a manifest.csv alone has no article: upload the files it describes with it")
    for url in order.urls:
        try:
            check_scheme(url)
        except FetchError as error:
            raise Refused(f"{url}: {error.reason}") from None
    if order.since and order.until and order.since > order.until:
        raise Refused(f"since ({order.since}) is after until ({order.until})")
    audience = order.audience or settings.audience
    if audience not in audiences:
        raise Refused(f"unknown audience {audience!r}; choose from {', '.join(audiences)}")
    formats = tuple(dict.fromkeys(order.formats)) or settings.formats
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise Refused(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    return BriefSpec(
        urls=tuple(dict.fromkeys(u.strip() for u in order.urls)),
        since=order.since.isoformat() if order.since else None,
        until=order.until.isoformat() if order.until else None,
        outlets=tuple(sorted(set(order.outlets))),
        query=tuple(sorted(set(order.query))),
        story=order.story.strip() if order.story and order.story.strip() else None,
        audience=audience,
        formats=tuple(f for f in FORMATS if f in formats),
    )


def shown_name(name: str) -> str:
    """The last part of a client's file name, for messages only."""
    return name.replace("\\", "/").rsplit("/", 1)[-1][:200]


def _suffix(name: str) -> str:
    shown = shown_name(name)
    return "." + shown.rsplit(".", 1)[-1].lower() if "." in shown else ""


def _is_manifest(name: str) -> bool:
    return shown_name(name).lower() == MANIFEST_NAME


def order_key(spec: BriefSpec, uploads: Sequence[Upload], store: Store, now: datetime) -> str:
    """The digest naming a request: the same one again gets the same job. Uploads count by name
    and content; a store selection by the articles it picks now (an ingest since makes it new);
    URLs by the day (a feed read again tomorrow has news)."""
    parts: dict[str, object] = {"spec": replace(spec, uploads=()).to_json()}
    parts["uploads"] = sorted((shown_name(u.name), hashlib.sha256(u.data).hexdigest()) for u in uploads)
    selection = spec.selection()
    if spec.from_store and selection is not None:
        parts["articles"] = hashlib.sha256("\n".join(store.selected_hashes(selection)).encode()).hexdigest()
    if spec.urls:
        parts["day"] = now.astimezone(timezone.utc).date().isoformat()
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def save_uploads(uploads: Sequence[Upload], folder: Path) -> tuple[tuple[str, str], ...]:
    """Write the uploads under ``folder`` with names made here (``001.txt``); a manifest.csv is
    rewritten to those names, keeping only rows naming an uploaded file. Returns (name on disk,
    name as uploaded) pairs."""
    folder.mkdir(parents=True, exist_ok=True)
    names: list[tuple[str, str]] = []
    manifests = []
    for number, upload in enumerate(uploads, start=1):
        if _is_manifest(upload.name):
            manifests.append(upload)
            continue
        stored = f"{number:03d}{_suffix(upload.name)}"
        (folder / stored).write_bytes(upload.data)
        names.append((stored, shown_name(upload.name)))
    if manifests:
        renamed = {original: stored for stored, original in names}
        text = manifests[0].data.decode("utf-8-sig", errors="replace")
        (folder / MANIFEST_NAME).write_text(rewrite_manifest(text, renamed), encoding="utf-8")
        names.append((MANIFEST_NAME, shown_name(manifests[0].name)))
    return tuple(names)


def rewrite_manifest(text: str, renamed: dict[str, str]) -> str:
    """The manifest with its ``file`` column renamed (uploaded name -> name on disk); rows naming
    anything else are dropped, so no row can point outside the upload's folder."""
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    if "file" not in columns:
        return text
    reader.fieldnames = columns
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in reader:
        name = shown_name((row.get("file") or "").strip())
        if name in renamed:
            writer.writerow({**row, "file": renamed[name]})
    return out.getvalue()


def percent(stage: str | None, done: int, total: int, status: str) -> int:
    """How far a job has got, 0 to 100, for a progress bar."""
    if status == "done":
        return 100
    if not stage or stage not in STAGE_SPANS:
        return 0
    start, end = STAGE_SPANS[stage]
    share = done / total if total else (1.0 if done else 0.0)
    return int(start + (end - start) * min(1.0, share))


# --------------------------------------------------------------------------- the briefs of a service


class Briefs:
    """The jobs of one service: asking for a brief, and finding a job and its files. The store
    keeps the rows; ``folder`` the files (``briefs/<id>/``, ``uploads/<id>/``)."""

    def __init__(self, store: Store, folder: Path, settings: Settings) -> None:
        self.store, self.folder, self.settings = store, Path(folder), settings
        self.briefs_dir = self.folder / "briefs"
        self.uploads_dir = self.folder / "uploads"
        self.wake = threading.Event()  # set when a job is queued, so a waiting worker starts at once

    def submit(self, spec: BriefSpec, uploads: Sequence[Upload], owner: str | None) -> tuple[WebJob, bool]:
        """The job for this request: an earlier one for the same request (True), else a new one, queued."""
        key = order_key(spec, uploads, self.store, datetime.now(timezone.utc))
        earlier = self.store.web_job_by_key(key)
        if earlier is not None and (earlier.status != "done" or self.complete(earlier)):
            return earlier, True
        job_id = uuid.uuid4().hex
        if uploads:  # the files first: a worker never sees a queued job without them
            spec = replace(spec, uploads=save_uploads(uploads, self.uploads_dir / job_id))
        self.store.add_web_job(job_id, key, spec.to_json(), owner)
        self.wake.set()
        job = self.store.web_job(job_id)
        assert job is not None
        return job, False

    def job(self, job_id: str) -> WebJob | None:
        if not _is_job_id(job_id):
            return None
        return self.store.web_job(job_id)

    def file(self, job: WebJob, name: str) -> Path | None:
        """A finished job's file by name: only a name the job wrote is looked up, never a client's path."""
        if job.status != "done" or name not in job.files:
            return None
        path = self.briefs_dir / job.id / job.files[job.files.index(name)]
        return path if path.is_file() else None

    def complete(self, job: WebJob) -> bool:
        """All the files a finished job wrote are still there."""
        return bool(job.files) and all((self.briefs_dir / job.id / name).is_file() for name in job.files)


def _is_job_id(text: str) -> bool:
    return len(text) == 32 and all(c in "0123456789abcdef" for c in text)


# --------------------------------------------------------------------------- the workers


class WorkerPool:
    """Threads that build queued briefs, each calling ``build`` (``briefing.build.run``) in turn."""

    def __init__(self, briefs: Briefs, workers: int = 1, build: Build = run, poll: float = 2.0) -> None:
        self.briefs, self.build, self.poll = briefs, build, poll
        self.workers = max(1, workers)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        """Recover what a stopped service left, then start the workers."""
        self.recover()
        for n in range(self.workers):
            thread = threading.Thread(target=self._loop, name=f"briefing-web-worker-{n + 1}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the workers to stop after their current job; a build still running is taken up
        again at the next start."""
        self._stop.set()
        self.briefs.wake.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []

    def recover(self) -> list[str]:
        """Jobs left running by a stopped service: done if their brief was complete, failed after
        MAX_ATTEMPTS, else queued again. Returns their ids."""
        store, recovered = self.briefs.store, []
        for job in store.web_jobs(limit=10_000, status=("running",)):
            final = self.briefs.briefs_dir / job.id
            files = sorted(p.name for p in final.iterdir()) if final.is_dir() else []
            if files:
                store.update_web_job(job.id, status="done", files=json.dumps(files), stage="render", done=1, total=1)
            elif job.attempts >= MAX_ATTEMPTS:
                message = f"the service stopped during this build {job.attempts} times; given up"
                store.update_web_job(job.id, status="failed", message=message)
            else:
                store.update_web_job(job.id, status="queued")
            log.info("Recovered job %s", job.id)
            recovered.append(job.id)
        return recovered

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                job = self.briefs.store.claim_web_job()
            except StoreError:
                log.exception("cannot read the job queue")
                job = None
            if job is None:
                self.briefs.wake.wait(self.poll)
                self.briefs.wake.clear()
                continue
            self.run_job(job)

    def run_job(self, job: WebJob) -> None:
        """Build one job's brief into its folder and record the outcome; never raises."""
        briefs = self.briefs
        spec = BriefSpec.from_json(job.spec)
        partial = briefs.briefs_dir / f"{job.id}.partial"
        final = briefs.briefs_dir / job.id
        shutil.rmtree(partial, ignore_errors=True)
        uploads = briefs.uploads_dir / job.id
        sources = tuple(uploads / stored for stored, _ in spec.uploads if stored != MANIFEST_NAME)
        request = BuildRequest(
            sources=(*sources, *spec.urls),
            selection=spec.selection(),
            store=briefs.store,
            audience=spec.audience,
            formats=spec.formats,
            out_dir=partial,
            settings=briefs.settings,
        )
        names = {str(uploads / stored): original for stored, original in spec.uploads}
        try:
            result = self.build(request, progress=_JobProgress(briefs.store, job.id))
            if final.exists():
                shutil.rmtree(final)
            partial.rename(final)
        except Exception as error:  # one failed build must never stop the worker
            shutil.rmtree(partial, ignore_errors=True)
            message = _failure(error)
            log.log(logging.WARNING if _expected(error) else logging.ERROR, "Job %s failed: %s", job.id, message)
            if not _expected(error):
                log.debug("Job %s", job.id, exc_info=True)
            briefs.store.update_web_job(job.id, status="failed", message=message)
        else:
            problems = [
                {"path": names.get(p.path, shown_name(p.path)), "message": p.message, "severity": p.severity}
                for p in result.problems
            ]
            briefs.store.update_web_job(
                job.id,
                status="done",
                files=json.dumps([p.name for p in result.written]),
                problems=json.dumps(problems, ensure_ascii=False),
                title=result.brief.title if result.brief is not None else None,
                stage="render",
                done=1,
                total=1,
            )
            log.info("Job %s done: %d file(s)", job.id, len(result.written))
        shutil.rmtree(uploads, ignore_errors=True)  # stored in the store by now, or failed for good


def _expected(error: Exception) -> bool:
    """A failure the user can act on (no input, a bad audience...), not a fault of the service."""
    from briefing.audiences import AudienceError
    from briefing.config import ConfigError
    from briefing.nlp.pipeline import ModelNotInstalled
    from briefing.render import TemplateProblem, WriteProblem

    return isinstance(error, (NoInput, AudienceError, ConfigError, ModelNotInstalled, StoreError, TemplateProblem,
                              WriteProblem))  # fmt: skip


def _failure(error: Exception) -> str:
    if _expected(error):
        return str(error)
    return f"the build failed ({error.__class__.__name__}); the service's log says more"


class _JobProgress:
    """A build's progress callback writing to the job's row: on a new stage, at the end of one,
    and otherwise at most twice a second."""

    def __init__(self, store: Store, job_id: str, every: float = 0.5) -> None:
        self.store, self.job_id, self.every = store, job_id, every
        self.stage: str | None = None
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == self.stage and done < total and now - self.last < self.every:
            return
        self.stage, self.last = stage, now
        try:
            self.store.update_web_job(self.job_id, stage=stage, done=done, total=total)
        except StoreError:  # progress is a courtesy: the build goes on
            log.debug("progress of job %s not written", self.job_id, exc_info=True)


__all__ = [
    "BriefSpec",
    "Briefs",
    "Order",
    "Refused",
    "Upload",
    "WorkerPool",
    "check_order",
    "percent",
]
