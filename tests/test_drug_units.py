"""Drug billing units from a HCPCS description (revcycle.codes.drug_units): the chapter's examples, the rounding-up
rule over many doses, and descriptions that name no single mass."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.codes import drug_units
from revcycle.codes.drug_units import DrugAmount, amount_per_unit, billing_units, convert, for_code
from revcycle.core.errors import InputError


@pytest.mark.parametrize(("code", "dose", "unit", "units"), [
    ("J1100", "8", "mg", 8),  # dexamethasone 1 mg
    ("J0696", "1", "g", 4),  # ceftriaxone per 250 mg
    ("J1885", "30", "mg", 2),  # ketorolac per 15 mg
    ("J2250", "2.5", "mg", 3),  # midazolam per 1 mg
    ("J3420", "1000", "mcg", 1),  # vitamin B-12 up to 1000 mcg
    ("J1745", "350", "mg", 35),  # infliximab 10 mg
    ("J1745", "50", "mg", 5),  # the discarded 50 mg on the JW line
])
def test_the_chapters_examples(code, dose, unit, units):
    assert billing_units(dose, unit, for_code(code)) == units


@pytest.mark.parametrize(("description", "amount", "unit", "up_to"), [
    ("Injection, ceftriaxone sodium, per 250 mg", "250", "mg", False),
    ("Injection, cyanocobalamin, up to 1,000 mcg", "1000", "mcg", True),
    ("Injection, something, per 1,500 mg", "1500", "mg", False),
    ("Injection, tetracycline, up to 250 mg", "250", "mg", True),
    ("Injection, cefotaxime sodium, per gm", "1", "g", False),
    ("Injection, cefoxitin sodium, 1 gm", "1", "g", False),
    ("Injection, cabotegravir, 1mg", "1", "mg", False),
    ("Injection, darbepoetin alfa, 1 microgram", "1", "mcg", False),
    ("Injection, bortezomib, 0.1 mg", "0.1", "mg", False),
])
def test_amount_per_unit_reads_the_mass_at_the_end(description, amount, unit, up_to):
    found = amount_per_unit(description)
    if amount is None:
        assert found is None
    else:
        assert found == DrugAmount(Decimal(amount), unit, up_to)


@pytest.mark.parametrize("description", [
    "Injection, acetaminophen 10 mg and ibuprofen 3 mg",
    "Injection, ceftazidime and avibactam, 0.5 g/0.125 g",
    "Injection, epoetin alfa, (for non-esrd use), 1000 units",
    "Injection, mepivacaine hydrochloride, per 10 ml",
    "Injection, abatacept, 10 mg (code may be used for medicare when drug administered under the direct supervision)",
    "Injection, digoxin immune fab (ovine), per vial",
    "Injection, something, mg",
])
def test_descriptions_without_one_simple_mass_are_left_alone(description):
    assert amount_per_unit(description) is None


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 10**6), st.sampled_from(["mcg", "mg", "g"]), st.sampled_from(["0.1", "1", "2.5", "10", "250"]),
       st.sampled_from(["mcg", "mg", "g"]))
def test_units_are_the_quotient_rounded_up(thousandths, dose_unit, amount, per_unit):
    dose = Decimal(thousandths) / 1000
    scale = {"mcg": Fraction(1, 1000), "mg": Fraction(1), "g": Fraction(1000)}
    expected = math.ceil(Fraction(str(dose)) * scale[dose_unit] / (Fraction(amount) * scale[per_unit]))
    assert billing_units(dose, dose_unit, DrugAmount(Decimal(amount), per_unit)) == expected


def test_convert_is_exact_and_bad_input_says_what_to_do():
    assert convert("1.5", "g", "mg") == Decimal("1500")
    assert convert("250", "mcg", "mg") == Decimal("0.25")
    assert str(DrugAmount(Decimal("1000"), "mcg", True)) == "up to 1000 mcg"
    for dose, unit in [("0", "mg"), ("-2", "mg"), ("abc", "mg"), (2.5, "mg"), ("2", "ml"), (True, "mg")]:
        with pytest.raises(InputError):
            billing_units(dose, unit, DrugAmount(Decimal(1), "mg"))
    with pytest.raises(InputError):
        billing_units("2", "mg", "1 mg")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        amount_per_unit(None)  # type: ignore[arg-type]
    assert drug_units.MASS_UNITS["g"] == 1000
