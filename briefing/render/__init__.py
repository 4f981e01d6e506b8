"""Render stage: write a :class:`~briefing.model.Brief` as Markdown, HTML, PDF and JSON.

    from briefing.render import write_brief
    paths = write_brief(brief, Path("reports"))

Every file is written atomically (temporary file in the same folder, fsync, ``os.replace``), so a
failure part-way leaves the previous brief's files untouched; the set is written under a lock on
the folder (:func:`briefing.render.files.write_files`), so two runs never mix their files.
Templates come from the user's folder first (``templates_dir``), then the built-ins, which are
also reachable as ``default:…``.

With an ``audience`` (:mod:`briefing.audiences`), the Markdown and HTML/PDF come from that
profile's templates (``executive.md.j2``, ``executive.html.j2``; the base ``brief.*.j2`` when a
custom profile brings none) and show the profile's sections in its order. Trim the brief with
:func:`briefing.audiences.apply_audience` first: the renderer only lays out what it is given.
A broken template raises :class:`TemplateProblem` (file, line, what is wrong) before anything is
written.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, TemplateNotFound

from briefing.config import Settings
from briefing.model import Brief
from briefing.render import chart as chart_mod
from briefing.render.context import DEFAULT_SECTIONS, AudienceInfo, ChartInfo, build_context
from briefing.render.environment import TemplateProblem, make_environment, read_asset
from briefing.render.files import WriteProblem, write_files
from briefing.render.html import PRINT_CSS, SCREEN_CSS, render_html
from briefing.render.html import TEMPLATE as HTML_TEMPLATE
from briefing.render.jsonout import render_json
from briefing.render.markdown import TEMPLATE as MD_TEMPLATE
from briefing.render.markdown import render_markdown
from briefing.render.pdf import asset_url, base_url_for, page_size_css, render_pdf

if TYPE_CHECKING:
    from briefing.audiences import Audience

__all__ = ["FORMATS", "TemplateProblem", "WriteProblem", "write_brief"]

LOGGER = logging.getLogger(__name__)

FORMATS = ("md", "html", "pdf", "json")


def write_brief(
    brief: Brief,
    out_dir: Path,
    formats: Sequence[str] = FORMATS,
    settings: Settings | None = None,
    templates_dir: Path | None = None,
    basename: str = "brief",
    audience: Audience | None = None,
) -> list[Path]:
    """Write the brief in ``formats`` into ``out_dir`` (created if missing); return the paths written.

    Files: ``{basename}.md``, ``.html``, ``.pdf``, ``.json``, and for any of md/html/pdf the chart
    ``{basename}-timeline.svg`` and ``{basename}-timeline.png``. Everything is rendered in memory
    first and only then written, one atomic replace per file.
    """
    settings = settings or Settings()
    wanted = tuple(dict.fromkeys(f.lower().lstrip(".") for f in formats))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown output format(s): {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    if not basename or "/" in basename or "\\" in basename or basename.startswith("."):
        raise ValueError(f"bad basename {basename!r}")
    page_size_css(settings.page_size)  # fail early on a bad page size
    out_dir = Path(out_dir)

    outputs: list[tuple[Path, bytes]] = []
    needs_chart = any(f in wanted for f in ("md", "html", "pdf"))
    chart = chart_mod.render(brief.events) if needs_chart else None
    svg_name, png_name = f"{basename}-timeline.svg", f"{basename}-timeline.png"
    info = ChartInfo()
    if chart is not None:
        info = ChartInfo(svg=svg_name, png=png_name, alt=chart.alt, shown=chart.shown, left_out=chart.left_out)
    elif needs_chart and brief.events:
        info = ChartInfo(
            alt="No dated events could be placed on a timeline.", left_out=tuple(range(1, len(brief.events) + 1))
        )

    env = make_environment(templates_dir)
    md_template, html_template = MD_TEMPLATE, HTML_TEMPLATE
    sections, audience_info = DEFAULT_SECTIONS, AudienceInfo()
    if audience is not None:
        md_template = _template_for(env, audience.template_name("md"), MD_TEMPLATE)
        html_template = _template_for(env, audience.template_name("html"), HTML_TEMPLATE)
        sections, audience_info = audience.sections, AudienceInfo(audience.name, audience.description)
    context = build_context(brief, info, sections=sections, audience=audience_info, max_sources=settings.max_sources)

    if "md" in wanted:
        md = render_markdown(env, context, template=md_template)
        outputs.append((out_dir / f"{basename}.md", md.encode("utf-8")))
    if "html" in wanted:
        html = render_html(env, context, template=html_template)
        outputs.append((out_dir / f"{basename}.html", html.encode("utf-8")))
    if "pdf" in wanted:
        base = base_url_for(out_dir)
        # Served from memory by the PDF's URL fetcher; the page size comes last so it wins.
        css = {
            asset_url(base, f"_assets/{SCREEN_CSS}"): read_asset(env, SCREEN_CSS),
            asset_url(base, f"_assets/{PRINT_CSS}"): read_asset(env, PRINT_CSS),
            asset_url(base, "_assets/page-size.css"): page_size_css(settings.page_size),
        }
        css_urls = list(css)
        assets = {url: (text.encode("utf-8"), "text/css") for url, text in css.items()}
        if chart is not None:
            assets[asset_url(base, svg_name)] = (chart.svg, "image/svg+xml")
        html = render_html(env, context, media="print", stylesheets=css_urls, template=html_template)
        outputs.append((out_dir / f"{basename}.pdf", render_pdf(html, base, assets)))
    if "json" in wanted:
        outputs.append((out_dir / f"{basename}.json", render_json(brief).encode("utf-8")))
    if chart is not None:  # the chart goes first, so no document ever points at a missing chart
        outputs[:0] = [(out_dir / svg_name, chart.svg), (out_dir / png_name, chart.png)]

    written = write_files(outputs, basename)  # staged, then moved into place, under the folder's lock
    for path, data in outputs:
        LOGGER.debug("wrote %s (%d bytes)", path, len(data))
    return written


def _template_for(env: Environment, name: str, fallback: str) -> str:
    """``name`` when a template of that name exists (user folder or built-in), else ``fallback``."""
    try:
        env.loader.get_source(env, name)  # type: ignore[union-attr]
    except TemplateNotFound:
        return fallback
    return name
