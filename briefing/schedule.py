"""Scheduled jobs from ``briefing.toml``: ingest sources, then write the weekly report.

    [jobs.monday-brief]
    sources = ["articles/", "https://example.org/feed.xml"]
    cron = "0 7 * * MON"          # minute hour day month weekday, as in crontab
    audience = "analyst"
    formats = ["md", "html", "pdf", "json"]
    out = "reports/weekly"
    report = "weekly"             # "weekly" (the last complete ISO week) or "none" (ingest only)
    # story = "s1a2b3c4d5e"       # optional: the report of one story (`briefing stories` lists ids)
    # query = ["Brandt"]          # optional: only articles mentioning every term

    [jobs.poll]                   # feeds polled often; the weekly report written by another job
    sources = ["https://example.org/feed.xml"]
    cron = "*/30 * * * *"
    report = "none"

``briefing schedule run`` runs the jobs in the foreground with APScheduler (coalesce, one
instance per job, a grace time of a week). Each run's scheduled time is kept in the store, so a
restart knows what was missed while the machine was off and catches up once (only the latest
missed run), not once per missed run. A file lock keeps one job from running twice at once, in
this process or another. Weekday numbers follow crontab (0 and 7 are Sunday); APScheduler's own
numbering starts on Monday, so numbers are translated to names before it sees them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.config import ConfigError, ConfigFile, Settings, resolve_relative

if TYPE_CHECKING:
    from briefing.build import Progress
    from briefing.store import Selection, Store

log = logging.getLogger("briefing")

GRACE = timedelta(days=7)  # a run missed by up to a week is still caught up (once)
REPORTS = ("weekly", "none")
FORMATS = ("md", "html", "pdf", "json")
_JOB_KEYS = {"sources", "cron", "audience", "formats", "out", "report", "story", "query"}
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Job:
    name: str
    cron: str
    sources: tuple[str, ...] = ()
    audience: str = "analyst"
    formats: tuple[str, ...] = FORMATS
    out: Path = Path("reports/weekly")
    report: str = "weekly"
    story: str | None = None  # the report of this story only
    query: tuple[str, ...] = ()  # only articles whose text mentions every term

    @property
    def focus(self) -> Selection | None:
        """What the job's report is about, beyond the week: a story, a query, or everything (None)."""
        from briefing.store import Selection

        if self.story is None and not self.query:
            return None
        return Selection(story=self.story, terms=self.query)


@dataclass(frozen=True)
class Schedule:
    jobs: tuple[Job, ...]
    timezone: tzinfo
    path: Path | None = None


# --------------------------------------------------------------------------- config


def parse_schedule(config: ConfigFile) -> Schedule:
    """The jobs of a config file, each checked; a bad one is refused naming its line."""
    zone = _timezone(config)
    tables = config.data.get("jobs", {})
    if not isinstance(tables, dict):
        raise ConfigError(f"{config.where(None, 'jobs')}: 'jobs' must be tables: [jobs.NAME]")
    jobs = [_job(config, name, table, zone) for name, table in tables.items()]
    return Schedule(tuple(jobs), zone, config.path)


def _timezone(config: ConfigFile) -> tzinfo:
    name = config.data.get("timezone")
    if name is None:
        from tzlocal import get_localzone

        return get_localzone()
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ConfigError(f"{config.where(None, 'timezone')}: unknown time zone {name!r}") from error


def _job(config: ConfigFile, name: str, table: object, zone: tzinfo) -> Job:
    where = f"jobs.{name}"
    if not isinstance(table, dict):
        raise ConfigError(f"{config.where(None, 'jobs')}: jobs.{name} must be a table: [jobs.{name}]")
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", name):
        raise ConfigError(f"{config.where(where)}: bad job name {name!r}: use letters, digits, '-', '_', '.'")
    unknown = sorted(set(table) - _JOB_KEYS)
    if unknown:
        raise ConfigError(
            f"{config.where(where, unknown[0])}: unknown key {unknown[0]!r} in [jobs.{name}]; "
            f"known: {', '.join(sorted(_JOB_KEYS))}"
        )
    if "cron" not in table:
        raise ConfigError(f'{config.where(where)}: [jobs.{name}] has no cron expression (cron = "0 7 * * MON")')

    def strings(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = table.get(key, list(default))
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{config.where(where, key)}: {key} must be a list of strings")
        return tuple(value)

    def string(key: str, default: str) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{config.where(where, key)}: {key} must be a non-empty string")
        return value

    folder = config.path.parent
    cron = string("cron", "")
    try:
        trigger_for(cron, zone)
    except ValueError as error:
        raise ConfigError(f"{config.where(where, 'cron')}: bad cron expression {cron!r}: {error}") from error
    formats = strings("formats", FORMATS)
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ConfigError(
            f"{config.where(where, 'formats')}: unknown format {bad[0]!r}; choose from {', '.join(FORMATS)}"
        )
    report = string("report", "weekly")
    if report not in REPORTS:
        raise ConfigError(f"{config.where(where, 'report')}: report must be one of {', '.join(REPORTS)}")
    audience = string("audience", "analyst")
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_-]*$", audience):
        raise ConfigError(f"{config.where(where, 'audience')}: bad audience name {audience!r}")
    return Job(
        name=name,
        cron=cron,
        sources=tuple(resolve_relative(s, folder) for s in strings("sources", ())),
        audience=audience,
        formats=formats,
        out=Path(resolve_relative(string("out", "reports/weekly"), folder)),
        report=report,
        story=string("story", "") if "story" in table else None,
        query=strings("query", ()),
    )


