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

The sandbox alone still lets a template build ``'a' * 50_000_000`` or loop for ever, so
:class:`LimitedSandbox` adds limits (:class:`TemplateLimits`): no single value (string, list,
number) beyond a size, checked before the big operations (``*``, ``**``, ``%``, ``~``, ``+``,
``replace``, ``join``, ``center``...) rather than after; the output is streamed and stopped at a
size; and the render is interrupted after a time, from a watchdog thread, wherever it loops.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
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
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from briefing import timeml

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


def md_mark(value: object, phrase: object) -> str:
    """``md_escape(value)`` with the first ``phrase`` in it in bold (the words that date an event)."""
    text = " ".join(str(value or "").split())
    mark = " ".join(str(phrase or "").split())
    at = text.find(mark) if mark else -1
    if at < 0:
        return md_escape(text)
    before, after = text[:at], text[at + len(mark) :]
    # md_escape trims each piece: put back the spaces around the bold words.
    gap_before = " " if before.endswith(" ") else ""
    gap_after = " " if after.startswith(" ") else ""
    return f"{md_escape(before)}{gap_before}**{md_escape(mark)}**{gap_after}{md_escape(after)}"


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


def human_date(value: object) -> str:
    """A TimeML / ISO date value at its own precision, for readers (``briefing.timeml.human``)."""
    return timeml.human(value)


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
    return f"{d.day} {timeml.MONTHS[d.month - 1]} {d.year}, {hh}:{mm}{zone}"


_HOW_KNOWN = {
    "given": "given",
    "url": "from the URL",
    "inferred": "inferred from the text",
    "unknown": "unknown",
}


def how_known(value: object) -> str:
    """Reader wording for a provenance value (model.GIVEN, FROM_URL, INFERRED, UNKNOWN)."""
    return _HOW_KNOWN.get(str(value), str(value))


# ------------------------------------------------------------------------------ limits


@dataclass(frozen=True)
class TemplateLimits:
    """How far one template render may go before it is stopped with a TemplateProblem."""

    max_output: int = 20_000_000  # characters of output (a large brief is well under 2 million)
    max_value: int = 10_000_000  # characters or items in any one value a template builds
    max_int_bits: int = 100_000  # size of any one number (2 ** 10 ** 9 would take minutes)
    seconds: float = 60.0  # wall time of one render


DEFAULT_LIMITS = TemplateLimits()


class TemplateLimit(SecurityError):
    """A template went over one of its limits (size of a value or of the output)."""


class TemplateTimeout(BaseException):
    """Raised inside a render that ran out of time (a BaseException, so no ``except Exception``
    in a filter or in Jinja can swallow it)."""


_FORMAT_NUMBER = re.compile(r"\d{7,}")


