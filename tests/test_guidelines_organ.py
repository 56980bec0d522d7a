"""The organ-system guideline engines (revcycle.coding.guidelines: circulatory, respiratory, skin, kidney).

Each expected code here is checked against what its title in the shipped code set says, not against the engine's own
tables; property tests draw every documented fact pattern the engines accept and check that every answer is billable
in FY 2026 and FY 2027, agrees with the facts by its title, and passes dx_review with no error or warning.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revcycle.codes import icd10cm
from revcycle.coding.dx_review import review
from revcycle.coding.guidelines import circulatory, kidney, organ_cases, respiratory, skin
from revcycle.core.errors import InputError, RevcycleError, RuleError

FY26, FY27 = "2025-10-01", "2026-10-01"
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def title(code: str) -> str:
    return icd10cm.title(code, on=FY27)


def clean(codes: tuple[str, ...] | list[str]) -> None:
    """Billable in both years, listed once, and no error or warning from the tabular notes."""
    assert len(set(codes)) == len(codes), codes
    for code in codes:
        assert icd10cm.is_billable(code, on=FY26) and icd10cm.is_billable(code, on=FY27), code
    bad = [f for f in review(list(codes), on=FY27) if f.severity in ("error", "warning")]
    assert not bad, (codes, [f.message for f in bad])


# ------------------------------------------------------------------------------------------- circulatory

def test_combination_codes_say_what_is_documented():
    for (hf, heart, ckd), (code, section) in circulatory.COMBINATIONS.items():
        t = title(code).lower()
        if code == "I10":
            assert "essential" in t
            continue
        assert ("heart" in t) == (hf or heart), code
        assert ("with heart failure" in t) == hf, code
        assert ("without heart failure" in t) == (heart and not hf), code
        assert ("kidney" in t) == (ckd is not None), code
        if ckd == "5":
            assert "stage 5" in t and "end stage renal disease" in t
        if ckd == "1-4":
            assert "stage 1 through stage 4" in t
        assert section.startswith("I.C.9.a")


def test_the_worked_example_hypertensive_heart_and_ckd_5_on_dialysis():
    hf = circulatory.heart_failure_code("diastolic", "acute on chronic", on=FY27)
    assert title(hf) == "Acute on chronic diastolic (congestive) heart failure"
    result = circulatory.hypertension(hf, 5, esrd=True, dialysis=True, on=FY27)
    assert result.codes == ("I13.2", hf, "N18.6", "Z99.2")
    assert "with heart failure and with stage 5" in title("I13.2")
    clean(result.codes)


def test_the_presumption_and_its_exceptions():
    assert circulatory.hypertension(on=FY27).codes == ("I10",)
    assert circulatory.hypertension("I50.22", on=FY27).codes == ("I11.0", "I50.22")
    assert circulatory.hypertension(ckd_stage="3b", on=FY27).codes == ("I12.9", "N18.32")
    assert circulatory.hypertension(ckd_stage=5, on=FY27).codes == ("I12.0", "N18.5")
    # unrelated by the provider's word: no combination code
    assert circulatory.hypertension("I50.22", 4, unrelated=True, on=FY27).codes == ("I10", "I50.22", "N18.4")
    # cardiomegaly due to hypertension: I51.7's Excludes1 sends it to I11, so it is not coded again
    assert circulatory.hypertension(heart_condition="I51.7", on=FY27).codes == ("I11.9",)
    assert circulatory.hypertension(heart_condition="I51.7", ckd_stage=2, on=FY27).codes == ("I13.10", "N18.2")
    crisis = circulatory.hypertension("I50.21", crisis="emergency", on=FY27)
    assert crisis.codes == ("I11.0", "I50.21", "I16.1") and title("I16.1") == "Hypertensive emergency"


def test_the_linked_heart_conditions_are_read_from_i11():
    linked = circulatory.linked_heart_conditions(FY27)
    assert {"I51.4", "I51.5", "I51.7", "I51.89", "I51.9", "I50.9", "I50.33"} <= set(linked)
    assert not {"I51.0", "I51.1", "I51.2", "I51.3", "I51.81"} & set(linked)


HF_KINDS = st.sampled_from([*circulatory.HF_TYPES, "unspecified"])
STAGES = st.sampled_from([1, 2, "3", "3a", "3b", 4, 5, "ESRD", "unspecified"])


@SLOW
@given(kind=HF_KINDS, acuity=st.sampled_from(list(circulatory.HF_ACUITY)), has_hf=st.booleans(),
       stage=st.none() | STAGES, esrd=st.booleans(), other=st.none() | st.sampled_from(["I51.4", "I51.5", "I51.7",
                                                                                       "I51.89", "I51.9"]),
       crisis=st.none() | st.sampled_from(list(circulatory.CRISIS)), dialysis=st.booleans())
def test_every_hypertension_answer_is_billable_consistent_and_clean(kind, acuity, has_hf, stage, esrd, other, crisis,
                                                                    dialysis):
    hf = circulatory.heart_failure_code(kind, acuity, on=FY27) if has_hf else None
    if hf is not None:
        words = title(hf).lower()
        assert kind in words or (kind == "unspecified" and hf == "I50.9")
        if kind != "unspecified" and acuity != "unspecified":
            assert words.startswith(acuity)
    has_ckd = stage is not None or esrd
    dialysis = dialysis and has_ckd
    result = circulatory.hypertension(hf, stage, other, esrd=esrd, dialysis=dialysis, crisis=crisis, on=FY27)
    first = title(result.codes[0]).lower()
    assert ("with heart failure" in first) == (hf is not None)
    assert ("kidney" in first) == has_ckd
    late = esrd or str(stage).lower() in ("5", "esrd")
    if has_ckd:
        assert ("stage 5" in first) == late
        assert [c for c in result.codes if c.startswith("N18")] == (["N18.6"] if esrd or stage == "ESRD" else
                                                                    [kidney.STAGES[kidney.stage_of(stage)]])
    assert ("Z99.2" in result.codes) == dialysis
    clean(result.codes)


@pytest.mark.parametrize(("kind", "days", "earlier", "expected"), [
    ("STEMI", 3, None, ("I21.3",)),
    ("NSTEMI", 28, None, ("I21.4",)),                 # four weeks is still acute
    ("NSTEMI", 29, None, ("I25.2",)),
    ("type 2", 2, None, ("I21.A1",)),
    ("NSTEMI", 2, ("STEMI", 20), ("I22.2", "I21.3")),  # a new type 1 MI within four weeks of another
    ("STEMI", 2, ("unspecified", 10), ("I22.9", "I21.9")),
    ("type 2", 2, ("NSTEMI", 10), ("I21.A1", "I21.4")),  # type 2 never takes I22
    ("NSTEMI", 2, ("type 2", 10), ("I21.4", "I21.A1")),
    ("NSTEMI", 2, ("STEMI", 60), ("I21.4", "I25.2")),
])
def test_myocardial_infarction_by_timing(kind, days, earlier, expected):
    result = circulatory.myocardial_infarction(kind, days, earlier=earlier, on=FY27)
    assert result.codes == expected
    for code in expected:
        t = title(code)
        assert {"I21.3": "ST elevation", "I21.4": "Non-ST elevation", "I21.A1": "type 2", "I21.9": "Acute myocardial",
                "I22.2": "Subsequent non-ST", "I22.9": "Subsequent ST elevation", "I25.2": "Old myocardial"}[code] in t
    clean(result.codes)


def test_the_i22_rule_matches_the_tabular_excludes1():
    # I22's Excludes1 names type 2 (I21.A1) as a subsequent MI that is not I22: the engine's table agrees.
    notes = " ".join(n.text for n in icd10cm.describe("I22", on=FY27).excludes1)
    assert "I21.A1" in notes and circulatory.MI_KINDS["type 2"][1] is None


@pytest.mark.parametrize(("vessel", "angina", "words"), [
    ("native", "unstable", "native coronary artery with unstable angina"),
    ("native", None, "native coronary artery without angina"),
    ("native", "spasm", "documented spasm"),
    ("autologous vein graft", "refractory", "autologous vein coronary artery bypass graft(s) with refractory"),
    ("autologous artery graft", None, "bypass graft(s) without angina"),
])
def test_coronary_atherosclerosis_combination(vessel, angina, words):
    code = circulatory.coronary_atherosclerosis(vessel, angina, on=FY27)
    assert words in title(code)
    clean([code])


# ------------------------------------------------------------------------------------------- respiratory

def test_copd_with_pneumonia_and_exacerbation():
    result = respiratory.copd(exacerbation=True, infection="J13", on=FY27)
    assert result.codes == ("J44.0", "J44.1", "J13")
    assert "lower respiratory infection" in title("J44.0") and "exacerbation" in title("J44.1")
    clean(result.codes)
    assert respiratory.copd(on=FY27).codes == ("J44.9",)


def test_pneumonia_organism_needs_the_provider():
    for organism, code in respiratory.ORGANISMS.items():
        words = organism.replace("mssa", "methicillin susceptible").replace("mrsa", "methicillin resistant")
        words = words.replace("haemophilus", "hemophilus").replace(", unspecified", "")
        assert all(w in title(code).lower() for w in words.split()), (organism, code)
    assert respiratory.pneumonia("MRSA", on=FY27).codes == ("J15.212",)
    assert respiratory.pneumonia("MRSA", provider_documented=False, on=FY27).codes == ("J18.9",)
    assert respiratory.pneumonia(aspiration=True, on=FY27).codes == ("J69.0",)
    assert respiratory.pneumonia("pseudomonas", ventilator=True, on=FY27).codes == ("J95.851",)
    assert title("J95.851") == "Ventilator associated pneumonia"


@given(severity=st.sampled_from(list(respiratory.SEVERITY)), status=st.sampled_from(list(respiratory.STATUS)))
@SLOW
def test_asthma_by_severity_and_status(severity, status):
    code = respiratory.asthma(severity, status, on=FY27)
    t = title(code).lower()
    assert t.startswith(severity) and t.endswith(status.replace("exacerbation", "(acute) exacerbation"))
    clean([code])


def test_respiratory_failure():
    assert [respiratory.respiratory_failure(g, on=FY27) for g in ("hypoxia", "hypercapnia", "unspecified")] == \
        ["J96.01", "J96.02", "J96.00"]
    assert "with hypoxia" in title("J96.01")


# ------------------------------------------------------------------------------------------- skin

def test_the_stage_3_sacral_pressure_ulcer():
    code = skin.pressure_ulcer("sacral region", 3, on=FY27)
    assert code == "L89.153" and title(code) == "Pressure ulcer of sacral region, stage 3"


@SLOW
@given(data=st.data())
def test_every_pressure_ulcer_code_agrees_with_its_title(data):
    sites = skin.pressure_sites(FY27)
    site = data.draw(st.sampled_from(sorted(sites)))
    side = data.draw(st.sampled_from(["right", "left", "unspecified"])) if sites[site] else None
    stage = data.draw(st.sampled_from([1, 2, 3, 4, "unstageable", "deep tissue", "unspecified"]))
    try:
        code = skin.pressure_ulcer(site, stage, side, on=FY27)
    except RuleError:
        return  # a combination the code set lacks is refused, not guessed
    t = title(code).lower()
    assert code.startswith("L89") and site in t
    if side in ("right", "left"):
        assert side in t
    words = {"deep tissue": "deep tissue damage", "unspecified": "unspecified stage"}.get(str(stage), str(stage))
    assert words in t if not isinstance(stage, int) else f"stage {stage}" in t
    clean([code])


def test_an_ulcer_that_worsens_during_the_stay_takes_two_codes():
    result = skin.ulcer_during_stay("buttock", 2, 4, "right", on=FY27)
    assert result.codes == ("L89.312", "L89.314")
    assert skin.ulcer_during_stay("sacral region", 3, 3, on=FY27).codes == ("L89.153",)
    with pytest.raises(RuleError):
        skin.ulcer_during_stay("sacral region", 4, 2, on=FY27)
    with pytest.raises(RuleError, match="healed"):
        skin.pressure_ulcer("sacral region", "healed", on=FY27)


@SLOW
@given(data=st.data())
def test_every_chronic_ulcer_code_agrees_with_its_title(data):
    site = data.draw(st.sampled_from(skin.chronic_ulcer_sites(FY27)))
    side = data.draw(st.sampled_from(["right", "left", "unspecified"]))
    depth = data.draw(st.sampled_from(list(skin.DEPTHS)))
    code = skin.chronic_ulcer(site, side, depth, on=FY27)
    t = title(code)
    assert t.startswith("Non-pressure chronic ulcer") and t.endswith(skin.DEPTHS[depth])
    assert all(w in t for w in site.split())
    clean([code])


# ------------------------------------------------------------------------------------------- kidney

@pytest.mark.parametrize(("stage", "words"), [(1, "stage 1"), ("2", "stage 2"), ("3", "stage 3 unspecified"),
                                              ("3a", "stage 3a"), ("Stage 3B", "stage 3b"), ("IV", "stage 4"),
                                              (5, "stage 5"), ("ESRD", "End stage renal"),
                                              ("unspecified", "unspecified")])
def test_ckd_stage_to_n18(stage, words):
    assert words in title(kidney.ckd_code(stage, on=FY27))


def test_esrd_dialysis_and_transplant():
    assert kidney.kidney_codes(4, esrd=True, dialysis=True, on=FY27).codes == ("N18.6", "Z99.2")
    status = kidney.kidney_codes("3a", transplant=True, on=FY27)
    assert status.codes == ("N18.31", "Z94.0") and title("Z94.0") == "Kidney transplant status"
    failure = kidney.kidney_codes(4, transplant=True, complication="failure", on=FY27)
    assert failure.codes == ("T86.12", "N18.4") and title("T86.12") == "Kidney transplant failure"
    clean(status.codes)
    clean(failure.codes)


# ------------------------------------------------------------------------------------------- errors

@pytest.mark.parametrize("call", [
    lambda: kidney.ckd_code(6), lambda: kidney.ckd_code(True), lambda: kidney.ckd_code(None),
    lambda: circulatory.heart_failure_code("sideways"), lambda: circulatory.heart_failure_code("systolic", "soon"),
    lambda: circulatory.hypertension("I10"), lambda: circulatory.hypertension(heart_condition="I51.0"),
    lambda: circulatory.hypertension(dialysis=True), lambda: circulatory.hypertension(crisis="bad"),
    lambda: circulatory.myocardial_infarction("NSTEMI", -1), lambda: circulatory.myocardial_infarction("big", 1),
    lambda: circulatory.myocardial_infarction("NSTEMI", 10, earlier=("STEMI", 5)),
    lambda: respiratory.pneumonia("bacteria of the moon"), lambda: respiratory.asthma("mild"),
    lambda: respiratory.copd(infection="J44.1"), lambda: respiratory.copd(infection="J18"),
    lambda: skin.pressure_ulcer("nose", 2), lambda: skin.pressure_ulcer("heel", 2),
    lambda: skin.pressure_ulcer("sacral region", 2, "left"), lambda: skin.pressure_ulcer("heel", 5, "left"),
    lambda: skin.chronic_ulcer("heel and midfoot", "right", "deep"),
    lambda: kidney.kidney_codes(4, complication="failure"), lambda: kidney.kidney_codes(4, transplant=True,
                                                                                       complication="sad"),
])
def test_bad_input_gets_a_clear_error(call):
    with pytest.raises(RevcycleError) as err:
        call()
    assert isinstance(err.value, (InputError, RuleError)) and len(str(err.value)) > 20


# ------------------------------------------------------------------------------------------- seeded cases

def test_seeded_cases_are_reproducible_clean_and_cover_every_system():
    cases = organ_cases.seeded_cases(60, seed=7, on=FY27)
    assert [c.coded.codes for c in cases] == [c.coded.codes for c in organ_cases.seeded_cases(60, seed=7, on=FY27)]
    assert {c.system for c in cases} == set(organ_cases.SYSTEMS)
    rows = organ_cases.case_rows(cases, on=FY27)
    assert all(r["problems"] == 0 for r in rows), [r for r in rows if r["problems"]]
    for case in cases:
        clean(case.coded.codes)
    for bad in (0, 1001, True, "5"):
        with pytest.raises(InputError):
            organ_cases.seeded_cases(bad)  # type: ignore[arg-type]
