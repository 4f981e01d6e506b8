"""Audience profiles: which sections a brief shows, in which order, how much of each, its title.

A profile is a small YAML file, ``audiences/NAME.yaml``, looked up in the user's templates folder
(``--templates DIR``) first and then among the built-in templates::

    description: One page for decision makers.
    template: executive          # executive.html.j2 / executive.md.j2 (default: the profile's name)
    title: "Executive brief: {title}"
    sections: [bottom_line, key_developments, timeline, outlet_lines, notes]
    limits: {key_developments: 4, events: 20, actors: 10, quotes: 0, outlets: 6}

This module is configuration: it finds, reads and checks profiles. Trimming a brief to a profile
is analysis, :func:`briefing.analyse.audience.audience_view`, done before rendering.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    pass

DEFAULT_AUDIENCE = "analyst"
AUDIENCE_FOLDER = "audiences"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")

# Sections of the built-in layouts (one template block each), in the analyst's order.
SECTIONS = (
    "since_last_week",
    "top_stories",
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