class _LimitedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with the ``~`` operator's result checked like any other value."""

    def visit_Concat(self, node, frame) -> None:  # noqa: N802 - Jinja's visitor naming
        self.write("environment.checked(")
        super().visit_Concat(node, frame)
        self.write(")")


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with size limits on every value a template builds (see the module)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _LimitedCodeGenerator

    def __init__(self, *args: Any, limits: TemplateLimits | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits or DEFAULT_LIMITS
        self.concat = self._concat  # joins block captures, macro and {% set %} bodies
        self.globals["lipsum"] = self._lipsum

    # ---------------------------------------------------------------- checks

    def checked(self, value: Any) -> Any:
        """``value``, if it is within the limits; else TemplateLimit."""
        if isinstance(value, (str, list, tuple, dict, set, frozenset)) and len(value) > self.limits.max_value:
            raise TemplateLimit(
                f"a value of {len(value):,} characters or items is over the limit of {self.limits.max_value:,}"
            )
        if isinstance(value, int) and value.bit_length() > self.limits.max_int_bits:
            raise TemplateLimit(f"a number of {value.bit_length():,} bits is over the limit")
        return value

    def _refuse_size(self, size: int, what: str) -> None:
        if size > self.limits.max_value:
            raise TemplateLimit(
                f"{what} would make {size:,} characters or items, over the limit of {self.limits.max_value:,}"
            )

    def _check_arguments(self, args: Iterable[Any]) -> None:
        for arg in args:
            if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > self.limits.max_value:
                raise TemplateLimit(
                    f"the number {arg:,} is over the limit of {self.limits.max_value:,} for an argument"
                )

    def _check_format(self, fmt: object) -> None:
        """A format string whose width or precision alone would make a huge string ("%999999999s")."""
        if isinstance(fmt, str) and any(int(n) > self.limits.max_value for n in _FORMAT_NUMBER.findall(fmt)):
            raise TemplateLimit(f"a format string asks for a width over the limit of {self.limits.max_value:,}")

    def _concat(self, parts: Iterable[str]) -> str:
        pieces, size = [], 0
        for part in parts:
            size += len(part)
            self._refuse_size(size, "a captured block")
            pieces.append(part)
        return "".join(pieces)

    def _lipsum(self, n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
        from jinja2.utils import generate_lorem_ipsum

        if n > 100 or max > 1000:
            raise TemplateLimit("lipsum() is limited to 100 paragraphs of 1,000 words")
        return generate_lorem_ipsum(n, html, min, max)

    # ---------------------------------------------------------------- sandbox hooks

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                    self._refuse_size(len(seq) * times, "repeating a value")
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            if right * abs(left).bit_length() > self.limits.max_int_bits:
                raise TemplateLimit(f"{left} ** {right} is a number over the limit")
        elif operator == "%":
            self._check_format(left)
        return self.checked(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        __self._check_arguments([*args, *kwargs.values()])
        method = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(method, "__self__", None)
        if isinstance(owner, str):
            __self._check_str_method(owner, getattr(method, "__name__", ""), args, kwargs)
        return __self.checked(super().call(__context, __obj, *args, **kwargs))

    def _check_str_method(self, text: str, name: str, args: tuple, kwargs: dict) -> None:
        if name == "join" and args:
            items = args[0] if isinstance(args[0], (list, tuple, str)) else list(args[0])
            self._refuse_size(len(text) * max(0, len(items) - 1), "join")
        elif name == "replace" and len(args) >= 2:
            self._refuse_size(_replaced_size(text, *args[:3]), "replace")
        elif name in {"format", "format_map"}:
            self._check_format(text)

    def limit_filter(self, func: Callable) -> Callable:
        """A filter wrapped so its arguments are checked before it runs and its result after."""
        skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0  # context or environment first
        name = getattr(func, "__name__", "")

        @functools.wraps(func)
        def limited(*args: Any, **kwargs: Any) -> Any:
            self._check_arguments([*args[skip + 1 :], *kwargs.values()])
            rest = args[skip:]
            if name == "do_replace" and len(rest) >= 3 and isinstance(rest[0], str):
                self._refuse_size(_replaced_size(rest[0], *rest[1:4]), "replace")
            elif name in {"sync_do_join", "do_join"} and rest:
                sep = rest[1] if len(rest) > 1 else kwargs.get("d", "")
                value = rest[0]
                count = len(value) if hasattr(value, "__len__") else 0
                self._refuse_size(len(str(sep)) * max(0, count - 1), "join")
            elif name == "do_indent" and rest and isinstance(rest[0], str):
                width = rest[1] if len(rest) > 1 else kwargs.get("width", 4)
                each = len(width) if isinstance(width, str) else int(width)
                self._refuse_size(len(rest[0]) + each * (rest[0].count("\n") + 1), "indent")
            elif name == "do_format" and rest:
                self._check_format(rest[0])
            return self.checked(func(*args, **kwargs))

        return limited


def _replaced_size(text: str, old: object, new: object, count: object = -1) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    times = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    return len(text) + times * max(0, len(new) - len(old))


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TemplateTimeout in this thread if the body runs longer than ``seconds``.

    A watchdog thread sets an asynchronous exception on this thread (CPython's
    ``PyThreadState_SetAsyncExc``), which interrupts pure-Python loops such as a template's
    ``{% for %}`` wherever they are; signals would work only in the main thread.
    """
    if not seconds or seconds <= 0 or not hasattr(ctypes, "pythonapi"):
        yield
        return
    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(TemplateTimeout))

    watchdog = threading.Timer(seconds, fire)
    watchdog.daemon = True
    watchdog.start()
    try:
        yield
    finally:
        watchdog.cancel()
        with lock:
            state["done"] = True
            if state["fired"]:  # fired as the body finished: take back an exception not yet raised
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)


# ------------------------------------------------------------------------- environment


def make_environment(templates_dir: Path | None = None, limits: TemplateLimits | None = None) -> Environment:
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
    env = LimitedSandbox(
        limits=limits,
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
    env.filters["md_mark"] = md_mark
    env.filters["human_date"] = human_date
    env.filters["human_timestamp"] = human_timestamp
    env.filters["how_known"] = how_known
    env.tests["web_url"] = is_web_url
    env.filters = {name: env.limit_filter(func) for name, func in env.filters.items()}
    return env


class TemplateProblem(ValueError):
    """A template could not be loaded or rendered; the message names the file and line."""


def _template_frame(error: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in ``error``'s traceback (Jinja rewrites its frames)."""
    where: tuple[str | None, int | None] = (None, None)
    tb = error.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:  # a frame of compiled template code, not rewritten by Jinja
            where = (template.filename or filename, template.get_corresponding_lineno(tb.tb_lineno))
        elif filename.endswith(".j2") or filename.startswith("<template>"):
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
        if isinstance(error, TemplateLimit):
            what = f"stopped by a limit: {error}"
        elif isinstance(error, SecurityError):
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
    """Render template ``name``; any failure becomes a TemplateProblem naming file and line.

    The output is streamed and counted, and the whole render is timed (``env.limits``), so a
    template that loops for ever or writes without end is stopped with a clear message.
    """
    limits = getattr(env, "limits", None) or DEFAULT_LIMITS
    started = time.monotonic()
    shown = name
    try:
        with time_limit(limits.seconds):
            template = env.get_template(name)
            shown = template.filename or name
            parts, size = [], 0
            for part in template.generate(context):
                size += len(part)
                if size > limits.max_output:
                    raise TemplateLimit(f"the output is over the limit of {limits.max_output:,} characters")
                parts.append(part)
            return "".join(parts)
    except TemplateProblem:
        raise
    except TemplateTimeout as error:
        filename, line = _template_frame(error)
        where = f"template {filename or shown}" + (f", line {line}" if line else "")
        seconds = time.monotonic() - started
        raise TemplateProblem(
            f"{where}: stopped by a limit: still rendering after {seconds:.0f} s (the limit is "
            f"{limits.seconds:g} s); does a loop never end?"
        ) from None
    except Exception as error:  # a template can fail in many ways; each one stops this brief
        raise TemplateProblem(describe_template_error(error, shown)) from error


def read_asset(env: Environment, name: str) -> str:
    """Text of a non-template asset (a stylesheet) found through the same loaders."""
    source, _filename, _uptodate = env.loader.get_source(env, name)  # type: ignore[union-attr]
    return source
