"""The timeline chart: its layout checked on the plan (no drawing), and a few checks of the drawing."""

from __future__ import annotations

import ast
import dataclasses
from datetime import date
from pathlib import Path

import matplotlib
import pytest
import synthetic
from matplotlib.backends.backend_agg import FigureCanvasAgg

from briefing.render import chart, chart_layout
from briefing.render.chart_layout import plan

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


SPREADS = {
    "sample": _sample,
    "seeds": synthetic.seeds_like,
    "mixed": synthetic.mixed_precision,
    "80": lambda: synthetic.many_years(80, seed=3),
    "mixed-many": lambda: synthetic.same_day() + synthetic.many_years(),
}


def _titles(p: chart_layout.ChartPlan) -> list[str]:
    return [panel.title for panel in p.panels]


# ------------------------------------------------------------------------ the plan


def test_the_layout_module_imports_no_matplotlib():
    tree = ast.parse(Path(chart_layout.__file__).read_text(encoding="utf-8"))
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    imported += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [m for m in imported if m.split(".")[0] == "matplotlib"]


def test_no_events_no_panels():
    p = plan([])
    assert p.panels == () and p.shown == () and p.left_out == ()
    assert p.alt == "No dated events could be placed on a timeline."
    assert chart.render([]) is None


def test_undatable_events_are_left_out():
    p = plan([synthetic.event(1, "PAST_REF"), synthetic.event(2, "XXXX-12-06")])
    assert p.panels == () and p.left_out == (1, 2)
    assert chart.render([synthetic.event(1, "PAST_REF")]) is None


def test_plan_is_plain_data_and_deterministic():
    a, b = plan(synthetic.seeds_like()), plan(synthetic.seeds_like())
    assert a == b
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.panels[0].title = "x"  # type: ignore[misc]
    assert all(isinstance(p.start, date) and isinstance(p.end, date) for p in a.panels)


def test_seeds_like_spread_gets_one_panel_per_cluster():
    p = plan(synthetic.seeds_like())
    assert _titles(p) == ["2011", "Nov 2017", "Feb–Apr 2018", "Aug 2024"]
    assert "in 4 panels: 2011; Nov 2017; Feb–Apr 2018; Aug 2024" in p.alt
    assert p.left_out == (12,) and p.shown == tuple(range(1, 12))
    assert (p.panels[1].start, p.panels[1].end) == (date(2017, 11, 1), date(2017, 12, 1))


def test_every_placed_event_has_exactly_one_badge():
    for make in SPREADS.values():
        p = plan(make())
        numbers = [n for panel in p.panels for badge in panel.badges for n in badge.numbers]
        assert sorted(numbers) == list(p.shown)


def test_even_spread_is_not_broken():
    assert len(plan(synthetic.many_years()).panels) == 1
    assert len(plan(synthetic.same_day()).panels) == 1


def test_events_on_one_day_share_a_badge():
    (panel,) = plan(synthetic.same_day()).panels
    (badge,) = panel.badges
    assert badge.numbers == (1, 2, 3) and badge.text == "1–3" and badge.point


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
    a, b = chart_layout.interval(value)
    assert (a.isoformat(), b.isoformat()) == (start, end)


@pytest.mark.parametrize("value", ["PAST_REF", "XXXX-12-06", "P1M", "", "2018-13", "2018-02-30"])
def test_interval_unplaceable(value):
    assert chart_layout.interval(value) is None


@pytest.mark.parametrize("make", SPREADS.values(), ids=SPREADS.keys())
def test_planned_badges_do_not_overlap(make):
    for panel in plan(make()).panels:
        for i, a in enumerate(panel.badges):
            assert a.left_in >= 0 and a.right_in <= panel.width_in + 1e-9  # inside the panel
            for b in panel.badges[i + 1 :]:
                if a.row == b.row:
                    assert a.right_in <= b.left_in or b.right_in <= a.left_in, (a, b)


def test_a_decade_does_not_swallow_the_breaks():
    p = plan(synthetic.mixed_precision())
    assert len(p.panels) == 5
    assert p.shown == tuple(range(1, 15))
    # The decade (2010-2019) is drawn thin and clipped across the four panels it overlaps, not 2024's.
    decade = [k for k, panel in enumerate(p.panels) for bar in panel.bars if bar.number == 14 and bar.thin]
    assert decade == [0, 1, 2, 3] and p.panels[4].title == "Aug 2024"


