"""The output formats, one registry entry each: adding a format is one :func:`register_format` call.

    def render_txt(job: RenderJob) -> bytes:
        return render_template(job.env, job.template("txt"), job.context.as_dict()).encode()

    register_format(OutputFormat("txt", ".txt", needs_chart=False, render=render_txt))

:func:`briefing.render.write_brief` renders every wanted format from one :class:`RenderJob` (the
brief, its template context, the Jinja environment, the chart) in the registry's order, all in
memory, and only then writes the files. A format's render function returns the file's bytes and
writes nothing itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, TemplateNotFound

from briefing.config import Settings
from briefing.model import Brief
from briefing.render.chart import Chart
from briefing.render.context import RenderContext
from briefing.render.environment import read_asset
from briefing.render.html import PRINT_CSS, SCREEN_CSS, render_html
from briefing.render.jsonout import render_json
from briefing.render.markdown import render_markdown
from briefing.render.pdf import asset_url, base_url_for, page_size_css, render_pdf

if TYPE_CHECKING:
    from briefing.audiences import Audience


@dataclass(frozen=True)
class RenderJob:
    """What every format renders from, made once per brief: the same facts for every format."""

    brief: Brief  # already trimmed to the audience
    context: RenderContext  # the template variables (the chart's file names and alt text included)
    env: Environment  # the sandboxed Jinja environment: the user's templates first, then the built-ins
    settings: Settings
    out_dir: Path
    basename: str  # files are {basename}.{suffix}; the chart {basename}-timeline.svg / .png
    chart: Chart | None = None  # drawn when a wanted format needs it and an event could be placed
    audience: Audience | None = None

    def template(self, kind: str) -> str:
        """The audience's template for ``kind`` ("md", "html": ``executive.html.j2``) if one exists, in
        the user's folder or the built-ins, else the base layout ``brief.{kind}.j2``."""
        base = f"brief.{kind}.j2"
        if self.audience is None:
            return base
        name = self.audience.template_name(kind)
        try:
            self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
        except TemplateNotFound:
            return base
        return name


@dataclass(frozen=True)
class OutputFormat:
    """One output format: its name (``--format``), file suffix, whether it shows the chart, and how to render it."""

    name: str  # "md"
    suffix: str  # ".md"
    needs_chart: bool  # the chart's SVG and PNG are written beside it
    render: Callable[[RenderJob], bytes]  # the file's bytes, rendered in memory


OUTPUT_FORMATS: dict[str, OutputFormat] = {}  # name -> format, in the order the files are rendered


def register_format(output_format: OutputFormat) -> OutputFormat:
    """Add (or replace) a format; returns it, so it can decorate nothing and still read as one line."""
    if not output_format.name or not output_format.name.isidentifier():
        raise ValueError(f"bad format name {output_format.name!r}")
    if not output_format.suffix.startswith("."):
        raise ValueError(f"format {output_format.name!r}: suffix must start with '.', not {output_format.suffix!r}")
    OUTPUT_FORMATS[output_format.name] = output_format
    return output_format


def _markdown(job: RenderJob) -> bytes:
    return render_markdown(job.env, job.context, template=job.template("md")).encode("utf-8")


def _html(job: RenderJob) -> bytes:
    return render_html(job.env, job.context, template=job.template("html")).encode("utf-8")


def _pdf(job: RenderJob) -> bytes:
    """The print HTML through WeasyPrint, which may fetch only the stylesheets and the chart, from memory."""
    base = base_url_for(job.out_dir)
    # Served from memory by the PDF's URL fetcher; the page size comes last so it wins.
    css = {
        asset_url(base, f"_assets/{SCREEN_CSS}"): read_asset(job.env, SCREEN_CSS),
        asset_url(base, f"_assets/{PRINT_CSS}"): read_asset(job.env, PRINT_CSS),
        asset_url(base, "_assets/page-size.css"): page_size_css(job.settings.page_size),
    }
    assets = {url: (text.encode("utf-8"), "text/css") for url, text in css.items()}
    if job.chart is not None and job.context.chart.svg:
        assets[asset_url(base, job.context.chart.svg)] = (job.chart.svg, "image/svg+xml")
    html = render_html(job.env, job.context, media="print", stylesheets=list(css), template=job.template("html"))
    return render_pdf(html, base, assets)


def _json(job: RenderJob) -> bytes:
    return render_json(job.brief).encode("utf-8")


for _format in (
    OutputFormat("md", ".md", needs_chart=True, render=_markdown),
    OutputFormat("html", ".html", needs_chart=True, render=_html),
    OutputFormat("pdf", ".pdf", needs_chart=True, render=_pdf),
    OutputFormat("json", ".json", needs_chart=False, render=_json),
):
    register_format(_format)
