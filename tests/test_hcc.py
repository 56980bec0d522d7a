"""revcycle.payment.risk_adjustment (a teaching CMS-HCC V28 CNA score) and revcycle.coding.meat.

The factors asserted here were typed from CMS's own V28 coefficient file as hccpy ships it (`V28hcccoefn.csv`), not
read back from the shipped CSV, so a wrong row in the CSV fails; the sums are done by plain arithmetic.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle import icd10cm
from revcycle.coding import meat
from revcycle.core.errors import InputError, RevcycleError
from revcycle.payment import risk_adjustment as ra

D = Decimal
DATA = Path(ra.__file__).resolve().parents[1] / "data"
# CNA factors from CMS's V28 coefficient file (hccpy copy), typed by hand.
CMS = {"F70_74": D("0.395"), "M80_84": D("0.571"), "F95_GT": D("0.742"), "HCC37": D("0.166"), "HCC38": D("0.166"),
       "HCC226": D("0.36"), "HCC224": D("0.36"), "HCC328": D("0.127"), "HCC280": D("0.319"), "HCC327": D("0.514"),
       "HCC263": D("1.118"), "HCC264": D("0.455"), "DIABETES_HF": D("0.112"), "HF_KIDNEY": D("0.176"),
       "HF_CHR_LUNG": D("0.078"), "HF_HCC238": D("0.077"), "HCC238": D("0.299"), "D5": D("0.05"), "D4": D("0"),
       "HCC155": D("0.299"), "HCC48": D("0.186"), "OriginallyDisabled_Female": D("0.228")}


@pytest.mark.parametrize("variable", sorted(CMS))
def test_shipped_factors_are_cms_s(variable):
    assert ra.factor(variable) == CMS[variable]


def test_every_mapped_code_is_billable_in_fy2026_and_fy2027():
    codes = ra.known_codes()
    assert len(codes) >= 40
    for code in codes:
        assert icd10cm.is_billable(code, on="2025-10-01") and icd10cm.is_billable(code, on="2026-10-01"), code


def test_the_map_and_hierarchies_agree_with_cms():
    assert ra.hccs_for("E11.22") == (37,) and ra.hccs_for("E11.9") == (38,) and ra.hccs_for("E11.10") == (36,)
    assert ra.hccs_for("E11.52") == (37, 263)        # one code, two payment HCCs
    assert ra.hccs_for("I50.23") == (224,) and ra.hccs_for("I50.22") == (226,) and ra.hccs_for("I11.0") == (226,)
    assert ra.hccs_for("N18.32") == (328,) and ra.hccs_for("N18.4") == (327,) and ra.hccs_for("J44.9") == (280,)
    for code in ("F32.9", "F32.0", "I73.9", "I10", "E66.9"):
        assert ra.hccs_for(code) == (), code     # CMS's V28 table has no row for them
    assert ra.apply_hierarchies([36, 37, 38]) == {36}
    assert ra.apply_hierarchies([224, 226, 327, 328, 329]) == {224, 327}
    assert ra.apply_hierarchies([263, 264, 279, 280]) == {263, 279}
    with open(DATA / "cms_hcc_v28_hierarchy_teaching.csv", encoding="utf-8") as f:
        pairs = {(int(r["parent"]), int(r["child"])) for r in csv.DictReader(f)}
    assert (36, 38) in pairs and (326, 329) in pairs and (224, 226) in pairs and (263, 264) in pairs


def test_a_score_adds_up_line_by_line():
    s = ra.score("F", 72, ["E11.22", "E11.9", "I50.22", "N18.32", "J44.9", "F32.9"])
    assert s.hccs == {37, 226, 328, 280} and s.dropped == {38: (37,)} and s.no_hcc == ("F32.9",)
    expected = (CMS["F70_74"] + CMS["HCC37"] + CMS["HCC226"] + CMS["HCC328"] + CMS["HCC280"] + CMS["DIABETES_HF"]
                + CMS["HF_KIDNEY"] + CMS["HF_CHR_LUNG"] + CMS["D4"])
    assert s.raw == expected == D("1.733")
    assert [c.variable for c in s.contributions][-1] == "D4"
    assert ra.score("M", 82, []).raw == CMS["M80_84"]
    assert ra.score("F", 99, ["I10"]).raw == CMS["F95_GT"]
    od = ra.score("F", 72, ["F33.1"], originally_disabled=True)
    assert od.raw == CMS["F70_74"] + CMS["OriginallyDisabled_Female"] + CMS["HCC155"]


def test_the_count_variable_follows_the_hierarchies():
    five = ra.score("F", 72, ["E11.22", "I50.22", "N18.4", "J44.9", "I48.0"])
    assert len(five.hccs) == 5 and "D5" in {c.variable for c in five.contributions}
    assert five.raw == (CMS["F70_74"] + CMS["HCC37"] + CMS["HCC226"] + CMS["HCC327"] + CMS["HCC280"] + CMS["HCC238"]
                        + CMS["DIABETES_HF"] + CMS["HF_KIDNEY"] + CMS["HF_CHR_LUNG"] + CMS["HF_HCC238"] + CMS["D5"])
    # adding E11.9 adds HCC 38, which the hierarchy drops: no sixth HCC, same score
    assert ra.score("F", 72, ["E11.22", "E11.9", "I50.22", "N18.4", "J44.9", "I48.0"]).raw == five.raw


def test_adjusted_divides_then_cuts():
    assert ra.adjusted("1.733", "1.2", "0.059") == (D("1.444") * D("0.941")).quantize(D("0.001"))
    for bad in (("1", "0", "0.059"), ("1", "1.1", "1.2"), ("-1", "1", "0"), ("1", 1.1, "0"), ("x", "1", "0")):
        with pytest.raises(InputError):
            ra.adjusted(*bad)


@pytest.mark.parametrize(("call", "kind"), [
    (lambda: ra.hccs_for("K35.80"), ra.OutsideSubsetError),   # a valid code outside the subset: refused, not "no HCC"
    (lambda: ra.hccs_for("E11"), InputError),                 # not billable
    (lambda: ra.hccs_for("XYZ"), InputError),
    (lambda: ra.hccs_for(37), InputError),
    (lambda: ra.score("F", 50, ["E11.9"]), ra.OutsideSubsetError),
    (lambda: ra.score("X", 70, []), InputError),
    (lambda: ra.score("F", "70", []), InputError),
    (lambda: ra.score("F", 70, "E11.9"), InputError),
    (lambda: ra.apply_hierarchies([85]), ra.OutsideSubsetError),
    (lambda: ra.apply_hierarchies(["HCCx"]), InputError),
    (lambda: ra.factor("HCC85"), ra.OutsideSubsetError),
])
def test_bad_input_gets_a_clear_error(call, kind):
    with pytest.raises(kind) as err:
        call()
    assert isinstance(err.value, RevcycleError) and len(str(err.value)) > 20


HCCS = st.sets(st.sampled_from(ra.known_hccs()), max_size=8)
CODES = st.lists(st.sampled_from(ra.known_codes()), max_size=8)


@settings(max_examples=60, deadline=None)
@given(HCCS)
def test_hierarchies_are_idempotent_and_only_drop(hccs):
    once = ra.apply_hierarchies(hccs)
    assert ra.apply_hierarchies(once) == once and once <= hccs
    assert bool(once) == bool(hccs)


@settings(max_examples=60, deadline=None)
@given(CODES, st.sampled_from(["F", "M"]), st.integers(65, 110))
def test_a_score_is_never_negative_and_adds_its_lines(codes, sex, age):
    s = ra.score(sex, age, codes)
    assert s.raw > 0 and s.raw == sum(c.factor for c in s.contributions)
    assert s.hccs == ra.apply_hierarchies(s.hccs_before)


@settings(max_examples=60, deadline=None)
@given(CODES, st.sampled_from(ra.known_codes(mapped=True)))
def test_adding_a_non_dominated_hcc_never_lowers_the_score(codes, extra):
    before = ra.score("F", 75, codes)
    after = ra.score("F", 75, [*codes, extra])
    if not any(h not in ra.apply_hierarchies(after.hccs_before) for h in ra.hccs_for(extra)):
        assert after.raw >= before.raw


# ------------------------------------------------------------------------------------------------------------ MEAT
NOTE = {
    "E11.22": {"evaluate": "eGFR 41, A1c 7.6", "treat": "metformin dose reduced"},
    "I50.22": {"assess": "euvolemic, stable", "treat": "carvedilol continued"},
    "J44.9": {},
    "F32.9": {"monitor": "  "},
}


def test_meat_finds_the_supported_conditions():
    findings = {f.code: f for f in meat.check(NOTE)}
    assert findings["E11.22"].elements == ("evaluate", "treat") and findings["E11.22"].supported
    assert not findings["J44.9"].supported and not findings["F32.9"].supported  # blank text is no evidence
    assert meat.supported_codes(NOTE) == ["E11.22", "I50.22"]
    assert meat.supported_codes(NOTE, minimum=2) == ["E11.22", "I50.22"]
    assert meat.supported_codes({"I10": {"treat": "lisinopril"}}, minimum=2) == []


@pytest.mark.parametrize("bad", [{}, {"E11.22": "treated"}, {"E11.22": {"plan": "x"}}, {"E1": {"treat": "x"}},
                                 {"E11.22": {"treat": 5}}, []])
def test_meat_refuses_what_it_cannot_read(bad):
    with pytest.raises(InputError):
        meat.check(bad)
    with pytest.raises(InputError):
        meat.check(NOTE, minimum=5)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(list(meat.ELEMENTS)), st.text(max_size=5), max_size=4),
       st.integers(1, 4))
def test_meat_support_is_a_count_of_non_blank_elements(evidence, minimum):
    finding = meat.check({"E11.9": evidence}, minimum=minimum)[0]
    present = sum(1 for text in evidence.values() if text.strip())
    assert finding.supported == (present >= minimum) and len(finding.elements) == present
