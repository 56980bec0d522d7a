"""The surgery I chapter (the surgical package, integumentary and musculoskeletal coding) agrees with the code sets,
the CY2026 PFS file and the engines.

Its worked examples come from code through the {computed} role (workbook.site.book_values). Here: every code the
chapter, bank, key and notebook name is in the CY2026 RVU file (or the HCPCS file) and has the book's own summary,
every diagnosis is billable in FY2026 and FY2027 and means what the text says; the worked examples' lines and dates
check against hand arithmetic and the raw RVU file; the bank's keys agree with the engines; and the chapter is
registered, cited and sized like every chapter.
"""

from __future__ import annotations

import csv
import gzip
import re
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

import nbformat
import pytest

from revcycle import icd10cm
from revcycle.codes import cpt, hcpcs
from revcycle.coding.surgery import excision, fracture, package, repair
from revcycle.payment import fees
from tests import chapter_checks
from tests.chapter_checks import value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "coding" / "surgery-skin-musculoskeletal.md"
BANK = ROOT / "exercises" / "banks" / "surgery-skin-musculoskeletal.yml"
KEY = ROOT / "solutions" / "keys" / "surgery-skin-musculoskeletal.yml"
NOTEBOOK = ROOT / "notebooks" / "surgical-package-and-repairs.ipynb"
DIAGNOSES = {"S51.811A": ("laceration", "forearm"), "S61.411A": ("laceration", "hand"),
             "S01.511A": ("laceration", "lip"), "C44.519": ("basal cell carcinoma", "trunk"),
             "S52.531A": ("colles", "initial encounter for closed"), "S52.531D": ("colles", "subsequent encounter")}


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


@cache
def raw_rvu() -> dict[str, str]:
    """code -> GLOB DAYS, read straight from the shipped file (not through revcycle)."""
    path = Path(fees.__file__).resolve().parents[1] / "data" / "pfs_rvu_2026.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {r["code"]: r["global_days"] for r in csv.DictReader(fh) if not r["modifier"]}


def key_answers() -> dict:
    return {k: v.answer for k, v in keys.load_key(KEY, load_bank(BANK)).items()}


def sources() -> list[str]:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    return [text(), BANK.read_text(encoding="utf-8"), KEY.read_text(encoding="utf-8"),
            "\n".join(c.source for c in nb.cells)]


def test_codes_in_the_chapter_bank_key_and_notebook_are_real_and_summarized():
    listed = fees.listed_codes()
    for s in sources():
        for code in set(re.findall(r"[`\"]([0-9]{5})[`\"]", s)):
            assert code in listed, code
            assert cpt.describe(code).source == cpt.SUMMARY_SOURCE, code
        for code in re.findall(r"\b([GQ][0-9]{4})\b", s):
            assert hcpcs.is_valid(code), code


def test_diagnoses_are_billable_in_fy2026_and_fy2027_and_mean_what_the_text_says():
    found = set(re.findall(r"`([A-Z][0-9]{2}(?:\.[0-9A-Z]{1,4})?)`", text()))
    assert found == set(DIAGNOSES)
    for code, words in DIAGNOSES.items():
        assert icd10cm.is_billable(code, on="2025-10-01") and icd10cm.is_billable(code, on="2026-10-01"), code
        title = icd10cm.title(code, on="2026-10-01").lower()
        assert all(w in title for w in words), (code, title)
        page = chapter_checks.flat(text())
        assert re.search(rf"`{re.escape(code)}`,? \(?{re.escape(icd10cm.title(code, on='2026-10-01'))}", page), code


def test_no_cpt_descriptor_or_guideline_wording_is_reprinted():
    page = chapter_checks.flat(text()).lower()
    for phrase in ("repair, complex", "excision, malignant lesion including margins", "closed treatment of distal "
                   "radial fracture", "list separately in addition to code for primary procedure",
                   "each additional 5 cm or less", "layered closure of one or more of the deeper layers"):
        assert phrase not in page, phrase
    assert "never reprints CPT's descriptors" in chapter_checks.flat(text())


def test_worked_example_1_adds_within_a_group_and_reads_the_global_days():
    assert value("surgery-skin.ex1.body-total") == Decimal("4.2") + Decimal("3.1")
    # By hand: simple body 7.3 cm is in the 2.6-7.5 bracket; intermediate face 2.0 cm is the first bracket.
    assert value("surgery-skin.ex1.lines") == "12051, 12002"
    assert value("surgery-skin.ex1.first-global") == raw_rvu()["12051"] == "010"
    assert value("surgery-skin.ex1.second-global") == raw_rvu()["12002"] == "000"
    for key in ("surgery-skin.ex1.lines", "surgery-skin.ex1.body-total", "surgery-skin.ex1.first-global"):
        assert f"{{computed}}`{key}`" in text(), key


def test_worked_example_2_measures_the_excised_diameter():
    assert value("surgery-skin.ex2.diameter") == Decimal("1.4") + 2 * Decimal("0.4")
    assert value("surgery-skin.ex2.code") == "11603"  # malignant, trunk/limbs family 11600, 2.1-3.0 cm -> last digit 3
    assert value("surgery-skin.ex2.closure") == "12032"  # intermediate, trunk, 2.6-7.5 cm
    assert value("surgery-skin.ex2.global") == raw_rvu()["11603"]
    assert "{computed}`surgery-skin.ex2.code`" in text()


