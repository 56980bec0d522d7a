"""The E/M beyond the office chapter agrees with the RVU file, the ICD-10-CM code set and revcycle.coding.em_settings.

Its codes and dollar figures come from the library through the {computed} role. Here: every code the chapter, bank,
key and notebook name is in the CY2026 RVU file (or HCPCS), every diagnosis is billable; the worked examples'
amounts add up by plain arithmetic on the file's amounts; the bank's keys agree with the engine; no CPT time
threshold outside the office is printed; and the chapter is registered, cited and sized like every chapter.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import nbformat
import pytest

from revcycle import icd10cm
from revcycle.codes import hcpcs
from revcycle.coding import em_settings as es
from revcycle.payment import fees
from tests import chapter_checks
from tests.chapter_checks import value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "coding" / "em-beyond-office.md"
BANK = ROOT / "exercises" / "banks" / "em-beyond-office.yml"
KEY = ROOT / "solutions" / "keys" / "em-beyond-office.yml"
NOTEBOOK = ROOT / "notebooks" / "em-settings.ipynb"
D = Decimal


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def facility(code: str) -> Decimal:
    return fees.pfs_payment(code, setting="facility").payment


def answers() -> dict:
    return {k: v.answer for k, v in keys.load_key(KEY, load_bank(BANK)).items()}


def test_codes_in_the_chapter_bank_key_and_notebook_are_real():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    listed = fees.listed_codes()
    for source in (text(), BANK.read_text(encoding="utf-8"), KEY.read_text(encoding="utf-8"),
                   "\n".join(c.source for c in nb.cells)):
        for code in re.findall(r"\b(99[0-9]{3}|G[0-9]{4})\b", source):
            if code == "99343":  # the chapter says it was deleted: it must be absent from the file
                assert code not in listed and "`99343` was deleted" in source
                continue
            assert code in listed or hcpcs.is_valid(code), code
    found = set(re.findall(r"`([A-Z][0-9]{2}\.[0-9A-Z]{1,4})`", text()))
    assert found == {"I50.33", "R65.21"}
    for code in found:
        assert icd10cm.is_billable(code, on="2026-09-30") and icd10cm.is_billable(code, on="2026-10-01"), code


def test_what_the_prose_says_about_the_rvu_file_holds():
    for code in [*range(99242, 99246), *range(99252, 99256), 99417, 99418]:
        assert fees.rvu_record(str(code)).status == "I", code  # consultations and CPT's prolonged codes
    for code in [*range(99381, 99388), *range(99391, 99398)]:
        assert fees.rvu_record(str(code)).status == "N", code  # CPT preventive visits
    for code in ("G0438", "G0439", "G0402", "G2212", "G0316"):
        assert fees.rvu_record(code).status == "A", code


def test_no_cpt_time_threshold_outside_the_office_is_printed():
    page = chapter_checks.flat(text())
    for code in ("99221", "99222", "99231", "99232", "99304", "99310", "99341", "99350", "99242", "99255"):
        assert not re.search(rf"`{code}`[^.|]*\b\d+ minutes", page), code


def test_worked_example_1_is_the_engine_s_and_adds_up():
    assert [value(f"em-beyond-office.ex1.{k}") for k in ("ed", "admit", "day2", "discharge")] == \
        ["99285", "99223", "99232", "99239"]
    paid = {k: facility(value(f"em-beyond-office.ex1.{k}")) for k in ("ed", "admit", "day2", "discharge")}
    for k, amount in paid.items():
        assert value(f"em-beyond-office.ex1.{k}-paid") == amount
    assert value("em-beyond-office.ex1.hospitalist") == paid["admit"] + paid["day2"] + paid["discharge"]
    assert value("em-beyond-office.ex1.tcm") == "99495"
    assert value("em-beyond-office.ex1.tcm-paid") == fees.pfs_payment("99495").payment
    assert (value("em-beyond-office.ex1.tcm-contact-day"), value("em-beyond-office.ex1.tcm-visit-day")) == (1, 6)


def test_worked_example_2_counts_and_pays_by_hand():
    assert value("em-beyond-office.ex2.minutes") == 110
    assert value("em-beyond-office.ex2.medicare-lines") == "99291 + 99292"
    assert value("em-beyond-office.ex2.cpt-lines") == "99291 + 99292 x 2"
    assert value("em-beyond-office.ex2.bills") == "physician"
    assert value("em-beyond-office.ex2.paid") == facility("99291") + facility("99292")
    npp = (facility("99223") * D("0.85")).quantize(D("0.01"), ROUND_HALF_UP)
    assert value("em-beyond-office.99223-npp") == npp
    page = text()
    for key in ("em-beyond-office.ex2.paid", "em-beyond-office.ex1.hospitalist", "em-beyond-office.ex1.tcm-paid"):
        assert f"{{computed}}`{key}`" in page, key


def test_bank_answers_agree_with_the_engine():
    key = answers()
    assert key["emb-02"] == es.select("emergency", mdm="high").code
    assert key["emb-04"] == es.discharge_code(40)
    assert key["emb-05"] == es.code_encounter("consult-inpatient", 3)[0].code
    assert key["emb-06"] == es.critical_care_lines(140, "medicare")[1].units
    assert key["emb-07"] == es.critical_care_lines(140, "cpt")[1].units
    assert key["emb-09"] == es.tcm("2026-03-06", "2026-03-10", "2026-03-13", "high").code
    staff = es.care_management_lines("ccm-staff", 47, chronic_conditions=3)
    assert key["emb-10"] == f"{staff[0].code} and one unit of {staff[1].code}" and staff[1].units == 1
    assert key["emb-11"].startswith("The NP") and es.split_shared(15, 35, mdm_by="npp").bills == "npp"
    fams = {f: es.FAMILIES[k] for f, k in (("Emergency department", "emergency"),
                                          ("Hospital inpatient or observation, first day", "hospital-initial"),
                                          ("Nursing facility, later visit", "nursing-subsequent"),
                                          ("Patient's home, established patient", "home-established"))}
    for left, fam in fams.items():
        codes = sorted(set(fam.codes.values()))
        assert key["emb-01"][left] == f"{codes[0]}-{codes[-1]}"
    lines = es.critical_care_lines(110, "medicare")
    assert D(str(key["emb-15"])) == sum(es.line_payment(ln, npp=True) for ln in lines)
    assert D(str(key["emb-15"])) == ((D("199.07") + D("100.20")) * D("0.85")).quantize(D("0.01"), ROUND_HALF_UP)
    assert facility("99291") == D("199.07") and facility("99292") == D("100.20")  # the prompt's amounts


def test_the_bank_is_big_and_varied_enough():
    chapter_checks.assert_bank(load_bank(BANK), 12, {"single", "multiple", "numeric", "ordering", "matching", "code"},
                               "emb-")


def test_terms_and_citations_resolve():
    page = text()
    new = ("cms-pfs-2023-final", "cms-pfs-2023-correction", "cms-pfs-2024-final", "cms-mm12982", "cms-mln908628",
           "cms-mln909188")
    cited = chapter_checks.assert_citations(page, new, also=KEY.read_text(encoding="utf-8"), must_cite=True)
    for primary in ("ecfr-42-410-26", "ecfr-42-415-140", "cms-mcpm-ch12", "cms-pfs-rvu-2026", "cms-mbpm-ch15"):
        assert primary in cited, primary
    chapter_checks.assert_key_terms(page, "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith("(em-beyond-office)=\n# ")
    assert "```{admonition} Learning objectives" in page
    for label in ("cpt-em", "modifiers", "surgical-payment-rules"):
        assert f"{{ref}}`{label}`" in page, label
    assert "{doc}`../../exercises/em-beyond-office`" in page
    assert "../../notebooks/em-settings" in page
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4000, words


def test_the_chapter_is_registered_after_cpt_em():
    chapter_checks.assert_registered("coding/em-beyond-office", "coding/cpt-em",
                                     ["notebooks/em-settings", "exercises/em-beyond-office"],
                                     {"em-settings-map", "critical-care-units"})


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    assert "Decimal(" not in cell.source and "0.85" not in cell.source and "// 30" not in cell.source
