"""The timeline chart: dated events on a (broken) date axis, as SVG for HTML/PDF and PNG for Markdown.

Design, for events that may span many years yet cluster within a few weeks:

* every event becomes a date *interval* at its own precision: a day is a point, a month, quarter,
  season, year or decade is drawn as a bar over that whole period, never as a false exact day;
* the axis is broken into panels placed by where the events sit: the day (and week) events are
  split at gaps large against the panel and much longer than the clusters on either side; a
  month or year joins a panel it (nearly) touches if not much wider than it, is drawn clipped
  (with a continuation arrow) across the panels it overlaps if it would swamp them, or else
  gets a panel of its own; at most MAX_PANELS panels (the closest merge); panel widths follow
  their number of events;
* ticks: an AutoDateLocator whose maxticks follows the panel width, a ConciseDateFormatter, and
  a measured pass that thins the ticks of any panel whose labels touch;
* each event is a stem with a numbered badge keyed to the numbered list of dated events; badges
  are staggered on levels so that none overlap and, where possible, no stem runs behind a lower
  badge nor a badge hides a higher stem; events on the same date share one badge ("3–5");
* upcoming events are orange with dashed stems and hollow badges; an uncertain date gets a "?".

Only matplotlib's object API is used (no pyplot state). Output is deterministic: fixed SVG hash
salt, text drawn as paths, no dates in the metadata, and mathtext parsing off (``$`` is literal).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import matplotlib
from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from briefing import timeml
from briefing.model import Event

# Colours (colour-blind safe: Okabe-Ito blue and orange), readable in greyscale by style too.
PAST = "#0072B2"
UPCOMING = "#D55E00"
INK = "#222222"
MUTED = "#777777"

FIG_WIDTH_IN = 6.8
FONT_PT = 8.0
MAX_PANELS = 6
SHORT_LABEL_MAX_EVENTS = 12  # above this, badges carry only their numbers
SHORT_LABEL_CHARS = 34

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
class Span:
    """One event placed on the time axis."""

    number: int  # 1-based position in Brief.events (the list the badges are keyed to)
    start: float  # matplotlib date numbers (days)
    end: float
    point: bool  # a single day
    upcoming: bool
    certain: bool
    label: str  # short text, may be empty

    @property
    def mid(self) -> float:
        """Where the stem stands: a day sits on its own tick, a period at its middle."""
        return self.start if self.point else (self.start + self.end) / 2


@dataclass(frozen=True)
class Chart:
    svg: bytes
    png: bytes
    alt: str
    shown: tuple[int, ...]
    left_out: tuple[int, ...]
    panels: int


# ------------------------------------------------------------------------ date parsing


def interval(value: str) -> tuple[date, date] | None:
    """``[start, end)`` covered by a TimeML date value (``briefing.timeml``), or None if it cannot
    be placed: matplotlib draws a span up to the start of the day after its last."""
    span = timeml.interval(value)
    return (span[0], span[1] + timedelta(days=1)) if span else None


def _short(text: str, limit: int = SHORT_LABEL_CHARS) -> str:
    words = " ".join((text or "").split())
    if len(words) <= limit:
        return words
    cut = words[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(",;:.-–— ") + "…"


def place(events: Sequence[Event], short_labels: bool | None = None) -> tuple[list[Span], list[int]]:
    """Spans for events whose dates can be placed, and the numbers of those that cannot."""
    if short_labels is None:
        short_labels = len(events) <= SHORT_LABEL_MAX_EVENTS
    spans, left_out = [], []
    for number, event in enumerate(events, start=1):
        found = interval(event.date)
        if found is None:
            left_out.append(number)
            continue
        start, end = found
        spans.append(
            Span(
                number=number,
                start=float(mdates.date2num(start)),
                end=float(mdates.date2num(end)),
                point=(end - start) <= timedelta(days=1),
                upcoming=event.upcoming and not event.passed,  # one since passed is drawn as past
                certain=event.certain,
                label=_short(event.summary) if short_labels else "",
            )
        )
    return spans, left_out


# -------------------------------------------------------------------------- clustering

BREAK_SHARE = 0.35  # a gap must be at least this share of the panel it would split
BREAK_RATIO = 2.0  # ... and this many times wider than the clusters on either side
MIN_CLUSTER_DAYS = 14.0  # clusters narrower than this count as this wide


def _blocks(spans: Sequence[Span]) -> list[tuple[float, float]]:
    """Merge overlapping intervals: [(start, end), ...] sorted, disjoint."""
    blocks: list[list[float]] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if blocks and span.start <= blocks[-1][1]:
            blocks[-1][1] = max(blocks[-1][1], span.end)
        else:
            blocks.append([span.start, span.end])
    return [(a, b) for a, b in blocks]


def panels_for(spans: Sequence[Span], max_panels: int = MAX_PANELS) -> list[tuple[float, float]]:
    """Split the time range into panels at gaps much longer than the clusters beside them."""
    blocks = _blocks(spans)
    if not blocks:
        return []
    segments = [blocks]
    while len(segments) < max_panels:
        best = None  # (gap, segment index, split index)
        for si, seg in enumerate(segments):
            width = seg[-1][1] - seg[0][0]
            for i in range(1, len(seg)):
                gap = seg[i][0] - seg[i - 1][1]
                left_w = max(seg[i - 1][1] - seg[i - 1][0], MIN_CLUSTER_DAYS)
                right_w = max(seg[i][1] - seg[i][0], MIN_CLUSTER_DAYS)
                if gap < BREAK_SHARE * width or gap < BREAK_RATIO * max(left_w, right_w):
                    continue
                if best is None or gap > best[0]:
                    best = (gap, si, i)
        if best is None:
            break
        _, si, i = best
        seg = segments[si]
        segments[si : si + 1] = [seg[:i], seg[i:]]
    return [(seg[0][0], seg[-1][1]) for seg in segments]


COARSE_DAYS = 800.0  # spans longer than this (a decade, "2010-2012") are drawn thin and light
FINE_DAYS = 8.0  # days and weeks place the panels; months, quarters, years... fit in around them
ATTACH_GAP = 2.0  # a coarse span joins a panel if the gap is at most this many times ...
ATTACH_WIDTH = 3.0  # ... max(panel, span) wide, and the span at most this many times the panel


def _width(r: tuple[float, float]) -> float:
    return max(r[1] - r[0], MIN_CLUSTER_DAYS)


def _gap(span: Span, r: tuple[float, float]) -> float:
    return max(r[0] - span.end, span.start - r[1], 0.0)


def _merge_overlapping(ranges: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for a, b in sorted(ranges):
        if out and a < out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _cap(ranges: list[tuple[float, float]], spans: Sequence[Span], max_panels: int) -> list[tuple[float, float]]:
    """Merge neighbouring panels while there are too many: first the pair that loses least by
    sharing an axis (merged span against the widths of the two, times the events squeezed)."""
    ranges = list(ranges)

    def count(r: tuple[float, float]) -> int:
        return sum(1 for s in spans if s.start <= r[1] and s.end >= r[0])

    while len(ranges) > max_panels:
        costs = [
            (
                (ranges[i + 1][1] - ranges[i][0])
                / (_width(ranges[i]) + _width(ranges[i + 1]))
                * count((ranges[i][0], ranges[i + 1][1])),
                i,
            )
            for i in range(len(ranges) - 1)
        ]
        _, i = min(costs)
        ranges[i : i + 2] = [(ranges[i][0], ranges[i + 1][1])]
    return ranges


def layout_panels(spans: Sequence[Span], max_panels: int = MAX_PANELS) -> list[tuple[float, float]]:
    """Panels placed by where the events sit, not by the full extent of coarse bars.

    The day (and week) events are split into clusters at large gaps. A month, quarter or year
    joins the panel it touches or nearly touches when it is not much wider than that panel's
    cluster (a month beside a fortnight of days); one that overlaps a panel but would swamp it
    (a year, a decade) is drawn clipped across the panels it overlaps; the rest are clustered
    among themselves into panels of their own. Too many panels: the closest are merged."""
    fine = [s for s in spans if s.end - s.start <= FINE_DAYS]
    coarse = [s for s in spans if s.end - s.start > FINE_DAYS]
    if not fine:
        return _cap(panels_for(spans, max_panels=len(spans) + 1), spans, max_panels)
    base = panels_for(fine, max_panels=len(fine) + 1)
    grown = [list(r) for r in base]
    lonely = []
    for s in coarse:
        best = None  # (gap, panel index) of the nearest panel it may join
        for k, r in enumerate(base):
            w, sw = _width(r), s.end - s.start
            g = _gap(s, r)
            if sw <= ATTACH_WIDTH * w and g <= ATTACH_GAP * max(w, sw) and (best is None or g < best[0]):
                best = (g, k)
        if best is not None:
            k = best[1]
            grown[k] = [min(grown[k][0], s.start), max(grown[k][1], s.end)]
        elif not _overlaps(s, base):
            lonely.append(s)
    ranges = [(a, b) for a, b in grown]
    if lonely:
        ranges += panels_for(lonely, max_panels=len(lonely) + 1)
    return _cap(_merge_overlapping(ranges), spans, max_panels)


def _overlaps(span: Span, ranges: Sequence[tuple[float, float]]) -> bool:
    return any(span.start < b and span.end > a for a, b in ranges)


def _home_panel(span: Span, ranges: Sequence[tuple[float, float]]) -> int:
    """The panel that carries a span's badge: the one it overlaps most (ties: the first)."""
    overlap = [min(span.end, b) - max(span.start, a) for a, b in ranges]
    if span.point or span.end - span.start <= 0:
        overlap = [1.0 if a <= span.start <= b else -abs(span.start - (a + b) / 2) for a, b in ranges]
    return max(range(len(ranges)), key=lambda k: (overlap[k], -k))


