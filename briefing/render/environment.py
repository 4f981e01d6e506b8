"""The Jinja environment shared by the Markdown and HTML renderers.

Template lookup, first match wins:

1. the user's templates folder, if one is given (``--templates DIR``);
2. the built-in templates (top-level ``templates/`` in the repository, installed as
   ``briefing/templates``);
3. the built-ins again under the prefix ``default:``, so a user template can say
   ``{% extends "default:brief.html.j2" %}`` and override a single block (datasette's pattern).

HTML templates are autoescaped; Markdown templates are not, and pass article text through the
``md`` filter instead. Undefined names are errors (``StrictUndefined``), so a typo in a template
fails loudly instead of printing nothing.

Every template, built-in or the user's, renders in Jinja's ``ImmutableSandboxedEnvironment``: a
template can read the brief but cannot reach Python internals (``''.__class__``, a function's
``__globals__``) or change the data. Any error while loading or rendering a template becomes a
:class:`TemplateProblem` naming the file, the line and what is wrong.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

_HERE = Path(__file__).resolve().parent


def builtin_templates_dir() -> Path:
    """Folder holding the default templates and stylesheets."""
    installed = _HERE.parent / "templates"  # briefing/templates in a wheel
    if installed.is_dir():
        return installed
    return _HERE.parents[1] / "templates"  # the repository's top-level templates/


# ----------------------------------------------------------------------------- filters

# Characters with a meaning anywhere in CommonMark / GitHub / Python-Markdown inline syntax.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")
# ... and those that matter only at the start of a line (headings, lists, block quotes).
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+(?=[.)]))")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def md_escape(value: object) -> str:
    """Escape text for Markdown so it shows literally and never becomes a link, HTML or code.

    Line breaks become spaces (article text never starts a new block); ``<`` becomes ``&lt;``
    (Python-Markdown has no backslash escape for it, and raw HTML must not pass); brackets,
    emphasis, code, table and strike-through marks get a backslash; a leading ``#``, ``-``,
    ``+``, ``>`` or ``1.`` is escaped too. Plain punctuation such as ``.`` or ``(`` is left alone,
    so the Markdown stays readable as text.
    """
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = text.replace("<", "&lt;")
    m = _MD_LINE_START.match(text)
    if m:
        lead, mark = m.groups()
        escaped = mark + "\\" if mark[0].isdigit() else "\\" + mark  # "1\." but "\#"
        text = lead + escaped + text[m.end() :]
    return text


def md_code(value: object) -> str:
    """Inline code span for a path or identifier, with a fence longer than any run inside."""
    text = " ".join(str(value).split())
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def is_web_url(value: object) -> bool:
    """True for an http(s) URL that is safe to turn into a link (no javascript:, data:, file:)."""
    if not isinstance(value, str) or not value or any(c.isspace() for c in value):
        return False
    if any(c in value for c in "<>\"'`"):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}


def human_date(value: object) -> str:
    """A TimeML / ISO date value at its own precision, for readers.

    ``2017-12-06`` -> ``6 December 2017``; ``2018-01`` -> ``January 2018``; ``2011`` -> ``2011``;
    ``2018-W07`` -> ``week 7, 2018``; ``2018-Q1`` -> ``Q1 2018``; ``2018-SU`` -> ``summer 2018``;
    ``201`` -> ``the 2010s``; ``XXXX-12-06`` -> ``6 December (year unknown)``. Anything else
    (``PAST_REF``, a time of day) is shown as given.
    """
    if value is None:
        return "unknown"
    text = str(value)
    m = re.fullmatch(r"(\d{4}|XXXX)-(\d{2})-(\d{2})(?:T.*)?", text)
    if m:
        year, month, day = m.groups()
        if 1 <= int(month) <= 12:
            when = f"{int(day)} {_MONTHS[int(month) - 1]}"
            return f"{when} {year}" if year != "XXXX" else f"{when} (year unknown)"
    m = re.fullmatch(r"(\d{4}|XXXX)-(\d{2})", text)
    if m and 1 <= int(m.group(2)) <= 12:
        year = m.group(1) if m.group(1) != "XXXX" else "(year unknown)"
        return f"{_MONTHS[int(m.group(2)) - 1]} {year}"
    m = re.fullmatch(r"(\d{4})-W(\d{2})", text)
    if m:
        return f"week {int(m.group(2))}, {m.group(1)}"
    m = re.fullmatch(r"(\d{4})-Q([1-4])", text)
    if m:
        return f"Q{m.group(2)} {m.group(1)}"
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI)", text)
    if m:
        return f"{_SEASONS[m.group(2)]} {m.group(1)}"
    if re.fullmatch(r"\d{4}", text):
        return text
    if re.fullmatch(r"\d{3}", text):
        return f"the {text}0s"
    if re.fullmatch(r"\d{2}", text):
        return f"the {int(text) + 1}th century"
    return text


def human_timestamp(value: object) -> str:
    """``2026-11-23T09:16:52+00:00`` -> ``23 November 2026, 09:16 UTC`` (best effort)."""
    text = str(value or "")
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", text)
    if not m:
        return human_date(text) if text else "unknown"
    year, month, day, hh, mm, tz = m.groups()
    try:
        d = date(int(year), int(month), int(day))
    except ValueError:
        return text
    zone = ""
    if tz in {"Z", "+00:00", "+0000", "-00:00"}:
        zone = " UTC"
    elif tz:
        zone = f" (UTC{tz})"
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}, {hh}:{mm}{zone}"


_HOW_KNOWN = {
    "given": "given",
    "url": "from the URL",
    "inferred": "inferred from the text",
    "unknown": "unknown",
}


def how_known(value: object) -> str:
    """Reader wording for a provenance value (model.GIVEN, FROM_URL, INFERRED, UNKNOWN)."""
    return _HOW_KNOWN.get(str(value), str(value))


# ------------------------------------------------------------------------- environment


def make_environment(templates_dir: Path | None = None) -> Environment:
    """Jinja environment with the user's templates (if any) in front of the built-ins."""
    builtin = FileSystemLoader(str(builtin_templates_dir()))
    loaders = []
    if templates_dir is not None:
        folder = Path(templates_dir)
        if not folder.is_dir():
            raise FileNotFoundError(f"templates folder not found: {folder}")
        loaders.append(FileSystemLoader(str(folder)))
    loaders.append(builtin)
    loaders.append(PrefixLoader({"default": builtin}, delimiter=":"))
    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2", "htm.j2", "xml.j2"),
            disabled_extensions=("md", "md.j2", "txt", "css"),
            default_for_string=True,
            default=True,
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["md"] = md_escape
    env.filters["md_code"] = md_code
    env.filters["human_date"] = human_date
    env.filters["human_timestamp"] = human_timestamp
    env.filters["how_known"] = how_known
    env.tests["web_url"] = is_web_url
    return env


class TemplateProblem(ValueError):
    """A template could not be loaded or rendered; the message names the file and line."""


def _template_frame(error: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in ``error``'s traceback (Jinja rewrites its frames)."""
    where: tuple[str | None, int | None] = (None, None)
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename.startswith("<template>"):
            where = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


def describe_template_error(error: BaseException, template: str) -> str:
    """``path/brief.html.j2, line 12: unexpected '}'`` for any error raised by a template."""
    if isinstance(error, TemplateSyntaxError):
        filename, line = error.filename or error.name or template, error.lineno
        what = f"syntax error: {error.message}"
    else:
        filename, line = _template_frame(error)
        filename = filename or template
        if isinstance(error, SecurityError):
            what = f"not allowed in a template (sandbox): {error}"
        elif isinstance(error, TemplateNotFound):
            what = f"template not found: {error.name}"
        elif isinstance(error, TemplateError):
            what = str(error.message or error.__class__.__name__)
            m = re.search(r"TemplateReference object' has no attribute '(\w+)'", what)
            if m:
                what = (
                    f"no block {m.group(1)!r} for the section {m.group(1)!r} of the audience profile: define "
                    f"{{% block {m.group(1)} %}} in the template or take the section out of the profile"
                )
        else:
            what = f"{error.__class__.__name__}: {error}"
    where = f"{filename}, line {line}" if line else str(filename)
    return f"template {where}: {what}"


def render_template(env: Environment, name: str, context: dict) -> str:
    """Render template ``name``; any failure becomes a TemplateProblem naming file and line."""
    try:
        return env.get_template(name).render(context)
    except TemplateProblem:
        raise
    except Exception as error:  # a template can fail in many ways; each one stops this brief
        raise TemplateProblem(describe_template_error(error, name)) from error


def read_asset(env: Environment, name: str) -> str:
    """Text of a non-template asset (a stylesheet) found through the same loaders."""
    source, _filename, _uptodate = env.loader.get_source(env, name)  # type: ignore[union-attr]
    return source
