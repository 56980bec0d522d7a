"""revcycle.payment.payers: program rules as data, filing limits, Medicare Advantage appeal dates, Medicaid's
retroactive window and spend-down, Medigap crossover, QMB, workers' compensation and the HDHP check.

Expected values are worked out here by hand (calendar arithmetic, cents), not copied from the engine's output.
"""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle.core.errors import DataError, InputError, RevcycleError, RuleError
from revcycle.payment import payers
from revcycle.payment.fees import pfs_payment

D = Decimal
money = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False)
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31))


def test_every_program_is_complete_and_sourced():
    assert set(payers.PROGRAMS) >= {"medicare", "medicare_advantage", "medigap", "medicaid", "chip", "tricare",
                                    "champva", "va_community_care", "workers_comp", "auto_liability", "commercial"}
    for p in payers.PROGRAMS.values():
        assert p.name and p.covers and p.pays and p.filing and p.bill_patient and p.appeals and p.sources, p.key
    assert payers.program(" Medicaid ").key == "medicaid"
    with pytest.raises(InputError, match="not one of"):
        payers.program("bluecross")
    frame = payers.programs_frame()
    assert len(frame) == len(payers.PROGRAMS) and "may bill the patient for" in frame.columns
    assert set(payers.PLAN_TYPES) == {"hmo", "ppo", "epo", "pos", "hdhp"}


def test_filing_limits_by_program():
    assert payers.filing_deadline("tricare", "2022-03-22") == date(2023, 3, 22)  # TRICARE manual's own example
    assert payers.filing_deadline("tricare", "2026-01-10", discharge="2026-01-20") == date(2027, 1, 20)
    assert payers.filing_deadline("champva", "2026-05-01") == date(2027, 5, 1)
    assert payers.filing_deadline("medicaid", "2026-07-15") == date(2027, 7, 15)
    assert payers.filing_deadline("medicare", "2024-02-29") == date(2025, 2, 28)
    assert payers.filing_deadline("va_community_care", "2026-03-02") == date(2026, 3, 2) + timedelta(days=180)
    for key in ("medicare_advantage", "workers_comp", "commercial", "chip", "auto_liability", "medigap"):
        with pytest.raises(RuleError, match="filing limit"):
            payers.filing_deadline(key, "2026-03-02")
    with pytest.raises(InputError, match="TRICARE and CHAMPVA only"):
        payers.filing_deadline("medicaid", "2026-03-02", discharge="2026-03-05")
    with pytest.raises(InputError, match="before the date of service"):
        payers.filing_deadline("champva", "2026-03-02", discharge="2026-03-01")
    with pytest.raises(InputError):
        payers.filing_deadline("tricare", "March 2")


def test_ma_reconsideration_is_65_days_from_the_notice():
    assert payers.ma_reconsideration_deadline("2026-04-10") == date(2026, 6, 14)  # 20 + 31 + 14 = 65
    provider = payers.ma_reconsideration_deadline("2026-04-10", party="non_contract_provider",
                                                  waiver_of_liability=True)
    assert provider == date(2026, 6, 14)
    with pytest.raises(RuleError, match="waiver of liability"):
        payers.ma_reconsideration_deadline("2026-04-10", party="non_contract_provider")
    with pytest.raises(DataError, match="60-day"):
        payers.ma_reconsideration_deadline("2024-11-01")
    with pytest.raises(InputError, match="party"):
        payers.ma_reconsideration_deadline("2026-04-10", party="doctor")
    assert payers.ma_reconsideration_decision("2026-05-01") == date(2026, 5, 31)
    assert payers.ma_reconsideration_decision("2026-05-01", "payment") == date(2026, 6, 30)
    assert payers.ma_reconsideration_decision("2026-05-01", "expedited") == date(2026, 5, 4)
    assert payers.ma_reconsideration_decision("2026-05-01", "part_b_drug") == date(2026, 5, 8)
    with pytest.raises(InputError, match="kind"):
        payers.ma_reconsideration_decision("2026-05-01", "urgent")
    path = payers.ma_appeal_path("2026-04-10")
    assert [lv["level"] for lv in path] == [1, 2, 3, 4, 5]
    assert "2026-06-14" in path[0]["file"] and "automatic" in path[1]["file"] and "$200" in path[2]["file"]


