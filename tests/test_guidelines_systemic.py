"""The systemic-conditions engines (revcycle.coding.guidelines: infections, neoplasms, endocrine, substance, pain)
follow Sections I.C.1, I.C.2, I.C.4, I.C.5 and I.C.6 as the chapter teaches them.

Expected sequences are written out here from the guideline text, not copied from the engine; property tests draw
documented fact patterns and check what must always hold: every code billable on the date, no error from the
tabular-note review (dx_review), R65.21 right after the systemic infection whenever septic shock is documented.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle import icd10cm
from revcycle.coding.guidelines import endocrine, infections, neoplasms, pain, substance
from revcycle.core.errors import InputError, RevcycleError, RuleError

ON = "2026-12-01"  # FY 2027
DAYS = ("2025-10-01", "2026-10-01")


def _billable_everywhere(codes):
    for code in codes:
        for day in DAYS:
            assert icd10cm.is_billable(code, on=day), (code, day)


# --- infections ---------------------------------------------------------------------------------------------

def test_urosepsis_case_e_coli_uti_with_septic_shock():
    c = infections.sepsis("E. coli", localized="N39.0", shock=True, organ_dysfunction=["N17.9"], on=ON)
    assert c.codes == ["A41.51", "R65.21", "N39.0", "N17.9"]
    assert "Escherichia coli" in c.lines[0].title and not c.errors()


def test_sepsis_developing_after_admission_puts_the_localized_infection_first():
    c = infections.sepsis("E. coli", localized="N39.0", sepsis_poa=False, on=ON)
    assert c.codes == ["N39.0", "A41.51"]


def test_postprocedural_septic_shock_is_t81_12_not_r65_21():
    c = infections.sepsis(None, shock=True, after_procedure=True, on=ON)
    assert c.codes == ["T81.44XA", "A41.9", "T81.12XA"] and "R65.21" not in c.codes
    assert not c.errors()


def test_sirs_of_non_infectious_origin():
    assert infections.sirs("K85.90", organ_dysfunction=["N17.9"], on=ON).codes == ["K85.90", "R65.11", "N17.9"]
    assert infections.sirs("K85.90", on=ON).codes == ["K85.90", "R65.10"]
    with pytest.raises(RuleError):
        infections.sirs("K85.90", infection=True)


@pytest.mark.parametrize("bad", [dict(severe=False, shock=True), dict(severe=False, organ_dysfunction=["N17.9"]),
                                 dict(organ_dysfunction="N17.9")])
def test_contradictory_sepsis_documentation_is_refused(bad):
    with pytest.raises(InputError):
        infections.sepsis("E. coli", **bad)


def test_vague_words_are_not_codes():
    with pytest.raises(RuleError, match="(?i)query"):
        infections.vague_term("Urosepsis")
    with pytest.raises(RuleError):
        infections.sepsis("urosepsis")
    with pytest.raises(InputError):
        infections.sepsis("a bug nobody named")


def test_hiv_status_and_sequencing():
    assert infections.hiv("disease", related=["B59"], on=ON).codes == ["B20", "B59"]
    assert infections.hiv("asymptomatic", reason="S82.201A", on=ON).codes == ["S82.201A", "Z21"]
    assert infections.hiv("inconclusive", on=ON).codes == ["R75"]
    assert infections.hiv("disease", pregnancy="O98.72", on=ON).codes[:2] == ["O98.72", "B20"]
    for uncertain in ("suspected", "possible HIV", "probable"):
        with pytest.raises(RuleError, match="confirmed"):
            infections.hiv(uncertain)
    with pytest.raises(InputError):
        infections.hiv("asymptomatic", ever_related=True)  # once B20, always B20


def test_covid():
    assert infections.covid("confirmed", manifestations=["J12.82"], on=ON).codes == ["U07.1", "J12.82"]
    assert infections.covid("exposure", on=ON).codes == ["Z20.822"]
    assert infections.covid("history", on=ON).codes == ["Z86.16"]
    assert infections.covid("post-covid", manifestations=["J84.10"], on=ON).codes == ["J84.10", "U09.9"]
    assert infections.sepsis("COVID-19", on=ON).codes == ["A41.89", "U07.1"]
    # sepsis not present on admission: COVID-19 was the reason for admission and leads (CDC/AHA COVID-19 FAQ)
    assert infections.sepsis("COVID-19", localized="J12.82", sepsis_poa=False, on=ON).codes == [
        "U07.1", "A41.89", "J12.82"]


def test_postprocedural_sepsis_puts_a_known_infection_site_first():
    c = infections.sepsis("E. coli", localized="T81.42XA", after_procedure=True, on=ON)
    assert c.codes == ["T81.42XA", "T81.44XA", "A41.51"]  # I.C.1.d.5.b: site, then T81.44, then the sepsis
    assert infections.sepsis(None, localized="N39.0", after_procedure=True, on=ON).codes == [
        "T81.44XA", "A41.9", "N39.0"]
    with pytest.raises(RuleError):
        infections.covid("suspected")


ORGANISMS = st.sampled_from([None, *infections.ORGANISMS])
LOCAL = st.sampled_from([None, "N39.0", "J18.9", "L03.115", "T81.43XA"])
DYSFUNCTION = st.lists(st.sampled_from(["N17.9", "J96.01", "J96.00"]), unique=True, max_size=2)


@settings(max_examples=60, deadline=None)
@given(ORGANISMS, LOCAL, DYSFUNCTION, st.booleans(), st.booleans(), st.booleans())
def test_sepsis_sequences_always_pass_review(organism, local, dysfunction, shock, poa, procedure):
    if local == "T81.43XA" and not procedure:  # a postprocedural infection site says the sepsis followed a procedure
        with pytest.raises(InputError, match="after_procedure"):
            infections.sepsis(organism, localized=local, sepsis_poa=poa, on=ON)
        return
    c = infections.sepsis(organism, localized=local, organ_dysfunction=dysfunction, shock=shock, sepsis_poa=poa,
                          after_procedure=procedure, on=ON)
    assert not c.errors(), (c.codes, c.errors())
    _billable_everywhere(c.codes)
    systemic = infections.ORGANISMS["unspecified" if organism is None else organism]
    assert systemic in c.codes
    first = c.codes[0]
    assert not first.startswith("R65")  # never first
    if shock and not procedure:  # septic shock: R65.21 right after the systemic infection (and U07.1 for COVID)
        after = c.codes.index(systemic) + (2 if organism == "covid-19" and (poa or procedure) else 1)
        assert c.codes[after] == "R65.21"
    if shock and procedure:
        assert "T81.12XA" in c.codes and "R65.21" not in c.codes
    if dysfunction and not shock:
        assert "R65.20" in c.codes


# --- neoplasms ----------------------------------------------------------------------------------------------

def test_the_neoplasm_table_and_laterality():
    assert neoplasms.table_code("lung, upper lobe", "primary", "right", on=ON) == "C34.11"
    assert neoplasms.table_code("brain", "secondary", on=ON) == "C79.31"
    assert neoplasms.table_code("lung", "secondary", "left", on=ON) == "C78.02"
    with pytest.raises(InputError):
        neoplasms.table_code("breast", "primary", "right", on=ON)  # the side alone does not finish C50.9-
    with pytest.raises(InputError):
        neoplasms.table_code("no such organ", on=ON)


def test_chemotherapy_encounter_for_lung_cancer_with_brain_metastasis():
    c = neoplasms.encounter(("lung, upper lobe", "right"), secondary=["brain"], reason="chemotherapy", on=ON)
    assert c.codes == ["Z51.11", "C34.11", "C79.31"] and not c.errors()


@pytest.mark.parametrize(("reason", "expected"), [
    ("primary", ["C34.11", "C79.31"]), ("secondary", ["C79.31", "C34.11"]),
    ("immunotherapy", ["Z51.12", "C34.11", "C79.31"]), ("radiation", ["Z51.0", "C34.11", "C79.31"]),
    ("anemia", ["C34.11", "C79.31", "D63.0"]), ("chemo-anemia", ["D64.81", "C34.11", "C79.31", "T45.1X5A"]),
    ("dehydration", ["E86.0", "C34.11", "C79.31"]), ("pain", ["G89.3", "C34.11", "C79.31"]),
])
def test_cancer_encounter_sequences(reason, expected):
    c = neoplasms.encounter("C34.11", secondary=["C79.31"], reason=reason, on=ON)
    assert c.codes == expected and not c.errors()


def test_history_of_primary():
    c = neoplasms.encounter("C34.11", secondary=["C79.51"], primary_status="history", reason="radiation", on=ON)
    assert c.codes == ["Z51.0", "C79.51", "Z85.118"]
    with pytest.raises(RuleError):
        neoplasms.encounter("C34.11", primary_status="history", reason="primary")
    with pytest.raises(InputError):
        neoplasms.encounter("C79.31")  # a secondary is not a primary


# --- endocrine ----------------------------------------------------------------------------------------------

def test_type_2_with_ckd_3a_on_insulin():
    c = endocrine.diabetes("2", ["ckd"], ckd_stage="3a", insulin=True, on=ON)
    assert c.codes == ["E11.22", "N18.31", "Z79.4"] and not c.errors()


def test_diabetes_rules():
    assert endocrine.diabetes(None, ["poorly controlled"], on=ON).codes == ["E11.65"]  # default type 2
    assert endocrine.diabetes("2", [], insulin=True, oral=True, on=ON).codes == ["E11.9", "Z79.4", "Z79.84"]
    assert endocrine.diabetes("2", [], oral=True, injectable=True, on=ON).codes == ["E11.9", "Z79.84", "Z79.85"]
    assert endocrine.diabetes("2", [], temporary_insulin=True, on=ON).codes == ["E11.9"]
    assert endocrine.diabetes("1", ["retinopathy"], insulin=True, on=ON).codes == ["E10.319"]
    assert endocrine.diabetes("2", ["polyneuropathy", "ckd"], ckd_stage="4", on=ON).codes == [
        "E11.42", "E11.22", "N18.4"]
    assert endocrine.diabetes("underlying", [], underlying="E84.9", on=ON).codes == ["E84.9", "E08.9"]
    assert endocrine.diabetes("drug", [], drug_effect="T38.0X5A", on=ON).codes == ["E09.9", "T38.0X5A"]
    with pytest.raises(RuleError):
        endocrine.diabetes("gestational")
    with pytest.raises(RuleError):
        endocrine.diabetes("2", ["uncontrolled"])
    for bad in (dict(complications=["ckd"]), dict(ckd_stage="3a"), dict(insulin=True, temporary_insulin=True)):
        with pytest.raises(InputError):
            endocrine.diabetes("2", **bad)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["1", "2", None, "other"]),
       st.lists(st.sampled_from(["ckd", "retinopathy", "polyneuropathy", "peripheral angiopathy", "nephropathy",
                                 "hyperglycemia"]), unique=True, max_size=3),
       st.sampled_from(sorted(endocrine.CKD_STAGES)), st.booleans(), st.booleans(), st.booleans())
def test_diabetes_codes_always_pass_review(dm_type, comps, stage, insulin, oral, injectable):
    c = endocrine.diabetes(dm_type, comps, ckd_stage=stage if "ckd" in comps else None, insulin=insulin, oral=oral,
                           injectable=injectable, on=ON)
    assert not c.errors(), (c.codes, c.errors())
    _billable_everywhere(c.codes)
    assert ("Z79.4" in c.codes) == (insulin and dm_type != "1")
    assert c.codes[0][:3] == {"1": "E10", "2": "E11", None: "E11", "other": "E13"}[dm_type]


# --- substance ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("documented", "remission", "expected"), [
    (["use", "abuse"], False, "F10.10"), (["abuse", "dependence"], False, "F10.20"),
    (["use", "abuse", "dependence"], False, "F10.20"), (["use", "dependence"], True, "F10.21"),
    (["abuse"], True, "F10.11"),
])
def test_one_code_the_highest(documented, remission, expected):
    assert substance.substance("alcohol", documented, remission=remission, on=ON).codes == [expected]


def test_use_alone_needs_a_linked_condition():
    with pytest.raises(RuleError):
        substance.substance("cannabis", ["use"])
    assert substance.substance("cannabis", ["use"], linked_condition=True, on=ON).codes == ["F12.90"]
    with pytest.raises(InputError):
        substance.substance("nicotine", ["dependence"])


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(substance.SUBSTANCES)),
       st.sets(st.sampled_from(["use", "abuse", "dependence"]), min_size=1), st.booleans())
def test_substance_codes_exist_and_follow_the_hierarchy(name, documented, remission):
    c = substance.substance(name, documented, remission=remission, linked_condition=True, on=ON)
    (code,) = c.codes
    _billable_everywhere([code])
    top = "dependence" if "dependence" in documented else "abuse" if "abuse" in documented else "use"
    assert top in icd10cm.title(code).lower()
    assert ("in remission" in icd10cm.title(code).lower()) == remission


# --- pain and hemiplegia ------------------------------------------------------------------------------------

def test_g89_first_only_for_pain_control():
    assert pain.pain("chronic", reason="pain control", site="M54.50", on=ON).codes == ["G89.29", "M54.50"]
    assert pain.pain("chronic", site="M54.50", on=ON).codes == ["M54.50", "G89.29"]
    assert pain.pain("acute", "post-thoracotomy", reason="pain control", on=ON).codes == ["G89.12"]
    assert pain.pain(None, "neoplasm", reason="pain control", definitive="C34.11", on=ON).codes == ["G89.3",
                                                                                                      "C34.11"]
    assert pain.pain(None, "neoplasm", reason="underlying", definitive="C34.11", on=ON).codes == ["C34.11", "G89.3"]
    assert pain.pain("chronic", reason="underlying", definitive="M48.061", on=ON).codes == ["M48.061"]
    assert pain.pain("chronic", site="M54.50", psychological="related", on=ON).codes == ["M54.50", "G89.29",
                                                                                         "F45.42"]
    assert pain.pain("chronic", psychological="exclusive", on=ON).codes == ["F45.41"]
    with pytest.raises(RuleError):
        pain.pain("acute", "postprocedural", routine_postop=True)
    with pytest.raises(RuleError):
        pain.pain(None, "other", reason="pain control", site="M54.50")


@pytest.mark.parametrize(("side", "hand", "code"), [
    ("right", None, "G81.91"), ("left", None, "G81.94"), ("left", "left-handed", "G81.92"),
    ("right", "left-handed", "G81.93"), ("left", "ambidextrous", "G81.92"), ("right", "ambidextrous", "G81.91"),
])
def test_dominant_side_defaults(side, hand, code):
    c = pain.hemiplegia(side, hand, on=ON)
    assert c.codes == [code]
    dom = "nondominant" not in icd10cm.title(code).lower()
    assert dom == pain.dominant(side, hand)
    assert f"{side} " in icd10cm.title(code).lower()


def test_errors_are_revcycle_errors_with_words():
    for call in (lambda: pain.pain("sharp"), lambda: pain.hemiplegia("up"), lambda: substance.substance("tea", ["use"]),
                 lambda: neoplasms.encounter("C34.11", reason="lunch"), lambda: endocrine.diabetes("7")):
        with pytest.raises(RevcycleError) as err:
            call()
        assert len(str(err.value).split()) >= 4
