"""The shared readers of money and dates: Decimal only, one clear error for anything else."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle.core.dates import parse_date
from revcycle.core.errors import RevcycleError
from revcycle.core.money import parse_money


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
