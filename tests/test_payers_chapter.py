"""The payers chapter agrees with its sources' numbers and with revcycle.payment.payers.

Its dollar figures and dates come from code through the {computed} role (workbook.site.book_values). Here: the worked
examples are recounted by hand from the fee schedule and the stated inputs, the bank's computed answers are the
engine's, and the chapter is registered, cited and sized like every chapter.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import nbformat
import pytest

from revcycle.payment import payers
from revcycle.payment.fees import listed_codes, pfs_payment
from revcycle.synthetic.pools import CHARGEMASTER
from tests import chapter_checks
from tests.chapter_checks import value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site import book_values
from workbook.site.figures import get

ROOT = chapter_checks.ROOT
PAGE = ROOT / "book" / "billing" / "payers.md"
BANK = ROOT / "exercises" / "banks" / "payers.yml"
KEY = ROOT / "solutions" / "keys" / "payers.yml"
NOTEBOOK = ROOT / "notebooks" / "payer-rules.ipynb"
NEW_KEYS = ("ecfr-42-422-582", "ecfr-42-422-590", "ecfr-42-422-592", "ecfr-42-422-214", "ecfr-42-422-101",
            "cms-parts-cd-appeals", "ecfr-42-435-915", "ecfr-42-435-831", "pl-119-21", "ecfr-42-447-45",
            "uscode-10-1106", "ecfr-38-17-275", "uscode-38-1781", "uscode-38-1703d", "va-community-care-claims",
            "cms-2026-part-ab", "mln-se1128", "uscode-42-1395ss", "medicare-medigap-plans", "cms-mcpm-ch28",
            "cms-pim-ch13", "uscode-42-1395ff", "ecfr-42-405-1060", "tx-lab-413-042", "irs-rev-proc-2025-19",
            "uscode-26-223", "uscode-42-300gg-19a", "ecfr-42-457")
C = Decimal("0.01")


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def cents(x: Decimal) -> Decimal:
    return x.quantize(C, rounding=ROUND_HALF_UP)


def test_every_code_named_is_a_listed_cpt_code_and_no_diagnosis_codes_are_used():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    sources = text() + BANK.read_text(encoding="utf-8") + "\n".join(c.source for c in nb.cells)
    codes = set(re.findall(r"`(\d{5})`", sources)) | set(re.findall(r'"(\d{5})"', sources))
    assert codes >= {"99213", "99214"}
    assert codes <= listed_codes()
    assert not re.findall(r"`[A-Z]\d{2}\.[0-9A-Z]{1,4}`", text())


def test_worked_example_1_by_hand():
    fee = pfs_payment("99214").payment
    left = Decimal("283") - Decimal(book_values.PAYERS_EX1["deductible_met"])
    coins = cents((fee - left) * Decimal("0.20"))
    assert value("payers.part-b-deductible") == Decimal("283")
    assert value("payers.ex1.fee") == fee and value("payers.ex1.deductible-left") == left == Decimal("83.00")
    assert value("payers.ex1.coinsurance") == coins == value("payers.ex1.medigap-pays")  # Plan G pays coinsurance
    assert value("payers.ex1.medicare-pays") == fee - left - coins
    assert value("payers.ex1.patient-owes") == left
    rate = cents(fee * Decimal("0.75"))
    paid = fee - left - coins
    assert value("payers.ex1.qmb.rate") == rate
    assert value("payers.ex1.qmb.cost-sharing") == left + coins
    assert value("payers.ex1.qmb.medicaid-pays") == max(Decimal(0), min(left + coins, rate - paid))
    assert value("payers.ex1.qmb.write-off") == (CHARGEMASTER["99214"] - paid - value("payers.ex1.qmb.medicaid-pays"))


def test_worked_example_2_by_hand():
    cfg = book_values.PAYERS_EX2
    excess = Decimal(cfg["income"]) - Decimal(cfg["level"])
    amount = excess * cfg["months"]
    assert value("payers.ex2.amount") == amount == Decimal("3000.00")
    bills = sorted((date.fromisoformat(d), Decimal(a)) for d, a in cfg["expenses"])
    running, met = Decimal(0), None
    for day, bill in bills:
        running += bill
        if met is None and running >= amount:
            met = day
    assert value("payers.ex2.met-on") == met == date(2026, 2, 15)
    assert value("payers.ex2.medicaid-part") == running - amount
    assert value("payers.ex2.counted-2") == amount - bills[0][1]
    assert value("payers.ex2.retro-start") == date(2026, 1, 1) and value("payers.ex2.retro-months") == 3
    assert value("payers.ex2.retro-2027-start") == date(2027, 2, 1) and value("payers.ex2.retro-2027-months") == 2


def test_the_rules_numbers_in_the_prose():
    page = chapter_checks.flat(text())
    assert value("payers.ma.deadline") == book_values.PAYERS_MA_NOTICE + timedelta(days=65) == date(2026, 6, 14)
    assert value("payers.ma.days") == 65 and "60 days until a 2024 CMS rule lengthened it for 2025" in page
    assert "within 12 months of the date of service" in page
    assert "within 180 days of the care" in page and "one year of the service" in page
    assert value("payers.wc.allowed") == cents(pfs_payment("99213").payment * Decimal("1.40"))
    assert "As an illustration only, take a synthetic state" in page
    limits = {k: value(f"payers.hdhp.{k}") for k in ("self-deductible", "family-deductible", "self-oop", "family-oop",
                                                     "self-hsa", "family-hsa")}
    assert limits == {"self-deductible": 1700, "family-deductible": 3400, "self-oop": 8500, "family-oop": 17000,
                      "self-hsa": 4400, "family-hsa": 8750}


def test_bank_answers_that_the_engine_computes():
    bank = load_bank(BANK)
    key = {k: v.answer for k, v in keys.load_key(KEY, bank).items()}
    g = payers.medigap_crossover("120.00", plan="G", deductible_remaining="50.00")
    assert Decimal(str(key["pay-01"])) == g.medigap_pays == Decimal("14.00")
    assert key["pay-03"] == "July 24, 2026" and payers.ma_reconsideration_deadline("2026-05-20") == date(2026, 7, 24)
    assert Decimal(str(key["pay-05"])) == payers.spend_down("1250.00", "700.00", 4).amount == Decimal("2200.00")
    assert key["pay-06"] == "March 1, 2026" and payers.retroactive_window("2026-06-03")[0] == date(2026, 3, 1)
    qualified = {o for o in key["pay-11"]}
    for option in bank.exercises[10].options:
        ded, oop = (Decimal(x.replace(",", "")) for x in re.findall(r"\$([\d,]+)", option.replace("\\", "")))
        assert (option in qualified) == payers.hdhp_check(ded, oop).qualifies, option
    from revcycle.payment.cob import medicaid_lesser_of

    pay = medicaid_lesser_of(charge="100.00", primary_allowed="100.00", primary_paid="80.00", medicaid_rate="90.00")
    assert Decimal(str(key["pay-14"])) == pay.secondary_pays == Decimal("10.00") and pay.patient_owes == 0
    assert key["pay-08"][-1] == "Medicaid"


def test_the_bank_is_big_and_varied_enough():
    chapter_checks.assert_bank(load_bank(BANK), 12, {"single", "multiple", "numeric", "ordering", "matching"}, "pay-")


def test_terms_and_citations_resolve():
    page = text()
    chapter_checks.assert_citations(page, NEW_KEYS, also=KEY.read_text(encoding="utf-8"), must_cite=True)
    chapter_checks.assert_key_terms(page, "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(payers)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("registration-verification", "prior-authorization", "claims-submission",
                  "payment-posting-denials-ar", "patient-financial-services"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/payers`" in page and "../../notebooks/payer-rules" in page
    assert 2000 <= chapter_checks.prose_words(page) <= 4500, chapter_checks.prose_words(page)


def test_the_chapter_is_registered_after_registration_and_before_enrollment():
    chapter_checks.assert_registered("billing/payers", "billing/registration-verification",
                                     ["notebooks/payer-rules", "exercises/payers"],
                                     {"payer-landscape", "spend-down-met"},
                                     before="billing/enrollment-credentialing")


def test_the_figures_draw_and_their_alt_text_states_the_computed_facts():
    spend = get("spend-down-met")
    assert book_values.text("payers.ex2.amount") in spend.alt and book_values.text("payers.ex2.met-on") in spend.alt
    assert book_values.text("payers.ex2.medicaid-part") in spend.alt
    landscape = get("payer-landscape")
    assert "Medicaid and CHIP last" in landscape.alt
    for fig in (spend, landscape):
        svg = fig.draw()
        assert svg.startswith("<svg") and "<title>" in svg


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "timedelta" not in cell.source and "* 0.2" not in cell.source and "days=65" not in cell.source