def _anchor(span: Span, a: float, b: float) -> float:
    """Where a span's stem stands inside panel [a, b]: its day, or the middle of its visible part."""
    if span.point:
        return span.start
    return (max(span.start, a) + min(span.end, b)) / 2


# --------------------------------------------------------------------------- drawing


def _label_text(group: Sequence[Span], with_text: bool) -> str:
    numbers = [s.number for s in group]
    if len(numbers) > 1 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        text = f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 2 else f"{numbers[0]}, {numbers[1]}"
    else:
        text = ", ".join(str(n) for n in numbers)
    if not all(s.certain for s in group):
        text += "?"
    if with_text and len(group) == 1 and group[0].label:
        text += f" {group[0].label}"
    return text


def _text_width_in(text: str) -> float:
    """Rough width of a badge in inches (DejaVu Sans averages ~0.6 em per glyph)."""
    return (len(text) * 0.6 * FONT_PT + 0.9 * FONT_PT) / 72


def _panel_title(start: float, end: float, compact: bool = False) -> str:
    a = mdates.num2date(start).date()
    b = mdates.num2date(end).date() - timedelta(days=1)  # end is exclusive
    if (b - a).days > 3 * 365 or (compact and a.year != b.year and (b - a).days > 120):
        return f"{a.year}–{b.year}"
    if a.year == b.year and a.month == 1 and b.month == 12 and b.day == 31 and a.day == 1:
        return str(a.year)
    if (a.year, a.month) == (b.year, b.month):
        return a.strftime("%b %Y")
    if a.year == b.year:
        return f"{a.strftime('%b')}–{b.strftime('%b')} {a.year}"
    return f"{a.strftime('%b %Y')} – {b.strftime('%b %Y')}"


