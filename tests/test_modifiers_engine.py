"""revcycle.coding.modifiers: the modifier decision procedure chooses what the rules say, in claim order, refuses bad
answers with a message, finds conflicts, and prices through revcycle.payment.surgery (checked here by plain
arithmetic on the fee schedule amount, not by calling the surgery engine)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revcycle.codes import cpt, hcpcs
from revcycle.coding import modifiers as M
from revcycle.core.errors import InputError, RevcycleError
from revcycle.payment import fees
from tests.chapter_checks import cents


def in_a_code_set(m: str) -> bool:
    """Independent of M.exists: the book's CPT summaries or the CMS HCPCS modifier file."""
    if m in cpt.MODIFIERS:
        return True
    try:
        return hcpcs.modifier(m).terminated is None
    except RevcycleError:
        return False


# ------------------------------------------------------------------------------------------ every code exists

def every_modifier_the_module_names() -> set[str]:
    named = set(M.PRICING_FIRST) | set(M.ANATOMIC_SITES) | set(M.SURGERY_PRICED)
    named |= {k for k in M.SOURCES if len(k) == 2}
    for group, _message in M._PAIRS + M._ONE_OF:
        named |= group
    for group, _kinds, _message in M._ONLY_ON:
        named |= group
    for mods in M._FIELD_MODS.values():
        named |= mods
    return named


def test_every_modifier_the_engine_names_is_in_cpt_modifiers_or_the_hcpcs_file():
    missing = sorted(m for m in every_modifier_the_module_names() if not in_a_code_set(m))
    assert not missing, missing
    assert {"73", "74", "93"} <= set(cpt.MODIFIERS)  # the CPT modifiers this chapter added summaries for
    assert all("(Project summary.)" in cpt.MODIFIERS[m] for m in ("73", "74", "93"))


def facts_strategy() -> st.SearchStrategy[M.LineFacts]:
    answers = {name: st.sampled_from([v for v, _label in q.options]) for name, q in M._BY_FIELD.items()}
    codes = st.sampled_from(["", "27447", "64721", "71046", "20610", "47562", "99213", "J0696", "XX"])
    return st.builds(M.LineFacts, code=codes, **answers)


@settings(max_examples=300, deadline=None)
@given(facts_strategy())
def test_any_answers_give_existing_modifiers_in_order_and_never_a_traceback(facts):
    d = M.decide(facts)
    assert all(in_a_code_set(m) for m in d.modifiers)
    assert len(set(d.modifiers)) == len(d.modifiers)
    pricing = [c.pricing for c in d.chosen]
    assert pricing == sorted(pricing, reverse=True), d.modifiers  # pricing modifiers come first
    assert list(d.conflicts) == M.conflicts(d.modifiers, facts.kind)
    if facts.kind == "em":
        assert not set(d.modifiers) & {"59", "XE", "XS", "XP", "XU", "50", "LT", "RT"}
    if not d.billable:
        assert d.modifiers == () and d.pricing is None
    assert [s.field for s in d.steps] == [q.field for q in M.questions(facts)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=4), max_size=6), st.sampled_from([None, *M.KINDS]))
def test_conflicts_reads_any_list_without_a_traceback(mods, kind):
    for c in M.conflicts(mods, kind):
        assert c.message and c.modifiers


# ------------------------------------------------------------------------------------------ the rules

def test_same_day_visit_25_and_57_follow_medicare_policy():
    assert M.decide(kind="em", same_day_procedure=True, separate_em=True).modifiers == ("25",)
    major = M.decide(kind="em", same_day_procedure=True, decision_for_surgery=True, major_surgery=True)
    assert major.modifiers == ("57",)
    minor = M.decide(kind="em", same_day_procedure=True, decision_for_surgery=True)
    assert minor.modifiers == () and not minor.billable and "Medicare payment policy" in minor.notes[0]
    other_payer = M.decide(kind="em", same_day_procedure=True, decision_for_surgery=True, medicare=False)
    assert other_payer.modifiers == ("57",)
    assert M.decide(kind="em", same_day_procedure=True).billable is False
    assert M.decide(kind="em", postop="related_visit").billable is False
    assert M.decide(kind="em", postop="unrelated_visit").modifiers == ("24",)


def test_global_period_split_care_and_roles():
    assert M.decide(postop="staged").modifiers == ("58",)
    assert M.decide(postop="return_to_or").modifiers == ("78",)
    assert M.decide(postop="unrelated_procedure").modifiers == ("79",)
    assert [M.decide(split_care=s).modifiers for s in ("surgical_only", "postop_only", "preop_only")] == \
        [("54",), ("55",), ("56",)]
    roles = {"assistant": "80", "minimum_assistant": "81", "no_resident": "82", "npp_assistant": "AS",
             "co_surgeon": "62", "team": "66"}
    for role, mod in roles.items():
        assert M.decide(role=role).modifiers == (mod,)


def test_sides_sites_distinct_services_and_effort():
    assert M.decide(side="left").modifiers == ("LT",)
    assert M.decide(side="both").modifiers == ("50",)
    assert M.decide(site="F2").modifiers == ("F2",)
    assert M.decide(site="LD", side="left").modifiers == ("LD",)  # the side question is not asked with a site
    assert {d: M.decide(distinct=d).modifiers for d in ("encounter", "structure", "practitioner", "unusual", "other")} \
        == {"encounter": ("XE",), "structure": ("XS",), "practitioner": ("XP",), "unusual": ("XU",), "other": ("59",)}
    assert M.decide(effort="increased").modifiers == ("22",)
    assert M.decide(effort="reduced").modifiers == ("52",)
    assert M.decide(effort="discontinued").modifiers == ("53",)
    assert M.decide(effort="discontinued", claim="facility").modifiers == ("73",)
    assert M.decide(effort="discontinued", claim="facility", after_anesthesia=True).modifiers == ("74",)
    assert M.decide(kind="test", component="professional").modifiers == ("26",)
    assert M.decide(kind="test", component="technical").modifiers == ("TC",)


