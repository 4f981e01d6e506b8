"""The timeline chart's layout, decided without drawing: :func:`plan` turns events into a :class:`ChartPlan`.

Design, for events that may span many years yet cluster within a few weeks:

* every event becomes a date *interval* at its own precision: a day is a point, a month, quarter,
  season, year or decade is drawn as a bar over that whole period, never as a false exact day;
* the axis is broken into panels placed by where the events sit: the day (and week) events are
  split at gaps large against the panel and much longer than the clusters on either side; a
  month or year joins a panel it (nearly) touches if not much wider than it, is drawn clipped
  (with a continuation arrow) across the panels it overlaps if it would swamp them, or else
  gets a panel of its own; at most MAX_PANELS panels (the closest merge); panel widths follow
  their number of events;
* each event is a stem with a numbered badge keyed to the numbered list of dated events; badges
  are staggered on rows so that none overlap and, where possible, no stem runs behind a lower
  badge nor a badge hides a higher stem; events on the same date share one badge ("3–5");
* upcoming events are orange with dashed stems and hollow badges; an uncertain date gets a "?".

This module is plain Python (no matplotlib), so every layout decision can be tested without a
figure; :mod:`briefing.render.chart` draws a plan. Dates are ``datetime.date``; where the layout
needs arithmetic (gaps, the middle of a period) a date is its *day number*, days since
1970-01-01, the value matplotlib's date axis uses, so the drawing puts things exactly where the
plan says. Badge widths are estimated from the text length (DejaVu Sans), not measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from briefing import timeml
from briefing.model import Event

FIG_WIDTH_IN = 6.8
FONT_PT = 8.0
MAX_PANELS = 6
SHORT_LABEL_MAX_EVENTS = 12  # above this, badges carry only their numbers
SHORT_LABEL_CHARS = 34

# Page geometry, inches: the first panel's left edge, the space between panels, a row of badges.
LEFT_IN = 0.3
GUTTER_IN = 0.18
ROW_IN = 0.27
BADGE_GAP_IN = 0.04

# Legend entries (ChartPlan.legend), in the order they are shown.
LEGEND_DAY, LEGEND_PERIOD, LEGEND_UPCOMING, LEGEND_UNCERTAIN = "day", "period", "upcoming", "uncertain"

NO_CHART_ALT = "No dated events could be placed on a timeline."

EPOCH = date(1970, 1, 1)


def day_number(day: date) -> float:
    """Days since 1970-01-01: matplotlib's date number of ``day`` (its default epoch), without matplotlib."""
    return float((day - EPOCH).days)


def _day(number: float) -> date:
    return EPOCH + timedelta(days=int(number))


# ------------------------------------------------------------------------ the plan


