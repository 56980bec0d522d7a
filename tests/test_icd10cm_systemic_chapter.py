"""The systemic-conditions chapter agrees with the code set and with revcycle.coding.guidelines.

Its worked examples' sequences come from code through the {computed} role (workbook.site.book_values). Here: every
ICD-10-CM code in the chapter, bank, key and notebook is billable in FY 2026 and FY 2027 (or is a category the
text names as such), the chapter's words for the codes match their titles, the worked examples are the engines'
and match the sequences written out here from the guidelines, the bank's keys agree with the engines, and the
chapter is registered, cited and sized like every chapter.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from revcycle import icd10cm
from revcycle.coding.guidelines import endocrine, infections, neoplasms, pain, substance
from tests import chapter_checks
from tests.chapter_checks import value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "coding" / "icd10cm-systemic-conditions.md"
BANK = ROOT / "exercises" / "banks" / "icd10cm-systemic-conditions.yml"
KEY = ROOT / "solutions" / "keys" / "icd10cm-systemic-conditions.yml"
NOTEBOOK = ROOT / "notebooks" / "coding-systemic-conditions.ipynb"
CODE = re.compile(r"`([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)`")
# Categories and subcategories the text names as such (never as a final code).
CATEGORIES = {"E08", "E09", "E10", "E11", "E13", "G89", "Z85", "G81", "I69", "F17", "A40", "A41", "C77", "C79",
              "Z51", "Z79", "Z72.0", "R65.2"}
ON = "2026-10-01"


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def _key() -> dict:
    bank = load_bank(BANK)
    return {k: v.answer for k, v in keys.load_key(KEY, bank).items()}


def test_every_icd10cm_code_is_billable_in_fy2026_and_fy2027():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    sources = [text(), BANK.read_text(encoding="utf-8"), KEY.read_text(encoding="utf-8"),
               "\n".join(c.source for c in nb.cells)]
    found = set()
    for s in sources:
        found |= set(CODE.findall(s)) | set(re.findall(r"\"([A-Z][0-9][0-9A-Z]\.[0-9A-Z]{1,4})\"", s))
        found |= set(re.findall(r"(?m)^\s+- \"?([A-Z][0-9][0-9A-Z]\.[0-9A-Z]{1,4}) ", s))  # bank options
    assert {"A41.51", "R65.21", "N39.0", "N17.9", "Z51.11", "C34.11", "C79.31", "E11.22", "N18.31", "Z79.4",
            "T81.12XA", "B20", "Z21", "R75", "U07.1", "F10.20", "G89.3", "I69.354"} <= found
    for code in found:
        if code in CATEGORIES:
            assert icd10cm.is_valid(code, on=ON) and not icd10cm.is_billable(code, on=ON) or code == "Z72.0", code
            continue
        assert icd10cm.is_billable(code, on="2025-10-01") and icd10cm.is_billable(code, on=ON), code


@pytest.mark.parametrize(("code", "words"), [
    ("A41.51", "sepsis due to escherichia coli"), ("A41.9", "sepsis, unspecified organism"),
    ("R65.20", "severe sepsis without septic shock"), ("R65.21", "severe sepsis with septic shock"),
    ("N39.0", "urinary tract infection, site not specified"), ("N17.9", "acute kidney failure"),
    ("T81.44XA", "sepsis following a procedure"), ("T81.12XA", "postprocedural septic shock"),
    ("R65.10", "without acute organ dysfunction"), ("R65.11", "with acute organ dysfunction"),
    ("B20", "human immunodeficiency virus [hiv] disease"), ("Z21", "asymptomatic human immunodeficiency virus"),
    ("R75", "inconclusive laboratory evidence"), ("Z20.822", "exposure to covid-19"),
    ("Z86.16", "personal history of covid-19"), ("U09.9", "post covid-19 condition"),
    ("J12.82", "pneumonia due to coronavirus disease 2019"), ("J80", "acute respiratory distress syndrome"),
    ("C34.11", "upper lobe, right bronchus or lung"), ("C78.02", "secondary malignant neoplasm of left lung"),
    ("C79.31", "secondary malignant neoplasm of brain"), ("Z85.118", "bronchus and lung"),
    ("Z51.11", "antineoplastic chemotherapy"), ("Z51.12", "antineoplastic immunotherapy"),
    ("Z51.0", "antineoplastic radiation therapy"), ("D63.0", "anemia in neoplastic disease"),
    ("D64.81", "anemia due to antineoplastic chemotherapy"), ("T45.1X5A", "adverse effect of antineoplastic"),
    ("E86.0", "dehydration"), ("E11.22", "type 2 diabetes mellitus with diabetic chronic kidney disease"),
    ("N18.31", "stage 3a"), ("E11.42", "polyneuropathy"), ("E11.65", "type 2 diabetes mellitus with hyperglycemia"),
    ("Z79.4", "insulin"), ("Z79.84", "oral hypoglycemic"), ("Z79.85", "injectable non-insulin"),
    ("R73.9", "hyperglycemia, unspecified"), ("T38.0X5A", "glucocorticoids"), ("F10.20", "alcohol dependence"),
    ("F10.21", "alcohol dependence, in remission"), ("F11.21", "opioid dependence, in remission"),
    ("F45.41", "exclusively related to psychological factors"), ("F45.42", "with related psychological factors"),
    ("G89.3", "neoplasm related pain"), ("M54.50", "low back pain"), ("I69.354", "left non-dominant"),
    ("I69.352", "left dominant"), ("J84.10", "pulmonary fibrosis"), ("B96.20", "escherichia coli"),
])
def test_the_codes_mean_what_the_chapter_says(code, words):
    assert words in icd10cm.title(code, on=ON).lower(), icd10cm.title(code, on=ON)
    assert f"`{code}`" in text()


def test_the_worked_examples_are_the_engines_and_follow_the_guidelines():
    # Written out from Sections I.C.1.d, I.C.2.e.2 and I.C.4.a, not from the engine.
    assert value("icd10cm-systemic.ex1.codes") == "A41.51, R65.21, N39.0, N17.9"
    assert value("icd10cm-systemic.ex2.codes") == "Z51.11, C34.11, C79.31"
    assert value("icd10cm-systemic.ex2-radiation.codes") == "Z51.0, C79.31, C34.11"
    assert value("icd10cm-systemic.ex3.codes") == "E11.22, N18.31, Z79.4"
    assert value("icd10cm-systemic.ex3.errors") == 0
    assert (value("icd10cm-systemic.ex2.table-primary"), value("icd10cm-systemic.ex2.table-secondary")) == (
        "C34.1-", "C79.31")
    page = text()
    for key in ("ex1.codes", "ex2.codes", "ex2-radiation.codes", "ex3.codes", "ex3.errors", "ex2.table-primary",
                "ex2.table-secondary"):
        assert f"{{computed}}`icd10cm-systemic.{key}`" in page, key
    for n in (1, 2, 3):
        assert f"(icd10cm-systemic-conditions-example-{n})=" in page


def test_bank_answers_agree_with_the_engines():
    key = _key()
    ex1 = infections.sepsis("E. coli", localized="N39.0", shock=True, organ_dysfunction=["N17.9"], on=ON)
    assert key["icds-01"] == ex1.codes[0]
    ex2 = infections.sepsis("MRSA", localized="L03.115", organ_dysfunction=["N17.9"], on=ON)
    assert [a.split()[0] for a in key["icds-02"]] == ex2.codes
    assert key["icds-04"].split()[0] in infections.sepsis(None, shock=True, after_procedure=True, on=ON).codes
    assert {v: k for k, v in key["icds-05"].items()} == {
        "Z21": "HIV positive; never had an HIV-related condition",
        "B20": "AIDS, or any HIV-related condition now or in the past",
        "R75": "Inconclusive HIV test; no definitive diagnosis", "Z20.6": "Exposure to HIV; no diagnosis"}
    assert infections.hiv("disease", reason="S93.401A", ever_related=True, on=ON).codes[-1] == key["icds-06"]
    assert key["icds-07"].split()[0] == infections.covid("confirmed", manifestations=["J12.82"], on=ON).codes[0]
    chemo = neoplasms.encounter(("lung, lower lobe", "left"), secondary=["liver"], reason="chemotherapy", on=ON)
    assert key["icds-08"] == chemo.codes[0] and chemo.codes[1:] == ["C34.32", "C78.7"]
    anemia = neoplasms.encounter("C50.911", reason="chemo-anemia", on=ON)
    assert [a.split()[0] for a in key["icds-09"]] == anemia.codes
    assert key["icds-10"] == neoplasms.history_code("C18.7", on=ON)
    dm = endocrine.diabetes("2", ["polyneuropathy", "ckd"], ckd_stage="3b", insulin=True, oral=True, on=ON)
    assert sorted(key["icds-11"]) == sorted(dm.codes)
    assert key["icds-12"].split()[0] == endocrine.diabetes("2", ["poorly controlled"], on=ON).codes[0]
    assert key["icds-13"] == substance.substance("alcohol", ["abuse", "dependence"], remission=True, on=ON).codes[0]
    assert int(key["icds-14"]) == len(substance.substance("cannabis", ["use", "abuse", "dependence"], on=ON).codes)
    assert key["icds-15"].split()[0] == pain.pain("chronic", reason="pain control", site="M54.50", on=ON).codes[0]
    assert key["icds-16"] == pain.hemiplegia("left", None, after_infarction=True, on=ON).codes[0]


def test_the_bank_is_big_and_varied_enough():
    chapter_checks.assert_bank(load_bank(BANK), 12, {"code", "single", "multiple", "numeric", "ordering",
                                                     "matching"}, "icds-")
    domains = {d for ex in load_bank(BANK).exercises for d in ex.domains}
    assert {"CPC", "CCA", "CCS"} <= domains


def test_terms_and_citations_resolve():
    page = text()
    cited = chapter_checks.assert_citations(page, also=KEY.read_text(encoding="utf-8"))
    assert {"icd10cm-guidelines-2026", "cdc-icd10cm"} <= cited
    chapter_checks.assert_key_terms(page, "## Key terms")
    for section in ("I.C.1.d", "I.C.1.a", "I.C.1.g", "I.C.2.e.2", "I.C.2.d", "I.C.4.a.3", "I.C.5.b.2", "I.C.6.b.1",
                    "I.C.6.a"):
        assert f"Section {section}" in chapter_checks.flat(page) or f"Sections {section}" in page, section


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(icd10cm-systemic-conditions)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("icd10cm-guidelines", "icd10cm-conventions", "icd10cm-conventions-with", "inpatient-coding",
                  "icd10cm-organ-systems", "icd10cm-pregnancy-injury-z"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/icd10cm-systemic-conditions`" in page
    assert "../../notebooks/coding-systemic-conditions" in page
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4000, words


def test_the_chapter_is_registered_after_icd10cm_guidelines():
    chapter_checks.assert_registered(
        "coding/icd10cm-systemic-conditions", "coding/icd10cm-guidelines",
        ["notebooks/coding-systemic-conditions", "exercises/icd10cm-systemic-conditions"],
        {"systemic-sepsis-sequence", "systemic-cancer-sequences"})


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    for rule_code in ("R65.2", "Z51.", "Z79.", "D63.0", "G89.", "F10."):
        assert rule_code not in cell.source, rule_code  # the engines choose these; the notebook never types them


def test_the_notebook_ran_without_errors_and_found_no_review_error():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("review errors in the batch: 0" in o.get("text", "") for o in outputs)
