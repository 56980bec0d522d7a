"""revcycle.compliance.penalties: the HIPAA tiers per adjustment year, which amounts govern, and the exposure.

The shipped amounts are checked against independent arithmetic: each year's figures are the previous year's times
the published cost-of-living multiplier, rounded to the nearest dollar (the method every notice states), and the
first shipped year is the statutory amounts times the chain. Exposure is checked by hand.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle.compliance import penalties as p
from revcycle.core.errors import DataError, InputError, RevcycleError, RuleError

D = Decimal


def _fields(t: p.TierAmounts) -> tuple[Decimal, Decimal, Decimal]:
    return t.minimum, t.maximum, t.annual_cap


def test_the_statutory_amounts_are_hitech():
    assert [t.minimum for t in p.STATUTORY.tiers] == [D(100), D(1000), D(10000), D(50000)]
    assert [t.maximum for t in p.STATUTORY.tiers] == [D(50000)] * 3 + [D(1500000)]
    assert {t.annual_cap for t in p.STATUTORY.tiers} == {D(1500000)}


def test_each_adjustment_is_the_previous_times_its_multiplier():
    chain = [a for a in p.ADJUSTMENTS]
    checked = 0
    for before, after in zip(chain, chain[1:], strict=False):
        if after.multiplier is None:
            continue
        for old, new in zip(before.tiers, after.tiers, strict=True):
            for a, b in zip(_fields(old), _fields(new), strict=True):
                assert (a * after.multiplier).quantize(D(1), rounding=ROUND_HALF_UP) == b, (after.year, old.tier)
        checked += 1
    assert checked >= 6


def test_years_and_dates_are_in_order_and_the_tiers_are_ordered():
    years = [a.year for a in p.ADJUSTMENTS]
    assert years == sorted(years) and len(set(years)) == len(years)
    assert [a.effective for a in p.ADJUSTMENTS] == sorted(a.effective for a in p.ADJUSTMENTS)
    for adj in (p.STATUTORY, *p.ADJUSTMENTS):
        mins = [t.minimum for t in adj.tiers]
        assert mins == sorted(mins) and len(set(mins)) == 4
        assert all(t.minimum <= t.maximum <= t.annual_cap for t in adj.tiers)
        assert adj.tiers[3].minimum == adj.tiers[0].maximum  # tier 4 starts where tiers 1-3 stop


def test_which_amounts_govern():
    assert p.in_force("2026-03-01", "2025-06-01").year == 2025
    assert p.in_force("2026-01-27", "2025-06-01").year == 2024  # the day before the late 2025 notice
    assert p.in_force("2026-01-28", "2025-06-01").year == 2025  # its effective date
    assert p.in_force("2022-03-16", "2020-01-01").year == 2021
    # a violation before November 2, 2015 keeps the unadjusted amounts, whenever assessed
    assert p.in_force("2026-03-01", "2015-11-01") is p.STATUTORY
    assert p.in_force("2026-03-01", "2015-11-02").year == 2025
    assert p.in_force("2016-09-05", "2016-01-01") is p.STATUTORY


def test_bad_requests_say_what_is_wrong():
    with pytest.raises(DataError, match="2016 or 2017"):
        p.in_force("2017-05-01", "2016-02-01")
    with pytest.raises(RuleError, match="before the violation"):
        p.in_force("2024-01-01", "2024-02-01")
    with pytest.raises(RuleError, match="HITECH"):
        p.in_force("2024-01-01", "2008-12-31")
    with pytest.raises(InputError, match="tier"):
        p.amounts("tier five", assessed="2026-03-01", violated="2025-01-01")
    with pytest.raises(InputError, match="whole number"):
        p.exposure(1, 0, assessed="2026-03-01", violated="2025-01-01")
    with pytest.raises(InputError, match="date"):
        p.exposure(1, 3, assessed="March 1", violated="2025-01-01")
    with pytest.raises(DataError, match="years shipped"):
        p.adjustment(2017)
    with pytest.raises(InputError, match="actor"):
        p.info_blocking_consequence("a patient")


def test_exposure_by_hand():
    # 30 reasonable-cause violations, assessed under the 2025 adjustment: 30 x 1,461 and 30 x 73,011 (capped)
    e = p.exposure("reasonable cause", 30, assessed="2026-06-01", violated="2025-03-01")
    assert (e.low, e.uncapped_high) == (D(43830), D(2190330))
    assert e.high == D(2190294) and e.capped
    few = p.exposure(3, 2, assessed="2024-09-01", violated="2024-01-15")
    assert (few.low, few.high, few.capped) == (D(28464), D(142324), False)
    worst = p.exposure(4, 1, assessed="2024-09-01", violated="2024-01-15")
    assert worst.low == D(71162) and worst.high == D(2134831)


def test_each_calendar_year_has_its_own_cap():
    years = p.years_exposure(4, {2024: 50, 2025: 50}, assessed="2026-03-01")
    assert [e.high for e in years] == [D(2190294)] * 2
    assert sum(e.high for e in years) == 2 * D(2190294)


def test_a_continuing_violation_counts_each_day_by_year():
    assert p.daily_violations("2024-07-01", "2025-03-31") == {2024: 184, 2025: 90}
    assert p.daily_violations("2025-01-01", "2025-01-01") == {2025: 1}
    with pytest.raises(InputError, match="cannot come before"):
        p.daily_violations("2025-02-01", "2025-01-01")


@given(st.dates(date(2010, 1, 1), date(2030, 1, 1)), st.integers(0, 3000))
def test_daily_violations_add_up_to_the_span(first, span):
    last = first + timedelta(days=span)
    assert sum(p.daily_violations(first, last).values()) == span + 1


def test_tier_names_and_the_discretion_caps():
    assert [p.tier_index(x) for x in (1, "2", "C", "willful neglect, not corrected")] == [0, 1, 2, 3]
    assert [p.discretion_cap(n) for n in (1, 2, 3, 4)] == [D(25000), D(100000), D(250000), D(1500000)]


def test_information_blocking_and_part2_facts():
    assert len(p.INFO_BLOCKING_EXCEPTIONS) == 10 and len(p.INFO_BLOCKING_ACTORS) == 3
    assert "1,000,000" in p.info_blocking_consequence("health IT developer")
    assert "disincentives" in p.info_blocking_consequence("health care provider")
    assert p.part2_rules_on("2026-02-16") == "2024 final rule"
    assert p.part2_rules_on("2026-02-15").startswith("earlier rules (")
    assert p.part2_rules_on("2024-04-15") == "earlier rules"


@given(st.integers(0, 3), st.integers(1, 10_000),
       st.dates(date(2015, 11, 2), date(2026, 12, 31)), st.integers(0, 2000))
def test_exposure_is_bounded_by_the_cap_and_grows_with_the_count(tier, n, violated, lag):
    assessed = violated + timedelta(days=lag)
    try:
        e = p.exposure(tier + 1, n, assessed=assessed, violated=violated)
    except DataError:
        assert date(2016, 9, 6) <= assessed < date(2018, 10, 11)
        return
    assert e.low <= e.high <= e.amounts.annual_cap
    assert e.low == min(n * e.amounts.minimum, e.amounts.annual_cap)
    more = p.exposure(tier + 1, n + 1, assessed=assessed, violated=violated)
    assert more.low >= e.low and more.high >= e.high


@given(st.one_of(st.text(max_size=12), st.integers(-5, 9), st.none(), st.floats(allow_nan=False)))
def test_any_tier_input_either_reads_or_raises_a_clear_error(tier):
    try:
        assert 0 <= p.tier_index(tier) <= 3
    except RevcycleError as err:
        assert "tier" in str(err)
