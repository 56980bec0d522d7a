"""A non-participating provider's Medicare amounts (revcycle.payment.nonpar): 95 percent, then 115 percent of that."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.core.errors import InputError
from revcycle.payment.nonpar import nonpar_amounts


def test_a_round_amount():
    amounts = nonpar_amounts("100.00")
    assert (amounts.nonparticipating, amounts.limiting_charge) == (Decimal("95.00"), Decimal("109.25"))
    assert amounts.most_over_participating == Decimal("9.25")


def test_each_step_is_rounded_as_the_statute_orders_them():
    amounts = nonpar_amounts("95.19")  # 99213, national, CY2026
    assert amounts.nonparticipating == Decimal("90.43")  # 90.4305
    assert amounts.limiting_charge == Decimal("103.99")  # 1.15 x 90.43 = 103.9945


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**7))
def test_the_limiting_charge_is_within_a_cent_of_109_25_percent(cents):
    par = Decimal(cents) / 100
    amounts = nonpar_amounts(par)
    assert amounts.nonparticipating == (par * Decimal("0.95")).quantize(Decimal("0.01"), ROUND_HALF_UP)
    one_step = (par * Decimal("1.0925")).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert abs(amounts.limiting_charge - one_step) <= Decimal("0.01")
    assert amounts.participating <= amounts.limiting_charge or par == 0


@pytest.mark.parametrize("bad", [-1, "-5.00", 95.19, None, "abc"])
def test_bad_amounts_are_refused(bad):
    with pytest.raises(InputError):
        nonpar_amounts(bad)
