"""The HTML brief: one self-contained page (styles inline, the chart as a sibling SVG file).

The rendered page goes through :func:`briefing.render.sanitise.sanitise_document` before it is
written or handed to WeasyPrint: whatever a template let through, the page keeps only the
brief's own tags and URLs.
"""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Environment

from briefing.render.context import RenderContext
from briefing.render.environment import read_asset, render_template
from briefing.render.sanitise import sanitise_document

TEMPLATE = "brief.html.j2"
SCREEN_CSS = "brief.css"
PRINT_CSS = "print.css"


def render_html(
    env: Environment,
    context: RenderContext,
    media: str = "screen",
    stylesheets: Sequence[str] = (),
    template: str = TEMPLATE,
) -> str:
    """HTML for a browser (``media="screen"``: CSS inline) or for WeasyPrint (``"print"``:
    ``<link>`` to ``stylesheets``, which the PDF's URL fetcher serves)."""
    inline_css = read_asset(env, SCREEN_CSS) if media == "screen" else ""
    values = {**context.as_dict(), "media": media, "stylesheets": list(stylesheets), "inline_css": inline_css}
    own_urls = [*stylesheets, *(name for name in (context.chart.svg, context.chart.png) if name)]
    return sanitise_document(render_template(env, template, values), own_urls)
