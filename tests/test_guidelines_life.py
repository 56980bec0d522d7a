"""The chapter 15-21 guideline engines (revcycle.coding.guidelines: obstetrics, burns, drugs, bmi) against the code
set's own titles and plain arithmetic.

Each expectation is derived independently of the engine: trimesters from the day count of the chapter 15 note,
extent codes from the ranges printed in the T31/T32 titles, Drug Table columns from the 5th/6th character the
tabular titles spell out, BMI bands from the numbers in the Z68 titles. Hypothesis drives the inputs, and bad input
must raise the library's own errors, never a traceback from deeper down.
"""

from __future__ import annotations

import contextlib
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle import icd10cm
from revcycle.coding.guidelines import bmi, burns, drugs, obstetrics
from revcycle.core.errors import DataError, InputError, RevcycleError, RuleError

FY26, FY27 = "2025-10-01", "2026-10-01"
FAST = settings(max_examples=60, deadline=None)


# ------------------------------------------------------------------------------------------------- obstetrics

@FAST
@given(st.integers(0, obstetrics.MAX_WEEKS), st.integers(0, 6))
def test_trimester_and_weeks_code_follow_the_day_count(weeks, days):
    total_days = weeks * 7 + days
    expected = 1 if total_days < 14 * 7 else 2 if total_days < 28 * 7 else 3
    g = obstetrics.gestation(weeks, days, on=FY27)
    assert g.trimester == expected
    title = icd10cm.title(g.z3a, on=FY27)
    if weeks < 8:
        assert title == "Less than 8 weeks gestation of pregnancy"
    elif weeks > 42:
        assert title == "Greater than 42 weeks gestation of pregnancy"
    else:
        assert title == f"{weeks} weeks gestation of pregnancy"
    assert icd10cm.is_billable(g.z3a, on=FY26) and icd10cm.is_billable(g.z3a, on=FY27)


@pytest.mark.parametrize(("weeks", "days", "trimester"), [(13, 6, 1), (14, 0, 2), (27, 6, 2), (28, 0, 3)])
def test_the_trimester_boundaries_of_the_chapter_15_note(weeks, days, trimester):
    assert obstetrics.trimester(weeks, days) == trimester


@pytest.mark.parametrize("stem", ["O13", "O10.01", "O24.11", "O09.51", "O99.21"])
@pytest.mark.parametrize("weeks", [6, 20, 34])
def test_with_trimester_picks_the_code_whose_title_names_it(stem, weeks):
    code = obstetrics.with_trimester(stem, weeks, on=FY27)
    words = {6: "first trimester", 20: "second trimester", 34: "third trimester"}[weeks]
    assert icd10cm.title(code, on=FY27).lower().endswith(words)
    assert code.startswith(stem) and icd10cm.is_billable(code, on=FY26)


def test_with_trimester_refuses_a_trimester_the_classification_lacks():
    with pytest.raises(RuleError, match="first trimester"):
        obstetrics.with_trimester("O14.0", 12)  # pre-eclampsia has no first-trimester code
    with pytest.raises(InputError):
        obstetrics.with_trimester("E11", 12)


@pytest.mark.parametrize(("live", "still", "words"), [
    (1, 0, "single live birth"), (0, 1, "single stillbirth"), (2, 0, "twins, both liveborn"),
    (1, 1, "twins, one liveborn and one stillborn"), (0, 2, "twins, both stillborn"), (3, 0, "triplets, all liveborn"),
    (2, 1, "triplets, some liveborn"), (4, 0, "quadruplets, all liveborn"), (0, 3, "all stillborn"),
    (7, 0, "other multiple births, all liveborn")])
def test_delivery_outcome_matches_the_z37_title(live, still, words):
    code = obstetrics.delivery_outcome(live, still)
    assert code.startswith("Z37") and words in icd10cm.title(code).lower()


def test_gestational_diabetes_takes_the_strongest_treatment_and_no_z79():
    coding = obstetrics.diabetes_in_pregnancy("gestational", ["diet", "insulin"], 30, 2, on=FY27)
    assert coding.codes == ("O24.414", "Z3A.30")
    assert "insulin controlled" in icd10cm.title("O24.414")
    oral = obstetrics.diabetes_in_pregnancy("gestational", ["diet", "oral"], 26, on=FY27).codes
    assert oral[0] == "O24.415" and not any(c.startswith("Z79") for c in oral)
    assert obstetrics.diabetes_in_pregnancy("gestational", [], 26).codes[0] == "O24.419"


