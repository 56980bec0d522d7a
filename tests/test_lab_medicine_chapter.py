"""The pathology, laboratory and medicine chapter agrees with the code sets, the fee schedule file and the engines.

Its lines and dollar figures come from code through the {computed} role (workbook.site.book_values). Here: every
code the chapter, bank, key and notebook name is in the CY2026 RVU file or the HCPCS file, every diagnosis is
billable; the worked examples' lines are the engines' and their amounts check by plain arithmetic on the RVU file;
the bank's keys agree with the engines; and the chapter is registered, cited and sized like every chapter.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from revcycle import icd10cm
from revcycle.codes import hcpcs
from revcycle.coding import infusion, lab, medicine
from revcycle.payment import fees
from tests import chapter_checks
from tests.chapter_checks import cents, value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site import book_values

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "coding" / "lab-medicine.md"
BANK = ROOT / "exercises" / "banks" / "lab-medicine.yml"
KEY = ROOT / "solutions" / "keys" / "lab-medicine.yml"
NOTEBOOK = ROOT / "notebooks" / "lab-and-medicine-coding.ipynb"
CF = Decimal("33.4009")


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def national(code: str, modifier: str | None = None) -> Decimal:
    r = fees.rvu_record(code, modifier)
    return cents((r.work + r.nonfacility_pe + r.mp) * CF)


def key_answers() -> dict:
    return {k: v.answer for k, v in keys.load_key(KEY, load_bank(BANK)).items()}


def test_codes_in_the_chapter_bank_key_and_notebook_are_real():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    sources = [text(), BANK.read_text(encoding="utf-8"), KEY.read_text(encoding="utf-8"),
               "\n".join(c.source for c in nb.cells)]
    listed = fees.listed_codes()
    for s in sources:
        for code in re.findall(r"`([0-9]{5})`", s):
            assert code in listed, code
        for code in re.findall(r"\b([GJ][0-9]{4})\b", s):
            assert hcpcs.is_valid(code), code
    found = set(re.findall(r"`([A-Z][0-9]{2}(?:\.[0-9A-Z]{1,4})?)`", text()))
    assert found == {"N10", "E86.0", "K63.5", "N18.6", "Z23", "J02.0"}
    for code in found:
        assert icd10cm.is_billable(code, on="2026-09-30") and icd10cm.is_billable(code, on="2026-10-01"), code


def test_no_cpt_panel_or_specimen_list_is_reprinted():
    page = chapter_checks.flat(text())
    assert "made-up" in page and "not CPT panels" in page
    for word in ("cholesterol", "triglyceride", "sodium", "potassium", "appendix", "gallbladder"):
        assert word not in page.lower(), word


def test_worked_example_1_is_the_engine_s_and_adds_up():
    assert value("lab-medicine.ex1.lines") == "96365, 96361 x 2, 96375"
    facility = infusion.code_encounter([infusion.Administration(k, r, s, minutes=m)
                                        for k, r, s, m in book_values.LAB_EX1])
    assert [ln.code for ln in facility if ln.reported] == ["96365", "96361", "96375"]  # the hierarchy agrees
    assert value("lab-medicine.ex1.96365") == national("96365")
    assert value("lab-medicine.ex1.96361") == cents(national("96361") * 2)
    assert value("lab-medicine.ex1.96375") == national("96375")
    assert value("lab-medicine.ex1.total") == national("96365") + cents(national("96361") * 2) + national("96375")
    for key in ("lab-medicine.ex1.96365", "lab-medicine.ex1.total", "lab-medicine.ex1.lines"):
        assert f"{{computed}}`{key}`" in text(), key


def test_worked_example_2_counts_specimens_and_prices_them():
    assert value("lab-medicine.ex2.units") == 3 and value("lab-medicine.ex2.lines") == "88305 x 3"
    assert value("lab-medicine.ex2.global") == national("88305")
    assert value("lab-medicine.ex2.pc") == national("88305", "26")
    assert value("lab-medicine.ex2.tc") == national("88305", "TC")
    assert value("lab-medicine.ex2.total") == national("88305") * 3
    assert value("lab-medicine.ex2.mue") == 16
    assert "{computed}`lab-medicine.ex2.total`" in text()


def test_the_drug_bands_in_the_table_are_the_hcpcs_file_s():
    assert [value(f"lab-medicine.drug.band-{i}") for i in range(1, 5)] == ["1 to 7", "8 to 14", "15 to 21",
                                                                           "22 or more"]
    for code, phrase in (("G0480", "1-7"), ("G0481", "8-14"), ("G0482", "15-21"), ("G0483", "22 or more")):
        assert f"{phrase} drug class" in hcpcs.describe(code).description


def test_bank_answers_agree_with_the_engines():
    key = key_answers()
    assert key["lab-01"].startswith("Test X and test Y")
    assert lab.bundle_panels(["TEST-X", "TEST-Y"]).lines == ("TEST-X", "TEST-Y")
    assert lab.bundle_panels(["TEST-W", "TEST-X", "TEST-Y", "TEST-Z", "TEST-Q"]).lines == ("PANEL-B", "TEST-Q")
    assert set(key["lab-02"]) == {"Panel B", "Test Q"}
    assert key["lab-03"] == lab.definitive_code(9)
    assert key["lab-04"] == lab.presumptive_code("eye")
    specimens = [lab.Specimen(f"p{i}", 4) for i in range(3)] + [lab.Specimen(f"b{i}", 4, False) for i in range(2)]
    assert key["lab-05"] == sum(ln.units for ln in lab.pathology_lines(specimens))
    assert key["lab-06"] == lab.PATHOLOGY_LEVELS[1]
    assert key["lab-07"] == "87880-" + lab.clia_check("87880", "waiver", "waived").modifiers[0]
    assert set(key["lab-08"]) == {c for c in ("81002", "82270", "85651", "87880", "82947")
                                  if not lab.clia_check(c, "waiver", "waived").modifiers}
    kinds = {"A chemotherapy infusion": ("chemotherapy", "infusion"), "A therapeutic drug infusion":
             ("therapeutic", "infusion"), "A therapeutic drug given by IV push": ("therapeutic", "push"),
             "A hydration infusion": ("hydration", "infusion")}
    ranked = sorted(kinds, key=lambda o: infusion.rank(infusion.Administration(*kinds[o], "x", minutes=60)),
                    reverse=True)
    assert key["lab-09"] == ranked
    assert Decimal(str(key["lab-10"])) == national("96365") + 2 * national("96361") + national("96375")
    assert (national("96365"), national("96361"), national("96375")) == (Decimal("67.14"), Decimal("13.03"),
                                                                           Decimal("15.70"))  # the prompt's amounts
    assert key["lab-11"] == infusion.added_hours(125)
    vaccines = {v.code for v in medicine.vaccine_lines(["90686", "90732", "90746"])}
    assert {"G0008", "G0009", "G0010"} <= vaccines and set(key["lab-12"].values()) == {"G0008", "G0009", "G0010",
                                                                                       "90471"}
    assert key["lab-13"] == medicine.psychotherapy_code(50)
    assert key["lab-14"] == medicine.esrd_code(72, visits=2)[0]
    assert key["lab-15"] == medicine.component_lines("93000", "professional")
    assert key["lab-16"] == "Once"


def test_the_bank_is_big_and_varied_enough():
    chapter_checks.assert_bank(load_bank(BANK), 12, {"single", "multiple", "numeric", "ordering", "matching",
                                                     "code"}, "lab-")


def test_terms_and_citations_resolve():
    page = text()
    new = ("cms-mcpm-ch16", "cms-mcpm-ch8", "cms-mcpm-ch18", "ecfr-42-493", "cms-clia-cr11747", "cms-rac-0071",
           "cms-rac-0137", "cms-rac-0112", "novitas-psychotherapy", "ngs-surgical-pathology",
           "noridian-initial-drug-admin")
    cited = chapter_checks.assert_citations(page, new, also=KEY.read_text(encoding="utf-8"), must_cite=True)
    for primary in ("cms-mcpm-ch16", "cms-mcpm-ch8", "cms-mcpm-ch12", "cms-mcpm-ch4", "ecfr-42-493",
                    "cms-pfs-rvu-2026", "cms-hcpcs", "cms-ncci-mue"):
        assert primary in cited, primary
    chapter_checks.assert_key_terms(page, "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(lab-medicine)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("cpt-em", "hcpcs-modifiers", "modifiers", "reimbursement"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/lab-medicine`" in page
    assert "../../notebooks/lab-and-medicine-coding" in page
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4500, words


def test_the_chapter_comes_right_before_icd10pcs_and_has_its_figures():
    from workbook.site.figures import by_chapter

    chapters = chapter_checks.toc_chapters()
    files = [c["file"] for c in chapters]
    here = files.index("book/coding/lab-medicine")
    assert files[here + 1] == "book/coding/icd10pcs-overview"
    assert [s["file"] for s in chapters[here]["sections"]] == ["notebooks/lab-and-medicine-coding",
                                                               "exercises/lab-medicine"]
    assert {f.id for f in by_chapter()["coding/lab-medicine"]} == {"infusion-hierarchy", "esrd-monthly-codes"}
    for fig in ("fig-infusion-hierarchy", "fig-esrd-monthly-codes"):
        assert f"{{numref}}`{fig}`" in text(), fig


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "Decimal(" not in cell.source and "33.40" not in cell.source and "def " not in cell.source
