"""Coordination of benefits: payer order rules and the secondary payer's amounts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle.core.errors import InputError, RuleError
from revcycle.payment import cob
from revcycle.payment.cob import Coverage, CoverageCase, payer_order

D = Decimal
MEDICARE = Coverage("Medicare", "medicare")


def order(case: CoverageCase) -> list[str]:
    return [c.name for c in payer_order(case).payers]


def employer(name="Job plan", holder="self", size=50, **kw) -> Coverage:
    return Coverage(name, "employer", holder, size, **kw)


@pytest.mark.parametrize(("size", "first"), [(19, "Medicare"), (20, "Job plan"), (250, "Job plan")])
def test_working_aged_threshold_is_20_employees(size, first):
    case = CoverageCase("A", 67, (MEDICARE, employer(size=size)))
    assert order(case)[0] == first


def test_spouse_coverage_counts_for_the_working_aged_rule_but_a_child_s_does_not():
    assert order(CoverageCase("A", 66, (MEDICARE, employer(holder="spouse", size=40))))[0] == "Job plan"
    assert order(CoverageCase("A", 66, (MEDICARE, employer(holder="child", size=400))))[0] == "Medicare"


@pytest.mark.parametrize("kind", ["retiree", "cobra"])
def test_retiree_and_cobra_coverage_pay_after_medicare(kind):
    case = CoverageCase("A", 70, (Coverage("Old job", kind, employer_size=5000), MEDICARE))
    assert order(case) == ["Medicare", "Old job"]


@pytest.mark.parametrize(("size", "first"), [(99, "Medicare"), (100, "Job plan")])
def test_disability_needs_a_large_group_health_plan(size, first):
    case = CoverageCase("A", 50, (MEDICARE, employer(holder="spouse", size=size)), medicare_basis="disability")
    assert order(case)[0] == first


@pytest.mark.parametrize(("month", "first"), [(1, "Old job"), (30, "Old job"), (31, "Medicare")])
def test_esrd_coordination_period_is_30_months_whatever_the_plan(month, first):
    case = CoverageCase("A", 45, (MEDICARE, Coverage("Old job", "cobra", employer_size=3)), medicare_basis="esrd",
                        esrd_month=month)
    assert order(case)[0] == first


def test_medicare_under_65_needs_a_basis_and_esrd_needs_a_month():
    with pytest.raises(InputError, match="say why"):
        payer_order(CoverageCase("A", 50, (MEDICARE, employer())))
    with pytest.raises(InputError, match="esrd_month"):
        payer_order(CoverageCase("A", 50, (MEDICARE, employer()), medicare_basis="esrd"))


def test_medicaid_pays_last_and_tricare_after_other_health_plans():
    medicaid, tricare = Coverage("Medicaid", "medicaid"), Coverage("TRICARE", "tricare")
    assert order(CoverageCase("A", 78, (medicaid, MEDICARE))) == ["Medicare", "Medicaid"]
    assert order(CoverageCase("A", 44, (tricare, employer()))) == ["Job plan", "TRICARE"]
    assert order(CoverageCase("A", 10, (medicaid, tricare))) == ["TRICARE", "Medicaid"]
    assert order(CoverageCase("A", 70, (medicaid, tricare, MEDICARE))) == ["Medicare", "TRICARE", "Medicaid"]


def test_workers_comp_pays_first_for_a_work_injury_and_is_not_billed_otherwise():
    wc = Coverage("WC carrier", "workers_comp")
    hurt = payer_order(CoverageCase("A", 68, (MEDICARE, wc), work_injury=True))
    assert [c.name for c in hurt.payers] == ["WC carrier", "Medicare"]
    sick = payer_order(CoverageCase("A", 68, (MEDICARE, wc)))
    assert [c.name for c in sick.payers] == ["Medicare"] and [c.name for c in sick.not_billed] == ["WC carrier"]
    with pytest.raises(RuleError, match="self-pay"):
        payer_order(CoverageCase("A", 40, (wc,)))


def test_birthday_rule_uses_month_and_day_not_the_year():
    dad = employer("Dad", "child", holder_birthday=date(1970, 9, 2))
    mom = employer("Mom", "child", holder_birthday=date(1990, 3, 14))
    result = payer_order(CoverageCase("Kid", 8, (dad, mom)))
    assert [c.name for c in result.payers] == ["Mom", "Dad"]
    assert "Birthday rule" in result.reasons[0]


def test_birthday_tie_goes_to_the_longer_coverage_and_needs_start_dates():
    dad = employer("Dad", "child", holder_birthday=date(1987, 6, 1), since=date(2019, 5, 1))
    mom = employer("Mom", "child", holder_birthday=date(1990, 6, 1), since=date(2023, 2, 1))
    assert order(CoverageCase("Kid", 5, (mom, dad))) == ["Dad", "Mom"]
    with pytest.raises(InputError, match="share a birthday"):
        payer_order(CoverageCase("Kid", 5, (employer("Mom", "child", holder_birthday=date(1990, 6, 1)),
                                             employer("Dad", "child", holder_birthday=date(1987, 6, 1)))))


def test_separated_parents_are_not_modelled():
    dad = employer("Dad", "child", holder_birthday=date(1970, 9, 2))
    mom = employer("Mom", "child", holder_birthday=date(1990, 3, 14))
    with pytest.raises(RuleError, match="custody"):
        payer_order(CoverageCase("Kid", 8, (dad, mom), parents_together=False))


def test_subscriber_before_dependent_and_active_before_cobra():
    own = employer("Own job", size=10)
    spouse = employer("Spouse job", "spouse", size=10)
    assert order(CoverageCase("A", 40, (spouse, own))) == ["Own job", "Spouse job"]
    old = Coverage("COBRA", "cobra", employer_size=10)
    assert order(CoverageCase("A", 40, (old, employer("New job")))) == ["New job", "COBRA"]


def test_bad_facts_raise_helpful_errors():
    with pytest.raises(InputError, match="not one of"):
        Coverage("X", "auto")
    with pytest.raises(InputError, match="employer_size"):
        Coverage("X", "employer")
    with pytest.raises(InputError, match="at least one"):
        CoverageCase("A", 40, ())
    with pytest.raises(InputError, match="more than one"):
        CoverageCase("A", 70, (MEDICARE, Coverage("Medicare again", "medicare")))


def test_every_scenario_has_an_order_and_the_table_has_a_row_each():
    table = cob.order_table(cob.SCENARIOS)
    assert len(table) == len(cob.SCENARIOS)
    expected = {
        "Rosa Sampleperson": "Brightline Tools plan", "Otto Example": "Medicare", "Grace Notreal": "Medicare",
        "Liam Madeup": "Wife's Riverside Clinic plan", "Ingrid Fakename": "Medicare",
        "Kofi Testpatient": "COBRA plan from Lakeview Foods", "Mei Exampleton": "Medicare",
        "Sofia Imaginary": "Mother's Elm Street Bank plan", "Amara Noone": "Father's Harbor Freight Lines plan",
        "Diego Sampleperson": "Employer's workers' compensation carrier", "Ahmed Notreal": "Civic Software plan",
        "Zainab Madeup": "TRICARE Prime",
    }
    assert dict(zip(table["patient"], table["pays first"], strict=True)) == expected


# ---------------------------------------------------------------- secondary amounts


def test_medicare_secondary_reproduces_the_regulation_s_own_example():
    # 42 CFR 411.33(b): charge 175, primary allowed 150 and paid 120, Medicare fee 125 -> Medicare pays 30.
    p = cob.medicare_secondary(charge="175.00", primary_allowed="150.00", primary_paid="120.00",
                               medicare_allowed="125.00", obligated_amount="175.00")
    assert [a for _, a in p.candidates] == [D("55.00"), D("100.00"), D("30.00")]
    assert p.secondary_pays == D("30.00")


def test_no_medicare_secondary_payment_when_the_primary_paid_the_payment_in_full_amount():
    p = cob.medicare_secondary(charge="200.00", primary_allowed="120.00", primary_paid="120.00",
                               medicare_allowed="100.00")
    assert p.secondary_pays == 0 and p.patient_owes == 0 and p.write_off == D("80.00")


def test_standard_cob_pays_the_lesser_of_its_normal_benefit_and_what_is_left():
    p = cob.standard_cob(charge="150.00", allowable_expense="123.75", primary_paid="59.00",
                         secondary_allowed="109.47", deductible_remaining="40.00", coinsurance_rate="0.20")
    assert (p.secondary_pays, p.patient_owes, p.write_off) == (D("55.58"), D("9.17"), D("26.25"))
    rich = cob.standard_cob(charge="150.00", allowable_expense="123.75", primary_paid="59.00",
                            secondary_allowed="109.47", copay="20.00")
    assert (rich.secondary_pays, rich.patient_owes) == (D("64.75"), D("0.00"))


def test_medicaid_lesser_of_can_pay_nothing_and_the_patient_still_owes_nothing():
    p = cob.medicaid_lesser_of(charge="150.00", primary_allowed="95.19", primary_paid="76.15",
                               medicaid_rate="71.39")
    assert (p.secondary_pays, p.patient_owes, p.write_off) == (D("0.00"), D("0.00"), D("73.85"))
    full = cob.medicaid_lesser_of(charge="150.00", primary_allowed="95.19", primary_paid="76.15",
                                  medicaid_rate="100.00")
    assert full.secondary_pays == D("19.04")


def test_amounts_are_checked():
    with pytest.raises(InputError, match="float"):
        cob.medicaid_lesser_of(charge=150.0, primary_allowed="1", primary_paid="1", medicaid_rate="1")
    with pytest.raises(InputError, match="more than its allowed"):
        cob.standard_cob(charge="100", allowable_expense="50", primary_paid="60", secondary_allowed="50",
                         coinsurance_rate="0")


money = st.decimals(min_value=0, max_value=5000, places=2)


@given(charge=money, allowed_share=st.integers(0, 100), paid_share=st.integers(0, 100), medicare=money)
def test_medicare_secondary_always_balances(charge, allowed_share, paid_share, medicare):
    allowed = (charge * allowed_share / 100).quantize(D("0.01"))
    paid = (allowed * paid_share / 100).quantize(D("0.01"))
    p = cob.medicare_secondary(charge=charge, primary_allowed=allowed, primary_paid=paid, medicare_allowed=medicare)
    assert p.secondary_pays >= 0 and p.patient_owes >= 0 and p.write_off >= 0
    assert p.primary_paid + p.secondary_pays + p.patient_owes + p.write_off == p.charge
    assert p.primary_paid + p.secondary_pays <= p.basis


def test_worked_examples_balance_and_match_the_chapter_s_story():
    ex = cob.worked_examples()
    assert set(ex) == {"Rosa Sampleperson", "Sofia Imaginary", "Mei Exampleton"}
    for line in ex.values():
        p = line.payment
        assert p.primary_paid + p.secondary_pays + p.patient_owes + p.write_off == line.charge
    assert ex["Rosa Sampleperson"].payment.secondary_pays == ex["Rosa Sampleperson"].primary_patient_share
    assert ex["Mei Exampleton"].payment.secondary_pays == 0
    assert payer_order(ex["Sofia Imaginary"].case).primary.name == "Mother's Elm Street Bank plan"


def test_one_coverage_model_for_cob_and_the_front_desk():
    from revcycle import synthetic
    from revcycle.practice import frontdesk

    assert frontdesk.Coverage is Coverage is cob.Coverage
    members = [m for pool in synthetic.directory(40, seed=3).members.values() for m in pool]
    roster = frontdesk.enrollment(members, seed=3, terminated_share=0.5)
    for (payer_id, member_id), cov in roster.items():
        assert isinstance(cov, Coverage) and cov.payer is not None and cov.payer.payer_id == payer_id
        assert cov.member_id == member_id and cov.insured is not None
        assert cov.holder_birthday == cov.insured.birth_date and cov.since == date(2026, 1, 1)
        assert cov.kind in {"medicare", "medicaid", "group"}
    ended = next(c for c in roster.values() if c.terminated)
    assert ended.active_on(ended.terminated.isoformat())
    assert not ended.active_on(ended.terminated + timedelta(days=1))
    group = next(c for c in roster.values() if c.kind == "group")
    with pytest.raises(InputError, match="how it is sponsored"):
        CoverageCase("A", 40, (group,))  # the order rules need employer, retiree or cobra and the size


def test_coverage_reads_iso_dates_once():
    plan = Coverage("Mother's plan", "employer", "child", 30, "1990-06-01", "2023-02-01")
    assert (plan.holder_birthday, plan.since) == (date(1990, 6, 1), date(2023, 2, 1))
    assert plan == Coverage("Mother's plan", "employer", "child", 30, date(1990, 6, 1), date(2023, 2, 1))
    with pytest.raises(InputError, match="date"):
        Coverage("X", "employer", "child", 30, "June 1")
    with pytest.raises(InputError, match="employer_size"):
        Coverage("X", "employer", employer_size="30")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        payer_order("not a case")  # type: ignore[arg-type]
