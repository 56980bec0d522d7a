"""The registration/verification and claims chapters agree with revcycle and their notebooks.

Their dollar figures and deadlines come from code through the {computed} role (tests/test_chapter_figures.py);
here, the tables of payer order and scrub findings are what the code says, the worked claim is the notebook's,
and the banks' numeric, order, ABN and date answers are what the modules give.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from revcycle.claims import filing
from revcycle.codes import icd10cm
from revcycle.compliance import abn
from revcycle.payment import cob
from revcycle.payment.cob import Coverage, CoverageCase
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site.book_values import claims_notebook

ROOT = Path(__file__).resolve().parents[1]
BILLING = ROOT / "book" / "billing"


def chapter(name: str) -> str:
    return (BILLING / f"{name}.md").read_text(encoding="utf-8")


def section(text: str, label: str) -> str:
    """The text from a MyST label to the next second-level heading."""
    start = text.index(f"({label})=")
    end = text.find("\n## ", text.index("\n## ", start) + 1)
    return text[start:end if end != -1 else None]


def key(bank: str) -> dict:
    loaded = load_bank(ROOT / "exercises" / "banks" / f"{bank}.yml")
    return {ex_id: entry.answer for ex_id, entry in keys.load_key(ROOT / "solutions" / "keys" / f"{bank}.yml",
                                                                   loaded).items()}


# ---------------------------------------------------------------- registration and insurance verification


def test_the_medicaid_example_pays_nothing_and_bills_nothing():
    mei = cob.worked_examples()["Mei Exampleton"]
    assert mei.payment.secondary_pays == 0 and mei.payment.patient_owes == 0


def test_the_cob_worked_examples_balance():
    for patient, line in cob.worked_examples().items():
        m = line.money()
        paid = m["primary_paid"] + m["secondary_pays"] + m["patient_owes"]
        assert paid + m["write_off"] == m["charge"], patient


def test_the_payer_order_table_is_the_notebook_s():
    text = chapter("registration-verification")
    table = cob.order_table(cob.SCENARIOS).set_index("patient")
    names = "|".join(re.escape(p) for p in table.index)
    rows = re.findall(rf"^\| ({names}) \| (.+?) \| (.+?) \| (.+?) \|$", text, re.MULTILINE)
    assert len(rows) >= 9
    for patient, situation, first, second in rows:
        row = table.loc[patient]
        assert (situation, first, second) == (row["situation"], row["pays first"], row["pays second"]), patient


def test_the_msp_thresholds_are_the_regulation_s():
    assert cob.AGED_EMPLOYER_SIZE == 20 and cob.DISABLED_EMPLOYER_SIZE == 100 and cob.ESRD_COORDINATION_MONTHS == 30


def test_registration_bank_answers_agree_with_the_modules():
    answers = key("registration-verification")
    medicare = Coverage("Medicare", "medicare")

    def first(case: CoverageCase) -> str:
        return cob.payer_order(case).primary.name

    # reg-03: working aged, 45 employees
    assert first(CoverageCase("Walter", 68, (medicare, Coverage("Chain", "employer", employer_size=45)))) == "Chain"
    assert answers["reg-03"] == "The employer's group health plan"
    # reg-04: each option as a case
    options = {
        "67, works at a firm with 45 employees and is covered through that job":
            CoverageCase("a", 67, (medicare, Coverage("GHP", "employer", employer_size=45))),
        "70, retired, covered by a retiree plan from a company with 5,000 employees":
            CoverageCase("b", 70, (medicare, Coverage("GHP", "retiree", employer_size=5000))),
        "55, has Medicare because of a disability, covered by a spouse's plan from a 60-employee company":
            CoverageCase("c", 55, (medicare, Coverage("GHP", "employer", "spouse", 60)), medicare_basis="disability"),
        "45, has Medicare because of kidney failure (ESRD), month 10 of eligibility, keeps COBRA coverage from an "
        "old job": CoverageCase("d", 45, (medicare, Coverage("GHP", "cobra", employer_size=50)),
                                medicare_basis="esrd", esrd_month=10),
        "66, covered by a spouse's plan from the spouse's current job at a 25-employee company":
            CoverageCase("e", 66, (medicare, Coverage("GHP", "employer", "spouse", 25))),
        "68, works at a shop with 12 employees and is covered through that job":
            CoverageCase("f", 68, (medicare, Coverage("GHP", "employer", employer_size=12))),
    }
    assert sorted(answers["reg-04"]) == sorted(text for text, case in options.items() if first(case) == "GHP")
    # reg-05: birthday rule, father's February birthday beats mother's November one
    noah = CoverageCase("Noah", 6, (Coverage("Oak Bank", "employer", "child", 30, date(1985, 11, 3)),
                                    Coverage("Pine Mills", "employer", "child", 30, date(1990, 2, 20))))
    assert first(noah) == "Pine Mills" and answers["reg-05"].startswith("The Pine Mills plan")
    # reg-06 and reg-07: secondary amounts
    msp = cob.medicare_secondary(charge="180.00", primary_allowed="140.00", primary_paid="112.00",
                                 medicare_allowed="120.00")
    assert Decimal(str(answers["reg-06"])) == msp.secondary_pays
    std = cob.standard_cob(charge="250.00", allowable_expense="200.00", primary_paid="150.00",
                           secondary_allowed="180.00", deductible_remaining="150.00", coinsurance_rate="0.20")
    assert Decimal(str(answers["reg-07"])) == std.patient_owes
    # reg-08: lesser of pays nothing and the patient owes nothing
    lesser = cob.medicaid_lesser_of(charge="160.00", primary_allowed="110.00", primary_paid="88.00",
                                    medicaid_rate="85.00")
    assert lesser.secondary_pays == 0 and lesser.patient_owes == 0 and "writes the $22.00 off" in answers["reg-08"]
    # reg-09 and reg-10: ABN modifiers
    assert abn.abn_decision("not_necessary", abn_signed=True, option=1).modifiers == ("GA",)
    assert answers["reg-09"].startswith("GA") and answers["reg-10"].startswith("GZ")
    assert abn.abn_decision("not_necessary").pays_if_denied == "provider"
    # reg-11: the mother's plan (November 23) is primary over the father's (December 5)
    lucas = CoverageCase("Lucas", 8, (Coverage("Lakeside Tools", "employer", "child", 30, date(1987, 12, 5)),
                                      Coverage("Harbor Savings", "employer", "child", 30, date(1989, 11, 23))))
    assert first(lucas) == "Harbor Savings" and answers["reg-11"]["11a"] == "11/23/1989"
    # reg-14: TRICARE after an employer plan
    ahmed = cob.scenario("Ahmed Notreal")
    assert cob.payer_order(ahmed).primary.kind == "employer"
    assert answers["reg-14"] == "The software firm's group health plan"


# ---------------------------------------------------------------- claims and claim submission


def test_the_findings_table_is_what_the_scrubber_reports():
    ns = claims_notebook()
    text = section(chapter("claims-submission"), "claims-submission-example-2")
    rows = dict(re.findall(r"^\| (RB-\d{4}) \| .+? \| .+? \| (.+?) \|$", text, re.MULTILINE))
    assert len(rows) == len(ns["batch"])
    for claim in ns["batch"]:
        assert rows[claim.claim_id] == ns["edits"](claim), claim.claim_id
    assert all(ns["edits"](c) == "none" for c in ns["ready"])
    assert [c.claim_id for c in ns["fixed"] if ns["edits"](c) != "none"] == ["RB-1003"]


def test_the_late_claim_missed_its_deadline():
    ns = claims_notebook()
    assert filing.days_left(ns["late"].lines[0].from_date, ns["SENT_ON"]) < 0
    assert "RB-1003" not in {c.claim_id for c in ns["ready"]}


def test_worked_example_1_is_the_notebook_s_fixed_claim():
    ns = claims_notebook()
    claim = ns["fixed"][1]
    text = section(chapter("claims-submission"), "claims-submission-example-1")
    p = claim.patient
    assert f"{p.first_name} {p.last_name}" in text
    assert f"{p.birth_date:%B} {p.birth_date.day}, {p.birth_date.year}" in text
    assert claim.insured.member_id in text
    assert claim.rendering_provider.npi in text and claim.billing_provider.npi in text
    for letter, code in zip("AB", claim.diagnoses, strict=True):
        assert f"`{code}`" in text and f"as {letter}" in text
    for n, line in enumerate(claim.lines, 1):
        cells = f"| {line.from_date:%m %d %Y} | {line.place_of_service} | {' '.join((line.procedure, *line.modifiers))}"
        assert cells in text, cells
        charge = f"{{computed}}`claims-submission.example.line-{n}`"
        assert f"| {line.pointers} | {charge} | {line.units} | {claim.rendering_provider.npi} |" in text
    assert claim.total_charge == sum(line.charge for line in claim.lines) and claim.claim_id in text


def test_the_batch_writes_a_valid_837p():
    from revcycle.x12 import to_837p, validate

    assert validate(to_837p(claims_notebook()["ready"])) == []


def test_claims_bank_answers_agree_with_the_modules():
    answers = key("claims-submission")
    assert answers["clm-04"] == filing.days_left("2025-11-20", "2026-09-01")
    deadline = filing.medicare_deadline("2026-03-31")
    assert answers["clm-05"] == f"{deadline:%B} {deadline.day}, {deadline.year}"
    assert answers["clm-06"] == math.ceil(45 / 15)
    assert icd10cm.is_billable(answers["clm-02"]["21A"]) and icd10cm.is_billable(answers["clm-03"])
    assert answers["clm-03"] == icd10cm.with_seventh("S93.401", "A")


# ---------------------------------------------------------------- both banks


@pytest.mark.parametrize("bank_name", ["registration-verification", "claims-submission"])
def test_banks_are_big_enough_and_varied(bank_name):
    bank = load_bank(ROOT / "exercises" / "banks" / f"{bank_name}.yml")
    assert len(bank.exercises) >= 10
    assert sum(ex.case for ex in bank.exercises) >= 2
    types = {ex.type for ex in bank.exercises}
    assert {"claim", "numeric"} <= types and len(types) >= 5