def _max_ticks(width_in: float) -> int:
    """About one tick label per 0.55 inch of panel, at least two (fewer if they touch)."""
    return max(2, int(width_in / 0.55) + 1)


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


BADGE_GAP_IN = 0.04


def _choose_level(boxes: Sequence[tuple[int, float, float, float]], left: float, right: float, stem: float) -> int:
    """The lowest level where a badge [left, right] overlaps no other badge; preferably also one
    where its stem passes behind no lower badge and it hides no higher badge's stem."""
    top = max((b[0] for b in boxes), default=-1) + 1
    free = [
        level
        for level in range(top + 1)
        if all(lv != level or r + BADGE_GAP_IN <= left or right + BADGE_GAP_IN <= lft for lv, lft, r, _ in boxes)
    ]
    for level in free:
        stem_clear = all(not (lv < level and lft - 0.02 <= stem <= r + 0.02) for lv, lft, r, _ in boxes)
        hides_none = all(not (lv > level and left - 0.02 <= x <= right + 0.02) for lv, _, _, x in boxes)
        if stem_clear and hides_none:
            return level
    return free[0]


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


def draw(spans: Sequence[Span], left_out: Sequence[int] = ()) -> Figure | None:
    """The chart as a matplotlib Figure, or None when there is nothing to place."""
    if not spans:
        return None
    ranges = layout_panels(spans)
    members: list[list[Span]] = [[] for _ in ranges]
    for span in spans:
        members[_home_panel(span, ranges)].append(span)
    # Panel widths: wider panels for more events, none too narrow for its badges.
    weights = [max(1.0, len(m)) for m in members]
    total_w = sum(weights)
    gutter = 0.18  # inches between panels
    usable = FIG_WIDTH_IN - 0.6 - gutter * (len(ranges) - 1)
    widths_in = [usable * w / total_w for w in weights]
    min_w = 0.9 if len(ranges) <= 4 else 0.7
    if len(ranges) * min_w <= usable:
        short = [k for k, w in enumerate(widths_in) if w < min_w]
        if short:
            spare = usable - min_w * len(short)
            rest = [k for k in range(len(ranges)) if k not in short]
            rest_total = sum(weights[k] for k in rest) or 1.0
            for k in range(len(ranges)):
                widths_in[k] = min_w if k in short else spare * weights[k] / rest_total

    with_text = len(spans) <= SHORT_LABEL_MAX_EVENTS
    layouts = []  # per panel: (xlim, [(group, x, level, text)])
    max_level = 0
    for k, ((a, b), group_spans) in enumerate(zip(ranges, members, strict=True)):
        width = b - a
        pad = max(width * 0.06, 2.0 if width < 60 else width * 0.06)
        xlim = (a - pad, b + pad)
        scale = widths_in[k] / (xlim[1] - xlim[0])  # inches per day
        # One badge per distinct interval (upcoming and past events never share one).
        groups: dict[tuple[float, float, bool], list[Span]] = {}
        for s in sorted(group_spans, key=lambda s: (s.start, s.end, s.number)):
            groups.setdefault((s.start, s.end, s.upcoming), []).append(s)
        ordered = sorted(groups.values(), key=lambda g: (_anchor(g[0], a, b), g[0].number))
        boxes: list[tuple[int, float, float, float]] = []  # (level, left, right, stem x), inches
        placed = []
        for group in ordered:
            text = _label_text(group, with_text)
            w = _text_width_in(text)
            if w > widths_in[k] * 0.95 and with_text and group[0].label:
                text = _label_text(group, False) + " " + _short(group[0].label, 18)
                w = _text_width_in(text)
            if w > widths_in[k] * 0.95:
                text = _label_text(group, False)
                w = _text_width_in(text)
            x_in = (_anchor(group[0], a, b) - xlim[0]) * scale
            x_in = min(max(x_in, w / 2), widths_in[k] - w / 2)  # keep inside the panel
            left, right = x_in - w / 2, x_in + w / 2
            x_stem = (_anchor(group[0], a, b) - xlim[0]) * scale
            level = _choose_level(boxes, left, right, x_stem)
            boxes.append((level, left, right, x_stem))
            placed.append((group, xlim[0] + x_in / scale, level, text))
            max_level = max(max_level, level)
        layouts.append((xlim, placed))

    row_h = 0.27
    height = min(max(1.5, 0.95 + row_h * (max_level + 1)), 9.0)
    fig = Figure(figsize=(FIG_WIDTH_IN, height), layout=None)
    bottom_in, top_in = 0.62, 0.3
    left_in = 0.3
    x0 = left_in
    y_top = 0.9 + max_level
    axes = []
    for k, (xlim, placed) in enumerate(layouts):
        ax = fig.add_axes(
            (x0 / FIG_WIDTH_IN, bottom_in / height, widths_in[k] / FIG_WIDTH_IN, (height - bottom_in - top_in) / height)
        )
        x0 += widths_in[k] + gutter
        axes.append(ax)
        ax.set_xlim(*xlim)
        ax.set_ylim(0, y_top + 0.45)
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
        ax.spines["bottom"].set_color(INK)
        ax.yaxis.set_visible(False)
        _set_ticks(ax, _max_ticks(widths_in[k]))
        ax.tick_params(axis="x", labelsize=FONT_PT - 0.5, colors=INK, length=3, pad=2)
        ax.set_title(
            _panel_title(*ranges[k], compact=widths_in[k] < 1.4), fontsize=FONT_PT, color=MUTED, pad=2, loc="center"
        )
        _broken_marks(ax, left=k > 0, right=k < len(layouts) - 1)
        a, b = ranges[k]
        for s in spans:
            if not s.point and s.start < b and s.end > a:
                colour = UPCOMING if s.upcoming else PAST
                coarse = (
                    s.end - s.start > COARSE_DAYS or s.start < xlim[0] or s.end > xlim[1]
                )  # thin, light: clipped or a decade
                ax.broken_barh(
                    [(s.start, s.end - s.start)],
                    (0, 0.1 if coarse else 0.22),
                    facecolors=colour,
                    alpha=0.25 if coarse else (0.35 if s.upcoming else 0.5),
                    edgecolor=colour,
                    linewidth=0.6,
                    hatch="////" if s.upcoming else None,
                    zorder=3,
                )
                y_mid = 0.05 if coarse else 0.11
                for edge, beyond, marker in ((xlim[0], s.start < xlim[0], "<"), (xlim[1], s.end > xlim[1], ">")):
                    if beyond:  # the bar runs on past the panel edge
                        ax.plot([edge], [y_mid], marker=marker, markersize=4, color=colour, clip_on=False, zorder=4)
        for group, x_label, level, text in placed:
            upcoming = any(s.upcoming for s in group)
            colour = UPCOMING if upcoming else PAST
            y = 0.75 + level
            for s in group:
                if s.point:
                    ax.plot(
                        [s.mid],
                        [0],
                        marker="o",
                        markersize=3.5,
                        color=colour,
                        mfc="white" if s.upcoming else colour,
                        clip_on=False,
                        zorder=4,
                    )
            x_event = _anchor(group[0], a, b)
            ax.plot(
                [x_event, x_event, x_label],
                [0.22 if not group[0].point else 0, y - 0.25, y - 0.2],
                color=colour,
                linewidth=0.7,
                linestyle=(0, (2, 1.5)) if upcoming else "-",
                zorder=2,
                clip_on=False,
            )
            ax.text(
                x_label,
                y,
                text,
                ha="center",
                va="center",
                fontsize=FONT_PT,
                color=INK,
                parse_math=False,
                zorder=5,
                bbox=dict(
                    boxstyle="round,pad=0.22",
                    fc="white" if upcoming else "#EAF2F8",
                    ec=colour,
                    lw=0.7,
                    ls="--" if upcoming else (":" if not all(s.certain for s in group) else "-"),
                ),
            )

    handles = []
    if any(s.point for s in spans):
        handles.append(
            Line2D(
                [], [], marker="o", color=PAST, markersize=3.5, linestyle="-", linewidth=0.7, label="dated to the day"
            )
        )
    if not all(s.point for s in spans):
        handles.append(Patch(facecolor=PAST, alpha=0.5, edgecolor=PAST, label="month or year only: bar spans it"))
    if any(s.upcoming for s in spans):
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                color=UPCOMING,
                mfc="white",
                markersize=3.5,
                linestyle=(0, (2, 1.5)),
                linewidth=0.7,
                label="upcoming",
            )
        )
    if not all(s.certain for s in spans):
        handles.append(Line2D([], [], linestyle="none", label="?  uncertain date"))
    fig.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(left_in / FIG_WIDTH_IN, 0.0),
        ncols=len(handles),
        frameon=False,
        fontsize=FONT_PT - 0.5,
        handlelength=1.8,
        columnspacing=1.2,
        borderaxespad=0.1,
    )
    for text in fig.findobj(matplotlib.text.Text):
        text.set_parse_math(False)
    _thin_ticks(fig, axes, [_max_ticks(w) for w in widths_in])
    return fig