def test_repeats_telehealth_drugs_anesthesia_quality_kx_and_liability():
    assert M.decide(repeat="same_clinician").modifiers == ("76",)
    assert M.decide(repeat="other_clinician").modifiers == ("77",)
    assert M.decide(kind="lab", repeat="lab_test").modifiers == ("91",)
    assert M.decide(kind="em", telehealth="audio_video").modifiers == ("95",)
    assert M.decide(kind="em", telehealth="audio_only", medicare=False).modifiers == ("93",)
    assert M.decide(kind="drug", drug="none_discarded").modifiers == ("JZ",)
    assert M.decide(kind="drug", drug="discarded_line").modifiers == ("JW",)
    assert M.decide(kind="drug", drug="multi_dose").modifiers == ()
    assert M.decide(kind="anesthesia", physical_status=3).modifiers == ("P3",)
    assert M.decide(kind="quality", measure_exception="patient").modifiers == ("2P",)
    assert M.decide(kind="therapy", requirements_met=True).modifiers == ("KX",)
    assert [M.decide(abn=a).modifiers for a in ("signed", "none", "excluded", "excluded_voluntary")] == \
        [("GA",), ("GZ",), ("GY",), ("GY", "GX")]
    assert M.decide(abn="signed", medicare=False).modifiers == ()  # ABN modifiers are Medicare's


def test_claim_order_puts_pricing_modifiers_first():
    d = M.decide(side="both", role="assistant", distinct="encounter", abn="signed", effort="increased")
    assert d.modifiers == ("22", "50", "80", "XE", "GA")
    assert M.order(["GA", "RT", "26"]) == ("26", "GA", "RT")


def test_answers_to_questions_that_do_not_apply_are_ignored_and_said():
    d = M.decide(kind="drug", drug="none_discarded", role="assistant")
    assert d.modifiers == ("JZ",)
    assert any("role" in n for n in d.notes)


# ------------------------------------------------------------------------------------------ conflicts

@pytest.mark.parametrize(("mods", "kind", "together"), [
    (["59", "XS"], "procedure", ("59", "XS")),
    (["50", "RT"], "procedure", ("50", "RT")),
    (["54", "56"], "procedure", ("54", "56")),
    (["LT", "RT"], "procedure", ("LT", "RT")),
    (["26", "TC"], "test", ("26", "TC")),
    (["JW", "JZ"], "drug", ("JW", "JZ")),
    (["GA", "GZ"], "procedure", ("GA", "GZ")),
    (["80", "62"], "procedure", ("62", "80")),
    (["78", "54"], "procedure", ("78", "54")),
    (["P1", "P3"], "anesthesia", ("P1", "P3")),
    (["25"], "procedure", ("25",)),
    (["59"], "em", ("59",)),
    (["XZ"], None, ("XZ",)),
])
def test_conflicts_are_found(mods, kind, together):
    found = M.conflicts(mods, kind)
    assert any(set(c.modifiers) == set(together) for c in found), found


def test_a_clean_line_has_no_conflicts():
    assert M.conflicts(["50", "80"], "procedure") == []
    assert M.conflicts(["25"], "em") == []
    assert M.conflicts(["GY", "GX"], "procedure") == []


# ------------------------------------------------------------------------------------------ pricing hint

def test_pricing_hint_is_the_surgery_engine_s_and_checks_by_hand():
    d = M.decide(code="27447", side="both", role="assistant", locality="10112-00")
    fee = fees.pfs_payment("27447", locality="10112-00", setting="facility").payment
    assert d.pricing is not None and d.pricing.fee_schedule == fee
    assert d.pricing.allowed == cents(fee * Decimal("1.5") * Decimal("0.16"))
    split = M.decide(code="64721", split_care="surgical_only", locality="10112-00")
    ind = fees.pfs_indicators("64721")
    fee = fees.pfs_payment("64721", locality="10112-00", setting="facility").payment
    assert split.pricing is not None and split.pricing.allowed == cents(fee * (ind.pre_op + ind.intra_op))


def test_no_hint_without_a_pricing_modifier_a_known_code_or_with_a_conflict():
    assert M.decide(code="27447", side="left").pricing is None
    unknown = M.decide(code="XX", side="both")
    assert unknown.pricing is None and any("No pricing hint" in n for n in unknown.notes)
    assert M.decide(side="both").pricing is None


# ------------------------------------------------------------------------------------------ bad input

@pytest.mark.parametrize("answers", [{"kind": "surgery"}, {"side": "top"}, {"physical_status": 7},
                                     {"physical_status": True}, {"medicare": "yes"}, {"code": 27447},
                                     {"abn": None}])
def test_bad_answers_say_what_is_allowed(answers):
    with pytest.raises(InputError, match="not one of the answers|must be text"):
        M.LineFacts(**answers)


def test_other_misuse_is_an_input_error():
    with pytest.raises(InputError):
        M.decide(M.LineFacts(), kind="em")
    with pytest.raises(InputError):
        M.decide("25")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        M.conflicts(["25"], "visit")
    with pytest.raises(TypeError):
        M.LineFacts(colour="red")  # type: ignore[call-arg]


def test_answers_are_normalized():
    assert M.LineFacts(side=" Left ", code=" 27447 ").side == "left"
    assert M.LineFacts(code=" 27447 ").code == "27447"
    assert M.exists("lt") and M.exists("25") and not M.exists("ZZ")
