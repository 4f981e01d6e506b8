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
