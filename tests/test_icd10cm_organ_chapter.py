"""The icd10cm-organ-systems chapter agrees with the code set and with revcycle.coding.guidelines.

Its worked codes come from the engines through the {computed} role (workbook.site.book_values). Here: every ICD-10-CM
code in the chapter, bank, key and notebook is billable in FY 2026 and FY 2027 and means what the chapter says; the
worked examples' codes are checked against the titles and the rules written out; the bank's keys agree with the
engines; the hypertension rule has one home; and the chapter is registered, cited and sized like every chapter.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from revcycle import icd10cm
from revcycle.coding.dx_review import links
from revcycle.coding.guidelines import circulatory, kidney, respiratory, skin
from tests import chapter_checks
from tests.chapter_checks import value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "coding" / "icd10cm-organ-systems.md"
BANK = ROOT / "exercises" / "banks" / "icd10cm-organ-systems.yml"
KEY = ROOT / "solutions" / "keys" / "icd10cm-organ-systems.yml"
NOTEBOOK = ROOT / "notebooks" / "coding-organ-system-conditions.ipynb"
CODE = re.compile(r"`([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)`")
LISTED = re.compile(r"\b([A-Z][0-9][0-9A-Z]\.[0-9A-Z]{1,4})(?![-0-9A-Z])")  # "J45.5-" names a header
FY26, FY27 = "2025-10-01", "2026-10-01"


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_every_icd10cm_code_is_billable_in_fy2026_and_fy2027():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    sources = [text(), BANK.read_text(encoding="utf-8"), KEY.read_text(encoding="utf-8"),
               "\n".join(c.source for c in nb.cells)]
    found: set[str] = set()
    for s in sources:
        found |= set(CODE.findall(s)) | set(LISTED.findall(s))
    # categories and subcategories the text names as such ("category I22", "the subcategory L89.15")
    headers = {"B95", "B97", "I11", "I12", "I13", "I15", "I20", "I21", "I22", "I50", "I51", "I69", "J12", "J18",
               "L89", "L89.15", "L97", "M80", "M81", "N18"}
    for code in headers:
        assert icd10cm.is_valid(code, on=FY27) and not icd10cm.is_billable(code, on=FY27), code
    assert {"I13.2", "I50.33", "N18.6", "Z99.2", "J44.0", "J44.1", "J13", "L89.620", "M80.08XA", "Z94.0"} <= found
    for code in sorted(found - headers):
        assert icd10cm.is_billable(code, on=FY26) and icd10cm.is_billable(code, on=FY27), code


@pytest.mark.parametrize(("code", "words"), [
    ("I13.2", "with heart failure and with stage 5"), ("I50.33", "acute on chronic diastolic"),
    ("N18.6", "end stage renal disease"), ("Z99.2", "dependence on renal dialysis"), ("I12.0", "stage 5"),
    ("I13.11", "without heart failure, with stage 5"), ("I13.10", "without heart failure, with stage 1 through"),
    ("I16.0", "hypertensive urgency"), ("I16.1", "hypertensive emergency"), ("R03.0", "without diagnosis of "
                                                                                       "hypertension"),
    ("I21.A1", "myocardial infarction type 2"), ("I22.2", "subsequent non-st elevation"),
    ("I25.2", "old myocardial infarction"), ("I25.110", "native coronary artery with unstable angina"),
    ("I69.351", "hemiplegia and hemiparesis following cerebral infarction affecting right dominant side"),
    ("Z86.73", "cerebral infarction without residual deficits"), ("J44.0", "lower respiratory infection"),
    ("J44.1", "exacerbation"), ("J45.41", "moderate persistent asthma with (acute) exacerbation"),
    ("J13", "streptococcus pneumoniae"), ("J15.212", "methicillin resistant"), ("J18.9", "unspecified organism"),
    ("J69.0", "inhalation of food and vomit"), ("J95.851", "ventilator associated pneumonia"),
    ("J96.01", "with hypoxia"), ("K25.4", "gastric ulcer with hemorrhage"), ("K57.31", "with bleeding"),
    ("K92.2", "gastrointestinal hemorrhage, unspecified"), ("D62", "acute posthemorrhagic anemia"),
    ("M81.0", "without current pathological fracture"),
    ("M80.08XA", "vertebra(e), initial encounter"), ("Z87.310", "osteoporosis fracture"),
    ("N18.30", "stage 3 unspecified"), ("N18.31", "stage 3a"), ("N18.32", "stage 3b"),
    ("Z94.0", "kidney transplant status"), ("T86.11", "rejection"), ("T86.12", "failure"),
])
def test_the_codes_mean_what_the_chapter_says(code, words):
    assert words in icd10cm.title(code, on=FY27).lower()
    assert f"`{code}`" in text()


def test_the_worked_examples_are_the_engines_and_follow_the_rules():
    ex1 = value("icd10cm-organ-systems.ex1.codes").split(", ")
    assert ex1 == ["I13.2", "I50.33", "N18.6", "Z99.2"]
    assert "stage 5" in icd10cm.title(ex1[0], on=FY27) and "heart failure" in icd10cm.title(ex1[0], on=FY27)
    # the notes the example relies on: I50 and N18 say "code first" I13; N18.6 asks for Z99.2
    kinds = {(lk.kind, lk.code, lk.other) for lk in links(ex1, on=FY27)}
    assert {("code_first", "I50.33", "I13.2"), ("code_first", "N18.6", "I13.2"),
            ("use_additional_code", "N18.6", "Z99.2")} <= kinds
    assert value("icd10cm-organ-systems.ex2.codes") == "J44.0, J44.1, J13"
    assert value("icd10cm-organ-systems.ex3.codes") == "L89.153"
    assert value("icd10cm-organ-systems.ex3.worse") == "L89.153, L89.154"
    assert value("icd10cm-organ-systems.mi-days") == 28
    assert value("icd10cm-organ-systems.linked-heart") == "I51.4, I51.5, I51.7, I51.89, I51.9"
    l89 = [c for c in icd10cm.codes(billable=True, on=FY27) if c.startswith("L89")]
    l97 = [c for c in icd10cm.codes(billable=True, on=FY27) if c.startswith("L97")]
    assert value("icd10cm-organ-systems.l89-count") == len(l89)
    assert value("icd10cm-organ-systems.l97-count") == len(l97)
    page = text()
    for key in ("ex1.codes", "ex2.codes", "ex3.codes", "ex3.worse", "mi-days", "linked-heart", "l89-count",
                "l97-count"):
        assert f"{{computed}}`icd10cm-organ-systems.{key}`" in page, key


def test_bank_answers_agree_with_the_engines():
    bank = load_bank(BANK)
    key = {k: v.answer for k, v in keys.load_key(KEY, bank).items()}
    assert key["icdo-01"] == circulatory.hypertension(ckd_stage="3b", on=FY27).codes[0]
    assert key["icdo-02"] == "I11.9 only" and circulatory.hypertension(heart_condition="I51.7", on=FY27).codes == \
        ("I11.9",)
    order = [kidney.stage_of(s) for s in (1, 2, "3a", "3b", 4, "esrd")]
    assert [a.split()[0] for a in key["icdo-03"]] == [kidney.STAGES[s] for s in order]
    assert key["icdo-04"] == circulatory.myocardial_infarction("NSTEMI", 0, earlier=("NSTEMI", 14), on=FY27).codes[0]
    assert key["icdo-05"] == circulatory.myocardial_infarction("STEMI", 70, on=FY27).codes[0]
    assert key["icdo-06"].split(", ")[1] == circulatory.myocardial_infarction("type 2", 0, on=FY27).codes[0]
    cause_first = {(lk.kind, lk.code, lk.other) for lk in links(["D62", "I21.A1"], on=FY27)}
    assert ("code_first", "I21.A1", "D62") in cause_first
    assert key["icdo-07"] == respiratory.asthma("severe persistent", "status asthmaticus", on=FY27)
    assert set(key["icdo-08"]) == set(respiratory.copd(True, respiratory.pneumonia(
        "haemophilus influenzae", provider_documented=False, on=FY27).codes[0], on=FY27).codes)
    assert key["icdo-09"].split(", ")[0] == respiratory.pneumonia("pseudomonas", ventilator=True, on=FY27).codes[0]
    assert "Pseudomonas" in icd10cm.title("B96.5", on=FY27)
    assert key["icdo-10"] == skin.pressure_ulcer("heel", "unstageable", "left", on=FY27)
    assert list(key["icdo-11"]) == list(skin.ulcer_during_stay("buttock", 2, 3, "right", on=FY27).codes)
    assert key["icdo-12"] == {"0": "Unstageable", "4": "Stage 4", "6": "Pressure-induced deep tissue damage",
                              "9": "Unspecified stage"}
    assert {d: skin.pressure_ulcer("sacral region", s, on=FY27)[-1] for d, s in
            (("Unstageable", "unstageable"), ("Stage 4", 4), ("Pressure-induced deep tissue damage", "deep tissue"),
             ("Unspecified stage", "unspecified"))} == {v: k for k, v in key["icdo-12"].items()}
    assert list(key["icdo-14"]) == list(kidney.kidney_codes("3a", transplant=True, on=FY27).codes)
    assert int(key["icdo-16"]) == circulatory.MI_ACUTE_DAYS


def test_the_hypertension_rule_has_one_home():
    source = (ROOT / "src" / "workbook" / "exercises" / "templates" / "icd10cm_guidelines_cases.py").read_text()
    assert "HYPERTENSION = {" not in source and "circulatory.combination_code" in source
    assert circulatory.combination_code(True, ckd="1-4") == "I13.0"


def test_the_bank_is_big_and_varied_enough():
    bank = load_bank(BANK)
    chapter_checks.assert_bank(bank, 12, {"code", "single", "multiple", "numeric", "ordering", "matching"}, "icdo-")
    domains = {d for ex in bank.exercises for d in ex.domains}
    assert {"CPC", "CCA", "CCS"} <= domains


def test_terms_and_citations_resolve():
    page = text()
    new = ("kdigo-ckd-2012", "thygesen-umi4-2018", "npiap-staging-2016")
    cited = chapter_checks.assert_citations(page, new, also=KEY.read_text(encoding="utf-8"), must_cite=True)
    for primary in ("icd10cm-guidelines-2026", "cdc-icd10cm", "cdc-icd10cm-addenda-2027", "cms-hac-poa"):
        assert primary in cited, primary
    chapter_checks.assert_key_terms(page, "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(icd10cm-organ-systems)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("icd10cm-guidelines", "icd10cm-systemic-conditions", "inpatient-coding",
                  "icd10cm-pregnancy-injury-z"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/icd10cm-organ-systems`" in page
    assert "../../notebooks/coding-organ-system-conditions" in page
    for n in (1, 2, 3):
        assert f"(icd10cm-organ-systems-example-{n})=" in page
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4000, words


def test_the_chapter_is_registered_after_systemic_conditions():
    chapter_checks.assert_registered(
        "coding/icd10cm-organ-systems", "coding/icd10cm-systemic-conditions",
        ["notebooks/coding-organ-system-conditions", "exercises/icd10cm-organ-systems"],
        {"organ-mi-timing", "organ-pressure-ulcer-code"})


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "def " not in cell.source and "I13.2" not in cell.source and "L89.1" not in cell.source
