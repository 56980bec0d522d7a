"""The modifiers chapter agrees with the code sets, the fee schedule file and revcycle.coding.modifiers.

Its lines and dollar figures come from code through the {computed} role (workbook.site.book_values). Here: every
modifier the chapter, bank and key name exists; every procedure code is in the CY2026 RVU file and every diagnosis is
billable; the worked examples' lines are the engine's and their amounts check by plain arithmetic; the bank's keys
agree with the engine; and the chapter is registered, cited and sized like every chapter.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from revcycle import icd10cm
from revcycle.coding import modifiers
from revcycle.payment import fees
from tests import chapter_checks
from tests.chapter_checks import cents, value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site import book_values

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "coding" / "modifiers.md"
BANK = ROOT / "exercises" / "banks" / "modifiers.yml"
KEY = ROOT / "solutions" / "keys" / "modifiers.yml"
NOTEBOOK = ROOT / "notebooks" / "choosing-modifiers.ipynb"
LOCALITY = book_values.SURGERY_LOCALITY
D = Decimal


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_every_modifier_in_the_chapter_tables_bank_and_key_exists():
    page = text()
    in_tables = set(re.findall(r"^\| ([0-9A-Z]{2}) \|", page, re.M))
    assert {"58", "78", "79", "XE", "XS", "XP", "XU", "59", "22", "52", "53", "73", "74", "GA", "GZ", "GY", "GX"} \
        <= in_tables
    bold = set(re.findall(r"\*\*([0-9A-Z]{2})\*\*", page))
    bank = load_bank(BANK)
    key = {k: v.answer for k, v in keys.load_key(KEY, bank).items()}
    answered = {a for a in key.values() if isinstance(a, str) and re.fullmatch(r"[0-9A-Z]{2}", a)}
    for m in in_tables | bold | answered:
        assert modifiers.exists(m), m
    for group in ("P1", "P6", "1P", "8P", "FA", "F9", "TA", "T9", "E1", "E4", "LC", "LD", "LM", "RC", "RI", "KX",
                  "JW", "JZ", "AS", "93", "95", "91"):
        assert modifiers.exists(group), group


def test_codes_in_the_chapter_bank_and_notebook_are_real():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    sources = [text(), BANK.read_text(encoding="utf-8"), KEY.read_text(encoding="utf-8"),
               "\n".join(c.source for c in nb.cells)]
    listed = fees.listed_codes()
    for s in sources:
        for code in re.findall(r"`([0-9]{5})`|code=\"([0-9]{5})\"", s):
            c = code[0] or code[1]
            assert c in listed, c
    found = set(re.findall(r"`([A-Z][0-9]{2}\.[0-9A-Z]{1,4})`", text()))
    assert found == {"K40.20", "R19.5"}
    for code in found:
        assert icd10cm.is_billable(code, on="2026-09-30") and icd10cm.is_billable(code, on="2026-10-01"), code


def test_the_indicators_the_worked_examples_rely_on_are_the_file_s():
    ind = fees.pfs_indicators("49505")
    assert (ind.bilat_surg, ind.asst_surg) == ("1", "2")
    assert fees.rvu_record("49505").global_days == "090"
    assert fees.rvu_record("45378", "53").modifier == "53"  # the file has its own row for a stopped colonoscopy


def test_the_worked_examples_are_the_engine_s_and_add_up():
    assert value("modifiers.ex1.visit") == "99204-57"
    assert value("modifiers.ex1.surgeon-line") == "49505-50"
    assert value("modifiers.ex1.pa-line") == "49505-50-AS"
    assert value("modifiers.ex2.physician-line") == "45378-53"
    assert value("modifiers.ex2.facility-line") == "45378-74"
    fee = fees.pfs_payment("49505", locality=LOCALITY, setting="facility").payment
    assert value("modifiers.ex1.fee") == fee
    assert value("modifiers.ex1.surgeon") == cents(fee * D("1.5"))
    assert value("modifiers.ex1.pa") == cents(fee * D("1.5") * D("0.16") * D("0.85"))
    assert value("modifiers.ex2.53") < value("modifiers.ex2.full")
    draft = modifiers.conflicts(["RT", "LT", "50"], "procedure")
    assert {frozenset(c.modifiers) for c in draft} == {frozenset({"50", "LT", "RT"}), frozenset({"LT", "RT"})}
    page = text()
    for key in ("modifiers.ex1.surgeon", "modifiers.ex1.pa", "modifiers.ex2.53", "modifiers.ex1.pa-line"):
        assert f"{{computed}}`{key}`" in page, key


def test_bank_answers_agree_with_the_engine():
    bank = load_bank(BANK)
    key = {k: v.answer for k, v in keys.load_key(KEY, bank).items()}
    decide = modifiers.decide
    assert key["mod-01"] == decide(kind="em", same_day_procedure=True, decision_for_surgery=True,
                                   major_surgery=True).modifiers[0]
    assert decide(kind="em", same_day_procedure=True, decision_for_surgery=True).billable is False  # mod-02
    assert key["mod-06"] == decide(effort="discontinued", claim="facility", after_anesthesia=True).modifiers[0]
    assert key["mod-07"] == decide(effort="discontinued").modifiers[0]
    assert key["mod-09"] == decide(kind="lab", repeat="lab_test").modifiers[0]
    assert key["mod-11"] == " and ".join(decide(abn="excluded_voluntary").modifiers)
    assert key["mod-12"] == decide(kind="therapy", requirements_met=True).modifiers[0]
    assert key["mod-14"] == decide(kind="anesthesia", physical_status=3).modifiers[0]
    assert key["mod-15"] == decide(kind="quality", measure_exception="patient").modifiers[0]
    assert set(key["mod-16"]) == set(decide(side="both", role="npp_assistant").modifiers)
    pairs = {o: frozenset(o.split(" and ")) for o in next(e for e in bank.exercises if e.id == "mod-04").options}
    conflicting = {o for o, p in pairs.items() if modifiers.conflicts(p)}
    assert conflicting == set(key["mod-04"])
    fee = D("455.77")
    assert fees.pfs_payment("49505", locality=LOCALITY, setting="facility").payment == fee  # the prompt's amount
    assert D(str(key["mod-13"])) == cents(fee * D("1.5") * D("0.16") * D("0.85"))
    assert modifiers.decide(code="49505", side="both", role="npp_assistant", locality=LOCALITY).pricing.allowed == \
        D(str(key["mod-13"]))


def test_the_bank_is_big_and_varied_enough():
    chapter_checks.assert_bank(load_bank(BANK), 12, {"single", "multiple", "numeric", "ordering", "matching"}, "mod-")


def test_terms_and_citations_resolve():
    page = text()
    cited = chapter_checks.assert_citations(page, ("uscode-42-1395l", "uscode-42-1395w-3a"))
    for primary in ("cms-mcpm-ch12", "cms-mcpm-ch4", "cms-ncci-policy-manual", "cms-mcpm-ch17", "cms-mcpm-ch30",
                    "uscode-42-1395l", "uscode-42-1395w-3a"):
        assert primary in cited, primary
    chapter_checks.assert_key_terms(page, "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(modifiers)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("hcpcs-modifiers", "surgical-payment-rules", "cpt-em"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/modifiers`" in page
    assert "../../notebooks/choosing-modifiers" in page
    assert "convention" in chapter_checks.flat(page)  # the order of modifiers is stated as a convention
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4500, words


def test_the_chapter_is_registered_after_hcpcs_modifiers():
    chapter_checks.assert_registered(
        "coding/modifiers", "coding/hcpcs-modifiers",
        ["notebooks/choosing-modifiers", "exercises/modifiers"],
        {"modifier-decision-procedure", "modifier-line-order"})


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "Decimal(" not in cell.source and "* 1.5" not in cell.source and "0.16" not in cell.source