def crontab_weekdays(field: str) -> str:
    """Crontab weekday numbers (0/7 Sunday) as names, which APScheduler reads the crontab way."""

    def name(match: re.Match) -> str:
        number = int(match.group(0))
        if number > 7:
            raise ValueError(f"weekday {number} is out of range 0-7")
        return _DAYS[number]

    return re.sub(r"\d+", name, field) if not field.startswith("*/") else field


def trigger_for(cron: str, zone: tzinfo):  # -> apscheduler CronTrigger
    from apscheduler.triggers.cron import CronTrigger

    parts = cron.split()
    if len(parts) != 5:
        raise ValueError(f"expected 5 fields (minute hour day month weekday), got {len(parts)}")
    minute, hour, day, month, weekday = parts
    return CronTrigger(
        minute=minute, hour=hour, day=day, month=month, day_of_week=crontab_weekdays(weekday), timezone=zone
    )


# --------------------------------------------------------------------------- when to run


def fire_times(trigger, after: datetime, until: datetime, limit: int = 100_000) -> Iterator[datetime]:
    """The trigger's fire times in (after, until]."""
    current = trigger.get_next_fire_time(None, after + timedelta(microseconds=1))
    for _ in range(limit):
        if current is None or current > until:
            return
        yield current
        current = trigger.get_next_fire_time(current, current + timedelta(microseconds=1))


def missed_run(trigger, since: datetime, now: datetime, grace: timedelta = GRACE) -> datetime | None:
    """The one run to catch up: the latest fire time in (since, now], if within ``grace`` of now.

    Many missed runs collapse into one (coalescing); one older than the grace time is dropped.
    """
    latest = None
    for latest in fire_times(trigger, since, now):  # noqa: B007 - we want the last one
        pass
    if latest is None or now - latest > grace:
        return None
    return latest


def next_run(trigger, now: datetime) -> datetime | None:
    return trigger.get_next_fire_time(None, now)


# --------------------------------------------------------------------------- running a job


@dataclass(frozen=True)
class JobOutcome:
    job: str
    scheduled: datetime
    status: str  # "ok", "no articles", "locked", "failed: ..."
    written: tuple[Path, ...] = ()


class JobLocked(RuntimeError):
    pass


def lock_path(store_url: str, job: str) -> Path:
    """A lock file per store and job: beside an SQLite file, else in the temporary folder."""
    if store_url.startswith("sqlite:///") and not store_url.endswith(":memory:"):
        file = Path(store_url.split(":///", 1)[1])
        return file.parent / f".{file.name}.{job}.lock"
    digest = hashlib.sha256(store_url.encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"briefing-{digest}-{job}.lock"


@contextlib.contextmanager
def job_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path``, or raise JobLocked at once if another run holds it.

    The lock belongs to the open file, so the system drops it when the process dies: a killed
    run never leaves a stale lock behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            _lock(fd)
        except OSError as error:
            raise JobLocked(f"job is already running (lock {path} is held)") from error
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ModuleNotFoundError:  # Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(fd: int) -> None:
    try:
        import fcntl
    except ModuleNotFoundError:  # Windows
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_UN)


def run_job(
    job: Job,
    store: Store,
    settings: Settings,
    scheduled: datetime,
    why: str = "scheduled",
    *,
    progress: Progress | None = None,
) -> JobOutcome:
    """Ingest the job's sources, then write its report; log what was done; record the run.

    Never raises: a failed run is logged, recorded as failed and tried again at the next start.
    """
    from briefing.build import NoInput, group_stories, ingest
    from briefing.weekly import last_complete_week, weekly_report

    log.info("Job %s: %s run for %s", job.name, why, scheduled.isoformat(timespec="minutes"))
    try:
        with job_lock(lock_path(store.url, job.name)):
            written: tuple[Path, ...] = ()
            if job.sources:
                summary = ingest(job.sources, store, settings=settings, progress=progress)
                log.info("Job %s: ingest: %s", job.name, summary.line())
                for live in summary.live:
                    log.info("Job %s: fetched %s", job.name, live.line())
                for problem in summary.skipped:
                    log.warning("Job %s: skipped %s: %s", job.name, problem.path, problem.message)
                update = group_stories(store, settings, progress=progress)
                log.info(
                    "Job %s: %d article(s) placed in stories (%d in the store)", job.name, update.placed, update.stories
                )
            status = "ok"
            if job.report == "weekly":
                week = last_complete_week(scheduled)
                job_settings = dataclasses.replace(settings, formats=job.formats)
                try:
                    result = weekly_report(
                        store, week, job_settings, job.out, job.audience, progress=progress, focus=job.focus
                    )
                    written = result.written
                    log.info(
                        "Job %s: wrote the %s report for %s: %d file(s) in %s",
                        job.name,
                        job.audience,
                        week,
                        len(written),
                        job.out / week,
                    )
                except NoInput as error:
                    status = "no articles"
                    log.warning("Job %s: no report for %s: %s", job.name, week, error)
            store.record_run(job.name, scheduled, status)
            return JobOutcome(job.name, scheduled, status, written)
    except JobLocked as error:
        log.warning("Job %s: not run: %s", job.name, error)
        return JobOutcome(job.name, scheduled, "locked")
    except Exception as error:  # a failed run is logged and retried at the next start
        log.exception("Job %s: failed: %s", job.name, error)
        return JobOutcome(job.name, scheduled, f"failed: {error}")


