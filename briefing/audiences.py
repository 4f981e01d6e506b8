"""Audience profiles: which sections a brief shows, in which order, how much of each, its title.

A profile is a small YAML file, ``audiences/NAME.yaml``, looked up in the user's templates folder
(``--templates DIR``) first and then among the built-in templates::

    description: One page for decision makers.
    template: executive          # executive.html.j2 / executive.md.j2 (default: the profile's name)
    title: "Executive brief: {title}"
    sections: [bottom_line, key_developments, timeline, outlet_lines, notes]
    limits: {key_developments: 4, events: 20, actors: 10, quotes: 0, outlets: 6}

:func:`apply_audience` trims the Brief *before* rendering (templates compute nothing): it applies
the limits, clears the citations of everything the profile does not show, and numbers the notes
again, so the notes list holds exactly the notes the reader can meet, numbered 1, 2, 3...
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing.model import Brief

DEFAULT_AUDIENCE = "analyst"
AUDIENCE_FOLDER = "audiences"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")

# Sections of the built-in layouts (one template block each), in the analyst's order.
SECTIONS = (
    "since_last_week",
    "bottom_line",
    "key_developments",
    "timeline",
    "events",
    "actors",
    "quotes",
    "coverage",
    "outlets",
    "outlet_lines",
    "sources",
    "method",
    "notes",
)
LIMITS = ("key_developments", "events", "actors", "quotes", "outlets")
_KEYS = {"name", "description", "template", "title", "sections", "limits"}


class AudienceError(ValueError):
    """A profile that cannot be found or used; the message names the file."""


class AudienceNotFound(AudienceError):
    """No profile of that name, in the user's folder or among the built-ins."""


@dataclass(frozen=True)
class Audience:
    name: str  # "executive"; the profile's file name without .yaml
    sections: tuple[str, ...]  # template blocks to render, in order
    template: str = ""  # template family: "{template}.html.j2", "{template}.md.j2"
    title: str = "{title}"  # the brief's title; "{title}" stands for the title made by the analysis
    description: str = ""
    limits: Mapping[str, int] = field(default_factory=dict)  # key_developments, events, actors, quotes, outlets
    path: str = ""  # the file it was read from

    def template_name(self, extension: str) -> str:
        """``executive.html.j2`` for ``extension="html"``."""
        return f"{self.template or self.name}.{extension}.j2"

    def make_title(self, title: str) -> str:
        return self.title.replace("{title}", title)


def builtin_audience_dir() -> Path:
    from briefing.render.environment import builtin_templates_dir

    return builtin_templates_dir() / AUDIENCE_FOLDER


def audience_path(name: str, templates_dir: Path | None = None) -> Path:
    """The profile file for ``name``: the user's folder first, then the built-ins."""
    if not _NAME.match(name or ""):
        raise AudienceError(f"bad audience name {name!r}: use letters, digits, '-' and '_'")
    folders = [Path(templates_dir) / AUDIENCE_FOLDER] if templates_dir is not None else []
    folders.append(builtin_audience_dir())
    for folder in folders:
        path = folder / f"{name}.yaml"
        if path.is_file():
            return path
    known = ", ".join(list_audiences(templates_dir)) or "none"
    raise AudienceNotFound(f"unknown audience {name!r}; known: {known}")


def list_audiences(templates_dir: Path | None = None) -> list[str]:
    """Names of every profile, built-in and the user's."""
    folders = [builtin_audience_dir()]
    if templates_dir is not None:
        folders.append(Path(templates_dir) / AUDIENCE_FOLDER)
    names = {p.stem for folder in folders if folder.is_dir() for p in folder.glob("*.yaml") if _NAME.match(p.stem)}
    return sorted(names)


def load_audience(name: str = DEFAULT_AUDIENCE, templates_dir: Path | None = None) -> Audience:
    """Read and check the profile ``name``; AudienceError names the file and what is wrong."""
    path = audience_path(name, templates_dir)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise AudienceError(f"{path}: cannot read audience profile: {error}") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise AudienceError(f"{path}{where}: not valid YAML: {problem}") from error
    return parse_audience(name, data, str(path))


