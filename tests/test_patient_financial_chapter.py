"""The patient financial services chapter agrees with revcycle.patient_financial and sits where the brief put it.

Its dates and dollar figures come from code through the {computed} role (workbook.site.book_values, checked by
tests/test_chapter_figures.py). Here: the worked examples add up by hand, the bank's keyed answers are what the engine
computes, the rule numbers the prose states are the engine's constants, the chapter is registered just before
billing software with its two figures, and it meets the shared chapter checks.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from revcycle.patient_financial import balances, debt_collection, estimates, plans, statements
from tests import chapter_checks
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site import book_values

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "billing" / "patient-financial-services.md"
BANK = ROOT / "exercises" / "banks" / "patient-financial-services.yml"
KEY = ROOT / "solutions" / "keys" / "patient-financial-services.yml"
NOTEBOOK = ROOT / "notebooks" / "aging-patient-balances.ipynb"
D = Decimal


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def value(key: str):
    return book_values.FIGURES[f"patient-financial.{key}"].value()


def long_date(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def test_the_rule_numbers_are_the_regulations():
    assert Decimal(400) == estimates.PPDR_THRESHOLD and estimates.PPDR_DAYS == 120  # 45 CFR 149.620
    assert estimates.SCHEDULED_TIERS == ((10, 3), (3, 1)) and estimates.REQUEST_DAYS == 3  # 45 CFR 149.610
    assert (statements.NOTIFICATION_DAYS, statements.ECA_NOTICE_DAYS, statements.APPLICATION_DAYS) == (120, 30, 240)
    assert debt_collection.CALLS_IN_SEVEN_DAYS == 7 and Decimal(500) == debt_collection.MEDICAL_REPORTING_FLOOR
    assert value("ppdr.threshold") == D("400.00") and value("reporting.floor") == D("500.00")


def test_worked_example_1_by_hand():
    scheduled, service = value("gfe.scheduled"), value("gfe.service")
    assert scheduled.weekday() == 4 and (service - scheduled).days == 14  # a Friday, two weeks ahead
    assert value("gfe.lead") == 10
    assert value("gfe.due") == scheduled + timedelta(days=5)  # Mon, Tue, Wed: the third business day
    assert value("gfe.short-lead") == 2 and not book_values.pfs_gfe(True).required
    for who in ("surgeon", "facility"):
        assert value(f"ppdr.{who}.excess") == value(f"ppdr.{who}.billed") - value(f"ppdr.{who}.estimate")
    assert value("ppdr.surgeon.excess") < D(400) <= value("ppdr.facility.excess")
    assert value("ppdr.last-day") == value("ppdr.received") + timedelta(days=120)


def test_worked_example_2_by_hand():
    first = value("ex2.first-statement")
    assert [value(f"ex2.{k}") for k in ("reminder-1", "reminder-2", "final")] == [
        first + timedelta(days=n) for n in (30, 60, 90)]
    assert value("ex2.earliest-eca") == max(first + timedelta(days=120), value("ex2.final") + timedelta(days=30))
    assert value("ex2.application-ends") == first + timedelta(days=240)
    months, regular, last = value("ex2.plan.months"), value("ex2.plan.regular"), value("ex2.plan.last")
    assert regular * (months - 1) + last == value("ex2.balance")
    assert regular == (value("ex2.balance") / months).quantize(D("0.01"), rounding="ROUND_DOWN")
    assert "five of" in " ".join(text().split()) and months - 1 == 5


def test_the_ledger_figures_by_hand():
    ledger = book_values.pfs_ledger()["ledger"]
    open_rows = [b for b in ledger["balance"] if b > 0]
    assert value("ledger.open") == sum(open_rows, D(0)) and value("ledger.open-accounts") == len(open_rows)
    old = [b for b, first in zip(ledger["balance"], ledger["first_statement"], strict=True)
           if b > 0 and (balances.AS_OF - first.date()).days > 120]
    assert value("ledger.over-120") == sum(old, D(0))
    assert value("ledger.over-120-percent") == (100 * value("ledger.over-120") / value("ledger.open")).quantize(
        D("0.1"), rounding="ROUND_HALF_UP")
    credits = [-b for b in ledger["balance"] if b < 0]
    assert value("ledger.credits") == len(credits) and value("ledger.credit-total") == sum(credits, D(0))
    assert value("refund.due") == value("refund.identified") + timedelta(days=60)


def test_bank_answers_that_the_engine_computes():
    bank = load_bank(BANK)
    key = {k: v.answer for k, v in keys.load_key(KEY, bank).items()}
    due = estimates.gfe_due("2026-05-05", "2026-05-21").due
    assert key["pfs-01"] == f"{due:%A}, {long_date(due)}"
    assert not estimates.gfe_due("2026-03-02", "2026-03-04").required and key["pfs-02"].startswith("No good faith")
    check = estimates.ppdr_check("2300.00", "2735.50", "2026-06-01")
    assert D(str(key["pfs-03"])) == check.excess and check.substantially_in_excess
    assert key["pfs-04"] == long_date(estimates.ppdr_check("1000", "1610", "2026-06-12").last_day)
    plan = plans.payment_plan("845.00", "2026-01-01", months=6)
    assert D(str(key["pfs-08"])) == plan.last
    cal = statements.dunning_calendar("2026-03-02", hospital_501r=True, eca_notice="2026-06-15")
    assert key["pfs-09"] == long_date(cal.earliest_eca) and key["pfs-10"] == long_date(cal.application_period_ends)
    call = debt_collection.call_check("2026-03-10", conversations=["2026-03-03"])
    assert call.allowed and not debt_collection.call_check("2026-03-09", conversations=["2026-03-03"]).allowed
    assert key["pfs-13"] == "Tuesday, March 10, 2026"
    options = {ex.id: ex for ex in bank.exercises}["pfs-14"].options
    facts = {options[0]: ("350", "2025-01-15", False), options[1]: ("1200", "2026-01-10", False),
             options[2]: ("2000", "2025-06-01", True), options[3]: ("800", "2026-11-01", False),
             options[4]: ("650", "2026-02-01", False)}
    shown = [o for o, (amount, since, paid) in facts.items()
             if debt_collection.bureaus_would_report(amount, since, "2027-03-01", paid=paid).reportable]
    assert sorted(key["pfs-14"]) == sorted(shown)
    assert D(str(key["pfs-15"])) == D("250.00") - D("182.40")
    assert key["pfs-16"] == long_date(balances.refund_due("10", "2026-10-05", owner="medicare").due)


def test_the_bank_is_big_and_varied_enough():
    bank = load_bank(BANK)
    chapter_checks.assert_bank(bank, 12, {"single", "multiple", "numeric", "ordering", "matching"}, "pfs-")


def test_terms_and_citations_resolve():
    page = text()
    chapter_checks.assert_citations(page, ("ecfr-45-149-620", "ecfr-45-149-420", "ecfr-45-149-510",
                                           "ecfr-26-1-501r-6", "ecfr-12-1006-14", "uscode-42-300gg-131",
                                           "equifax-medical-debt-2022", "aba-cfpb-medical-debt-vacated"))
    chapter_checks.assert_key_terms(page, "## Key terms", least=15)


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(patient-financial-services)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("payment-posting-denials-ar", "registration-verification", "reimbursement",
                  "fraud-abuse-compliance"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/patient-financial-services`" in page
    assert "../../notebooks/aging-patient-balances" in page
    for label in ("patient-financial-example-1", "patient-financial-example-2"):
        assert f"({label})=" in page
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4500, words


def test_the_chapter_is_registered_just_before_billing_software():
    from workbook.site.figures import by_chapter

    chapters = chapter_checks.toc_chapters()
    files = [c["file"] for c in chapters]
    here = files.index("book/billing/patient-financial-services")
    assert files[here + 1] == "book/billing/billing-software"
    assert files.index("book/billing/payment-posting-denials-ar") < here
    assert [s["file"] for s in chapters[here]["sections"]] == ["notebooks/aging-patient-balances",
                                                               "exercises/patient-financial-services"]
    assert {f.id for f in by_chapter()["billing/patient-financial-services"]} == {"dunning-calendar",
                                                                                  "patient-aging"}
    for fig in ("fig-dunning-calendar", "fig-patient-aging"):
        assert f":name: {fig}" in text() and f"{{numref}}`{fig}`" in text()


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "Decimal(" not in cell.source and "timedelta" not in cell.source and "quantize" not in cell.source
    assert not any(o.get("output_type") == "error" for o in cell.get("outputs", []))
