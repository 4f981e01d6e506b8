"""The timeline chart drawn: SVG for HTML/PDF and PNG for Markdown, from a :class:`ChartPlan`.

What goes where is decided in :mod:`briefing.render.chart_layout` (:func:`plan`, no matplotlib);
this module only draws a plan: the panels as axes of one figure with broken-axis marks, bars,
stems, badges and the legend. The one decision left to drawing is measured, not estimated: the
ticks (an AutoDateLocator whose maxticks follows the panel width, a ConciseDateFormatter) are
thinned in any panel whose tick labels touch once rendered. :func:`render` is plan + draw.

Only matplotlib's object API is used (no pyplot state). Output is deterministic: fixed SVG hash
salt, text drawn as paths, no dates in the metadata, and mathtext parsing off (``$`` is literal).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from briefing.model import Event
from briefing.render.chart_layout import (
    FIG_WIDTH_IN,
    FONT_PT,
    LEFT_IN,
    LEGEND_DAY,
    LEGEND_PERIOD,
    LEGEND_UNCERTAIN,
    LEGEND_UPCOMING,
    MAX_PANELS,
    NO_CHART_ALT,
    ChartPlan,
    Span,
    day_number,
    interval,
    place,
    plan,
)

__all__ = [
    "MAX_PANELS",
    "NO_CHART_ALT",
    "RC",
    "Chart",
    "ChartPlan",
    "Span",
    "draw",
    "figure",
    "interval",
    "place",
    "plan",
    "render",
]

# Colours (colour-blind safe: Okabe-Ito blue and orange), readable in greyscale by style too.
PAST = "#0072B2"
UPCOMING = "#D55E00"
INK = "#222222"
MUTED = "#777777"

BOTTOM_IN, TOP_IN = 0.62, 0.3  # room for the tick labels and legend below, the titles above

RC = {
    "svg.hashsalt": "briefing-timeline",
    "svg.fonttype": "path",
    "svg.id": "briefing-timeline",
    "text.parse_math": False,
    "text.usetex": False,
    "font.family": "DejaVu Sans",
    "font.size": FONT_PT,
    "axes.unicode_minus": False,
}


@dataclass(frozen=True)
class Chart:
    """The drawn chart: the files' bytes and what the templates say about it."""

    svg: bytes
    png: bytes
    alt: str
    shown: tuple[int, ...]
    left_out: tuple[int, ...]
    panels: int
    plan: ChartPlan | None = None  # the layout it was drawn from


# ------------------------------------------------------------------------------ ticks


def _set_ticks(ax, max_ticks: int) -> None:
    locator = mdates.AutoDateLocator(minticks=2, maxticks=max_ticks, interval_multiples=True)
    locator.intervald[mdates.DAILY] = [1, 2, 3, 5, 7, 10, 14, 21, 28, 42, 56]  # narrow panels of weeks
    locator.intervald[mdates.MONTHLY] = [1, 2, 3, 4, 6, 12, 18, 24, 36]
    ax.xaxis.set_major_locator(locator)
    # The panel title names the period, so the formatter's offset text ("2017-Nov") is not shown.
    # A lone tick would be formatted down to "00:00": never go finer than the day.
    ax.xaxis.set_major_formatter(
        mdates.ConciseDateFormatter(
            locator,
            formats=["%Y", "%b", "%d", "%d %b", "%d %b", "%d %b"],
            zero_formats=["", "%Y", "%b", "%d %b", "%d %b", "%d %b"],
            show_offset=False,
        )
    )


def tick_label_boxes(fig: Figure, axes: Sequence, renderer) -> list[tuple[int, object]]:
    """(axes index, window extent) of every tick label drawn inside its panel, left to right."""
    boxes = []
    for k, ax in enumerate(axes):
        lo, hi = ax.get_xlim()
        for tick in ax.xaxis.get_major_ticks():
            label = tick.label1
            if not (label.get_visible() and label.get_text()) or not lo <= tick.get_loc() <= hi:
                continue
            boxes.append((k, label.get_window_extent(renderer)))
    return sorted(boxes, key=lambda kb: kb[1].x0)


