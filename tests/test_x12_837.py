"""The 837P writer: pyx12 accepts every file it writes, and claims with fatal findings never get one."""

from decimal import Decimal

import pytest

from revcycle import synthetic
from revcycle.claims import Address
from revcycle.x12 import ClaimsRejectedError, Party, X12Error, to_837p, validate
from tests.claim_factory import OTHER_NPI, claim, line, patient


def segments(text: str) -> list[str]:
    return [s for s in text.replace("\n", "").split("~") if s]


@pytest.fixture(scope="module")
def batch():
    return synthetic.claims(400, seed=31)


def test_a_synthetic_batch_passes_pyx12_with_zero_errors(batch):
    text = to_837p(batch)
    assert validate(text) == []
    segs = segments(text)
    assert segs[0].startswith("ISA*00*") and len(segs[0]) == 105
    assert sum(s.startswith("CLM*") for s in segs) == 400
    assert any(s.startswith("PAT*19") for s in segs)  # dependents get the patient loop
    assert len({s for s in segs if s.startswith("NM1*85*")}) == 4  # one billing provider loop per practice
    # claim totals (CLM02) equal the sum of their lines (SV102)
    totals: list[list[Decimal]] = []
    for s in segs:
        if s.startswith("CLM*"):
            totals.append([Decimal(s.split("*")[2]), Decimal(0)])
        elif s.startswith("SV1*"):
            totals[-1][1] += Decimal(s.split("*")[2])
    assert len(totals) == 400 and all(clm == lines for clm, lines in totals)


def test_output_is_deterministic_and_uses_claim_dates(batch):
    assert to_837p(batch[:20]) == to_837p(batch[:20])
    text = to_837p([claim()], Party("MY BILLING CO", "MYBILL", "ANA", "2175550123"), Party("A CLEARINGHOUSE", "CH1"),
                   control_number=42)
    segs = segments(text)
    assert "*260304*1200*" in segs[0] and segs[0].split("*")[13] == "000000042"
    assert segs[1] == "GS*HC*MYBILL*CH1*20260304*1200*42*X*005010X222A1"
    assert "NM1*41*2*MY BILLING CO*****46*MYBILL" in segs
    assert validate(text) == []


def test_claim_details_land_in_the_right_segments():
    c = claim(line("99213", modifiers="25", pointers="AC"), line("20610", "180.00", modifiers="RT", pointers="C"),
              diagnoses=["M17.11", "", "I10"])
    text = to_837p([c])
    segs = segments(text)
    assert "HI*ABK:M1711*ABF:I10" in segs  # the empty slot B is dropped...
    assert "SV1*HC:20610:RT*180*UN*1***2" in segs  # ...so pointer C becomes the second diagnosis
    assert "SV1*HC:99213:25*150*UN*1***1:2" in segs
    assert "CLM*T-1*330***11:B:1*Y*A*Y*Y" in segs
    assert "DTP*472*D8*20260302" in segs
    assert validate(text) == []


def test_line_level_rendering_provider_and_no_claim_level_one():
    c = claim(line(), line("93000", "60.00", rendering_npi=OTHER_NPI))
    segs = segments(to_837p([c]))
    assert f"NM1*82*1*RENDERING PROVIDER*****XX*{OTHER_NPI}" in segs  # loop 2420A for line 2 only
    assert validate(to_837p([c])) == []
    solo = claim(rendering_provider=None)
    segs = segments(to_837p([solo]))
    assert not any(s.startswith("NM1*82") for s in segs)  # the billing provider rendered the service
    assert validate(to_837p([solo])) == []


def test_text_is_made_safe_for_x12():
    p = patient()
    p.last_name, p.first_name = "O'Brien*Núñez~", "José:Maria"
    changes: list = []
    text = to_837p([claim(patient=p)], changes=changes)
    assert "NM1*IL*1*O'BRIEN NUNEZ*JOSE MARIA*Q***MI*SYN00000001~" in text
    assert [(c.element, c.given, c.written) for c in changes] == [
        ("NM103", "O'Brien*Núñez~", "O'BRIEN NUNEZ"), ("NM104", "José:Maria", "JOSE MARIA")]
    assert validate(text) == []


def test_claims_with_fatal_findings_are_refused_with_the_list():
    bad = claim(line(pointers="AC"), claim_id="BAD-1")
    with pytest.raises(ClaimsRejectedError) as info:
        to_837p([claim(), bad])
    message = str(info.value)
    assert "No 837P was written" in message and "BAD-1 PTR-EMPTY (item 24E)" in message
    assert [f.edit_id for f in info.value.findings] == ["PTR-EMPTY"]
    warning_only = claim(line("20610", "180.00", modifiers="RT"), line("20610", "180.00", modifiers="LT 59"))
    assert validate(to_837p([warning_only])) == []  # a warning does not stop the claim


def test_every_mistake_kind_is_refused():
    claims = synthetic.claims(400, seed=9, error_rate=1.0)
    assert all(c.notes for c in claims)
    for c in claims[:60]:
        if any(n.endswith("mod59_xs") for n in c.notes):
            continue  # 59 where XS fits is a warning: the claim may go
        with pytest.raises(ClaimsRejectedError):
            to_837p([c])


def test_other_problems_are_explained():
    with pytest.raises(X12Error, match="at least one claim"):
        to_837p([])
    with pytest.raises(X12Error, match="would both be written as claim ID"):
        to_837p([claim(), claim()])
    c = claim()
    c.billing_provider.address = Address("1 Example Way", "Riverton", "WY", "82501")
    with pytest.raises(X12Error, match="9 digits"):
        to_837p([c])
    with pytest.raises(X12Error, match="usage"):
        to_837p([claim()], usage="X")


def test_large_batches_split_into_transactions():
    from revcycle.x12 import writer837

    claims = synthetic.claims(30, seed=2)
    old = writer837.MAX_CLAIMS_PER_TRANSACTION
    writer837.MAX_CLAIMS_PER_TRANSACTION = 12
    try:
        text = to_837p(claims)
    finally:
        writer837.MAX_CLAIMS_PER_TRANSACTION = old
    segs = segments(text)
    assert sum(s.startswith("ST*837*") for s in segs) == 3 and "GE*3*1" in segs
    assert validate(text) == []
