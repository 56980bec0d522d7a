"""The remittances-in-full chapter agrees with revcycle: its worked examples add up (checked here with plain Decimal
and date arithmetic), the bank's computed answers are the engine's, its PLB table matches the book's code list, and
the chapter is registered where every chapter is. Its figures come from code through the {computed} role."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from revcycle.ar import appeals, reopening
from revcycle.codes.remit import PLB_REASONS
from revcycle.payment.interest import late_interest
from revcycle.practice import remittances as rm
from tests import chapter_checks
from tests.chapter_checks import value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site import book_values

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "billing" / "remittances-in-full.md"
BANK = ROOT / "exercises" / "banks" / "remittances-in-full.yml"
KEY = ROOT / "solutions" / "keys" / "remittances-in-full.yml"
NOTEBOOK = ROOT / "notebooks" / "reading-a-whole-835.ipynb"
D = Decimal


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_every_computed_key_exists():
    used = set(re.findall(r"\{computed\}`([^`]+)`", text()))
    assert used and used <= set(book_values.VALUES), sorted(used - set(book_values.VALUES))
    assert {k for k in book_values.VALUES if k.startswith("remittances.")} <= used


def test_worked_example_1_balances():
    paid = [value(f"remittances.claim-{n}.paid") for n in (1, 2, 3)]
    assert value("remittances.claims-paid") == sum(paid)
    assert value("remittances.plb-total") == value("remittances.overpaid.amount") - value("remittances.late.interest")
    assert value("remittances.bpr") == value("remittances.claims-paid") - value("remittances.plb-total")
    # the interest, from the dates and the rate
    received, paid_on = value("remittances.late.received"), value("remittances.check-date")
    late = (paid_on - received).days - 30
    assert value("remittances.late.days") == late and value("remittances.late.due-by") == received + timedelta(30)
    payment, rate = value("remittances.late.payment"), value("remittances.late.rate")
    expected = (payment * rate / 100 * late / 365).quantize(D("0.01"))
    assert value("remittances.late.interest") == expected
    assert value("remittances.offset.insurance-balance") == value("remittances.overpaid.amount")
    assert value("remittances.overpaid.paid-on") < value("remittances.check-date")


def test_worked_example_2_nets():
    assert value("remittances.fix.net") == value("remittances.fix.new-paid") - value("remittances.fix.reversed-paid")
    assert value("remittances.fix.bpr") == value("remittances.fix.net")
    case = rm.correction_case()
    assert case.original.claim.lines[0].procedure == "99213" and case.corrected_claim.lines[0].procedure == "99214"
    assert value("remittances.fix.new-charge") > value("remittances.fix.old-charge")


def test_worked_example_3_dates():
    determined = value("remittances.windows.determination")
    assert value("remittances.windows.redetermination") == determined + timedelta(days=5 + 120)
    assert value("remittances.windows.any-reason") == date(determined.year + 1, determined.month, determined.day)
    assert value("remittances.windows.good-cause") == date(determined.year + 4, determined.month, determined.day)
    assert value("remittances.windows.redetermination") == appeals.filing_deadline(1, determined)


def test_the_plb_table_is_the_book_s_code_list():
    rows = dict(re.findall(r"^\| (WO|L6|FB|72|CS|J1|B2|50|IR|LE|AP) \| ([^|]+) \|", text(), re.M))
    assert set(rows) == set(PLB_REASONS)
    for code, words in rows.items():
        first = next(w for w in re.findall(r"[a-z]+", words.lower()) if len(w) > 3)  # the meaning's key word
        assert first in PLB_REASONS[code].lower(), code


def test_bank_answers_that_the_engine_computes():
    bank = load_bank(BANK)
    key = {k: v.answer for k, v in keys.load_key(KEY, bank).items()}
    case = rm.recoupment_case()
    assert D(str(key["rim-02"])) == case.remit.payments.iloc[0]["amount"]
    prompts = {ex.id: ex.prompt for ex in bank.exercises}
    for r in case.today:
        assert f"\\${r.paid}" in prompts["rim-02"]
    assert D(str(key["rim-07"])) == late_interest("1000.00", "2026-03-01", "2026-04-10", "4.625").interest
    assert D(str(key["rim-08"])) == rm.correction_case().pairs().iloc[0]["net_paid"]
    w = reopening.windows("2026-04-03")
    assert key["rim-11"] == f"{w.reopen_any_reason_by:%B} {w.reopen_any_reason_by.day}, {w.reopen_any_reason_by.year}"
    assert key["rim-12"] == f"{w.redetermination_by:%B} {w.redetermination_by.day}, {w.redetermination_by.year}"
    assert key["rim-14"] == f"{date(2026, 5, 1) + timedelta(days=60):%B %d, %Y}"


def test_the_bank_is_big_and_varied_enough():
    bank = load_bank(BANK)
    chapter_checks.assert_bank(bank, 12, {"single", "multiple", "numeric", "ordering", "matching"}, "rim-")


def test_terms_and_citations_resolve():
    page = text()
    chapter_checks.assert_citations(page, ("x12-835-tr3", "fr-cms-0024-ifc", "fr-cms-0028-ifc", "caqh-core-eft-era",
                                           "ecfr-42-405-379", "uscode-42-1395ddd-f", "uscode-42-1395u-c2",
                                           "treasury-prompt-payment"), must_cite=True)
    chapter_checks.assert_key_terms(page, "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(remittances-in-full)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("payment-posting-denials-ar", "fraud-abuse-compliance"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/remittances-in-full`" in page
    assert "../../notebooks/reading-a-whole-835" in page
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4500, words


def test_the_chapter_is_registered_after_payment_posting():
    chapter_checks.assert_registered(
        "billing/remittances-in-full", "billing/payment-posting-denials-ar",
        ["notebooks/reading-a-whole-835", "exercises/remittances-in-full"],
        {"plb-check-arithmetic", "era-eft-reassociation"})


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "Decimal(" not in cell.source and "/ 365" not in cell.source and "timedelta" not in cell.source