def test_pre_existing_type_2_diabetes_codes_trimester_then_e11_then_drugs():
    codes = obstetrics.diabetes_in_pregnancy("type 2", ["insulin", "oral"], 22, on=FY27).codes
    assert codes == ("O24.112", "E11.9", "Z79.4", "Z79.84", "Z3A.22")
    assert icd10cm.title("O24.112").endswith("second trimester")
    with pytest.raises(RuleError):
        obstetrics.diabetes_in_pregnancy("type 2", ["insulin"], 22, diabetes_code="E10.9")


@pytest.mark.parametrize("bad", [(-1, 0), (45, 0), (30, 7), (30, -1), ("30", 0), (30.5, 0), (True, 0)])
def test_impossible_gestations_are_refused(bad):
    with pytest.raises(InputError):
        obstetrics.gestation(*bad)


# ------------------------------------------------------------------------------------------------- burns

def test_the_adult_rule_of_nines_adds_up_to_100():
    shares = burns.ADULT_SHARES
    assert sum(shares.values()) == 100
    assert shares["head and neck"] == shares["right arm"] == shares["left arm"] == 9
    assert shares["anterior trunk"] == shares["posterior trunk"] == shares["right leg"] == shares["left leg"] == 18
    assert shares["genitalia"] == 1


_EXTENT = re.compile(r"involving (?:less than 10%|(\d+)-(\d+)%|(\d+)% or more) of body surface"
                     r"(?: with (?:(\d+)% to (\d+)%|(\d+)-(\d+)%|(\d+)% or more) third degree)?")


def _range_of(title: str) -> tuple[tuple[int, int], tuple[int, int]]:
    m = _EXTENT.search(title)
    assert m, title
    total = (0, 9) if "less than 10%" in title else (int(m[1]), int(m[2])) if m[1] else (int(m[3]), 100)
    if m[4] is not None:
        third = (int(m[4]), int(m[5]))
    elif m[6] is not None:
        third = (int(m[6]), int(m[7]))
    elif m[8] is not None:
        third = (int(m[8]), 100)
    else:
        third = (0, 9)
    return total, third


@FAST
@given(st.dictionaries(st.sampled_from(sorted(burns.ADULT_SHARES)),
                       st.tuples(st.integers(1, 3), st.sampled_from(["0.25", "0.5", "1"])), min_size=1))
def test_extent_code_range_holds_the_rule_of_nines_sum(picked):
    items = [burns.Burn(region, degree, Decimal(part)) for region, (degree, part) in picked.items()]
    total = sum(burns.ADULT_SHARES[r] * Decimal(p) for r, (_d, p) in picked.items())
    third = sum(burns.ADULT_SHARES[r] * Decimal(p) for r, (d, p) in picked.items() if d == 3)
    ext = burns.extent(items, on=FY27)
    assert ext.total == total and ext.third_degree == third
    (lo, hi), (tlo, thi) = _range_of(icd10cm.title(ext.code, on=FY27))
    assert lo <= int(total) <= hi and tlo <= int(third) <= thi, (ext.code, total, third)
    assert ext.code.startswith("T31") and icd10cm.is_billable(ext.code, on=FY26)


def test_corrosions_take_t32_and_are_not_mixed_with_burns():
    ext = burns.extent([burns.Burn("right leg", 2, corrosion=True), burns.Burn("left leg", 3, corrosion=True)])
    assert ext.code == "T32.31" and "Corrosions involving 30-39%" in icd10cm.title(ext.code)
    with pytest.raises(RuleError):
        burns.extent([burns.Burn("right leg", 2, corrosion=True), burns.Burn("left leg", 3)])


def test_site_order_keeps_the_highest_degree_per_site_deepest_first():
    order = burns.site_order([burns.Burn("anterior trunk", 1), burns.Burn("right arm", 2),
                              burns.Burn("anterior trunk", 3), burns.Burn("left leg", 2)])
    assert [(b.region, b.degree) for b in order] == [("anterior trunk", 3), ("right arm", 2), ("left leg", 2)]