def _thin_ticks(fig: Figure, axes: Sequence, max_ticks: list[int]) -> None:
    """Measure the tick labels and use fewer ticks in any panel whose labels touch."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    for _ in range(6):
        canvas.draw()
        boxes = tick_label_boxes(fig, axes, canvas.get_renderer())
        crowded = set()
        for (ka, a), (kb, b) in zip(boxes, boxes[1:], strict=False):
            if a.x1 + 2 > b.x0:  # at least 2 px apart
                crowded.update({ka, kb} if ka == kb else {ka if max_ticks[ka] >= max_ticks[kb] else kb})
        crowded = {k for k in crowded if max_ticks[k] > 2}
        if not crowded:
            return
        for k in crowded:
            max_ticks[k] -= 1
            _set_ticks(axes[k], max_ticks[k])


def _broken_marks(ax, left: bool, right: bool) -> None:
    kw = dict(
        marker=[(-1, -1.6), (1, 1.6)],
        markersize=7,
        linestyle="none",
        color=INK,
        mec=INK,
        mew=0.9,
        clip_on=False,
        transform=ax.transAxes,
    )
    if left:
        ax.plot([0], [0], **kw)
    if right:
        ax.plot([1], [0], **kw)


# --------------------------------------------------------------------------- drawing


def _legend_handles(keys: Sequence[str]) -> list:
    handles = {
        LEGEND_DAY: lambda: Line2D(
            [], [], marker="o", color=PAST, markersize=3.5, linestyle="-", linewidth=0.7, label="dated to the day"
        ),
        LEGEND_PERIOD: lambda: Patch(
            facecolor=PAST, alpha=0.5, edgecolor=PAST, label="month or year only: bar spans it"
        ),
        LEGEND_UPCOMING: lambda: Line2D(
            [],
            [],
            marker="o",
            color=UPCOMING,
            mfc="white",
            markersize=3.5,
            linestyle=(0, (2, 1.5)),
            linewidth=0.7,
            label="upcoming",
        ),
        LEGEND_UNCERTAIN: lambda: Line2D([], [], linestyle="none", label="?  uncertain date"),
    }
    return [handles[key]() for key in keys]


def figure(chart_plan: ChartPlan) -> Figure:
    """The plan as a matplotlib Figure, ticks thinned where their labels touch (needs a non-empty plan).

    Call it inside ``matplotlib.rc_context(RC)``, as :func:`draw` does: fonts and the SVG's fixed
    ids come from there, so the output is the same on every machine."""
    if not chart_plan.panels:
        raise ValueError("nothing to draw: no event of the plan could be placed")
    height = chart_plan.height_in
    fig = Figure(figsize=(FIG_WIDTH_IN, height), layout=None)
    y_top = 0.9 + (chart_plan.rows - 1)
    axes = []
    last = len(chart_plan.panels) - 1
    for k, panel in enumerate(chart_plan.panels):
        ax = fig.add_axes(
            (
                panel.left_in / FIG_WIDTH_IN,
                BOTTOM_IN / height,
                panel.width_in / FIG_WIDTH_IN,
                (height - BOTTOM_IN - TOP_IN) / height,
            )
        )
        axes.append(ax)
        lo, hi = panel.view
        ax.set_xlim(lo, hi)
        ax.set_ylim(0, y_top + 0.45)
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
        ax.spines["bottom"].set_color(INK)
        ax.yaxis.set_visible(False)
        _set_ticks(ax, panel.max_ticks)
        ax.tick_params(axis="x", labelsize=FONT_PT - 0.5, colors=INK, length=3, pad=2)
        ax.set_title(panel.title, fontsize=FONT_PT, color=MUTED, pad=2, loc="center")
        _broken_marks(ax, left=k > 0, right=k < last)
        for bar in panel.bars:
            colour = UPCOMING if bar.upcoming else PAST
            x0, x1 = day_number(bar.start), day_number(bar.end)
            ax.broken_barh(
                [(x0, x1 - x0)],
                (0, 0.1 if bar.thin else 0.22),
                facecolors=colour,
                alpha=0.25 if bar.thin else (0.35 if bar.upcoming else 0.5),
                edgecolor=colour,
                linewidth=0.6,
                hatch="////" if bar.upcoming else None,
                zorder=3,
            )
            y_mid = 0.05 if bar.thin else 0.11
            for edge, beyond, marker in ((lo, bar.runs_left, "<"), (hi, bar.runs_right, ">")):
                if beyond:  # the bar runs on past the panel edge
                    ax.plot([edge], [y_mid], marker=marker, markersize=4, color=colour, clip_on=False, zorder=4)
        for badge in panel.badges:
            colour = UPCOMING if badge.upcoming else PAST
            y = 0.75 + badge.row
            if badge.point:  # one dot per event, all on the same day
                for _ in badge.numbers:
                    ax.plot(
                        [badge.stem],
                        [0],
                        marker="o",
                        markersize=3.5,
                        color=colour,
                        mfc="white" if badge.upcoming else colour,
                        clip_on=False,
                        zorder=4,
                    )
            x_label = lo + badge.x_in / panel.inches_per_day
            ax.plot(
                [badge.stem, badge.stem, x_label],
                [0.22 if not badge.point else 0, y - 0.25, y - 0.2],
                color=colour,
                linewidth=0.7,
                linestyle=(0, (2, 1.5)) if badge.upcoming else "-",
                zorder=2,
                clip_on=False,
            )
            ax.text(
                x_label,
                y,
                badge.text,
                ha="center",
                va="center",
                fontsize=FONT_PT,
                color=INK,
                parse_math=False,
                zorder=5,
                bbox=dict(
                    boxstyle="round,pad=0.22",
                    fc="white" if badge.upcoming else "#EAF2F8",
                    ec=colour,
                    lw=0.7,
                    ls="--" if badge.upcoming else (":" if not badge.certain else "-"),
                ),
            )
    handles = _legend_handles(chart_plan.legend)
    fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(LEFT_IN / FIG_WIDTH_IN, 0.0),
        ncols=len(handles),
        frameon=False,
        fontsize=FONT_PT - 0.5,
        handlelength=1.8,
        columnspacing=1.2,
        borderaxespad=0.1,
    )
    for text in fig.findobj(matplotlib.text.Text):
        text.set_parse_math(False)
    _thin_ticks(fig, axes, [p.max_ticks for p in chart_plan.panels])
    return fig


def draw(chart_plan: ChartPlan, png_dpi: int = 150) -> Chart:
    """SVG and PNG of a (non-empty) plan, byte for byte the same for the same plan."""
    with matplotlib.rc_context(RC):
        fig = figure(chart_plan)
        svg = io.BytesIO()
        fig.savefig(svg, format="svg", metadata={"Date": None})
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=png_dpi, metadata={"Software": None})
    return Chart(
        svg=svg.getvalue(),
        png=png.getvalue(),
        alt=chart_plan.alt,
        shown=chart_plan.shown,
        left_out=chart_plan.left_out,
        panels=len(chart_plan.panels),
        plan=chart_plan,
    )


def render(events: Sequence[Event], png_dpi: int = 150) -> Chart | None:
    """Plan and draw the chart for ``events`` (numbered from 1 in the given order); None if none can be placed."""
    chart_plan = plan(events)
    return draw(chart_plan, png_dpi) if chart_plan.panels else None
