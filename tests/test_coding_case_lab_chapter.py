"""The coding case lab chapter agrees with the code sets, the case review and its own exercises.

Its worked cases come from revcycle.coding.case_review.EXAMPLES through the {computed} role; here every code the
chapter, the bank, the key and the notebook name is real (CPT in the CY2026 RVU file with a book summary, HCPCS in
the 2026 file and active on the date of service, ICD-10-CM billable in FY2026 and FY2027), drug units are recomputed
from the dose by plain arithmetic, the bank is thirty-plus case-based claim exercises, and the chapter is
registered, cited and sized like every chapter. (tests/test_case_review.py runs every key through the review.)
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from pathlib import Path

import nbformat
import yaml

from revcycle import icd10cm
from revcycle.codes import cpt, hcpcs
from revcycle.coding import case_review
from revcycle.payment import fees
from tests import chapter_checks
from tests.chapter_checks import value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "coding" / "coding-case-lab.md"
BANK = ROOT / "exercises" / "banks" / "coding-case-lab.yml"
KEY = ROOT / "solutions" / "keys" / "coding-case-lab.yml"
NOTEBOOK = ROOT / "notebooks" / "coding-case-lab.ipynb"
FY = ("2025-10-01", "2026-10-01")
#: Amount per billing unit in mg, read by hand from the HCPCS descriptors of the drugs the lab uses.
PER_UNIT_MG = {"J0696": Decimal(250), "J3420": Decimal(1), "J3301": Decimal(10), "J1756": Decimal(1),
               "J1010": Decimal(1)}


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def key_data() -> dict:
    return yaml.safe_load(KEY.read_text(encoding="utf-8"))["answers"]


def notebook_source() -> str:
    return "\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells)


def billable_both_years(code: str) -> bool:
    return all(icd10cm.is_billable(code, on=day) for day in FY)


def test_every_code_in_the_chapter_and_notebook_is_real():
    listed = fees.listed_codes()
    for source in (text(), notebook_source()):
        for code in set(re.findall(r"\b(\d{5})\b", source)) - {"10000"}:
            if code in listed:
                assert cpt.describe(code).description, code  # the book's own summary exists
        for code in set(re.findall(r"\b([A-Z]\d{2}\.[0-9A-Z]{1,4}|Z23|I10)\b", source)):
            if code == "M19.01":  # shown as the heading a rushed coder picks, not as a final code
                assert not icd10cm.is_billable(code, on=FY[1])
                continue
            assert billable_both_years(code), code
    for code in ("99214", "20610", "12032", "90715", "90471"):
        assert f"{code}" in text() and code in listed and cpt.describe(code).description
    assert hcpcs.is_valid("J1010") and not hcpcs.is_valid("J1030")
    assert hcpcs.describe("J1030").terminated.isoformat() == "2024-03-31"  # the checklist's end date


def test_every_key_code_is_real_on_its_date_and_billable_in_both_years():
    listed = fees.listed_codes()
    for ex_id, entry in key_data().items():
        day = case_review.CodedCase.from_items(ex_id, entry["answer"], entry["case"]).date_of_service
        for item, code in entry["answer"].items():
            if item.startswith("21"):
                assert billable_both_years(code), (ex_id, code)
            elif re.fullmatch(r"24D\.\d", item):
                if code[0].isdigit():
                    assert code in listed and cpt.describe(code).description, (ex_id, code)
                else:
                    assert hcpcs.is_valid(code, day), (ex_id, code)


def test_drug_units_in_the_keys_are_the_dose_over_the_amount_rounded_up():
    checked = 0
    for ex_id, entry in key_data().items():
        for n, dose in (entry["case"].get("doses") or {}).items():
            code = entry["answer"][f"24D.{n}"]
            amount, unit = dose.split()
            mg = Decimal(amount) / (1000 if unit == "mcg" else 1)
            assert Decimal(entry["answer"][f"24G.{n}"]) == math.ceil(mg / PER_UNIT_MG[code]), ex_id
            checked += 1
    assert checked >= 5


def test_keys_explain_every_code_they_give():
    for ex_id, entry in key_data().items():
        codes = [v for k, v in entry["answer"].items() if not k.startswith("24G") and v != "NONE"
                 and not re.fullmatch(r"24D\.\d[a-z]", k)]
        for code in codes:
            assert f"**{code}**" in entry["explanation"], (ex_id, code)
        assert entry["source"]


def test_the_worked_cases_are_the_reviews_and_the_bad_case_fails_where_it_should():
    assert value("coding-case-lab.ex1.lines") == "99214-25, 20610-RT, J1010-JZ x 40"
    assert value("coding-case-lab.ex1.dx") == "M19.011, E11.9, I10"
    assert value("coding-case-lab.ex1.verdict") == "0 errors, 0 warnings"
    assert value("coding-case-lab.ex2.lines") == "12032, 90715, 90471"
    assert value("coding-case-lab.ex2.verdict") == "0 errors, 0 warnings"
    assert case_review.EXAMPLES["office"].lines[2].units == Decimal(40) / Decimal(1)  # 40 mg at 1 mg a unit
    bad = case_review.review(case_review.EXAMPLES["miscoded"])
    assert {(f.where, f.check) for f in bad.errors} == {
        ("dx", "scrubber DX-HEADER"), ("line 1", "scrubber NCCI-PTP"), ("line 2", "modifiers"),
        ("line 3", "scrubber MOD-25"), ("line 3", "drug units")}
    assert value("coding-case-lab.bad.errors") == 5
    for key in ("ex1.lines", "ex1.dx", "ex1.verdict", "ex1.units", "ex2.lines", "ex2.dx", "ex2.verdict",
                "bad.lines", "bad.errors", "bad.checks"):
        assert f"{{computed}}`coding-case-lab.{key}`" in text(), key


def test_the_bank_is_thirty_plus_case_based_claims_with_short_notes():
    bank = load_bank(BANK)
    chapter_checks.assert_bank(bank, 30, {"claim"}, "lab30-")
    assert all(ex.type == "claim" and ex.case for ex in bank.exercises)
    assert {d for ex in bank.exercises for d in ex.domains} == {"CPC", "CCS", "CCA", "CPB"}
    for ex in bank.exercises:
        note = [ln for ln in ex.prompt.splitlines() if ln.startswith("> ")]
        assert 6 <= len(note) <= 15, ex.id
        assert len(ex.fields) <= 12 and ex.hints
    answers = keys.load_key(KEY, bank)
    assert set(answers) == {ex.id for ex in bank.exercises}


def test_the_notebook_reviews_the_worked_cases_not_the_exercise_keys():
    source = notebook_source()
    assert "case_review" in source and "EXAMPLES" in source
    assert "coding-case-lab.yml" not in source and "solutions" not in source
    for ex_id, answer in key_data().items():  # no exercise's answer (its diagnoses and codes) is in the notebook
        codes = [v for k, v in answer["answer"].items() if k.startswith("21") or re.fullmatch(r"24D\.\d", k)]
        assert not all(code in source for code in codes), ex_id


def test_registered_cited_and_sized():
    chapter_checks.assert_registered("coding/coding-case-lab", "coding/risk-adjustment",
                                     ["notebooks/coding-case-lab", "exercises/coding-case-lab"],
                                     {"case-lab-abstraction", "case-lab-miscoded"})
    page = text()
    cited = chapter_checks.assert_citations(page, ("cms-mcpm-ch5",), must_cite=True)
    for primary in ("icd10cm-guidelines-2026", "cms-mcpm-ch12", "cms-mcpm-ch17", "cms-hcpcs", "cms-ncci-mue",
                    "cms-ncci-policy-manual", "ahima-acdis-query-2022"):
        assert primary in cited, primary
    chapter_checks.assert_key_terms(page, "## Key terms")
    assert 2000 <= chapter_checks.prose_words(page) <= 3000
