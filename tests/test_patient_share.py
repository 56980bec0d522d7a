"""Patient responsibility: deductible, then coinsurance or copay, capped by the out-of-pocket maximum."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle.core.errors import InputError, RevcycleError
from revcycle.payment.patient_share import patient_share

D = Decimal


def test_medicare_part_b_example():
    s = patient_share(D("95.19"), deductible_remaining=0, coinsurance_rate="0.20")
    assert s.coinsurance == D("19.04")  # 19.038 rounds half-up
    assert s.patient_total == D("19.04")
    assert s.payer_pays == D("76.15")
    assert s.oop_remaining_after is None and not s.capped_by_oop


def test_allowed_below_deductible():
    s = patient_share("80.00", deductible_remaining="257.00", coinsurance_rate="0.20", oop_remaining="1000")
    assert s.deductible_applied == D("80.00")
    assert s.coinsurance == 0 and s.payer_pays == 0
    assert s.deductible_remaining_after == D("177.00")
    assert s.oop_remaining_after == D("920.00")


def test_deductible_exactly_met():
    s = patient_share("257.00", deductible_remaining="257.00", coinsurance_rate="0.20")
    assert s.deductible_applied == D("257.00")
    assert s.coinsurance == 0
    assert s.deductible_remaining_after == 0
    assert s.payer_pays == 0


def test_deductible_then_coinsurance():
    s = patient_share("300.00", deductible_remaining="100.00", coinsurance_rate="0.20")
    assert (s.deductible_applied, s.coinsurance) == (D("100.00"), D("40.00"))
    assert (s.patient_total, s.payer_pays) == (D("140.00"), D("160.00"))


def test_oop_max_reached_mid_claim():
    s = patient_share("1000.00", deductible_remaining="0", coinsurance_rate="0.20", oop_remaining="150.00")
    assert s.coinsurance == D("150.00") and s.capped_by_oop
    assert s.patient_total == D("150.00")
    assert s.payer_pays == D("850.00")
    assert s.oop_remaining_after == 0


def test_oop_max_already_reached():
    s = patient_share("500.00", coinsurance_rate="0.20", oop_remaining="0")
    assert s.patient_total == 0 and s.payer_pays == D("500.00")


def test_zero_allowed():
    s = patient_share("0", deductible_remaining="100", copay="25.00", oop_remaining="500")
    assert s.patient_total == 0 and s.payer_pays == 0
    assert s.deductible_remaining_after == D("100.00")


def test_copay_larger_than_allowed():
    s = patient_share("18.50", copay="30.00")
    assert s.copay == D("18.50") and s.patient_total == D("18.50") and s.payer_pays == 0


def test_copay_after_deductible_capped_by_oop():
    s = patient_share("200.00", deductible_remaining="50.00", copay="40.00", oop_remaining="60.00")
    assert (s.deductible_applied, s.copay, s.patient_total) == (D("50.00"), D("10.00"), D("60.00"))
    assert s.capped_by_oop and s.payer_pays == D("140.00")


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"allowed": "-5.00", "coinsurance_rate": "0.2"}, "negative"),
        ({"allowed": "10.00", "deductible_remaining": "-1", "coinsurance_rate": "0.2"}, "negative"),
        ({"allowed": "10.00", "copay": "-1"}, "negative"),
        ({"allowed": "10.00", "coinsurance_rate": "0.2", "oop_remaining": "-1"}, "negative"),
        ({"allowed": "10.00", "coinsurance_rate": "20"}, "0.20 for 20%"),
        ({"allowed": "10.00", "coinsurance_rate": "-0.1"}, "between 0 and 1"),
        ({"allowed": "10.00", "coinsurance_rate": "abc"}, "fraction"),
        ({"allowed": "10.00"}, "exactly one"),
        ({"allowed": "10.00", "coinsurance_rate": "0.2", "copay": "5"}, "exactly one"),
        ({"allowed": 95.19, "coinsurance_rate": "0.2"}, "float"),
        ({"allowed": "95.195", "coinsurance_rate": "0.2"}, "fractions of a cent"),
        ({"allowed": "ten dollars", "coinsurance_rate": "0.2"}, "such as"),
        ({"allowed": None, "coinsurance_rate": "0.2"}, "such as"),
        ({"allowed": "NaN", "coinsurance_rate": "0.2"}, "finite"),
        (
            {"allowed": "10", "deductible_remaining": "500", "coinsurance_rate": "0.2",
             "oop_remaining": "100"},
            "larger than the remaining out-of-pocket",
        ),
    ],
)
def test_nonsense_is_rejected(kwargs, fragment):
    allowed = kwargs.pop("allowed")
    with pytest.raises(InputError, match=fragment) as info:
        patient_share(allowed, **kwargs)
    assert isinstance(info.value, RevcycleError)


cents = st.integers(min_value=0, max_value=5_000_000).map(lambda n: D(n).scaleb(-2))
rates = st.integers(min_value=0, max_value=100).map(lambda n: D(n).scaleb(-2))


@st.composite
def claims(draw):
    allowed = draw(cents)
    deductible = draw(cents)
    oop = draw(st.none() | cents.map(lambda extra: extra + deductible))
    terms = {"coinsurance_rate": draw(rates)} if draw(st.booleans()) else {"copay": draw(cents)}
    return allowed, deductible, oop, terms


@given(claims())
def test_properties(claim):
    allowed, deductible, oop, terms = claim
    s = patient_share(allowed, deductible_remaining=deductible, oop_remaining=oop, **terms)
    assert s.patient_total + s.payer_pays == allowed
    assert s.patient_total == s.deductible_applied + s.coinsurance + s.copay
    for value in (s.deductible_applied, s.coinsurance, s.copay, s.patient_total, s.payer_pays,
                  s.deductible_remaining_after):
        assert value >= 0
        assert value == value.quantize(D("0.01"))
    assert s.patient_total <= allowed
    assert s.deductible_applied <= deductible
    assert s.deductible_remaining_after == deductible - s.deductible_applied
    if oop is not None:
        assert s.patient_total <= oop
        assert s.oop_remaining_after == oop - s.patient_total >= 0
    if s.deductible_remaining_after > 0:  # deductible not met: nothing else is charged
        assert s.patient_total == s.deductible_applied == allowed


def test_medicare_charges_no_deductible_or_coinsurance_on_clinical_lab_tests():
    """42 CFR 410.152(h) and 410.160(b)(2): clinical diagnostic lab tests (and the specimen collection fee) are paid
    in full under Part B; other payers' terms apply as usual, and anatomic pathology is not a clinical lab test."""
    from revcycle import synthetic
    from revcycle.payment.adjudication import adjudicate, medicare_clinical_lab, no_cost_sharing

    assert all(medicare_clinical_lab(c) for c in ("36415", "80053", "83036", "85025", "87880"))
    assert not any(medicare_clinical_lab(c) for c in ("88305", "99213", "71046", "J1100", "8005", "800531"))
    assert no_cost_sharing("80053", medicare=True) and not no_cost_sharing("80053", medicare=False)
    assert no_cost_sharing("G0439", medicare=False)  # preventive: no cost sharing for anyone
    results = adjudicate(synthetic.claims(600, seed=21), seed=21)
    lab_lines = [(r.claim.payer.is_medicare, line) for r in results for line in r.lines
                 if medicare_clinical_lab(line.procedure) and line.allowed]
    medicare = [line for is_medicare, line in lab_lines if is_medicare]
    others = [line for is_medicare, line in lab_lines if not is_medicare]
    assert medicare and others
    assert all(line.paid == line.allowed and not any(a.group == "PR" for a in line.adjustments) for line in medicare)
    assert any(any(a.group == "PR" for a in line.adjustments) for line in others)
