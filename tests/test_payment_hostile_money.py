"""Every public function of revcycle.payment that takes money refuses hostile amounts with a RevcycleError.

An amount that is not dollars and cents (huge, not a number, a float) must come back as one clear InputError, never
as decimal.InvalidOperation, TypeError or a silently wrong figure.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.core.errors import InputError, RevcycleError
from revcycle.payment import cob, contracts, fees
from revcycle.payment.coverage import Coverage
from revcycle.payment.patient_share import patient_share

#: Each public money-taking function, with the amount under test in the place of one money argument.
CALLS: dict[str, Callable[[object], object]] = {
    "patient_share(allowed)": lambda x: patient_share(x, coinsurance_rate="0.20"),
    "patient_share(deductible_remaining)": lambda x: patient_share("100.00", deductible_remaining=x,
                                                                   coinsurance_rate="0.20"),
    "patient_share(copay)": lambda x: patient_share("100.00", copay=x),
    "patient_share(oop_remaining)": lambda x: patient_share("100.00", coinsurance_rate="0.20", oop_remaining=x),
    "medicare_secondary(charge)": lambda x: cob.medicare_secondary(
        charge=x, primary_allowed="100.00", primary_paid="80.00", medicare_allowed="95.19"),
    "medicare_secondary(primary_allowed)": lambda x: cob.medicare_secondary(
        charge="150.00", primary_allowed=x, primary_paid="80.00", medicare_allowed="95.19"),
    "medicare_secondary(primary_paid)": lambda x: cob.medicare_secondary(
        charge="150.00", primary_allowed="100.00", primary_paid=x, medicare_allowed="95.19"),
    "medicare_secondary(medicare_allowed)": lambda x: cob.medicare_secondary(
        charge="150.00", primary_allowed="100.00", primary_paid="80.00", medicare_allowed=x),
    "medicare_secondary(obligated_amount)": lambda x: cob.medicare_secondary(
        charge="150.00", primary_allowed="100.00", primary_paid="80.00", medicare_allowed="95.19",
        obligated_amount=x),
    "medicare_secondary(deductible_remaining)": lambda x: cob.medicare_secondary(
        charge="150.00", primary_allowed="100.00", primary_paid="80.00", medicare_allowed="95.19",
        deductible_remaining=x),
    "standard_cob(charge)": lambda x: cob.standard_cob(
        charge=x, allowable_expense="100.00", primary_paid="80.00", secondary_allowed="90.00",
        coinsurance_rate="0.20"),
    "standard_cob(allowable_expense)": lambda x: cob.standard_cob(
        charge="150.00", allowable_expense=x, primary_paid="80.00", secondary_allowed="90.00",
        coinsurance_rate="0.20"),
    "standard_cob(secondary_allowed)": lambda x: cob.standard_cob(
        charge="150.00", allowable_expense="100.00", primary_paid="80.00", secondary_allowed=x,
        coinsurance_rate="0.20"),
    "standard_cob(copay)": lambda x: cob.standard_cob(
        charge="150.00", allowable_expense="100.00", primary_paid="80.00", secondary_allowed="90.00", copay=x),
    "medicaid_lesser_of(medicaid_rate)": lambda x: cob.medicaid_lesser_of(
        charge="150.00", primary_allowed="100.00", primary_paid="80.00", medicaid_rate=x),
    "medicaid_lesser_of(charge)": lambda x: cob.medicaid_lesser_of(
        charge=x, primary_allowed="100.00", primary_paid="80.00", medicaid_rate="75.00"),
    "PercentOfMedicare(percent)": lambda x: contracts.PercentOfMedicare("PPO", x),  # type: ignore[arg-type]
    "PercentOfMedicare(fixed_fees)": lambda x: contracts.PercentOfMedicare(
        "PPO", Decimal(130), fixed_fees={"93000": x}),  # type: ignore[dict-item]
    "PercentOfMedicare.price(charge)": lambda x: contracts.PercentOfMedicare("PPO", Decimal(130)).price(
        "99213", charge=x),
    "capitation(pmpm)": lambda x: contracts.capitation(1200, x, visits=300),
    "capitation(fee_per_visit)": lambda x: contracts.capitation(1200, "42.00", visits=300, fee_per_visit=x),
    "pfs_amount(conversion_factor)": lambda x: fees.pfs_amount(("1.30", "1.35", "0.10"), conversion_factor=x),
    "Coverage(deductible_remaining)": lambda x: Coverage("Plan", "medicare",
                                                         deductible_remaining=x),  # type: ignore[arg-type]
}

#: Amounts no function may accept: beyond $1 trillion, not a number, not text or Decimal, or a float. (None is not
#: here: for an optional amount it means "not given".)
HOSTILE: tuple[object, ...] = (
    "1e30", "-1e30", "1E+40", "1e999999999", "9" * 60, "Infinity", "-Infinity",
    "NaN", "sNaN", "abc", "", "1,2,3.4.5", "$", 1e30, 95.19, 0.0, float("nan"), float("inf"), True, [1], {"a": 1},
    Decimal("NaN"), Decimal("1e30"), 10**30,
)


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("hostile", HOSTILE, ids=repr)
def test_hostile_amounts_are_refused_with_an_input_error(name, hostile):
    with pytest.raises(InputError) as info:
        CALLS[name](hostile)
    assert str(info.value)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_the_calls_work_with_a_plain_amount(name):
    """The table above is not refusing everything: a sensible amount goes through."""
    CALLS[name]("100.00")


amounts = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789.-+eE$, ", max_size=30),
    st.floats(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(sorted(CALLS)), amount=amounts)
def test_any_amount_gives_an_answer_or_a_revcycle_error(name, amount):
    try:
        CALLS[name](amount)
    except RevcycleError as exc:
        assert str(exc)
