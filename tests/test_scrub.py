"""The claim scrubber: each edit fires when it should and only then, and scrub_frame agrees with scrub."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revcycle import synthetic
from revcycle.claims import Provider, claims_frame, scrub, scrub_frame
from revcycle.claims.scrubber import EDITS, findings_frame
from revcycle.codes import ncci
from revcycle.core.errors import InputError
from tests.claim_factory import COMMERCIAL, DOCTOR_NPI, OTHER_NPI, claim, line, patient


def edits(c, **kw) -> list[str]:
    return [f.edit_id for f in scrub(c, **kw)]


def test_clean_claim_has_no_findings_and_edits_are_documented():
    assert scrub(claim()) == []
    assert len({e.id for e in EDITS}) == len(EDITS) >= 25
    for e in EDITS:
        assert e.severity in ("fatal", "warning") and e.item and e.source and e.checks


@pytest.mark.parametrize(("dx", "expected", "hint"), [
    ("E11.99", "DX-INVALID", "E11.99"),
    ("XYZ", "DX-INVALID", "second character"),
    ("E11", "DX-HEADER", "E11.0"),
    ("S93.401", "DX-7TH", "S93.401A"),
    ("T14.90", "DX-7TH", "T14.90XA"),
])
def test_diagnosis_codes(dx, expected, hint):
    found = scrub(claim(diagnoses=[dx]))
    assert [f.edit_id for f in found] == [expected]
    assert found[0].item == "21" and found[0].severity == "fatal" and hint in found[0].message


def test_lower_case_and_undotted_codes_are_accepted():
    assert edits(claim(diagnoses=["e11.9", "I10 "])) == []
    assert edits(claim(diagnoses=["E119", "I10"])) == []


def test_item_21_shape():
    assert edits(claim(diagnoses=[], lines=[line(pointers="")])) == ["DX-NONE", "PTR-MISSING"]
    many = ["E11.9", "I10", "E78.5", "J06.9", "M54.50", "K21.9", "F41.1", "E03.9", "R51.9", "N39.0", "J02.9",
            "R05.9", "R10.9"]
    assert edits(claim(diagnoses=many)) == ["DX-TOO-MANY"]
    assert edits(claim(icd_indicator="9")) == ["DX-INDICATOR"]


def test_pregnancy_code_on_a_patient_recorded_as_male():
    preg = ["Z34.01", "Z3A.10"]
    assert edits(claim(diagnoses=preg, patient=patient("M", "1990-01-01"))) == ["DX-SEX", "DX-SEX"]
    assert edits(claim(diagnoses=["O09.91"], patient=patient("M", "1990-01-01"))) == ["DX-SEX"]
    assert edits(claim(diagnoses=preg, patient=patient("F", "1990-01-01"))) == []
    assert edits(claim(diagnoses=preg, patient=patient("U", "1990-01-01"))) == []  # unknown sex: not certain
    kx = claim(line(modifiers="KX"), diagnoses=preg, patient=patient("M", "1990-01-01"))
    assert edits(kx) == []  # the payer's sex-edit override is on the claim


def test_no_edits_that_are_not_true():
    # perinatal (P) codes may be used for life; a man's prostate code and a woman's are not judged
    assert edits(claim(diagnoses=["P27.1"], patient=patient("M", "1983-05-05"))) == []
    assert edits(claim(diagnoses=["N40.0"], patient=patient("F", "1950-01-01"))) == []
    # 25 on an eye-visit code is left alone (payers differ); 59 on a lone service is not a misuse we can prove
    assert edits(claim(line("92012", modifiers="25"))) == []
    assert edits(claim(line("97110", modifiers="59 GP"))) == []


def test_pointers():
    assert edits(claim(line(pointers="AC"))) == ["PTR-EMPTY"]
    assert "C" in scrub(claim(line(pointers="AC")))[0].message
    assert edits(claim(line(pointers=""))) == ["PTR-MISSING"]
    assert edits(claim(line(pointers="AZ"))) == ["PTR-FORMAT"]
    assert edits(claim(line(pointers="AA"))) == ["PTR-FORMAT"]
    assert edits(claim(line(pointers="ABAB"), diagnoses=["E11.9", "I10"])) == ["PTR-FORMAT"]
    assert edits(claim(line(pointers="ABCDE"), diagnoses=["E11.9", "I10", "E78.5", "K21.9", "F41.1"])) == [
        "PTR-FORMAT"]
    # an empty slot between filled ones is fine as long as nothing points at it
    assert edits(claim(line(pointers="C"), diagnoses=["E11.9", "", "I10"])) == []


def test_procedure_and_modifiers():
    assert edits(claim(line("99219"))) == ["PROC-UNKNOWN"]
    assert edits(claim(line("9921"))) == ["PROC-UNKNOWN"]
    assert edits(claim(line("20610", modifiers="25"))) == ["MOD-25"]
    assert edits(claim(line("99213", modifiers="25"))) == []
    assert edits(claim(line("99213", modifiers="59"))) == ["MOD-59-EM"]
    assert edits(claim(line("99213", modifiers="XU"))) == ["MOD-59-EM"]
    assert edits(claim(line("20610", modifiers="2"))) == ["MOD-FORMAT"]
    assert edits(claim(line("97110", modifiers="GP GO KX 59 76"))) == ["MOD-COUNT"]


def test_59_where_an_x_modifier_fits():
    knees = claim(line("20610", "180.00", modifiers="RT"), line("20610", "180.00", modifiers="LT 59"))
    found = scrub(knees)
    assert [f.edit_id for f in found] == ["MOD-59-X"] and "XS" in found[0].message
    assert found[0].severity == "warning" and found[0].line == 2
    other_doctor = claim(line("97530", "78.00", modifiers="GP"),
                         line("97140", "65.00", modifiers="GP 59", rendering_npi=OTHER_NPI))
    found = scrub(other_doctor)
    assert [f.edit_id for f in found] == ["MOD-59-X"] and "XP" in found[0].message
    same_session = claim(line("97530", "78.00", modifiers="GP"), line("97140", "65.00", modifiers="GP 59"))
    assert edits(same_session) == []  # 59 (or XU) is right here: nothing on the claim says which X fits
    assert edits(claim(line("20610", "180.00", modifiers="RT"), line("20610", "180.00", modifiers="LT XS"))) == []


def test_ncci_pairs_from_the_illustrative_sample():
    assert all(p.illustrative for p in ncci.ptp_pairs())
    assert "ILLUSTRATIVE" in ncci.PTP_SOURCE and "ILLUSTRATIVE" in ncci.ptp_table()["source"][0]
    ecg = claim(line("93000", "60.00"), line("93010", "20.00", modifiers="59"))
    found = scrub(ecg)
    assert [f.edit_id for f in found] == ["NCCI-PTP"] and found[0].line == 2 and "never" in found[0].message
    visit_and_shot = claim(line("99213"), line("20610", "180.00"))
    assert edits(visit_and_shot) == ["NCCI-PTP"]
    assert "modifier 25" in scrub(visit_and_shot)[0].message
    assert edits(claim(line("99213", modifiers="25"), line("20610", "180.00"))) == []
    assert edits(claim(line("99213", "150.00", "2026-03-03"), line("20610", "180.00"))) == []  # other day
    other = Provider(OTHER_NPI, "Sampleton", "Sam")
    assert edits(claim(line("99213", rendering_npi=other.npi), line("20610", "180.00"))) == []  # other doctor
    therapy = claim(line("97530", "78.00", modifiers="GP"), line("97140", "65.00", modifiers="GP"))
    assert edits(therapy) == ["NCCI-PTP"]
    assert edits(claim(line("97530", "78.00", modifiers="GP"), line("97140", "65.00", modifiers="GP XU"))) == []


def test_mue_from_the_cms_table():
    assert ncci.mue("99213").value == 2 and ncci.mue("99213").mai == 3
    too_many = claim(line("99213", "450.00", units=3))
    found = scrub(too_many)
    assert [f.edit_id for f in found] == ["MUE"] and "MAI 3" in found[0].message
    split = claim(line("99213", "150.00"), line("99213", "300.00", units=2))
    found = scrub(split)
    assert [f.edit_id for f in found] == ["MUE"] and found[0].message.startswith("Lines 1, 2:")
    assert edits(claim(line("99213", "450.00", units=3), payer=COMMERCIAL)) == []  # Medicare's table
    assert edits(claim(line("11102", "420.00", units=2))) == ["MUE"]  # MAI 2
    mai1 = next(m for m in ncci.mue_table().values() if m.mai == 1 and m.value >= 1 and m.code.isdigit())
    found = scrub(claim(line(mai1.code, "100.00", units=mai1.value + 1)))
    assert "MUE" in [f.edit_id for f in found]
    assert any("per line" in f.message for f in found if f.edit_id == "MUE")


def test_npis():
    bad = "1234567890"
    c = claim()
    c.billing_provider = replace(c.billing_provider, npi=bad)
    assert edits(c) == ["NPI-BILLING"]
    c = claim(rendering_provider=Provider(bad, "Example", "Alex"))
    assert edits(c) == ["NPI-RENDERING"]
    assert edits(claim(line(rendering_npi="2234567890"))) == ["NPI-RENDERING"]
    assert edits(claim(referring_provider=Provider("123", "Sampleton", "Sam"))) == ["NPI-REFERRING"]
    assert edits(claim(referring_provider=Provider(DOCTOR_NPI, "Example", "Alex"))) == []


def test_total_and_money():
    c = claim()
    c.total_charge = Decimal("155.00")
    assert edits(c) == ["TOTAL"]
    assert "$155.00" in scrub(c)[0].message and "$150.00" in scrub(c)[0].message
    assert edits(claim(line(charge="-5.00"))) == ["CHARGE"]
    assert edits(claim(line(units=0))) == ["UNITS"]
    assert edits(claim(line(place_of_service="1"))) == ["POS-FORMAT"]
    assert edits(claim(lines=[])) == ["CLM-NO-LINES"]


@pytest.mark.parametrize(("service", "filed", "late"), [
    ("2025-03-02", "2026-03-02", False),
    ("2025-03-02", "2026-03-03", True),
    ("2024-02-29", "2025-02-28", False),
    ("2024-02-29", "2025-03-01", True),
    ("2025-12-31", "2026-12-31", False),
])
def test_medicare_timely_filing(service, filed, late):
    c = claim(line(day=service), submitted_on=filed)
    assert edits(c) == (["TIMELY"] if late else [])
    assert edits(claim(line(day=service), submitted_on=filed, payer=COMMERCIAL)) == []


def test_dates():
    assert edits(claim(line(to_date="2026-03-01"))) == ["DATE-ORDER"]
    assert edits(claim(line(day="2026-03-02"), patient=patient(birth="2026-03-10"))) == ["DATE-BIRTH"]
    assert edits(claim(line(day="2026-03-09"))) == ["DATE-FUTURE"]
    c = claim(submitted_on=None)
    assert edits(c) == [] and edits(c, as_of=date(2026, 3, 1)) == ["DATE-FUTURE"]
    assert edits(claim(line(day="2025-01-02"), submitted_on=None), as_of=date(2026, 3, 4)) == ["TIMELY"]


def test_findings_are_ordered_claim_level_first():
    c = claim(line("99219", pointers="AC"), line("20610", "180.00", modifiers="25"))
    c.total_charge = Decimal("1.00")
    found = scrub(c)
    assert [(f.line, f.edit_id) for f in found] == [
        (None, "TOTAL"), (1, "PROC-UNKNOWN"), (1, "PTR-EMPTY"), (2, "MOD-25")]
    assert str(found[0]).startswith("[fatal] TOTAL (item 28)")


# --------------------------------------------------------------------------- scrub_frame agrees with scrub


def per_claim(claims, **kw) -> pd.DataFrame:
    return findings_frame([f for c in claims for f in scrub(c, **kw)])


CRAFTED = [
    claim(), claim(line("99219", pointers="AC"), line("20610", "180.00", modifiers="25")),
    claim(line("20610", "180.00", modifiers="RT"), line("20610", "180.00", modifiers="LT 59")),
    claim(line("97530", "78.00", modifiers="GP"), line("97140", "65.00", modifiers="GP 59", rendering_npi=OTHER_NPI)),
    claim(line("93000", "60.00"), line("93010", "20.00", modifiers="59")), claim(line("99213"), line("20610", "1")),
    claim(line("99213", "150.00"), line("99213", "300.00", units=2)), claim(line("11102", "420.00", units=2)),
    claim(diagnoses=["Z34.01", "Z3A.10"], patient=patient("M", "1990-01-01")), claim(diagnoses=[]),
    claim(diagnoses=["E11.99", "E11", "S93.401", "XYZ"], icd_indicator="9"), claim(lines=[]),
    claim(line(day="2024-02-29"), submitted_on="2025-03-01"), claim(line(to_date="2026-03-01", units=0)),
    claim(line("97110", modifiers="GP GO KX 59 76 ZZZ")), claim(line(charge="-5.00", place_of_service="1")),
    claim(referring_provider=Provider("123", "Sampleton", "Sam"), rendering_provider=Provider("1234567890", "X")),
]


def test_frame_agrees_on_hand_made_claims():
    for i, c in enumerate(CRAFTED):
        c.claim_id = f"C-{i}"
    CRAFTED[1].total_charge = Decimal("1.00")
    frame = claims_frame(CRAFTED)
    expected = per_claim(CRAFTED)
    assert len(expected) > 25 and expected["edit_id"].nunique() > 20
    pd.testing.assert_frame_equal(scrub_frame(frame), expected)
    pd.testing.assert_frame_equal(scrub_frame(frame, as_of=date(2027, 6, 1)), per_claim(CRAFTED,
                                                                                        as_of=date(2027, 6, 1)))


def test_frame_agrees_on_a_synthetic_batch_with_mistakes():
    claims = synthetic.claims(3000, seed=12, error_rate=0.3)
    frame = claims_frame(claims)
    result = scrub_frame(frame)
    pd.testing.assert_frame_equal(result, per_claim(claims))
    # plain text columns (no categoricals) and shuffled rows give the same findings
    plain = frame.astype({c: object for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)})
    pd.testing.assert_frame_equal(scrub_frame(plain), result)
    shuffled = scrub_frame(frame.sample(frac=1, random_state=3))
    key = ["claim_id", "line", "edit_id", "message"]
    pd.testing.assert_frame_equal(shuffled.sort_values(key, ignore_index=True),
                                  result.sort_values(key, ignore_index=True))


def test_frame_input_is_checked():
    with pytest.raises(InputError, match="lacks the column"):
        scrub_frame(pd.DataFrame({"claim_id": ["x"]}))
    with pytest.raises(InputError, match="DataFrame"):
        scrub_frame([1, 2])
    empty = scrub_frame(claims_frame([]))
    assert list(empty.columns) == ["claim_id", "line", "edit_id", "severity", "item", "message", "source"]


_DX = ["E11.9", "I10", "E11.99", "E11", "S93.401", "S93.401A", "Z34.01", "O80", "P27.1", "", "XYZ", "e11.9"]
_PROC = ["99213", "99214", "20610", "93000", "93010", "97530", "97140", "11102", "J3301", "99219", "9921", "92012"]
_MODS = ["25", "59", "XS", "XU", "LT", "RT", "KX", "GP", "2", "57"]


@st.composite
def random_claims(draw):
    n = draw(st.integers(1, 4))
    out = []
    for i in range(n):
        lines = []
        for _ in range(draw(st.integers(0, 4))):
            day = date(2025, 1, 1).toordinal() + draw(st.integers(0, 500))
            units = draw(st.sampled_from(["1", "2", "3", "0", "0.5", "17"]))
            lines.append(line(
                draw(st.sampled_from(_PROC)), draw(st.sampled_from(["150.00", "0.00", "-1.00", "19.99"])),
                date.fromordinal(day), to_date=date.fromordinal(day + draw(st.sampled_from([0, 0, 1, -1]))),
                modifiers=draw(st.lists(st.sampled_from(_MODS), max_size=5)),
                pointers=draw(st.sampled_from(["A", "AB", "", "C", "AZ", "AA", "BA", "ABCDE"])), units=units,
                rendering_npi=draw(st.sampled_from(["", "", OTHER_NPI, "1234567890"])),
                place_of_service=draw(st.sampled_from(["11", "11", "1"]))))
        c = claim(*lines, claim_id=f"H-{i}", diagnoses=draw(st.lists(st.sampled_from(_DX), max_size=13)),
                  patient=patient(draw(st.sampled_from("MFU")), draw(st.sampled_from(["1950-04-02", "2025-06-01"]))),
                  payer=draw(st.sampled_from([claim().payer, COMMERCIAL])),
                  submitted_on=draw(st.sampled_from([None, "2026-03-04", "2026-07-01"])))
        if not lines:
            c.lines = []
        if draw(st.booleans()):
            c.total_charge = Decimal("42.00")
        out.append(c)
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_claims())
def test_frame_agrees_on_random_claims(claims):
    pd.testing.assert_frame_equal(scrub_frame(claims_frame(claims)), per_claim(claims))