@given(days)
def test_ma_deadline_property(notice):
    assert (payers.ma_reconsideration_deadline(notice) - notice).days == 65


def test_retroactive_window_before_and_after_2027():
    assert payers.retroactive_window("2026-04-14") == (date(2026, 1, 1), 3)
    assert payers.retroactive_window("2026-02-27") == (date(2025, 11, 1), 3)  # crosses the year
    assert payers.retroactive_window("2027-03-09", expansion_adult=True) == (date(2027, 2, 1), 1)
    assert payers.retroactive_window("2027-03-09") == (date(2027, 1, 1), 2)
    assert payers.retroactive_window("2027-01-20") == (date(2026, 11, 1), 2)
    assert payers.retroactive_window("2026-12-31", expansion_adult=True) == (date(2026, 9, 1), 3)


@given(days, st.booleans())
def test_retroactive_window_property(applied, expansion):
    start, months = payers.retroactive_window(applied, expansion_adult=expansion)
    assert start.day == 1
    assert (applied.year - start.year) * 12 + applied.month - start.month == months
    assert months == (3 if applied < date(2027, 1, 1) else 1 if expansion else 2)


def test_spend_down_met_in_date_order():
    sd = payers.spend_down("1100.00", "600.00", 6, [("2026-03-01", "300.00"), ("2026-01-10", "1200.00"),
                                                    ("2026-02-15", "2400.00")])
    assert sd.excess_per_month == D("500.00") and sd.amount == D("3000.00")
    assert sd.met_on == date(2026, 2, 15)
    assert [p for _, _, p in sd.patient_part] == [D("1200.00"), D("1800.00")]
    assert sd.medicaid_part == D("600.00") + D("300.00") and sd.remaining == 0


def test_spend_down_edges():
    below = payers.spend_down("500.00", "600.00", 3, [("2026-01-05", "80.00")])
    assert below.amount == 0 and below.met_on == date(2026, 1, 5) and below.medicaid_part == D("80.00")
    short = payers.spend_down("900.00", "600.00", 2, [("2026-01-05", "100.00")])
    assert short.met_on is None and short.remaining == D("500.00") and short.medicaid_part == 0
    for months in (0, 7, True, 2.0):
        with pytest.raises(InputError, match="budget period"):
            payers.spend_down("900.00", "600.00", months)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        payers.spend_down("-1.00", "600.00", 2)
    with pytest.raises(InputError):
        payers.spend_down("900.00", "600.00", 2, [("soon", "10.00")])


@given(money, money, st.integers(1, 6), st.lists(st.tuples(days, money), max_size=8))
def test_spend_down_property(income, level, months, bills):
    sd = payers.spend_down(income, level, months, bills)
    assert sd.amount == max(D(0), income - level) * months
    counted = sum((p for _, _, p in sd.patient_part), D(0))
    assert counted + sd.medicaid_part == sum((b for _, b in bills), D(0))
    assert counted <= sd.amount and sd.remaining >= 0
    assert (sd.met_on is None) == (sd.remaining > 0 or not bills)


def test_medigap_plan_g_and_f():
    fee = pfs_payment("99214").payment
    g = payers.medigap_crossover(fee, plan="g", deductible_remaining="83.00")
    coins = (fee - D("83.00")) * D("0.20")
    assert g.medicare.deductible_applied == D("83.00")
    assert g.medigap_pays == coins.quantize(D("0.01")) and g.patient_owes == D("83.00")
    assert g.medicare_pays + g.medigap_pays + g.patient_owes == fee
    f = payers.medigap_crossover(fee, plan="F", deductible_remaining="83.00")
    assert f.patient_owes == 0 and f.medigap_pays == D("83.00") + coins.quantize(D("0.01"))
    k = payers.medigap_crossover("100.00", plan="K")
    assert k.medigap_pays == D("10.00") and k.patient_owes == D("10.00")
    with pytest.raises(RuleError, match="January 1, 2020"):
        payers.medigap_crossover(fee, plan="C", eligible_before_2020=False)
    with pytest.raises(RuleError, match="Plan N"):
        payers.medigap_crossover(fee, plan="N")
    with pytest.raises(InputError, match="standardized"):
        payers.medigap_crossover(fee, plan="Z")
    assert payers.part_b_deductible(2026) == D("283")
    with pytest.raises(DataError):
        payers.part_b_deductible(2031)