def test_upcoming_and_past_on_one_day_get_separate_badges():
    p = plan([synthetic.event(1, "2018-02-12"), synthetic.event(2, "2018-02-12", upcoming=True)])
    badges = sorted(p.panels[0].badges, key=lambda b: b.numbers)
    assert [b.numbers for b in badges] == [(1,), (2,)]
    assert badges[0].text.startswith("1 ") and badges[1].text.startswith("2 ")
    assert not badges[0].upcoming and badges[1].upcoming
    assert p.legend == ("day", "upcoming")


def test_an_upcoming_event_since_passed_is_planned_as_past():
    event = dataclasses.replace(synthetic.event(1, "2018-02-12", upcoming=True), passed=True)
    p = plan([event])
    assert not p.spans[0].upcoming and "Upcoming" not in p.alt


def test_a_year_between_two_day_clusters_does_not_merge_them():
    events = [
        synthetic.event(1, "2016-03-01"),
        synthetic.event(2, "2016-03-05"),
        synthetic.event(3, "2017", "year"),
        synthetic.event(4, "2018-06-01"),
        synthetic.event(5, "2018-06-09"),
    ]
    p = plan(events)
    assert p.badge_of(1)[0] != p.badge_of(4)[0]
    for panel in p.panels:  # no panel is stretched over the year to reach both clusters
        assert not (panel.start <= date(2016, 3, 1) and date(2018, 6, 1) < panel.end)


def test_a_year_overlapping_a_cluster_is_clipped_with_a_continuation_mark():
    events = [synthetic.event(1, "2017-11-18"), synthetic.event(2, "2017-11-21"), synthetic.event(3, "2017", "year")]
    (panel,) = plan(events).panels
    assert (panel.end - panel.start).days < 60  # the panel stays on the November days
    (bar,) = panel.bars
    assert bar.number == 3 and bar.thin and bar.runs_left and bar.runs_right


def test_sample_spread_gives_nov_2017_and_feb_2018_their_own_panels():
    p = plan(_sample())
    assert 4 <= len(p.panels) <= chart_layout.MAX_PANELS
    titles = _titles(p)
    nov = [t for t in titles if "Nov" in t and "2017" in t]
    feb = [t for t in titles if "Feb 2018" in t]
    assert nov and feb and nov != feb
    assert not any("2015" in t and "2018" in t for t in titles)
    events = [sum(len(b.numbers) for b in panel.badges) for panel in p.panels]
    busiest = max(range(len(events)), key=events.__getitem__)
    assert p.panels[busiest].width_in == max(panel.width_in for panel in p.panels)  # widths follow the events


def test_panels_sit_left_to_right_within_the_figure():
    p = plan(_sample())
    for a, b in zip(p.panels, p.panels[1:], strict=False):
        assert a.end <= b.start and a.left_in + a.width_in < b.left_in
    last = p.panels[-1]
    assert last.left_in + last.width_in <= chart_layout.FIG_WIDTH_IN


def test_panels_are_capped():
    events = [synthetic.event(i, f"{2000 + 2 * i}-03-0{1 + i % 3}") for i in range(1, 11)]
    assert len(plan(events).panels) <= chart_layout.MAX_PANELS


def test_few_events_get_short_labels_many_only_numbers():
    long = "Talks between the two delegations resumed in the capital after a long pause"
    few = plan([synthetic.event(1, "2018-02-12", summary=long), synthetic.event(2, "2018-03-20")])
    _, badge = few.badge_of(1)
    assert badge.text.startswith("1 Talks between") and badge.text.endswith("…")
    assert len(badge.text) <= 2 + chart_layout.SHORT_LABEL_CHARS
    many = plan(synthetic.many_years(chart_layout.SHORT_LABEL_MAX_EVENTS + 1))
    assert all(b.text.rstrip("?").replace("–", "").replace(", ", "").isdigit() for p in many.panels for b in p.badges)


