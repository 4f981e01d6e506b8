"""The rules, one module per family, and ``RULES``: every rule in the order the tagger tries them.

The order matters only for ties: when two rules match exactly the same span with the same
priority, the rule listed later wins (the order the tagger has always used). In the rule modules
``@rule(pattern, priority)`` makes each handler a ``Rule`` without registering it anywhere: this
tuple is the one place that lists them all and fixes their order.
"""

from __future__ import annotations

from ..context import Rule
from . import clock, dates, holidays, quarters, relative, sets, units, years

RULES: tuple[Rule, ...] = (
    dates.iso,
    dates.slash,
    dates.month_day,
    dates.day_month,
    dates.month_rel_year,
    dates.month_year,
    dates.month_alone,
    years.year,
    years.spelled,
    years.decade,
    years.century,
    years.this_century,
    quarters.quarter,
    quarters.q_abbrev,
    quarters.the_quarter,
    quarters.year_earlier_adj,
    quarters.fiscal_year,
    years.season,
    relative.today,
    relative.this_morning,
    relative.overnight,
    relative.weekday,
    clock.clock,
    relative.ref_word,
    relative.this_unit,
    units.ago,
    units.earlier_that,
    units.next_day,
    units.n_units,
    units.bare_plural,
    sets.adverb_set,
    sets.every,
    sets.weekdays_plural,
    holidays.holiday,
    years.year_end,
    years.mid_year,
)
