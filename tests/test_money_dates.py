"""The shared readers of money and dates: Decimal only, one clear error for anything else."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle.core.dates import parse_date
from revcycle.core.errors import InputError, RevcycleError
from revcycle.core.money import parse_money, percent, to_cents
from revcycle.payment import cob


@pytest.mark.parametrize(("value", "expected"), [
    ("$1,250.00", Decimal("1250.00")), (" 95.19 ", Decimal("95.19")), (150, Decimal("150.00")),
    (Decimal("-5.5"), Decimal("-5.50")),
])
def test_amounts_read_as_dollars_and_cents(value, expected):
    assert parse_money(value) == expected


@pytest.mark.parametrize(("value", "kwargs", "message"), [
    (95.19, {}, "float"), (True, {}, "amount such as"), (None, {}, "amount such as"), ("abc", {}, "amount such as"),
    ("1.005", {}, "fractions of a cent"), ("-1.00", {"negative": False}, "cannot be negative"),
    ("NaN", {}, "finite"), ([1], {}, "not a list"), (10**27, {}, "too large"),
])
def test_bad_amounts_get_a_clear_error(value, kwargs, message):
    with pytest.raises(RevcycleError, match=message):
        parse_money(value, **kwargs)


def test_fractions_of_a_cent_are_kept_when_allowed():
    assert parse_money("0.125", whole_cents=False) == Decimal("0.125")


@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.none(), st.booleans()))
def test_any_input_is_an_amount_or_a_revcycle_error(value):
    try:
        assert isinstance(parse_money(value), Decimal)
    except RevcycleError as exc:
        assert str(exc)


def test_dates_read_from_dates_datetimes_and_iso_text():
    assert parse_date("2026-03-02") == date(2026, 3, 2)
    assert parse_date(datetime(2026, 3, 2, 9, 30)) == date(2026, 3, 2)
    assert parse_date(date(2026, 2, 28)) == date(2026, 2, 28)


@given(st.one_of(st.text(max_size=30), st.integers(), st.none()))
def test_any_input_is_a_date_or_a_revcycle_error(value):
    try:
        assert isinstance(parse_date(value, "The date"), date)
    except RevcycleError as exc:
        assert "The date must be a date" in str(exc)


# --- the one rounding rule --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "expected"), [
    ("2.675", "2.68"), ("2.665", "2.67"), ("0.005", "0.01"), ("0.004", "0.00"), ("-2.675", "-2.68"),
    ("9.515", "9.52"), ("9.525", "9.53"),  # half-even would give 9.52 for both: the book rounds half up
    ("95.19", "95.19"), ("10", "10.00"),
])
def test_to_cents_rounds_half_up(amount, expected):
    assert str(to_cents(Decimal(amount))) == expected


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_to_cents_rounds_every_half_cent_away_from_zero(tenths_of_a_cent):
    amount = Decimal(tenths_of_a_cent).scaleb(-3)
    rounded = to_cents(amount)
    assert abs(rounded - amount) <= Decimal("0.005")
    if tenths_of_a_cent % 10 == 5:  # exactly half a cent: away from zero
        assert abs(rounded) > abs(amount)


@pytest.mark.parametrize(("part", "whole", "places", "expected"), [
    (1, 3, 1, "33.3"), (2, 3, 1, "66.7"), (1, 8, 1, "12.5"), (1, 16, 1, "6.3"), (1, 16, 2, "6.25"),
    (0, 0, 1, "0.0"), (5, 0, 2, "0.00"), (1, 1, 1, "100.0"),
])
def test_percent_rounds_half_up_to_its_places(part, whole, places, expected):
    assert str(percent(Decimal(part), Decimal(whole), places)) == expected


@pytest.mark.parametrize("hostile", ["1e30", "-1e30", "1E+40", "Infinity", "NaN", "abc", 1e30, 95.19])
def test_hostile_amounts_are_refused_through_coordination_of_benefits(hostile):
    """parse_money's limit reaches the callers: no decimal.InvalidOperation leaks out of cob."""
    with pytest.raises(InputError):
        cob.medicare_secondary(charge=hostile, primary_allowed="100.00", primary_paid="80.00",
                               medicare_allowed="95.19")
    with pytest.raises(InputError):
        cob.medicare_secondary(charge="150.00", primary_allowed="100.00", primary_paid="80.00",
                               medicare_allowed="95.19", deductible_remaining=hostile)


def test_dollars_writes_amounts_as_readers_do():
    from decimal import Decimal

    from revcycle.core.money import dollars

    assert dollars(Decimal("50400")) == "$50,400.00"
    assert dollars(Decimal("0.005")) == "$0.01"  # half up, like every amount the library rounds
    assert dollars(Decimal("-13.5")) == "-$13.50"


def test_worked_example_results_read_as_sentences():
    """What a notebook prints for an E/M choice, an MUE or a capitation month is a sentence, not a repr."""
    from revcycle.codes import ncci
    from revcycle.coding import em
    from revcycle.payment.contracts import capitation

    assert str(em.select_code("established", mdm=3, minutes=27)) == (
        "Established patient: MDM moderate supports 99214; 27 minutes support 99213. Report 99214 (by MDM).")
    assert str(ncci.mue("J3301")).startswith("MUE for J3301: 16 units per day")
    month = str(capitation(1200, "42.00", visits=300, fee_per_visit="123.75"))
    assert "$50,400.00 for the month" in month and "capitation paid $13,275.00 more" in month
    assert "Decimal" not in month
