"""The reimbursement, payment-posting and billing-software chapters agree with what their notebooks compute.

Their figures come from code through the {computed} role (workbook.site.book_values; tests/test_chapter_figures.py),
using the notebooks' own pipelines and seeds. Here: those pipelines behave as the chapters tell it (examples
balance, the root causes rank as described, the appeal deadline is the rule's), the few facts still written
in words match, and the banks' computed answers are the library's.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from revcycle.ar import aging as ar
from revcycle.ar import appeals, kpi
from revcycle.claims import scrub
from revcycle.payment import fee_tables, fees
from revcycle.payment.contracts import PercentOfMedicare, capitation
from revcycle.payment.patient_share import patient_share
from revcycle.x12 import validate
from workbook.exercises.spec import load_bank
from workbook.site import book_values

ROOT = Path(__file__).resolve().parents[1]
BILLING = ROOT / "book" / "billing"
D = Decimal


def chapter(name: str) -> str:
    return (BILLING / f"{name}.md").read_text(encoding="utf-8")


def section(text: str, label: str) -> str:
    start = text.index(f"({label})=")
    end = text.find("\n## ", text.index("\n## ", start) + 1)
    return text[start:end if end != -1 else None]


def flat(text: str) -> str:
    return " ".join(text.split())


def day(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


# ------------------------------------------------------------------------------------------------ reimbursement

def test_the_ppo_prices_at_130_percent_of_medicare_but_never_above_the_charge():
    for code in ("99213", "99214", "20610", "11102"):
        p = book_values._ppo(code)
        assert p.medicare == fees.pfs_payment(code).payment
        assert p.allowed == min(p.charge, p.rate) and p.allowed < p.charge


def test_the_national_99213_amounts_are_the_fee_schedule_s():
    years = fee_tables.year_compare("99213")
    assert set(years["payment"]) >= {fees.pfs_payment("99213").payment,
                                     fees.pfs_payment("99213", setting="facility").payment}


def test_capitation_reverses_at_500_visits():
    fee = book_values._ppo("99213").allowed
    assert capitation(1200, "42.00", visits=300, fee_per_visit=fee).difference > 0
    assert capitation(1200, "42.00", visits=500, fee_per_visit=fee).difference < 0


def test_reimbursement_spread_names_the_ends():
    text = flat(chapter("reimbursement"))
    s = book_values._places()
    assert s["lowest_name"].startswith("Arkansas") and "Arkansas at {computed}`reimbursement.lowest`" in text
    assert s["highest_name"].startswith("San Jose") and \
        "San Jose-Sunnyvale-Santa Clara at {computed}`reimbursement.highest`" in text
    table = fees.locality_table()
    assert table["work_gpci"].min() == 1.0 and table["work_gpci"].max() == 1.5
    alaska = table[table["state"] == "AK"].iloc[0]
    assert alaska["work_gpci"] == 1.5 and alaska["pe_gpci"] < table["pe_gpci"].max()


# ------------------------------------------------------------------------------------------------ payment posting

def test_the_posted_claim_balances():
    posted = book_values._posted()
    lines, claim = posted["lines"], posted["claim"]
    assert list(lines["procedure"]) == ["G0439", "99213"]
    assert claim["charge"] == claim["paid"] + claim["contractual"] + claim["patient_balance"]
    assert lines.loc[2, "paid"] == 0 and lines.loc[2, "deductible"] == lines.loc[2, "allowed"]
    assert lines.loc[1, "paid"] == lines.loc[1, "allowed"]
    one = section(chapter("payment-posting-denials-ar"), "payment-posting-example-1")
    assert "Tomas" in one and "Exampleton" in one


def test_missing_data_is_the_largest_root_cause():
    causes = book_values._ar()["causes"]
    assert causes.index[0] == "missing or invalid claim data"
    assert causes["denied"].is_monotonic_decreasing


def test_the_kpis_are_consistent():
    figures = book_values._ar()
    assert figures["denial"].percent + figures["first"].percent == 100
    assert figures["aging"].loc["total", "total"] > figures["aging"].loc["120+", "total"]


def test_appeal_example_matches_the_work_queue():
    found = book_values.appeal_case()
    case, claim = found["case"], found["claim"]
    two = flat(section(chapter("payment-posting-denials-ar"), "payment-posting-example-2"))
    assert case["root_cause"] == "medical necessity" and not case["overdue"]
    assert appeals.filing_deadline(1, case["remit_date"]) == case["appeal_by"]
    for line in claim.lines:
        assert f"`{line.procedure}`" in two
    assert f"`{claim.diagnoses[0]}`" in two and f"{int(claim.lines[2].units)} units" in two
    assert claim.patient.first_name in two and claim.patient.last_name in two


def test_appeal_levels_and_thresholds():
    assert len(appeals.LEVELS) == 5
    assert [lv.threshold is not None for lv in appeals.LEVELS] == [False, False, True, False, True]
    assert len(appeals.AIC_THRESHOLDS[2026]) == 2


# ------------------------------------------------------------------------------------------------ billing software

def test_front_desk_example():
    day = book_values.clinic_day()
    text = flat(section(chapter("billing-software"), "billing-software-example-1"))
    before, answers, visits = day["before"], day["answers"], day["visits"]
    assert [a.status for a in before].count("active") == 6 and "Six answers say active" in text
    assert before[0].status == "not found" and answers[0].status == "active"
    inactive = next(v for v, a in zip(visits, answers, strict=True) if a.status == "inactive")
    assert f"{inactive.member.patient.first_name} {inactive.member.patient.last_name}" in text
    first = visits[0].member.patient
    assert f"{first.first_name} {first.last_name}" in text
    assert sorted(day["copays"]["amount"]) == [D("20.00"), D("30.00")]


def test_charges_to_month_end_example():
    day = book_values.clinic_day()
    text = flat(section(chapter("billing-software"), "billing-software-example-2"))
    claims, ledger, remit = day["claims"], day["ledger"], day["remit"]
    t = ledger.totals()
    assert len(claims) == 7
    findings = scrub(day["wrong"])
    assert [f.edit_id for f in findings] == ["DX-SEX", "DX-SEX"] and all(f.severity == "fatal" for f in findings)
    assert all(not scrub(c) for c in claims)
    assert validate(day["batch"]) == []
    words = {4: "four", 5: "five", 6: "six", 7: "seven"}
    assert f"{words[len(remit.payments)]} payments totalling" in text
    assert t["patient_paid"] == D("50.00")
    assert t["charge"] == t["paid"] + t["patient_paid"] + t["contractual"] + t["written_off"] + t["balance"]
    denied = ledger.claims[ledger.claims["denied"] > 0]
    coins = ledger.claims.loc[ledger.claims["patient_balance"] > 0, "patient_balance"]
    assert len(denied) == 1 and len(coins) == 2
    assert t["balance"] == denied["denied"].iloc[0] + sum(coins, D(0))
    assert day["queue"].iloc[0]["reasons"] == "CO-50"
    books, as_of = day["books"], day["as_of"]
    assert ar.aging(books, as_of).set_index("bucket").loc["total", "total"] > 0
    assert kpi.days_in_ar_for(books, as_of).days > 0


def test_the_scrubber_would_have_caught_most_denials():
    share = book_values._scrub_share()
    assert 50 < share["share"] < 100 and share["flagged"] < share["denied"]


# ------------------------------------------------------------------------------------------------ banks

@pytest.mark.parametrize("bank_name", ["reimbursement", "payment-posting-denials-ar", "billing-software"])
def test_banks_are_big_enough(bank_name):
    bank = load_bank(ROOT / "exercises" / "banks" / f"{bank_name}.yml")
    assert len(bank.exercises) >= 10
    assert sum(ex.case for ex in bank.exercises) >= 2
    assert len({ex.type for ex in bank.exercises}) >= 4


def test_bank_answers_that_the_library_computes():
    from workbook.exercises import keys

    def key(bank_name):
        bank = load_bank(ROOT / "exercises" / "banks" / f"{bank_name}.yml")
        return {k: v.answer for k, v in keys.load_key(ROOT / "solutions" / "keys" / f"{bank_name}.yml", bank).items()}

    rmb = key("reimbursement")
    assert D(str(rmb["rmb-02"])) == fees.pfs_payment("99214", locality="10112-00").payment
    assert D(str(rmb["rmb-03"])) == fees.pfs_payment("99214", setting="facility").payment
    ppo = PercentOfMedicare("PPO", 130).price("99214", charge="215.00")
    assert D(str(rmb["rmb-05"])) == ppo.charge - ppo.allowed
    assert D(str(rmb["rmb-07"])) == patient_share(fees.pfs_payment("99213").payment, deductible_remaining="50.00",
                                                 coinsurance_rate="0.20").patient_total
    capped = patient_share("400.00", coinsurance_rate="0.20", oop_remaining="35.00")
    assert D(str(rmb["rmb-08"])) == capped.patient_total
    assert D(str(rmb["rmb-10"])) == capitation(850, "38.50").payment
    assert PercentOfMedicare("PPO", 130).price("93000").rate == D("19.97")
    pda = key("payment-posting-denials-ar")
    assert D(str(pda["pda-09"])) == kpi.days_in_ar("84000.00", "252000.00", 90)
    assert D(str(pda["pda-10"])) == kpi.rate("denial rate", 46, 920).percent
    assert pda["pda-06"] == day(appeals.filing_deadline(1, date(2026, 3, 6)))
    assert ar.bucket((date(2026, 9, 30) - date(2026, 5, 29)).days) == pda["pda-11"]
    assert D(str(pda["pda-03"])) == D("192.39") - D("50.00") - D("28.48")
    assert fees.pfs_payment("99215").payment == D("192.39")
    sw = key("billing-software")
    assert D(str(sw["sw-08"])) == patient_share("123.75", copay="30.00").payer_pays
