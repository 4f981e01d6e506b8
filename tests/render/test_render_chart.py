"""The timeline chart: any number of events, clusters over many years, literal dollar signs."""

from __future__ import annotations

import matplotlib
import pytest
import synthetic
from matplotlib.backends.backend_agg import FigureCanvasAgg

from briefing.render import chart


def _svg_text(c: chart.Chart) -> str:
    return c.svg.decode("utf-8")


def test_no_events_no_chart():
    assert chart.render([]) is None


def test_undatable_events_only():
    assert chart.render([synthetic.event(1, "PAST_REF"), synthetic.event(2, "XXXX-12-06")]) is None


@pytest.mark.parametrize(
    "events",
    [synthetic.one_event(), synthetic.same_day(), synthetic.many_years(), synthetic.seeds_like()],
    ids=["one", "same-day", "many", "seeds"],
)
def test_chart_renders(events):
    c = chart.render(events)
    assert c is not None
    assert c.svg.startswith(b"<?xml") and b"<svg" in c.svg
    assert c.png[:8] == b"\x89PNG\r\n\x1a\n"
    assert set(c.shown) | set(c.left_out) == set(range(1, len(events) + 1))
    assert c.alt.startswith("Timeline of")


def test_chart_is_deterministic():
    a, b = chart.render(synthetic.seeds_like()), chart.render(synthetic.seeds_like())
    assert a.svg == b.svg and a.png == b.png
    assert b"<dc:date>" not in a.svg


def test_dollar_signs_are_literal():
    events = [
        synthetic.event(1, "2018-02-12", summary="Costs rose to $5 and $7 billion"),
        synthetic.event(2, "2018-02-13", summary="$\\alpha$ $x^2$ $$"),
    ]
    c = chart.render(events)  # mathtext would fail on or mangle these
    assert c is not None and c.shown == (1, 2)


def test_seeds_like_spread_gets_one_panel_per_cluster():
    c = chart.render(synthetic.seeds_like())
    assert c.panels == 4  # 2011 | Nov 2017 | Feb–Apr 2018 | Aug 2024
    assert "2011; Nov 2017; Feb–Apr 2018; Aug 2024" in c.alt
    assert c.left_out == (12,)


def test_even_spread_is_not_broken():
    assert chart.render(synthetic.many_years()).panels == 1
    assert chart.render(synthetic.same_day()).panels == 1


@pytest.mark.parametrize(
    "value, start, end",
    [
        ("2017-12-06", "2017-12-06", "2017-12-07"),
        ("2018-01", "2018-01-01", "2018-02-01"),
        ("2018-02", "2018-02-01", "2018-03-01"),
        ("2011", "2011-01-01", "2012-01-01"),
        ("2018-W07", "2018-02-12", "2018-02-19"),
        ("2018-Q4", "2018-10-01", "2019-01-01"),
        ("2018-WI", "2018-12-01", "2019-03-01"),
        ("201", "2010-01-01", "2020-01-01"),
        ("2018-W07-WE", "2018-02-17", "2018-02-19"),  # "this weekend": Saturday and Sunday
        ("2018-H2", "2018-07-01", "2019-01-01"),
    ],
)
def test_interval(value, start, end):
    a, b = chart.interval(value)
    assert (a.isoformat(), b.isoformat()) == (start, end)


@pytest.mark.parametrize("value", ["PAST_REF", "XXXX-12-06", "P1M", "", "2018-13", "2018-02-30"])
def test_interval_unplaceable(value):
    assert chart.interval(value) is None


@pytest.mark.parametrize(
    "events",
    [synthetic.same_day() + synthetic.many_years(), synthetic.seeds_like(), synthetic.many_years(80, seed=3)],
    ids=["mixed", "seeds", "80"],
)
def test_labels_do_not_overlap(events):
    with matplotlib.rc_context(chart.RC):
        spans, _ = chart.place(events)
        fig = chart.draw(spans)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()  # a renderer for real text extents
        renderer = canvas.get_renderer()
    boxes = []
    for ax in fig.axes:
        for text in ax.texts:
            boxes.append((ax, text.get_bbox_patch().get_window_extent(renderer)))
    assert boxes
    for i, (ax_a, a) in enumerate(boxes):
        for ax_b, b in boxes[i + 1 :]:
            if ax_a is ax_b:
                assert not a.overlaps(b), (a, b)


def test_a_decade_does_not_swallow_the_breaks():
    c = chart.render(synthetic.mixed_precision())
    assert c.panels == 5
    assert c.shown == tuple(range(1, 15))


def test_upcoming_and_past_on_one_day_get_separate_badges():
    events = [synthetic.event(1, "2018-02-12"), synthetic.event(2, "2018-02-12", upcoming=True)]
    with matplotlib.rc_context(chart.RC):
        spans, _ = chart.place(events)
        fig = chart.draw(spans)
    texts = sorted(t.get_text() for ax in fig.axes for t in ax.texts)
    assert texts[0].startswith("1 ") and texts[1].startswith("2 ")


# The dates of the brief built from the sample corpus (seeds/): a year between two far-apart
# clusters, months beside day clusters, and three clusters within a few months of each other.
SAMPLE_DATES = [
    ("2011", False), ("2012-11-29", False), ("2015-10", False), ("2016", False),
    ("2017-11-11", False), ("2017-11-11", False), ("2017-11-21", False), ("2017-11-22", True),
    ("2017-11-23", True), ("2017-11-23", True), ("2017-11-28", True), ("2017-12-06", False),
    ("2018-01", False), ("2018-01", False), ("2018-02-11", False), ("2018-02-12", False),
    ("2018-02-20", True), ("2023-10-07", False), ("2023-11", False), ("2024-07", False),
    ("2024-08-13", False),
]  # fmt: skip


