"""The 837I writer: institutional claims as 005010X223A2, checked by pyx12, the UB-04's fields in their places,
and bad input refused with a message and no file."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revcycle import synthetic
from revcycle.claims.institutional import InstitutionalClaim, RevenueLine
from revcycle.core.errors import InputError, RevcycleError
from revcycle.x12 import ClaimsRejectedError, X12Error, X12FieldError, to_837i, validate


def segments(text: str, tag: str) -> list[list[str]]:
    return [s.rstrip("~").split("*") for s in text.splitlines() if s.startswith(tag + "*")]


@pytest.fixture()
def outpatient() -> InstitutionalClaim:
    return synthetic.example_outpatient_claim()


@pytest.fixture()
def inpatient() -> InstitutionalClaim:
    return synthetic.example_inpatient_claim()


def test_both_examples_pass_pyx12_alone_and_together(outpatient, inpatient):
    for claims in ([outpatient], [inpatient], [outpatient, inpatient]):
        text = to_837i(claims)
        assert validate(text) == []
        assert segments(text, "GS")[0][-1] == "005010X223A2"
        assert len(segments(text, "CLM")) == len(claims)


def test_a_broken_file_is_caught_by_pyx12(outpatient):
    """The validator is not a rubber stamp: the institutional claim segment (CL1) is mandatory."""
    text = to_837i([outpatient])
    broken = "\n".join(s for s in text.splitlines() if not s.startswith("CL1*"))
    assert any("CL1" in p for p in validate(broken))


def test_the_type_of_bill_goes_into_clm05_and_the_total_is_the_lines(outpatient, inpatient):
    for claim in (outpatient, inpatient):
        clm = segments(to_837i([claim]), "CLM")[0]
        assert clm[5] == f"{claim.type_of_bill[1:3]}:A:{claim.type_of_bill[3]}"
        assert Decimal(clm[2]) == sum(line.charge for line in claim.lines)


def test_medicare_institutional_claims_file_as_part_a(outpatient):
    assert outpatient.payer.filing_indicator == "MB"
    assert segments(to_837i([outpatient]), "SBR")[0][9] == "MA"


def test_inpatient_fields(inpatient):
    text = to_837i([inpatient])
    dtp = {s[1]: s[3] for s in segments(text, "DTP") if s[1] in ("096", "434", "435")}
    assert dtp["435"] == f"{inpatient.admission_date:%Y%m%d}{inpatient.admission_hour}00"
    assert dtp["096"] == f"{inpatient.discharge_hour}00"
    assert dtp["434"] == f"{inpatient.statement_from:%Y%m%d}-{inpatient.statement_through:%Y%m%d}"
    hi = [c for s in segments(text, "HI") for c in s[1:]]
    principal = next(c for c in hi if c.startswith("ABK:")).split(":")
    assert principal[1] == inpatient.principal_diagnosis.replace(".", "")
    assert principal[8] == inpatient.poa[inpatient.principal_diagnosis]  # HI01-9, present on admission
    assert f"BBR:{inpatient.principal_procedure[0]}:D8:{inpatient.principal_procedure[1]:%Y%m%d}" in hi
    assert "BE:80:::2" in hi  # covered days, value code 80, in HI01-5
    assert not any(c.startswith("APR:") for c in hi)  # the reason for visit is an outpatient field


def test_outpatient_fields(outpatient):
    text = to_837i([outpatient])
    hi = [c for s in segments(text, "HI") for c in s[1:]]
    assert "APR:R079" in hi and not any(":::::::" in c for c in hi)  # no POA on an outpatient claim
    assert not [s for s in segments(text, "DTP") if s[1] == "435"]
    sv2 = segments(text, "SV2")
    assert [s[1] for s in sv2] == [line.revenue_code for line in outpatient.lines]
    assert [s[2] for s in sv2] == [f"HC:{line.hcpcs}" for line in outpatient.lines]


def test_condition_span_and_value_codes_are_written(outpatient):
    claim = copy.deepcopy(outpatient)
    claim.condition_codes = ["07", "A1"]
    claim.occurrence_spans = [("74", claim.statement_from, claim.statement_through)]
    text = to_837i([claim])
    hi = [c for s in segments(text, "HI") for c in s[1:]]
    assert "BG:07" in hi and "BG:A1" in hi
    day = f"{claim.statement_from:%Y%m%d}"
    assert f"BI:74:RD8:{day}-{claim.statement_through:%Y%m%d}" in hi
    assert validate(text) == []


def test_the_same_claims_give_the_same_bytes(outpatient, inpatient):
    assert to_837i([outpatient, inpatient]) == to_837i([outpatient, inpatient])


def test_a_code_not_in_the_release_refuses_the_file(outpatient):
    claim = copy.deepcopy(outpatient)
    claim.other_diagnoses = ["E11"]  # a category, not a billable code
    with pytest.raises(ClaimsRejectedError, match="E11 is not a billable"):
        to_837i([claim])


def test_bad_batches_get_messages(outpatient):
    with pytest.raises(X12Error, match="at least one"):
        to_837i([])
    with pytest.raises(X12Error, match="not an InstitutionalClaim"):
        to_837i(["claim"])  # type: ignore[list-item]
    with pytest.raises(X12Error, match="own patient control number"):
        to_837i([outpatient, copy.deepcopy(outpatient)])
    with pytest.raises(X12Error, match="usage"):
        to_837i([outpatient], usage="X")
    with pytest.raises(X12Error, match="control_number"):
        to_837i([outpatient], control_number=0)


def test_a_value_that_cannot_fit_names_the_form_locator(outpatient):
    claim = copy.deepcopy(outpatient)
    claim.discharge_status = "1"
    with pytest.raises(X12FieldError, match="FL 17"):
        to_837i([claim])


def test_the_model_refuses_malformed_codes(outpatient):
    base = {k: getattr(outpatient, k) for k in InstitutionalClaim.__dataclass_fields__}
    for field, value, message in [("condition_codes", ["7"], "two letters or digits"),
                                  ("value_codes", [("80", 2.5)], "float"),
                                  ("occurrence_spans", [("74", "2026-10-14", "2026-10-01")], "before it begins"),
                                  ("condition_codes", ["01"] * 12, "up to 11")]:
        with pytest.raises(InputError, match=message):
            InstitutionalClaim(**{**base, field: value})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=40), remarks=st.text(max_size=20), claim_id=st.text(min_size=1, max_size=40))
def test_any_names_give_a_valid_file_or_a_message(outpatient, name, remarks, claim_id):
    claim = copy.deepcopy(outpatient)
    claim.patient.last_name = name
    claim.insured.last_name = name
    claim.remarks = remarks
    claim.claim_id = claim_id
    try:
        text = to_837i([claim], changes=[])
    except RevcycleError as e:
        assert str(e)
        return
    assert validate(text) == []


def test_a_revenue_line_of_many_units(outpatient):
    claim = copy.deepcopy(outpatient)
    claim.lines = [*claim.lines, RevenueLine("0250", "PHARMACY", Decimal("12.50"), units=Decimal("2.5"))]
    sv2 = segments(to_837i([claim]), "SV2")[-1]
    assert sv2[1:6] == ["0250", "", "12.5", "UN", "2.5"]