def alt_text(spans: Sequence[Span], ranges: Sequence[tuple[float, float]], left_out: Sequence[int]) -> str:
    if not spans:
        return "No dated events could be placed on a timeline."
    first = mdates.num2date(min(s.start for s in spans)).date()
    last = mdates.num2date(max(s.end for s in spans)).date() - timedelta(days=1)
    parts = [
        f"Timeline of {len(spans)} dated event{'s' if len(spans) != 1 else ''} "
        f"from {first.isoformat()} to {last.isoformat()}"
    ]
    if len(ranges) > 1:
        parts.append(f", in {len(ranges)} panels: " + "; ".join(_panel_title(a, b) for a, b in ranges))
    upcoming = [s.number for s in spans if s.upcoming]
    if upcoming:
        parts.append(f". Upcoming: {', '.join(map(str, upcoming))}")
    if left_out:
        parts.append(f". Not placed: {', '.join(map(str, left_out))}")
    return "".join(parts) + "."


def render(events: Sequence[Event], png_dpi: int = 150) -> Chart | None:
    """Draw the chart for ``events`` (numbered from 1 in the given order); None if none can be placed."""
    with matplotlib.rc_context(RC):
        spans, left_out = place(events)
        fig = draw(spans, left_out)
        if fig is None:
            return None
        svg = io.BytesIO()
        fig.savefig(svg, format="svg", metadata={"Date": None})
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=png_dpi, metadata={"Software": None})
    return Chart(
        svg=svg.getvalue(),
        png=png.getvalue(),
        alt=alt_text(spans, layout_panels(spans), left_out),
        shown=tuple(s.number for s in spans),
        left_out=tuple(left_out),
        panels=len(layout_panels(spans)),
    )
