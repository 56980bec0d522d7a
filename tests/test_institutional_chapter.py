"""The institutional billing chapter agrees with revcycle: its codes are valid, its claims are the synthetic ones,
its dollar figures are computed (through {computed}, checked by tests/test_chapter_figures.py), the bank's numeric
answers are revcycle.payment.ipps's, and it is registered where every chapter is."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest
import yaml

from revcycle import icd10cm
from revcycle.codes import pcs
from revcycle.payment import ipps
from revcycle.synthetic import example_inpatient_claim, example_outpatient_claim
from tests import chapter_checks
from workbook.exercises.spec import load_bank
from workbook.site import book_values

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "billing" / "institutional-billing.md"
BANK = ROOT / "exercises" / "banks" / "institutional-billing.yml"
KEY = ROOT / "solutions" / "keys" / "institutional-billing.yml"
NOTEBOOK = ROOT / "notebooks" / "institutional-claim-and-drg.ipynb"


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_the_diagnoses_are_billable_and_the_procedure_valid():
    found = set(re.findall(r"`([A-Z][0-9]{2}(?:\.[0-9A-Z]{1,4})?)`", text()))
    assert found == {"R07.9", "I10", "E11.9", "M17.11"}
    for code in found:
        assert icd10cm.is_billable(code, on="2026-10-14"), code
    assert "`0SRC0J9`" in text() and pcs.is_valid("0SRC0J9")
    claims = example_inpatient_claim(), example_outpatient_claim()
    assert {c.principal_diagnosis for c in claims} | {d for c in claims for d in c.other_diagnoses} == found
    assert claims[0].principal_procedure[0] == "0SRC0J9"
    assert (claims[0].type_of_bill, claims[1].type_of_bill) == ("0111", "0131")


def test_no_dollar_figure_is_typed():
    prose = re.sub(r"\{computed\}`[^`]*`", "", text())
    assert not re.findall(r"\$\s?[0-9]", prose)


def test_every_computed_key_exists_and_the_examples_add_up():
    used = set(re.findall(r"\{computed\}`([^`]+)`", text()))
    assert used and used <= set(book_values.FIGURES)
    assert all(k.startswith("institutional.") for k in used)
    p = ipps.operating_payment("470")
    assert book_values.FIGURES["institutional.ex2.payment"].value() == p.payment
    assert p.labor_amount + p.nonlabor_amount == ipps.FY2026_RATES.standardized_amount == Decimal("6752.61")
    high = ipps.operating_payment("470", "1.1000")
    assert high.labor_amount + high.nonlabor_amount == Decimal("6752.61")
    assert book_values.FIGURES["institutional.rate.standardized"].value() == Decimal("6752.61")
    assert book_values.FIGURES["institutional.ex2.labor"].value() == Decimal("4186.62")
    assert book_values.FIGURES["institutional.ex2.nonlabor"].value() == Decimal("2565.99")
    assert book_values.FIGURES["institutional.wi.labor"].value() == Decimal("4456.72")
    assert book_values.FIGURES["institutional.wi.nonlabor"].value() == Decimal("2295.89")
    # by hand: (4,186.62 + 2,565.99) x 1.9289 and (4,456.72 x 1.1 + 2,295.89) x 1.9289, rounded once
    assert book_values.FIGURES["institutional.ex2.payment"].value() == Decimal("13025.11")
    assert book_values.FIGURES["institutional.wi.payment"].value() == Decimal("13884.77")
    assert book_values.FIGURES["institutional.ex2.total"].value() == example_inpatient_claim().total_charge
    assert book_values.FIGURES["institutional.ex2.midnights"].value() == 2


def test_the_page_gives_the_real_table_1a_amounts_and_no_illustrative_ones():
    flat = " ".join(text().split())
    assert "illustrative" not in flat.lower()
    assert "Tables 1A and 1B of the same rule {cite}`cms-ipps-fy2026-final`" in flat
    assert "The book ships only that column." in flat
    assert "not model" in flat  # the warning about capital, IME, DSH, outliers, transfers


def test_the_bank_numeric_answers_are_the_engine_s():
    key = {k: v["answer"] for k, v in yaml.safe_load(KEY.read_text(encoding="utf-8"))["answers"].items()}
    assert Decimal(str(key["inst-06"])) == ipps.operating_payment("470").payment
    assert Decimal(str(key["inst-07"])) == ipps.operating_payment("871", "1.2000").payment
    assert Decimal(str(key["inst-08"])) == ipps.operating_payment("470", "0.9000").labor_amount
    assert Decimal(str(key["inst-16"])) == ipps.operating_payment("291", "0.9000").payment
    assert [Decimal(str(key[k])) for k in ("inst-06", "inst-07", "inst-08", "inst-16")] == [
        Decimal("13025.11"), Decimal("14848.38"), Decimal("4186.62"), Decimal("8131.52")]
    assert "illustrative" not in BANK.read_text(encoding="utf-8") + KEY.read_text(encoding="utf-8")
    assert key["inst-04"] == "M17.11" and icd10cm.is_billable("M17.11", on="2026-10-19")


def test_the_bank_is_big_and_varied_enough():
    bank = load_bank(BANK)
    chapter_checks.assert_bank(bank, 12, {"single", "multiple", "numeric", "ordering", "matching", "code"}, "inst-")


def test_terms_and_citations_resolve():
    page = text()
    chapter_checks.assert_citations(page, ("cms-ipps-fy2026-final", "cms-ipps-fy2026-table5", "ecfr-42-412-3",
                                           "ecfr-42-412-2", "cms-mcpm-ch3", "cms-mcpm-ch4", "x12-837i-tr3"))
    chapter_checks.assert_key_terms(page, "### Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(institutional-billing)=\n# Institutional billing: the UB-04, the 837I and how hospitals")
    assert "```{admonition} Learning objectives" in page
    for label in ("claims-submission", "reimbursement", "icd10pcs-overview"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{numref}`fig-ub04-example`" in page  # the claims chapter's UB-04, linked, not drawn again
    for fig in ("fig-type-of-bill-decoded", "fig-drg-payment-arithmetic"):
        assert f":name: {fig}" in page and f"{{numref}}`{fig}`" in page
    assert "{doc}`../../exercises/institutional-billing`" in page
    assert "../../notebooks/institutional-claim-and-drg" in page
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4500, words


def test_the_chapter_is_registered_after_claims_submission():
    chapter_checks.assert_registered(
        "billing/institutional-billing", "billing/claims-submission",
        ["notebooks/institutional-claim-and-drg", "exercises/institutional-billing"],
        {"type-of-bill-decoded", "drg-payment-arithmetic"})


def test_the_notebook_ran_and_validated_its_837i():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    out = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "pyx12 problems: none" in out
    assert "CLM*" in out and "SV2*" in out and "HI*ABK" in out
    assert "claim total at wage index 1.0000: $782.73" in out  # the chapter's emergency visit on the OPPS
    assert not any(o.get("output_type") == "error" for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "* 0.6" not in cell.source and "6500" not in cell.source and "1.9289" not in cell.source
