"""Institutional claims (revcycle.claims.institutional) and their UB-04 drawing (revcycle.claims.ub04)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle import hcpcs, synthetic
from revcycle.claims.institutional import InstitutionalClaim, RevenueLine
from revcycle.claims.ub04 import render_html
from revcycle.codes import icd10cm
from revcycle.core.errors import InputError

D = Decimal


def example() -> InstitutionalClaim:
    return synthetic.example_outpatient_claim()


def test_the_example_is_a_hospital_outpatient_claim_with_real_codes():
    claim = example()
    assert claim.type_of_bill == "0131" and claim.bill_type == "hospital, outpatient, frequency 1"
    assert claim.total_charge == sum(line.charge for line in claim.lines) == D("2043.00")
    for code in claim.diagnoses + claim.reason_for_visit:  # billable on the date of service (FY2027)
        assert icd10cm.is_billable(code, on=claim.statement_from), code
    drug = next(line for line in claim.lines if line.revenue_code == "0636")
    assert hcpcs.is_valid(drug.hcpcs) and drug.units == 4  # J1100 is per 1 mg: 4 mg is 4 units
    assert [line.revenue_code for line in claim.lines] == sorted(line.revenue_code for line in claim.lines)


def test_the_ub04_shows_every_form_locator_with_its_value():
    claim = example()
    html = render_html(claim)
    text = re.sub(r"<[^>]+>", " ", html)
    for fl in ("1", "3a", "4", "6", "42-48", "50", "56", "60", "66", "67", "70", "76"):
        assert f">{fl}<" in html, fl
    for value in ("0131", "0450", "99284", "J1100", "0001", "2,043.00", "R07.9", claim.facility.npi,
                  claim.insured.member_id, "10 14 2026"):
        assert value in text, value
    assert "Synthetic example" in text


def test_the_ub04_escapes_text_and_says_when_the_paper_form_runs_out():
    claim = example()
    claim.remarks = "<script>alert(1)</script>"
    claim.lines = claim.lines * 4  # 24 lines: more than the paper form's 22
    html = render_html(claim)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "needs 2 pages" in html


@pytest.mark.parametrize("changes, message", [
    ({"type_of_bill": "131"}, "Type of bill"),
    ({"type_of_bill": "1131"}, "Type of bill"),
    ({"statement_through": date(2026, 10, 1)}, "ends before it begins"),
    ({"lines": []}, "at least one revenue line"),
    ({"poa": {"R07.9": "X"}}, "POA indicator"),
    ({"reason_for_visit": ["R07.9", "I10", "E11.9", "R50.9"]}, "up to three"),
])
def test_a_malformed_claim_says_what_is_wrong(changes, message):
    with pytest.raises(InputError, match=message):
        replace(example(), **changes)


@pytest.mark.parametrize("kwargs, message", [
    ({"revenue_code": "450"}, "four digits"),
    ({"revenue_code": "0001"}, "total line"),
    ({"charge": 1.5}, "charge"),
    ({"non_covered": "500.00"}, "non-covered part is more"),
    ({"units": 0}, "more than zero"),
    ({"units": "two"}, "Units must be a number"),
])
def test_a_malformed_revenue_line_says_what_is_wrong(kwargs, message):
    base = {"revenue_code": "0450", "description": "ED VISIT", "charge": "100.00"}
    with pytest.raises(InputError, match=message):
        RevenueLine(**{**base, **kwargs})


@given(st.text(max_size=8))
def test_any_revenue_code_text_is_accepted_only_as_four_digits(text):
    try:
        line = RevenueLine(text, "X", D("1.00"))
    except InputError:
        assert not re.fullmatch(r"0\d{3}", text) or text == "0001"
    else:
        assert re.fullmatch(r"0\d{3}", line.revenue_code) and line.revenue_code != "0001"