def test_worked_example_3_counts_the_90_day_package_from_the_day_before():
    surgery = date(2026, 3, 2)
    assert raw_rvu()["25605"] == "090" and value("surgery-skin.ex3.global") == "090"
    assert value("surgery-skin.ex3.code") == "25605"
    assert value("surgery-skin.ex3.category") == "closed with manipulation"
    assert value("surgery-skin.ex3.start") == surgery - timedelta(days=1)
    assert value("surgery-skin.ex3.end") == surgery + timedelta(days=90) == date(2026, 5, 31)
    assert value("surgery-skin.ex3.visit") <= value("surgery-skin.ex3.end") < value("surgery-skin.ex3.late")
    assert value("surgery-skin.ex3.cast-code-global") == raw_rvu()["29075"]
    assert "March 2, 2026" in text() and "{computed}`surgery-skin.ex3.end`" in text()


def test_the_global_day_counts_are_the_raw_file_s():
    for part, (low, high) in (("integumentary", ("10030", "19499")), ("musculoskeletal", ("20100", "29999"))):
        codes = [c for c in raw_rvu() if c.isdigit() and low <= c <= high]
        for days in ("000", "010", "090", "ZZZ"):
            assert value(f"surgery-skin.mix.{part}-{days.lower()}") == sum(raw_rvu()[c] == days for c in codes)
        assert value(f"surgery-skin.mix.{part}-total") == len(codes)
    assert value("surgery-skin.unlisted-global") == raw_rvu()["17999"] == "YYY"
    assert value("surgery-skin.arthroscopy-global") == raw_rvu()["29881"] == raw_rvu()["29880"]


def test_bank_answers_agree_with_the_engines():
    key = key_answers()
    assert Decimal(str(key["srg-02"])) == excision.excised_diameter("0.8", "0.3")
    assert key["srg-03"] == excision.excision_code("nose", "malignant", "0.6", "0.2").code
    assert key["srg-04"] == excision.excision_code("scalp", "benign", "1.5", "0.3").code
    assert sorted(key["srg-05"]) == sorted(ln.code for ln in repair.code_repairs(
        [("scalp", "2.0", "simple"), ("forearm", "3.0", "simple"), ("cheek", "1.5", "simple")]))
    ordered = repair.code_repairs([("arm", "2", "simple"), ("back", "4", "complex"), ("hand", "3", "intermediate")])
    assert [ln.what.split()[0] for ln in ordered] == [a.split()[1] for a in key["srg-06"]]
    assert key["srg-07"] == repair.code_repairs([("back", "14.0", "complex")])[1].units
    assert key["srg-08"] == next(ln.units for ln in repair.debridement_lines(
        [("subcutaneous", 30), ("subcutaneous", 25), ("muscle", 15)]) if ln.code == "11045")
    mohs = {ln.code for ln in excision.mohs_lines("head-neck-hands-feet-genitalia", [7, 2])}
    assert mohs == {"17311", "17312", "17315"} and excision.mohs_lines("trunk-arms-legs", [1])[0].code == "17313"
    assert set(key["srg-09"].values()) == {"17311", "17312", "17313", "17315"}
    category = fracture.treatment(site_opened=False, manipulated=True, fracture="open").category
    assert key["srg-10"].lower().replace(" treatment", "") == category
    assert key["srg-11"] == fracture.distal_radius_code(fracture.treatment(
        site_opened=False, manipulated=True, fixation="percutaneous").category)
    assert fracture.cast_reportable(fracture_care_billed=True, replacement=True).reportable
    assert key["srg-12"].startswith("29075")
    assert key["srg-15"].startswith("Inside") and package.visit_in_global("25605", "2026-03-02", "2026-04-20").inside
    assert key["srg-17"] == repair.graft_lines("trunk-arms-legs", body_percent="3.5", age=6)[1].units
    assert sorted(key["srg-18"]) == sorted([excision.excision_code("forearm", "malignant", "1.0", "1.0").code,
                                            repair.code_repairs([("forearm", "6.0", "intermediate")])[0].code])


def test_the_bank_is_big_and_varied_enough():
    chapter_checks.assert_bank(load_bank(BANK), 12, {"single", "multiple", "numeric", "ordering", "matching", "code"},
                               "srg-")
    assert all(set(ex.domains) <= {"CPC", "CCS"} for ex in load_bank(BANK).exercises)


def test_terms_and_citations_resolve():
    page = text()
    new = ("cms-ncci-ch3-integumentary", "cms-ncci-ch4-musculoskeletal")
    cited = chapter_checks.assert_citations(page, new, also=KEY.read_text(encoding="utf-8"), must_cite=True)
    for primary in ("ama-cpt", "cms-mcpm-ch12", "cms-pfs-rvu-2026", "cms-hcpcs", "cms-ncci-policy-manual"):
        assert primary in cited, primary
    chapter_checks.assert_key_terms(page, "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(surgery-skin-musculoskeletal)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("cpt-em", "modifiers", "surgical-payment-rules", "medical-terminology-anatomy"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/surgery-skin-musculoskeletal`" in page
    assert "../../notebooks/surgical-package-and-repairs" in page
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4500, words
    assert sum(1 for h in re.findall(r"^## Worked example", page, re.M)) >= 2


def test_the_chapter_comes_right_after_modifiers_and_has_its_figures():
    sections = ["notebooks/surgical-package-and-repairs", "exercises/surgery-skin-musculoskeletal"]
    chapter_checks.assert_registered("coding/surgery-skin-musculoskeletal", "coding/modifiers", sections,
                                     {"excision-families", "fracture-treatment", "global-days-skin-bone"})


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "Decimal(" not in cell.source and "def " not in cell.source and "ceil" not in cell.source