def parse_audience(name: str, data: object, path: str = "<profile>") -> Audience:
    if not isinstance(data, dict):
        raise AudienceError(f"{path}: an audience profile is a mapping of keys (sections, limits, title, ...)")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise AudienceError(f"{path}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}")
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections or not all(isinstance(s, str) for s in sections):
        raise AudienceError(f"{path}: 'sections' must be a non-empty list of section names")
    bad = [s for s in sections if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", s)]
    if bad:
        raise AudienceError(f"{path}: bad section name(s) {', '.join(map(repr, bad))}")
    limits = data.get("limits") or {}
    if not isinstance(limits, dict):
        raise AudienceError(f"{path}: 'limits' must be a mapping such as {{events: 10}}")
    for key, value in limits.items():
        if key not in LIMITS:
            raise AudienceError(f"{path}: unknown limit {key!r}; known: {', '.join(LIMITS)}")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise AudienceError(f"{path}: limit {key} must be a whole number, 0 or more")
    for key in ("template", "title", "description"):
        if key in data and not isinstance(data[key], str):
            raise AudienceError(f"{path}: {key!r} must be a string")
    template = data.get("template") or name
    if not _NAME.match(template):
        raise AudienceError(f"{path}: bad template name {template!r}")
    return Audience(
        name=name,
        sections=tuple(dict.fromkeys(sections)),
        template=template,
        title=data.get("title") or "{title}",
        description=(data.get("description") or "").strip(),
        limits=dict(limits),
        path=path,
    )


# ------------------------------------------------------------------------------- trimming


def apply_audience(brief: Brief, audience: Audience) -> Brief:
    """The brief as ``audience`` reads it: limits applied, hidden parts uncited, notes renumbered."""
    from briefing.analyse.brief import keep_latest, number_citations

    shown = set(audience.sections)
    limits = audience.limits
    r = dataclasses.replace

    developments = brief.key_developments
    if "key_developments" in limits:
        developments = keep_latest(developments, limits["key_developments"], brief.events)
    if not shown & {"key_developments", "bottom_line"}:
        developments = ()

    events = brief.events
    if "events" in limits:
        events = events[: limits["events"]]
    kept_events = {e.id for e in events}
    if "events" not in shown:
        events = tuple(r(e, citations=()) for e in events)

    actors = brief.actors
    other_actors = brief.other_actors
    if "actors" in limits and len(actors) > limits["actors"]:
        dropped = actors[limits["actors"] :]
        actors = actors[: limits["actors"]]
        # Still named in events and quotes, so still looked up by name; no longer in the table.
        other_actors = (*other_actors, *(r(a, roles=(), citations=()) for a in dropped))
    if "actors" not in shown:
        actors = tuple(r(a, roles=(), citations=()) for a in actors)
    other_actors = tuple(r(a, roles=(), citations=()) for a in other_actors)
    kept_actors = {a.id for a in actors}

    quotes = brief.quotes
    if "quotes" in limits:
        quotes = quotes[: limits["quotes"]]
    if not shown & {"quotes", "outlets"}:
        quotes = ()
    elif "outlets" not in shown:
        # Read by speaker, then outlet (the "quotes" section): number the notes in that order too.
        quotes = _by_speaker(quotes)

    def outlet(o):
        o = r(
            o,
            events=tuple(e for e in o.events if e in kept_events),
            only_here=tuple(e for e in o.only_here if e in kept_events),
            blind_spots=tuple(e for e in o.blind_spots if e in kept_events),
            actors=tuple(a for a in o.actors if a in kept_actors),
        )
        if "outlets" not in shown:
            o = r(o, evidence=tuple(r(ev, citations=()) for ev in o.evidence))
        return o

    since = brief.since_last_week
    if since is not None:
        since = r(since, new_events=tuple(e for e in since.new_events if e in kept_events))
    trimmed = r(
        brief,
        title=audience.make_title(brief.title),
        key_developments=tuple(developments),
        events=tuple(events),
        actors=tuple(actors),
        other_actors=tuple(other_actors),
        quotes=tuple(quotes),
        # the outlets with most articles first (the brief's order); the rest are named by the templates
        outlets=tuple(outlet(o) for o in brief.outlets[: limits.get("outlets", len(brief.outlets))]),
        since_last_week=since,
    )
    return number_citations(trimmed)


def _by_speaker(quotes):
    """Quotes grouped as the "quotes" section shows them: most quoted speaker first (the
    unattributed last), then by outlet in order of first appearance; stable within a group."""
    speakers: dict[tuple, list] = {}
    for q in quotes:
        speakers.setdefault((q.speaker, q.speaker_id), []).append(q)
    order = sorted(enumerate(speakers.items()), key=lambda item: (item[1][0][1] is None, -len(item[1][1]), item[0]))
    result = []
    for _, (_, group) in order:
        outlets: dict[str, list] = {}
        for q in group:
            outlets.setdefault(q.outlet, []).append(q)
        for qs in outlets.values():
            result.extend(qs)
    return tuple(result)