@given(money, money, st.sampled_from(sorted(payers.MEDIGAP_PLANS)))
def test_medigap_split_adds_up(allowed, deductible, plan):
    split = payers.medigap_crossover(allowed, plan=plan, deductible_remaining=deductible)
    assert split.medicare_pays + split.medigap_pays + split.patient_owes == allowed
    assert split.patient_owes >= 0 and split.medigap_pays >= 0


def test_qmb_owes_nothing():
    line = payers.qmb_line("150.00", "95.19", medicaid_rate="71.39", deductible_remaining="0.00")
    assert line.medicare.payer_pays == D("76.15")  # 95.19 - 19.04
    assert line.medicaid.secondary_pays == 0  # 71.39 - 76.15 is below zero
    assert line.patient_owes == 0 and line.medicaid.write_off == D("150.00") - D("76.15")
    rich = payers.qmb_line("150.00", "95.19", medicaid_rate="90.00", deductible_remaining="0.00")
    assert rich.medicaid.secondary_pays == D("90.00") - D("76.15") and rich.patient_owes == 0


def test_workers_comp_line():
    fee = pfs_payment("99213").payment
    line = payers.workers_comp_line("99213", multiplier="1.40")
    assert line.allowed == (fee * D("1.40")).quantize(D("0.01")) and not line.patient_may_be_billed
    assert "carrier" in line.bill_to
    assert not payers.workers_comp_line("99213", multiplier="1.40", status="pending").patient_may_be_billed
    assert payers.workers_comp_line("99213", multiplier=1, status="denied").patient_may_be_billed
    for bad in ("-1", "abc", 0, True, "11", 1.4):
        with pytest.raises(InputError, match="multiplier"):
            payers.workers_comp_line("99213", multiplier=bad)
    with pytest.raises(InputError, match="status"):
        payers.workers_comp_line("99213", multiplier="1.2", status="open")


def test_hdhp_check_2026():
    assert payers.hdhp_check("1700", "8500").qualifies
    low = payers.hdhp_check("1500", "7000")
    assert not low.qualifies and "below the $1,700" in low.reasons[0]
    family = payers.hdhp_check("3000", "18000", tier="family")
    assert len(family.reasons) == 2 and family.hsa_limit == D("8750")
    with pytest.raises(InputError, match="includes the deductible"):
        payers.hdhp_check("3000", "2000")
    with pytest.raises(DataError):
        payers.hdhp_check("3000", "6000", year=2024)
    with pytest.raises(InputError, match="tier"):
        payers.hdhp_check("3000", "6000", tier="couple")


@given(st.text(max_size=12), st.text(max_size=12))
def test_bad_text_is_a_clear_error(a, b):
    for call in (lambda: payers.filing_deadline("tricare", a), lambda: payers.spend_down(a, b, 2),
                 lambda: payers.hdhp_check(a, b), lambda: payers.retroactive_window(a)):
        with contextlib.suppress(RevcycleError):
            call()


def test_filing_worklist_is_seeded_and_computed_only_for_federal_limits():
    a = payers.filing_worklist(30, 7, "2026-06-30")
    b = payers.filing_worklist(30, 7, "2026-06-30")
    assert a.equals(b) and len(a) == 30
    for _, row in a.iterrows():
        if row["file by"] is None:
            assert row["rule"].startswith("ask:")
        else:
            assert row["days left"] == (row["file by"] - date(2026, 6, 30)).days
    with pytest.raises(InputError, match="whole number"):
        payers.filing_worklist(0, 7, "2026-06-30")