def _sample() -> list:
    return [
        synthetic.event(i, value, "day" if len(value) == 10 else "month", upcoming=upcoming)
        for i, (value, upcoming) in enumerate(SAMPLE_DATES, start=1)
    ]


def _drawn(events):
    with matplotlib.rc_context(chart.RC):
        spans, _ = chart.place(events)
        fig = chart.draw(spans)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        return spans, fig, canvas.get_renderer()


def test_a_year_between_two_day_clusters_does_not_merge_them():
    events = [
        synthetic.event(1, "2016-03-01"),
        synthetic.event(2, "2016-03-05"),
        synthetic.event(3, "2017", "year"),
        synthetic.event(4, "2018-06-01"),
        synthetic.event(5, "2018-06-09"),
    ]
    with matplotlib.rc_context(chart.RC):
        spans, _ = chart.place(events)
    ranges = chart.layout_panels(spans)
    day = {s.number: s.start for s in spans}
    home = [next(k for k, (a, b) in enumerate(ranges) if a <= day[n] <= b) for n in (1, 4)]
    assert home[0] != home[1]
    for a, b in ranges:  # no panel is stretched over the year to reach both clusters
        assert not (a <= day[2] and day[4] <= b)


def test_a_year_overlapping_a_cluster_is_clipped_with_a_continuation_mark():
    events = [synthetic.event(1, "2017-11-18"), synthetic.event(2, "2017-11-21"), synthetic.event(3, "2017", "year")]
    with matplotlib.rc_context(chart.RC):
        spans, _ = chart.place(events)
        fig = chart.draw(spans)
    ((a, b),) = chart.layout_panels(spans)
    assert b - a < 60  # the panel stays on the November days
    markers = {line.get_marker() for ax in fig.axes for line in ax.lines}
    assert {"<", ">"} <= markers


def test_sample_spread_gives_nov_2017_and_feb_2018_their_own_panels():
    c = chart.render(_sample())
    assert 4 <= c.panels <= chart.MAX_PANELS
    titles = c.alt.split("panels: ")[1].split(". ")[0].split("; ")
    nov = [t for t in titles if "Nov" in t and "2017" in t]
    feb = [t for t in titles if "Feb 2018" in t]
    assert nov and feb and nov != feb
    assert not any("2015" in t and "2018" in t for t in titles)
    spans, fig, _ = _drawn(_sample())
    ranges = chart.layout_panels(spans)
    widths = [ax.get_position().width for ax in fig.axes]
    counts = [sum(1 for s in spans if a <= s.mid <= b) for a, b in ranges]
    busiest = max(range(len(counts)), key=counts.__getitem__)
    assert widths[busiest] == max(widths)  # widths follow the events, not the time span


def test_panels_are_capped():
    events = [synthetic.event(i, f"{2000 + 2 * i}-03-0{1 + i % 3}") for i in range(1, 11)]
    assert chart.render(events).panels <= chart.MAX_PANELS


@pytest.mark.parametrize(
    "events",
    [
        _sample(),
        synthetic.seeds_like(),
        synthetic.mixed_precision(),
        synthetic.many_years(80, seed=3),
        synthetic.same_day() + synthetic.many_years(),
    ],
    ids=["sample", "seeds", "mixed", "80", "mixed-many"],
)
def test_tick_labels_do_not_overlap(events):
    _, fig, renderer = _drawn(events)
    boxes = chart.tick_label_boxes(fig, fig.axes, renderer)
    assert len(boxes) >= len(fig.axes)
    for (_, a), (_, b) in zip(boxes, boxes[1:], strict=False):
        assert a.x1 <= b.x0, (a, b)
    labels = [t.get_text() for ax in fig.axes for t in ax.get_xticklabels()]
    assert not any(":" in t for t in labels)  # never a time of day


def test_sample_badges_do_not_overlap():
    _, fig, renderer = _drawn(_sample())
    for ax in fig.axes:
        boxes = [t.get_bbox_patch().get_window_extent(renderer) for t in ax.texts]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b)


def test_badges_are_staggered_to_keep_stems_in_view():
    # (level, left, right, stem x) in inches
    assert chart._choose_level([(0, 0.0, 0.2, 0.1)], 0.3, 0.5, 0.4) == 0
    assert chart._choose_level([(0, 0.0, 0.2, 0.1)], 0.1, 0.3, 0.25) == 1
    # level 0 is free but would hide the stem of the badge above it: go above instead
    boxes = [(0, 0.0, 0.2, 0.1), (1, 0.15, 0.35, 0.33)]
    assert chart._choose_level(boxes, 0.3, 0.5, 0.45) == 2
    # a stem under a lower badge wherever it goes: the lowest free level
    assert chart._choose_level([(0, 0.0, 0.2, 0.1)], 0.1, 0.3, 0.15) == 1


def test_a_weekend_event_is_drawn_not_left_out():
    events = [
        synthetic.event(1, "2018-W07-WE", "week", summary="Talks over the weekend"),
        synthetic.event(2, "2018-02-12"),
    ]
    spans, left_out = chart.place(events)
    assert left_out == []
    assert len(spans) == 2