def test_child_shares_may_replace_the_adult_table():
    child = {"head and neck": 18, "right arm": 9, "left arm": 9, "anterior trunk": 18, "posterior trunk": 18,
             "right leg": 14, "left leg": 14}
    assert burns.extent([burns.Burn("head and neck", 2)], shares=child).code == "T31.10"
    with pytest.raises(InputError):
        burns.extent([burns.Burn("head and neck", 2)], shares={**child, "left leg": 20})


@pytest.mark.parametrize("call", [
    lambda: burns.extent_code(101), lambda: burns.extent_code(0), lambda: burns.extent_code(30, 31),
    lambda: burns.extent_code("lots"), lambda: burns.Burn("left arm", 4), lambda: burns.Burn("left arm", 2, "1.5"),
    lambda: burns.Burn("left arm", 2, 0.5), lambda: burns.extent([burns.Burn("tail", 2)]), lambda: burns.extent([]),
])
def test_impossible_burns_are_refused(call):
    with pytest.raises(InputError):
        call()


def test_a_sunburn_is_not_a_t_code_burn():
    with pytest.raises(RuleError, match="L55"):
        burns.Burn("sunburn of the back", 2)
    assert icd10cm.title("L55.1") == "Sunburn of second degree"


# ------------------------------------------------------------------------------------------------- drugs

KIND_WORDS = {"poisoning": "Poisoning by", "adverse effect": "Adverse effect of", "underdosing": "Underdosing of"}
INTENT_WORDS = {"accidental": "accidental (unintentional)", "intentional self-harm": "intentional self-harm",
                "assault": "assault", "undetermined": "undetermined"}


@pytest.mark.parametrize("substance", ["digoxin", "warfarin", "acetaminophen", "amoxicillin", "insulin"])
@pytest.mark.parametrize(("kind", "intent"), [("poisoning", None), ("poisoning", "intentional self-harm"),
                                              ("poisoning", "assault"), ("poisoning", "undetermined"),
                                              ("adverse effect", None), ("underdosing", None)])
def test_the_column_gives_the_character_the_title_spells(substance, kind, intent):
    found = drugs.drug_code(substance, kind, intent, on=FY27)
    title = icd10cm.title(found.code, on=FY27)
    assert title.startswith(KIND_WORDS[kind]) and title.endswith("initial encounter")
    sixth = {"adverse effect": "5", "underdosing": "6"}.get(kind) or str(
        drugs.INTENTS.index(intent or "accidental") + 1)
    assert found.code[-2] == sixth  # the character before the 7th
    if kind == "poisoning":
        assert INTENT_WORDS[intent or "accidental"] in title
    assert icd10cm.is_billable(found.code, on=FY26)


def test_an_unknown_intent_is_accidental_and_undetermined_must_be_said():
    assert drugs.column("poisoning") == drugs.column("poisoning", "unknown") == 0
    assert drugs.column("poisoning", "undetermined") == 3


def test_the_order_of_the_codes_by_kind():
    adverse = drugs.code_drug_event("digoxin", "adverse effect", ["R00.1"])
    poison = drugs.code_drug_event("digoxin", "poisoning", ["R00.1"])
    assert adverse.codes == ("R00.1", "T46.0X5A") and poison.codes == ("T46.0X1A", "R00.1")
    under = drugs.code_drug_event("warfarin", "underdosing", ["I82.401"],
                                  noncompliance="intentional, financial hardship")
    assert under.codes == ("I82.401", "T45.516A", "Z91.120")
    assert "financial hardship" in icd10cm.title("Z91.120")
    sequela = drugs.code_drug_event("digoxin", "adverse effect", ["R00.1"], encounter="D").codes
    assert sequela[-1] == "T46.0X5D"


@pytest.mark.parametrize(("call", "error"), [
    (lambda: drugs.code_drug_event("digoxin", "adverse effect"), RuleError),
    (lambda: drugs.code_drug_event("warfarin", "underdosing"), RuleError),
    (lambda: drugs.code_drug_event("digoxin", "poisoning", noncompliance="intentional, other reason"), RuleError),
    (lambda: drugs.code_drug_event("digoxin", "poisoning", ["T46.0X1A"]), InputError),
    (lambda: drugs.code_drug_event("digoxin", "poisoning", ["R00"]), RuleError),
    (lambda: drugs.drug_code("warfarin, rodenticide", "adverse effect"), RuleError),
    (lambda: drugs.drug_code("no such drug xyz", "poisoning"), DataError),
    (lambda: drugs.drug_code("digoxin", "overdose"), InputError),
    (lambda: drugs.drug_code("digoxin", "poisoning", "by accident"), InputError),
])
def test_drug_events_that_break_a_rule_are_refused(call, error):
    with pytest.raises(error):
        call()