def test_an_uncertain_date_is_marked():
    p = plan([synthetic.event(1, "2018-02-12", certain=False), synthetic.event(2, "2018-02-14")])
    _, badge = p.badge_of(1)
    assert badge.text.startswith("1?") and not badge.certain
    assert "uncertain" in p.legend


def test_badges_are_staggered_to_keep_stems_in_view():
    # (row, left, right, stem x) in inches
    assert chart_layout.choose_level([(0, 0.0, 0.2, 0.1)], 0.3, 0.5, 0.4) == 0
    assert chart_layout.choose_level([(0, 0.0, 0.2, 0.1)], 0.1, 0.3, 0.25) == 1
    # row 0 is free but would hide the stem of the badge above it: go above instead
    boxes = [(0, 0.0, 0.2, 0.1), (1, 0.15, 0.35, 0.33)]
    assert chart_layout.choose_level(boxes, 0.3, 0.5, 0.45) == 2
    # a stem under a lower badge wherever it goes: the lowest free row
    assert chart_layout.choose_level([(0, 0.0, 0.2, 0.1)], 0.1, 0.3, 0.15) == 1


def test_rows_set_the_height():
    p = plan(synthetic.many_years(80, seed=3))
    assert p.rows == 1 + max(b.row for panel in p.panels for b in panel.badges) > 1
    assert p.height_in == min(max(1.5, 0.95 + chart_layout.ROW_IN * p.rows), 9.0)


def test_a_weekend_event_is_drawn_not_left_out():
    p = plan(
        [synthetic.event(1, "2018-W07-WE", "week", summary="Talks over the weekend"), synthetic.event(2, "2018-02-12")]
    )
    assert p.left_out == () and p.shown == (1, 2)


# --------------------------------------------------------------------------- drawing


def _drawn(events):
    with matplotlib.rc_context(chart.RC):
        fig = chart.figure(plan(events))
        canvas = FigureCanvasAgg(fig)
        canvas.draw()  # a renderer for real text extents
        return fig, canvas.get_renderer()


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
    assert c.alt.startswith("Timeline of") and c.alt == c.plan.alt
    assert c.panels == len(c.plan.panels)


def test_chart_is_deterministic():
    a, b = chart.render(synthetic.seeds_like()), chart.draw(plan(synthetic.seeds_like()))
    assert a.svg == b.svg and a.png == b.png
    assert b"<dc:date>" not in a.svg


def test_an_empty_plan_cannot_be_drawn():
    with pytest.raises(ValueError, match="nothing to draw"):
        chart.draw(plan([]))


def test_dollar_signs_are_literal():
    events = [
        synthetic.event(1, "2018-02-12", summary="Costs rose to $5 and $7 billion"),
        synthetic.event(2, "2018-02-13", summary="$\\alpha$ $x^2$ $$"),
    ]
    c = chart.render(events)  # mathtext would fail on or mangle these
    assert c is not None and c.shown == (1, 2)


def test_the_drawing_follows_the_plan():
    p = plan(synthetic.seeds_like())
    fig, _ = _drawn(synthetic.seeds_like())
    assert len(fig.axes) == len(p.panels)
    for ax, panel in zip(fig.axes, p.panels, strict=True):
        assert ax.get_title() == panel.title
        assert sorted(t.get_text() for t in ax.texts) == sorted(b.text for b in panel.badges)
        assert ax.get_xlim() == pytest.approx(panel.view)


@pytest.mark.parametrize("make", SPREADS.values(), ids=SPREADS.keys())
def test_drawn_badges_and_tick_labels_do_not_overlap(make):
    fig, renderer = _drawn(make())
    for ax in fig.axes:  # the badges, measured as drawn
        boxes = [t.get_bbox_patch().get_window_extent(renderer) for t in ax.texts]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b), (a, b)
    ticks = chart.tick_label_boxes(fig, fig.axes, renderer)
    assert len(ticks) >= len(fig.axes)
    for (_, a), (_, b) in zip(ticks, ticks[1:], strict=False):
        assert a.x1 <= b.x0, (a, b)
    labels = [t.get_text() for ax in fig.axes for t in ax.get_xticklabels()]
    assert not any(":" in t for t in labels)  # never a time of day