@dataclass(frozen=True)
class Span:
    """One event placed on the time axis."""

    number: int  # 1-based position in Brief.events (the list the badges are keyed to)
    start: date  # first day
    end: date  # the day after the last: a day is [d, d + 1)
    point: bool  # a single day
    upcoming: bool  # still to come (an upcoming event since passed is drawn as past)
    certain: bool
    label: str  # short text, may be empty
    x0: float = field(init=False, repr=False, compare=False)  # day numbers of start and end
    x1: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "x0", day_number(self.start))
        object.__setattr__(self, "x1", day_number(self.end))

    @property
    def mid(self) -> float:
        """Where the stem stands: a day sits on its own tick, a period at its middle."""
        return self.x0 if self.point else (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Bar:
    """A period (month, year, decade...) drawn as a bar across the part of a panel it covers."""

    number: int
    start: date
    end: date  # exclusive
    upcoming: bool
    thin: bool  # drawn thin and light: a decade or more, or clipped by the panel
    runs_left: bool  # goes on past the panel's left edge (a continuation arrow)
    runs_right: bool


@dataclass(frozen=True)
class Badge:
    """A numbered label on a stem: one event, or several on the same interval ("3–5")."""

    numbers: tuple[int, ...]  # event numbers it stands for
    text: str  # what it says: numbers, "?" if any date is uncertain, and a short label if it fits
    row: int  # 0 is the lowest row of badges
    x_in: float  # its centre, inches from the panel's left edge
    width_in: float  # estimated from the text
    stem: float  # day number where its stem meets the axis
    point: bool  # its events are single days (a dot on the axis; else a bar)
    upcoming: bool
    certain: bool  # every date it stands for is certain

    @property
    def left_in(self) -> float:
        """Left edge, inches from the panel's left edge (badges on one row never overlap)."""
        return self.x_in - self.width_in / 2

    @property
    def right_in(self) -> float:
        """Right edge, inches from the panel's left edge."""
        return self.x_in + self.width_in / 2


@dataclass(frozen=True)
class Panel:
    """One stretch of the broken time axis."""

    start: date  # first day of the events it holds
    end: date  # exclusive
    pad_days: float  # margin on either side of [start, end)
    left_in: float  # position on the page
    width_in: float
    title: str  # "Nov 2017", "Feb–Apr 2018", "2011"
    max_ticks: int  # tick budget (the drawing uses fewer where tick labels would touch)
    bars: tuple[Bar, ...]  # periods that reach into this panel, in event order
    badges: tuple[Badge, ...]  # badges of the events that belong to this panel, left to right

    @property
    def view(self) -> tuple[float, float]:
        """The x limits in day numbers: the panel's dates plus the margin."""
        return day_number(self.start) - self.pad_days, day_number(self.end) + self.pad_days

    @property
    def inches_per_day(self) -> float:
        """The panel's scale: turns a badge's place in inches into the date axis's units."""
        lo, hi = self.view
        return self.width_in / (hi - lo)


@dataclass(frozen=True)
class ChartPlan:
    """The whole chart, decided: what :func:`briefing.render.chart.draw` draws and nothing more."""

    spans: tuple[Span, ...]  # every placed event, in number order
    panels: tuple[Panel, ...]  # left to right; empty when nothing can be placed
    left_out: tuple[int, ...]  # event numbers whose date could not be placed
    rows: int  # rows of badges
    height_in: float  # figure height
    legend: tuple[str, ...]  # LEGEND_DAY, LEGEND_PERIOD, LEGEND_UPCOMING, LEGEND_UNCERTAIN as needed
    alt: str  # text alternative for the image

    @property
    def shown(self) -> tuple[int, ...]:
        """Event numbers drawn on the chart."""
        return tuple(s.number for s in self.spans)

    def badge_of(self, number: int) -> tuple[int, Badge]:
        """(panel index, badge) of event ``number``; KeyError if it is not on the chart."""
        for k, panel in enumerate(self.panels):
            for badge in panel.badges:
                if number in badge.numbers:
                    return k, badge
        raise KeyError(number)


# ------------------------------------------------------------------------ date parsing


def interval(value: str) -> tuple[date, date] | None:
    """``[start, end)`` covered by a TimeML date value (``briefing.timeml``), or None if it cannot
    be placed: a span is drawn up to the start of the day after its last."""
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
                start=start,
                end=end,
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
    for span in sorted(spans, key=lambda s: (s.x0, s.x1)):
        if blocks and span.x0 <= blocks[-1][1]:
            blocks[-1][1] = max(blocks[-1][1], span.x1)
        else:
            blocks.append([span.x0, span.x1])
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
    return max(r[0] - span.x1, span.x0 - r[1], 0.0)


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
        return sum(1 for s in spans if s.x0 <= r[1] and s.x1 >= r[0])

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
    """Panels (day numbers) placed by where the events sit, not by the full extent of coarse bars.

    The day (and week) events are split into clusters at large gaps. A month, quarter or year
    joins the panel it touches or nearly touches when it is not much wider than that panel's
    cluster (a month beside a fortnight of days); one that overlaps a panel but would swamp it
    (a year, a decade) is drawn clipped across the panels it overlaps; the rest are clustered
    among themselves into panels of their own. Too many panels: the closest are merged."""
    fine = [s for s in spans if s.x1 - s.x0 <= FINE_DAYS]
    coarse = [s for s in spans if s.x1 - s.x0 > FINE_DAYS]
    if not fine:
        return _cap(panels_for(spans, max_panels=len(spans) + 1), spans, max_panels)
    base = panels_for(fine, max_panels=len(fine) + 1)
    grown = [list(r) for r in base]
    lonely = []
    for s in coarse:
        best = None  # (gap, panel index) of the nearest panel it may join
        for k, r in enumerate(base):
            w, sw = _width(r), s.x1 - s.x0
            g = _gap(s, r)
            if sw <= ATTACH_WIDTH * w and g <= ATTACH_GAP * max(w, sw) and (best is None or g < best[0]):
                best = (g, k)
        if best is not None:
            k = best[1]
            grown[k] = [min(grown[k][0], s.x0), max(grown[k][1], s.x1)]
        elif not _overlaps(s, base):
            lonely.append(s)
    ranges = [(a, b) for a, b in grown]
    if lonely:
        ranges += panels_for(lonely, max_panels=len(lonely) + 1)
    return _cap(_merge_overlapping(ranges), spans, max_panels)


def _overlaps(span: Span, ranges: Sequence[tuple[float, float]]) -> bool:
    return any(span.x0 < b and span.x1 > a for a, b in ranges)


def _home_panel(span: Span, ranges: Sequence[tuple[float, float]]) -> int:
    """The panel that carries a span's badge: the one it overlaps most (ties: the first)."""
    overlap = [min(span.x1, b) - max(span.x0, a) for a, b in ranges]
    if span.point or span.x1 - span.x0 <= 0:
        overlap = [1.0 if a <= span.x0 <= b else -abs(span.x0 - (a + b) / 2) for a, b in ranges]
    return max(range(len(ranges)), key=lambda k: (overlap[k], -k))


def _anchor(span: Span, a: float, b: float) -> float:
    """Where a span's stem stands inside panel [a, b]: its day, or the middle of its visible part."""
    if span.point:
        return span.x0
    return (max(span.x0, a) + min(span.x1, b)) / 2


# ----------------------------------------------------------------------------- badges


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


def text_width_in(text: str) -> float:
    """Rough width of a badge in inches (DejaVu Sans averages ~0.6 em per glyph)."""
    return (len(text) * 0.6 * FONT_PT + 0.9 * FONT_PT) / 72


def panel_title(start: date, end: date, compact: bool = False) -> str:
    """A panel's title for the days [start, end): "Nov 2017", "Feb–Apr 2018", "2011", "2009–2023"."""
    a, b = start, end - timedelta(days=1)  # end is exclusive
    if (b - a).days > 3 * 365 or (compact and a.year != b.year and (b - a).days > 120):
        return f"{a.year}–{b.year}"
    if a.year == b.year and a.month == 1 and b.month == 12 and b.day == 31 and a.day == 1:
        return str(a.year)
    if (a.year, a.month) == (b.year, b.month):
        return a.strftime("%b %Y")
    if a.year == b.year:
        return f"{a.strftime('%b')}–{b.strftime('%b')} {a.year}"
    return f"{a.strftime('%b %Y')} – {b.strftime('%b %Y')}"


def max_ticks(width_in: float) -> int:
    """About one tick label per 0.55 inch of panel, at least two (fewer if they touch)."""
    return max(2, int(width_in / 0.55) + 1)


def choose_level(boxes: Sequence[tuple[int, float, float, float]], left: float, right: float, stem: float) -> int:
    """The lowest row where a badge [left, right] overlaps no other badge (``boxes``: row, left,
    right, stem x, inches); preferably also one where its stem passes behind no lower badge and
    it hides no higher badge's stem."""
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


def _panel_widths(ranges: Sequence[tuple[float, float]], members: Sequence[Sequence[Span]]) -> list[float]:
    """Panel widths in inches: wider panels for more events, none too narrow for its badges."""
    weights = [max(1.0, len(m)) for m in members]
    total_w = sum(weights)
    usable = FIG_WIDTH_IN - 0.6 - GUTTER_IN * (len(ranges) - 1)
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
    return widths_in


def _badges(
    spans: Sequence[Span], a: float, b: float, width_in: float, scale: float, lo: float, with_text: bool
) -> tuple[Badge, ...]:
    """The badges of one panel's events, left to right, each on the lowest row that keeps it clear."""
    # One badge per distinct interval (upcoming and past events never share one).
    groups: dict[tuple[float, float, bool], list[Span]] = {}
    for s in sorted(spans, key=lambda s: (s.x0, s.x1, s.number)):
        groups.setdefault((s.x0, s.x1, s.upcoming), []).append(s)
    ordered = sorted(groups.values(), key=lambda g: (_anchor(g[0], a, b), g[0].number))
    boxes: list[tuple[int, float, float, float]] = []  # (level, left, right, stem x), inches
    badges = []
    for group in ordered:
        text = _label_text(group, with_text)
        w = text_width_in(text)
        if w > width_in * 0.95 and with_text and group[0].label:
            text = _label_text(group, False) + " " + _short(group[0].label, 18)
            w = text_width_in(text)
        if w > width_in * 0.95:
            text = _label_text(group, False)
            w = text_width_in(text)
        stem = _anchor(group[0], a, b)
        x_stem = (stem - lo) * scale
        x_in = min(max(x_stem, w / 2), width_in - w / 2)  # keep inside the panel
        level = choose_level(boxes, x_in - w / 2, x_in + w / 2, x_stem)
        boxes.append((level, x_in - w / 2, x_in + w / 2, x_stem))
        badges.append(
            Badge(
                numbers=tuple(s.number for s in group),
                text=text,
                row=level,
                x_in=x_in,
                width_in=w,
                stem=stem,
                point=group[0].point,
                upcoming=any(s.upcoming for s in group),
                certain=all(s.certain for s in group),
            )
        )
    return tuple(badges)


def _bars(spans: Sequence[Span], a: float, b: float, lo: float, hi: float) -> tuple[Bar, ...]:
    """The periods reaching into panel [a, b] (view [lo, hi]): thin and light when clipped or a decade."""
    return tuple(
        Bar(
            number=s.number,
            start=s.start,
            end=s.end,
            upcoming=s.upcoming,
            thin=s.x1 - s.x0 > COARSE_DAYS or s.x0 < lo or s.x1 > hi,
            runs_left=s.x0 < lo,
            runs_right=s.x1 > hi,
        )
        for s in spans
        if not s.point and s.x0 < b and s.x1 > a
    )


def _legend(spans: Sequence[Span]) -> tuple[str, ...]:
    """Only the entries the chart needs: a legend for styles that are not drawn would mislead."""
    keys = []
    if any(s.point for s in spans):
        keys.append(LEGEND_DAY)
    if not all(s.point for s in spans):
        keys.append(LEGEND_PERIOD)
    if any(s.upcoming for s in spans):
        keys.append(LEGEND_UPCOMING)
    if not all(s.certain for s in spans):
        keys.append(LEGEND_UNCERTAIN)
    return tuple(keys)


def alt_text(spans: Sequence[Span], titles: Sequence[str], left_out: Sequence[int]) -> str:
    """``Timeline of 11 dated events from ... to ..., in 4 panels: ...; .... Not placed: 12.``"""
    if not spans:
        return NO_CHART_ALT
    first = min(s.start for s in spans)
    last = max(s.end for s in spans) - timedelta(days=1)
    parts = [
        f"Timeline of {len(spans)} dated event{'s' if len(spans) != 1 else ''} "
        f"from {first.isoformat()} to {last.isoformat()}"
    ]
    if len(titles) > 1:
        parts.append(f", in {len(titles)} panels: " + "; ".join(titles))
    upcoming = [s.number for s in spans if s.upcoming]
    if upcoming:
        parts.append(f". Upcoming: {', '.join(map(str, upcoming))}")
    if left_out:
        parts.append(f". Not placed: {', '.join(map(str, left_out))}")
    return "".join(parts) + "."


def plan(events: Sequence[Event]) -> ChartPlan:
    """The chart for ``events`` (numbered from 1 in the given order), laid out but not drawn."""
    spans, left_out = place(events)
    if not spans:
        return ChartPlan((), (), tuple(left_out), rows=0, height_in=0.0, legend=(), alt=alt_text([], [], left_out))
    ranges = layout_panels(spans)
    members: list[list[Span]] = [[] for _ in ranges]
    for span in spans:
        members[_home_panel(span, ranges)].append(span)
    widths_in = _panel_widths(ranges, members)
    with_text = len(spans) <= SHORT_LABEL_MAX_EVENTS
    panels = []
    left_in = LEFT_IN
    for k, ((a, b), own) in enumerate(zip(ranges, members, strict=True)):
        width = b - a
        pad = max(width * 0.06, 2.0 if width < 60 else width * 0.06)
        lo, hi = a - pad, b + pad
        scale = widths_in[k] / (hi - lo)  # inches per day
        panels.append(
            Panel(
                start=_day(a),
                end=_day(b),
                pad_days=pad,
                left_in=left_in,
                width_in=widths_in[k],
                title=panel_title(_day(a), _day(b), compact=widths_in[k] < 1.4),
                max_ticks=max_ticks(widths_in[k]),
                bars=_bars(spans, a, b, lo, hi),
                badges=_badges(own, a, b, widths_in[k], scale, lo, with_text),
            )
        )
        left_in += widths_in[k] + GUTTER_IN
    rows = max(badge.row for p in panels for badge in p.badges) + 1
    return ChartPlan(
        spans=tuple(spans),
        panels=tuple(panels),
        left_out=tuple(left_out),
        rows=rows,
        height_in=min(max(1.5, 0.95 + ROW_IN * rows), 9.0),
        legend=_legend(spans),
        alt=alt_text(spans, [panel_title(_day(a), _day(b)) for a, b in ranges], left_out),
    )