Runner = Callable[[Job, datetime, str], JobOutcome]


def catch_up(schedule: Schedule, store, now: datetime, runner: Runner, grace: timedelta = GRACE) -> list[JobOutcome]:
    """Run, once each, the jobs whose last scheduled run was missed (machine off, process stopped).

    The last run's scheduled time is read from the store; a job seen for the first time counts
    from the moment it was first registered there.
    """
    outcomes = []
    for job in schedule.jobs:
        trigger = trigger_for(job.cron, schedule.timezone)
        last, registered = store.job_state(job.name, now)
        since = last or registered
        missed = missed_run(trigger, since, now, grace)
        if missed is None:
            skipped = [t for t in fire_times(trigger, since, now)]
            if skipped:
                log.warning(
                    "Job %s: run missed at %s is older than the grace time (%s); not caught up",
                    job.name,
                    skipped[-1].isoformat(timespec="minutes"),
                    grace,
                )
            continue
        outcomes.append(runner(job, missed, "catch-up"))
    return outcomes


def run_forever(
    schedule: Schedule,
    store: Store,
    settings: Settings,
    now: Callable[[], datetime] | None = None,
    *,
    progress: Progress | None = None,
) -> None:
    """Catch up what was missed, then run every job on its schedule until interrupted."""
    clock = now or (lambda: datetime.now(timezone.utc))

    def runner(job: Job, scheduled: datetime, why: str) -> JobOutcome:
        return run_job(job, store, settings, scheduled, why, progress=progress)

    def scheduled_run(job: Job) -> None:
        trigger = trigger_for(job.cron, schedule.timezone)
        current = clock()
        # The fire time this call belongs to (APScheduler may call a little late, or after a sleep).
        scheduled = missed_run(trigger, current - GRACE - timedelta(minutes=1), current) or current
        runner(job, scheduled, "scheduled")

    catch_up(schedule, store, clock(), runner)
    scheduler = make_scheduler(schedule, scheduled_run)
    for line in show_lines(schedule, store, clock()):
        log.info("%s", line)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        log.info("Scheduler stopped")


def make_scheduler(schedule: Schedule, func: Callable[[Job], None], blocking: bool = True):
    """An APScheduler scheduler with one cron job per Job, set up deliberately: a late run is
    still made within GRACE (the default is one second), missed runs coalesce into one, and a
    job never overlaps itself."""
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler

    kind = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = kind(
        timezone=schedule.timezone,
        job_defaults={"coalesce": True, "misfire_grace_time": int(GRACE.total_seconds()), "max_instances": 1},
    )
    for job in schedule.jobs:
        scheduler.add_job(func, trigger_for(job.cron, schedule.timezone), args=[job], id=job.name, name=job.name)
    return scheduler


def show_lines(schedule: Schedule, store, now: datetime) -> list[str]:
    """One block per job: its cron, next and last run, sources and outputs."""
    lines = []
    for job in schedule.jobs:
        trigger = trigger_for(job.cron, schedule.timezone)
        upcoming = next_run(trigger, now)
        last = None
        if store is not None:
            last, _ = store.job_state(job.name, now)
        lines += [
            f"{job.name}: cron {job.cron!r} ({schedule.timezone})",
            f"  next run: {upcoming.isoformat(timespec='minutes') if upcoming else 'never'}",
            f"  last run: {last.isoformat(timespec='minutes') if last else 'never'}",
            f"  sources:  {', '.join(job.sources) if job.sources else '(none: report on what is stored)'}",
            f"  report:   {job.report}"
            + (f", audience {job.audience}, {', '.join(job.formats)} into {job.out}" if job.report == "weekly" else "")
            + (f"; story {job.story}" if job.story else "")
            + (f"; query {', '.join(job.query)}" if job.query else ""),
        ]
    return lines or ["No jobs: add [jobs.NAME] tables to the config file."]


def select_jobs(schedule: Schedule, names: Sequence[str]) -> Schedule:
    if not names:
        return schedule
    known = {j.name for j in schedule.jobs}
    missing = [n for n in names if n not in known]
    if missing:
        raise ConfigError(f"no job named {missing[0]!r}; jobs: {', '.join(sorted(known)) or 'none'}")
    return dataclasses.replace(schedule, jobs=tuple(j for j in schedule.jobs if j.name in names))