# ------------------------------------------------------------------------------------------------- bmi

_BAND = re.compile(r"\[BMI\] (?:(\d+\.\d)-(\d+\.\d)|(\d+\.\d) or less|(\d+) or greater), adult$")


@FAST
@given(st.decimals(min_value=Decimal("12.0"), max_value=Decimal("95.0"), places=1), st.sampled_from([FY26, FY27]))
def test_the_adult_code_title_holds_the_bmi(value, on):
    code = bmi.adult_code(value, on=on)
    m = _BAND.search(icd10cm.title(code, on=on))
    assert m, code
    low = Decimal(m[1]) if m[1] else Decimal(0) if m[3] else Decimal(m[4])
    high = Decimal(m[2]) if m[2] else Decimal(m[3]) if m[3] else Decimal(999)
    assert low <= value <= high, (value, code)
    assert icd10cm.is_billable(code, on=on)


def test_fy2027_splits_the_lowest_adult_band():
    assert bmi.adult_code("17.9", on=FY26) == bmi.adult_code("19.0", on=FY26) == "Z68.1"
    assert bmi.adult_code("17.9", on=FY27) == "Z68.18" and bmi.adult_code("19.0", on=FY27) == "Z68.19"


@pytest.mark.parametrize(("percentile", "of95", "code"), [
    ("3", None, "Z68.51"), ("50", None, "Z68.52"), ("90", None, "Z68.53"), ("96", "110", "Z68.54"),
    ("98", "130", "Z68.55"), ("99", "150", "Z68.56")])
def test_pediatric_percentiles(percentile, of95, code):
    assert bmi.pediatric_code(percentile, of95) == code
    assert "pediatric" in icd10cm.title(code)


def test_a_bmi_needs_the_provider_s_diagnosis_and_the_right_age():
    assert bmi.bmi_codes(45, "E66.811", bmi="33.4").codes == ("E66.811", "Z68.33")
    assert bmi.bmi_codes(19, "E66.9", percentile="97", percent_of_95th="125").codes == ("E66.9", "Z68.55")
    for call in (lambda: bmi.bmi_codes(45, None, bmi="33.4"), lambda: bmi.bmi_codes(45, "", bmi="33.4"),
                 lambda: bmi.bmi_codes(30, "E66.9", bmi="31", pregnant=True),
                 lambda: bmi.bmi_codes(1, "E66.9", percentile="97"),
                 lambda: bmi.bmi_codes(45, "Z68.33", bmi="33.4"), lambda: bmi.bmi_codes(45, "E66", bmi="33.4")):
        with pytest.raises(RuleError):
            call()
    for call in (lambda: bmi.bmi_codes(45, "E66.9"), lambda: bmi.bmi_codes(12, "E66.9", bmi="30"),
                 lambda: bmi.adult_code("-2"), lambda: bmi.adult_code("0"), lambda: bmi.adult_code(31.2),
                 lambda: bmi.pediatric_code("97"), lambda: bmi.pediatric_code("101")):
        with pytest.raises(InputError):
            call()


# ------------------------------------------------------------------------------------------------- bad input

@FAST
@given(st.one_of(st.text(max_size=8), st.floats(allow_nan=True), st.integers(-1000, 1000), st.none(),
                 st.booleans()))
def test_any_junk_raises_the_library_s_own_error(junk):
    calls = (lambda: obstetrics.gestation(junk), lambda: obstetrics.delivery_outcome(junk),
             lambda: burns.extent_code(junk), lambda: burns.Burn("left arm", 2, junk),
             lambda: bmi.adult_code(junk), lambda: bmi.pediatric_code(junk, junk),
             lambda: drugs.column(str(junk), str(junk)))
    for call in calls:
        with contextlib.suppress(RevcycleError):
            call()
