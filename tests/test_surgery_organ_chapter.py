"""The organ-system surgery chapter agrees with the code sets, the fee schedule file and the engines.

Its coding lines and dollar figures come from code through the {computed} role; here they are checked against the
rules stated independently (payer codes, the statute's percentages, vessel orders, visit bands) and against plain
arithmetic on the RVU file. Every code the chapter, bank, key and notebook name is in the CY2026 RVU file or the
HCPCS file and has a book summary; every diagnosis is billable in FY2026 and FY2027.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from revcycle import icd10cm
from revcycle.codes import cpt, hcpcs
from revcycle.coding.surgery import endoscopy, obstetric, vascular
from revcycle.payment import fees
from tests import chapter_checks
from tests.chapter_checks import cents, value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "coding" / "surgery-organ-systems.md"
BANK = ROOT / "exercises" / "banks" / "surgery-organ-systems.yml"
KEY = ROOT / "solutions" / "keys" / "surgery-organ-systems.yml"
NOTEBOOK = ROOT / "notebooks" / "endoscopy-and-vascular-families.ipynb"
CF = Decimal("33.4009")


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def key_answers() -> dict:
    return {k: v.answer for k, v in keys.load_key(KEY, load_bank(BANK)).items()}


def alabama_facility(code: str) -> Decimal:
    """The CY2026 facility amount in locality 10112-00, by the formula on the file's RVUs and GPCIs."""
    r = fees.rvu_record(code)
    g = fees.get_locality("10112-00").gpcis
    return cents((r.work * g.work + r.facility_pe * g.pe + r.mp * g.mp) * CF)


def test_codes_in_the_chapter_bank_key_and_notebook_are_real_and_summarized():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    sources = [text(), BANK.read_text(encoding="utf-8"), KEY.read_text(encoding="utf-8"),
               "\n".join(c.source for c in nb.cells)]
    listed = fees.listed_codes()
    for s in sources:
        for code in re.findall(r"\b([0-9]{5})\b", s):
            if code.startswith(("1", "2", "3", "4", "5", "6")) and code != "10112":
                assert code in listed, code
        for code in re.findall(r"\b(G0[0-9]{3})\b", s):
            assert hcpcs.is_valid(code), code
    for code in re.findall(r"`([0-9]{5})`", text()):
        assert cpt.describe(code).source == cpt.SUMMARY_SOURCE, code
    assert "33" in cpt.MODIFIERS and hcpcs.modifier("PT") and hcpcs.modifier("KX")


def test_diagnoses_are_billable_in_both_years_and_mean_what_the_text_says():
    found = set(re.findall(r"`([A-Z][0-9]{2}\.[0-9A-Z]{1,4})`", text()))
    assert found == {"Z12.11", "D12.5"}
    for code in found:
        assert icd10cm.is_billable(code, on="2025-10-01") and icd10cm.is_billable(code, on="2026-10-01"), code
    assert "screening for malignant neoplasm of colon" in icd10cm.title("Z12.11").lower()
    assert "sigmoid colon" in icd10cm.title("D12.5").lower()


def test_worked_example_1_codes_and_money():
    assert value("surgery-organ.ex1.medicare") == "45385-PT"
    assert value("surgery-organ.ex1.commercial") == "45385-33"
    assert value("surgery-organ.ex1.no-polyp") == "G0121"
    assert value("surgery-organ.ex1.stool-test") == "G0121-KX"
    allowed = alabama_facility("45385")
    assert value("surgery-organ.ex1.allowed") == allowed
    assert value("surgery-organ.ex1.g0121") == alabama_facility("G0121")
    # the statute: Medicare pays 85% in 2023-2026 and 90% in 2027-2029
    assert value("surgery-organ.ex1.coins-2026") == cents(allowed * Decimal("0.15"))
    assert value("surgery-organ.ex1.coins-2027") == cents(allowed * Decimal("0.10"))
    assert value("surgery-organ.ex1.medicare-2026") + value("surgery-organ.ex1.coins-2026") == allowed
    assert (value("surgery-organ.ex1.share-2026"), value("surgery-organ.ex1.share-2027")) == (15, 10)
    for key in ("ex1.medicare", "ex1.commercial", "ex1.allowed", "ex1.coins-2026", "ex1.coins-2027"):
        assert f"{{computed}}`surgery-organ.{key}`" in text(), key


def test_worked_examples_2_and_3_follow_the_rules():
    assert value("surgery-organ.ex2.first") == "59425"  # five visits: 4-6
    assert value("surgery-organ.ex2.second") == "59426, 59410"  # eight visits: 7+, then delivery with postpartum
    assert value("surgery-organ.ex3.lines") == "36247, 36248"  # proper hepatic (3rd order) + gastroduodenal
    page = chapter_checks.flat(text())
    assert "five times" in page and "eight more times" in page
    for key in ("ex2.first", "ex2.second", "ex3.lines"):
        assert f"{{computed}}`surgery-organ.{key}`" in text(), key


def test_family_sizes_are_the_file_s():
    import csv
    import gzip

    with gzip.open(ROOT / "src" / "revcycle" / "data" / "pfs_indicators_2026.csv.gz", "rt") as fh:
        rows = [r for r in csv.DictReader(fh) if not r["modifier"]]
    for base in ("45378", "43235", "52000", "31622"):
        assert value(f"surgery-organ.family.{base}") == 1 + sum(r["endo_base"] == base for r in rows), base


