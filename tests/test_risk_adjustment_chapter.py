"""The risk-adjustment chapter agrees with the code set, the V28 rows it ships and revcycle.payment.risk_adjustment.

Its scores and factors come from code through the {computed} role (workbook.site.book_values). Here: every ICD-10-CM
code in the chapter, bank, key and notebook is billable in FY 2026 and FY 2027 and the chapter's words for the codes
it explains match their titles; the worked examples are the engine's and add up by plain arithmetic on CMS's factors
(typed here from CMS's V28 coefficient file); the bank's keys agree with the engine; and the chapter is registered,
cited and sized like every chapter.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from revcycle import icd10cm
from revcycle.coding import meat
from revcycle.payment import risk_adjustment as ra
from tests import chapter_checks
from tests.chapter_checks import value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site import book_values

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "coding" / "risk-adjustment.md"
BANK = ROOT / "exercises" / "banks" / "risk-adjustment.yml"
KEY = ROOT / "solutions" / "keys" / "risk-adjustment.yml"
NOTEBOOK = ROOT / "notebooks" / "computing-a-raf-score.ipynb"
CODE = re.compile(r"`([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)`")
DOTTED = re.compile(r"\"([A-Z][0-9][0-9A-Z]\.[0-9A-Z]{1,4})\"")
D = Decimal


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def sources() -> list[str]:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    return [text(), BANK.read_text(encoding="utf-8"), KEY.read_text(encoding="utf-8"),
            "\n".join(c.source for c in nb.cells)]


def test_every_icd10cm_code_is_billable_in_fy2026_and_fy2027():
    found: set[str] = set()
    for s in sources():
        found |= set(CODE.findall(s)) | set(DOTTED.findall(s))
    found.discard("K35.80")  # the notebook's code outside the subset: valid, refused by the engine
    assert {"E11.22", "E11.9", "I50.22", "N18.32", "J44.9", "F32.9", "F32.0", "I73.9", "E11.52", "I10"} <= found
    for code in found | {"K35.80"}:
        assert icd10cm.is_billable(code, on="2025-10-01") and icd10cm.is_billable(code, on="2026-10-01"), code


@pytest.mark.parametrize(("code", "words"), [
    ("E11.22", "type 2 diabetes mellitus with diabetic chronic kidney disease"),
    ("E11.9", "type 2 diabetes mellitus without complications"), ("I50.22", "chronic systolic"),
    ("N18.32", "stage 3b"), ("J44.9", "chronic obstructive pulmonary disease, unspecified"),
    ("F32.9", "major depressive disorder, single episode, unspecified"),
    ("F32.0", "major depressive disorder, single episode, mild"), ("I73.9", "peripheral vascular disease, unspecified"),
    ("E11.52", "diabetic peripheral angiopathy with gangrene"), ("I10", "essential"),
])
def test_the_codes_mean_what_the_chapter_says(code, words):
    assert words in icd10cm.title(code).lower()
    assert f"`{code}`" in text()


def test_the_mappings_the_chapter_states_are_cms_s():
    assert ra.hccs_for("E11.22") == (37,) and ra.hccs_for("E11.9") == (38,) and ra.hccs_for("I50.22") == (226,)
    assert ra.hccs_for("N18.32") == (328,) and ra.hccs_for("J44.9") == (280,) and ra.hccs_for("E11.52") == (37, 263)
    for code in ("F32.9", "F32.0", "I73.9", "I10"):
        assert ra.hccs_for(code) == ()
    assert len(ra.known_hccs()) == value("risk-adjustment.hcc-count") == 20


def test_the_worked_examples_are_the_engine_s_and_add_up():
    # CNA factors from CMS's V28 file: F70-74, HCC 37, 226, 328, 280, DIABETES_HF, HF_KIDNEY, HF_CHR_LUNG, D4
    submitted = D("0.395") + D("0.166") + D("0.36") + D("0.127") + D("0.319") + D("0.112") + D("0.176") + D("0.078")
    supported = submitted - D("0.319") - D("0.078")
    assert value("risk-adjustment.submitted.raw") == submitted == D("1.733")
    assert value("risk-adjustment.supported.raw") == supported == D("1.336")
    assert value("risk-adjustment.meat.difference") == submitted - supported
    assert value("risk-adjustment.no-hierarchy.raw") == submitted + D("0.166") + D("0.05")  # HCC 38 and D5
    assert value("risk-adjustment.submitted.hccs") == "37, 226, 280, 328"
    assert value("risk-adjustment.supported.hcc-count") == 3
    page = text()
    for key in ("risk-adjustment.submitted.raw", "risk-adjustment.supported.raw", "risk-adjustment.meat.difference",
                "risk-adjustment.no-hierarchy.raw", "risk-adjustment.submitted.hccs", "risk-adjustment.supported.hccs",
                "risk-adjustment.factor.f70-74", "risk-adjustment.factor.diabetes-hf", "risk-adjustment.code-count"):
        assert f"{{computed}}`{key}`" in page, key
    # the chapter's patient is the one book_values scores, and its COPD is the code MEAT removes
    cases = book_values.RISK_ADJUSTMENT_CASES
    assert set(cases["submitted"][2]) - set(cases["supported"][2]) == {"J44.9"}
    for name in ("risk-adjustment.factor.hcc37", "risk-adjustment.factor.hcc226"):
        assert f"{{computed}}`{name}`" in page


def test_bank_answers_agree_with_the_engine():
    bank = load_bank(BANK)
    key = {k: v.answer for k, v in keys.load_key(KEY, bank).items()}
    assert icd10cm.title(key["ra-02"]).lower() == "type 2 diabetes mellitus with diabetic chronic kidney disease"
    assert int(key["ra-03"]) == ra.hccs_for("E11.42")[0]
    chosen = {option.split(",")[0] for option in key["ra-04"]}
    options = next(e for e in bank.exercises if e.id == "ra-04").options
    assert chosen == {o.split(",")[0] for o in options if not ra.hccs_for(o.split(",")[0])}
    order = [int(o.split()[1].rstrip(",")) for o in key["ra-05"]]
    assert all(ra.apply_hierarchies([a, b]) == {a} for a, b in zip(order, order[1:], strict=False))
    assert D(str(key["ra-06"])) == ra.score("M", 81, ["E11.42", "I50.23", "I48.91", "N18.4"]).raw
    assert int(key["ra-07"]) == len(ra.score("F", 72, ["E11.22", "E11.9", "I50.23", "I50.22", "N18.31",
                                                       "J44.9"]).hccs)
    note = {"E11.42": {"evaluate": "monofilament exam reduced", "treat": "gabapentin continued"},
            "I50.22": {"monitor": "no edema, weight stable", "treat": "carvedilol continued"},
            "F33.1": {}, "E66.01": {"assess": "counselled on diet", "treat": "referred"}}
    assert len(key["ra-08"]) == len(meat.supported_codes(note)) == 3
    assert "Major depression, recurrent, moderate" not in key["ra-08"]
    assert ra.hccs_for("E11.52") == (37, 263) and "37" in key["ra-15"] and "263" in key["ra-15"]


def test_the_bank_is_big_and_varied_enough():
    chapter_checks.assert_bank(load_bank(BANK), 12, {"code", "single", "multiple", "numeric", "ordering",
                                                     "matching"}, "ra-")


def test_terms_and_citations_resolve():
    page = text()
    new = ("cms-ra-model-software", "cms-mmcm-ch7", "uscode-42-1395w-23", "uscode-42-18063", "oig-oei-03-17-00470",
           "oig-oei-03-17-00474", "cms-rate-announcement-cy2024", "cms-rate-announcement-cy2026", "ecfr-42-422-310",
           "ecfr-42-422-311", "fr-2023-01942")
    cited = chapter_checks.assert_citations(page, new, also=KEY.read_text(encoding="utf-8"), must_cite=True)
    for primary in ("icd10cm-guidelines-2026", "uscode-31-3729"):
        assert primary in cited, primary
    chapter_checks.assert_key_terms(page, "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(risk-adjustment)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("icd10cm-guidelines", "inpatient-coding", "payers", "fraud-abuse-compliance",
                  "audits-program-integrity"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/risk-adjustment`" in page
    assert "../../notebooks/computing-a-raf-score" in page
    flat = chapter_checks.flat(page)
    assert "not CMS rules" in flat and "MEAT" in flat   # MEAT is said to be a convention
    assert "never guesses" in flat                      # the engine's limits are said plainly
    assert "ships neither factor" in flat               # no CY 2026 normalization factor is shipped
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4500, words


def test_the_chapter_is_registered_after_inpatient_coding():
    chapter_checks.assert_registered(
        "coding/risk-adjustment", "coding/inpatient-coding",
        ["notebooks/computing-a-raf-score", "exercises/risk-adjustment"],
        {"risk-adjustment-steps", "risk-adjustment-contributions"})


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "Decimal(" not in cell.source and "0.166" not in cell.source and "0.395" not in cell.source
