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
:func:`briefing.analyse.audience.audience_view` first: the renderer only lays out what it is given.
A broken template raises :class:`TemplateProblem` (file, line, what is wrong) before anything is
written.

Each format is an entry of the registry :data:`OUTPUT_FORMATS` (:mod:`briefing.render.formats`):
name, file suffix, whether it shows the chart, and a function from the shared :class:`RenderJob`
to the file's bytes; :func:`register_format` adds one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.config import Settings
from briefing.model import Brief
from briefing.render import chart as chart_mod
from briefing.render.context import DEFAULT_SECTIONS, AudienceInfo, ChartInfo, build_context
from briefing.render.environment import TemplateProblem, make_environment
from briefing.render.files import WriteProblem, write_files
from briefing.render.formats import OUTPUT_FORMATS, OutputFormat, RenderJob, register_format
from briefing.render.pdf import page_size_css

if TYPE_CHECKING:
    from briefing.audiences import Audience

__all__ = [
    "FORMATS",
    "OUTPUT_FORMATS",
    "OutputFormat",
    "RenderJob",
    "TemplateProblem",
    "WriteProblem",
    "register_format",
    "write_brief",
]

LOGGER = logging.getLogger(__name__)

FORMATS = tuple(OUTPUT_FORMATS)  # the built-in formats, in the order they are rendered: md, html, pdf, json


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

    Files: ``{basename}.md``, ``.html``, ``.pdf``, ``.json`` (a registered format: its suffix), and
    for any format that shows the chart (md/html/pdf) ``{basename}-timeline.svg`` and
    ``{basename}-timeline.png``. Everything is rendered in memory first and only then written, one
    atomic replace per file.
    """
    settings = settings or Settings()
    wanted = tuple(dict.fromkeys(f.lower().lstrip(".") for f in formats))
    unknown = [f for f in wanted if f not in OUTPUT_FORMATS]
    if unknown:
        raise ValueError(f"unknown output format(s): {', '.join(unknown)}; choose from {', '.join(OUTPUT_FORMATS)}")
    if not basename or "/" in basename or "\\" in basename or basename.startswith("."):
        raise ValueError(f"bad basename {basename!r}")
    page_size_css(settings.page_size)  # fail early on a bad page size
    out_dir = Path(out_dir)
    chosen = [f for name, f in OUTPUT_FORMATS.items() if name in wanted]  # the registry's order

    needs_chart = any(f.needs_chart for f in chosen)
    chart = chart_mod.render(brief.events) if needs_chart else None
    svg_name, png_name = f"{basename}-timeline.svg", f"{basename}-timeline.png"
    info = ChartInfo()
    if chart is not None:
        info = ChartInfo(svg=svg_name, png=png_name, alt=chart.alt, shown=chart.shown, left_out=chart.left_out)
    elif needs_chart and brief.events:
        info = ChartInfo(alt=chart_mod.NO_CHART_ALT, left_out=tuple(range(1, len(brief.events) + 1)))

    sections, audience_info = DEFAULT_SECTIONS, AudienceInfo()
    if audience is not None:
        sections, audience_info = audience.sections, AudienceInfo(audience.name, audience.description)
    context = build_context(brief, info, sections=sections, audience=audience_info, max_sources=settings.max_sources)
    job = RenderJob(
        brief=brief,
        context=context,
        env=make_environment(templates_dir),
        settings=settings,
        out_dir=out_dir,
        basename=basename,
        chart=chart,
        audience=audience,
    )

    outputs = [(out_dir / f"{basename}{f.suffix}", f.render(job)) for f in chosen]
    if chart is not None:  # the chart goes first, so no document ever points at a missing chart
        outputs[:0] = [(out_dir / svg_name, chart.svg), (out_dir / png_name, chart.png)]

    written = write_files(outputs, basename)  # staged, then moved into place, under the folder's lock
    for path, data in outputs:
        LOGGER.debug("wrote %s (%d bytes)", path, len(data))
    return written