def test_bank_answers_agree_with_the_engines():
    key = key_answers()
    assert key["srgo-01"] == endoscopy.family("52332")
    assert set(key["srgo-02"]) == set(endoscopy.collapse(["43235", "43239", "45378", "45385"]).reported)
    assert key["srgo-03"] == str(endoscopy.colonoscopy_lines("medicare", procedures=["45385"]))
    assert key["srgo-04"] == str(endoscopy.colonoscopy_lines("commercial", procedures=["45385"]))
    assert key["srgo-05"] == str(endoscopy.colonoscopy_lines("medicare", after_positive_stool_test=True))
    assert Decimal(str(key["srgo-06"])) == cents(Decimal("208.88") * endoscopy.medicare_coinsurance_share(2027))
    assert alabama_facility("45385") == Decimal("208.88")  # the prompt's amount
    assert [ln.code for ln in vascular.catheter_lines(["superior mesenteric artery", "middle colic artery"])] == \
        [key["srgo-07"]]
    lines = vascular.catheter_lines(["proper hepatic artery", "gastroduodenal artery", "splenic artery",
                                     "left gastric artery"])
    assert key["srgo-08"] == next(ln.units for ln in lines if ln.code == "36248")
    assert [v.lower().removesuffix(" artery") for v in key["srgo-09"]] == \
        ["aorta", *(v.removesuffix(" artery") for v in vascular.path("right hepatic artery"))]
    assert key["srgo-10"] == " and ".join(ln.code for ln in obstetric.obstetric_lines(8, "cesarean", True,
                                                                                       from_start=False))
    assert list(key["srgo-11"].values()) == ["E/M visits", "59425", "59426", "59400"]
    assert key["srgo-14"] == str(endoscopy.colonoscopy_lines("medicare", incomplete=True))
    assert fees.pfs_indicators("69436").bilat_surg == "1" and key["srgo-15"] == "69436-50"
    assert fees.pfs_indicators("60220").bilat_surg == "0" and key["srgo-13"] == "60240"
    assert fees.rvu_record("63048").global_days == "ZZZ" and key["srgo-16"] == "63047 and 63048 x 2"
    assert endoscopy.collapse(["52000", "52332"]).reported == ("52332",)
    assert fees.pfs_indicators("52332").bilat_surg == "1" and key["srgo-17"] == "52332-50"
    assert endoscopy.family(key["srgo-18"]) == "52351" != endoscopy.family("52332")
    assert key["srgo-20"] == obstetric.obstetric_lines(11, "vbac", True)[0].code
    assert list(key["srgo-21"].values()) == [obstetric.obstetric_lines(0, d, pp)[0].code for d, pp in
                                             (("vaginal", False), (None, True), ("cesarean", True),
                                              ("cesarean after attempted vbac", False))]
    assert set(key["srgo-22"]) == set(endoscopy.collapse(["57452", "57454", "58555", "58558"]).reported)
    assert fees.rvu_record("64484").global_days == "ZZZ" and key["srgo-24"] == 2
    assert fees.pfs_indicators("69436").bilat_surg == "1" and list(key["srgo-26"].values())[-1] == "69436-50"
    assert fees.rvu_record("66984").global_days == "090" and key["srgo-27"] == "66984-79-LT"
    assert fees.pfs_indicators("64721").bilat_surg == "1" and key["srgo-28"] == "64721-50"


def test_the_bank_is_big_and_varied_enough_and_its_checks_are_current():
    chapter_checks.assert_bank(load_bank(BANK), 12, {"single", "multiple", "numeric", "ordering", "matching",
                                                     "code"}, "srgo-")
    assert (ROOT / "exercises" / "banks" / "surgery-organ-systems.checks.json").exists()


def test_terms_and_citations_resolve():
    page = text()
    new = ("uscode-42-1395l-dd", "cms-mm7012", "cms-ncci-ch5", "cms-ncci-ch6", "cms-ncci-ch7", "cms-ncci-ch8",
           "uscode-42-300gg-13", "dol-aca-faq-51", "dol-aca-faq-12")
    cited = chapter_checks.assert_citations(page, new, also=KEY.read_text(encoding="utf-8"), must_cite=True)
    for primary in ("cms-mcpm-ch12", "cms-mcpm-ch18", "cms-pfs-rvu-2026", "cms-hcpcs", "cms-pfs-2023-final",
                    "icd10cm-guidelines-2026"):
        assert primary in cited, primary
    chapter_checks.assert_key_terms(page, "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(surgery-organ-systems)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("surgery-skin-musculoskeletal", "surgical-payment-rules", "surgical-payment-rules-endoscopy",
                  "medical-terminology-anatomy-gi", "medical-terminology-anatomy-vessels", "modifiers"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/surgery-organ-systems`" in page
    assert "../../notebooks/endoscopy-and-vascular-families" in page
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4500, words
    for example in ("example-1", "example-2", "example-3"):
        assert f"(surgery-organ-systems-{example})=" in page


def test_the_chapter_follows_surgery_i_and_has_its_figures():
    chapter_checks.assert_registered("coding/surgery-organ-systems", "coding/surgery-skin-musculoskeletal",
                                     ["notebooks/endoscopy-and-vascular-families", "exercises/surgery-organ-systems"],
                                     {"vascular-family-orders", "colonoscopy-coinsurance"})


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "Decimal(" not in cell.source and "33.40" not in cell.source and "def " not in cell.source
