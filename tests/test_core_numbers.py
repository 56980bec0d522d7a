"""revcycle.core.numbers: only the ASCII digits make a whole number, so odd digits get a clear error, not ValueError."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle.core.errors import InputError
from revcycle.core.numbers import decimal, digits, whole


@pytest.mark.parametrize("text", ["¹", "²³", "٣", "१२", "", " ", "-1", "1.0", "1e3"])
def test_non_ascii_or_non_digit_text_is_not_digits(text):
    assert not digits(text)


def test_ascii_digits_and_ints_in_range_are_read():
    assert digits("007") and whole("67", "Minutes", 0, 100, "67") == 67 and whole(0, "Minutes", 0, 100, "67") == 0


@pytest.mark.parametrize("value", ["¹", True, 1.5, None, "-3", 101, "4,5"])
def test_anything_else_is_refused_by_name(value):
    with pytest.raises(InputError, match="Minutes"):
        whole(value, "Minutes", 0, 100, "67")


@given(st.text(max_size=6))
def test_any_text_is_read_or_refused_cleanly(text):
    with contextlib.suppress(InputError):
        assert 0 <= whole(text, "Minutes", 0, 10**6, "67") <= 10**6


@pytest.mark.parametrize("value", [1.5, True, None, [], "abc", "nan", "inf", ""])
def test_decimal_refuses_floats_and_non_numbers_by_name(value):
    with pytest.raises(InputError, match="The index"):
        decimal(value, "The index", "1.45")


def test_decimal_reads_text_ints_and_decimals_exactly():
    assert decimal(" 1.0369 ", "x", "1") == Decimal("1.0369") and decimal(2, "x", "1") == 2
    assert decimal(Decimal("0.5"), "x", "1") == Decimal("0.5")
