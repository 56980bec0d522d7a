"""The chapter icd10cm-pregnancy-injury-z agrees with the code set and with revcycle.coding.guidelines.

Its worked examples come from code through the {computed} role (workbook.site.book_values). Here: every ICD-10-CM
code in the chapter, bank, key and notebook is valid in FY 2026 and FY 2027 (billable where the text presents it as a
final code), and the chapter's words for the codes it explains match their titles; the worked examples check by plain
arithmetic (the rule of nines, the trimester day count) and by the code set's titles; the bank's keys agree with the
engines; and the chapter is registered, cited and sized like every chapter.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest

from revcycle import icd10cm
from revcycle.coding.guidelines import burns, drugs, obstetrics
from tests import chapter_checks
from tests.chapter_checks import value
from workbook.exercises import keys
from workbook.exercises.spec import load_bank

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "coding" / "icd10cm-pregnancy-injury-z.md"
BANK = ROOT / "exercises" / "banks" / "icd10cm-pregnancy-injury-z.yml"
KEY = ROOT / "solutions" / "keys" / "icd10cm-pregnancy-injury-z.yml"
NOTEBOOK = ROOT / "notebooks" / "coding-injuries-and-encounters.ipynb"
CODE = re.compile(r"`([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)`")
QUOTED = re.compile(r"\"([A-Z][0-9][0-9A-Z]\.[0-9A-Z]{1,4})\"")
FY26, FY27 = "2025-10-01", "2026-10-01"
#: Subcategories the notebook hands to with_trimester() (headers, not final codes).
STEMS = {"O10.01", "O14.0"}
K = "icd10cm-pregnancy-injury-z"


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def notebook_source() -> str:
    return "\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells)


def test_every_icd10cm_code_is_valid_in_fy2026_and_fy2027():
    sources = [text(), BANK.read_text(encoding="utf-8"), KEY.read_text(encoding="utf-8"), notebook_source()]
    found: set[str] = set()
    for s in sources:
        found |= set(CODE.findall(s)) | set(QUOTED.findall(s))
    assert {"O24.414", "Z3A.30", "T31.31", "T45.516A", "R00.1", "Z33.1", "O80", "Z37.0", "Z38.00", "R73.03",
            "E66.813", "I82.401"} <= found
    for code in found:
        for day in (FY26, FY27):
            assert icd10cm.is_valid(code, on=day), (code, day)
        if "." in code and code not in STEMS or icd10cm.is_billable(code, on=FY27):
            assert icd10cm.is_billable(code, on=FY26) and icd10cm.is_billable(code, on=FY27), code
        else:  # a category or subcategory named as such: the text must not present it as a final code
            assert not icd10cm.is_billable(code, on=FY27), code


@pytest.mark.parametrize(("code", "words"), [
    ("Z33.1", "pregnant state, incidental"), ("Z3A.30", "30 weeks gestation"), ("Z3A.49", "greater than 42 weeks"),
    ("O24.414", "gestational diabetes mellitus in pregnancy, insulin controlled"),
    ("O13.3", "gestational [pregnancy-induced] hypertension without significant proteinuria, third trimester"),
    ("O14.03", "mild to moderate pre-eclampsia, third trimester"), ("Z37.0", "single live birth"),
    ("Z37.2", "twins, both liveborn"), ("O80", "full-term uncomplicated delivery"),
    ("O94", "sequelae of complication of pregnancy"), ("Z38.00", "single liveborn infant, delivered vaginally"),
    ("Z38.01", "delivered by cesarean"), ("Q90.9", "down syndrome"), ("Z87.74", "congenital malformations of heart"),
    ("R00.1", "bradycardia"), ("T22.391A", "third degree of multiple sites of right shoulder and upper limb"),
    ("T24.392A", "third degree of multiple sites of left lower limb"), ("T21.21XA", "second degree of chest wall"),
    ("T21.22XA", "second degree of abdominal wall"), ("X10.2XXA", "fats and cooking oils"),
    ("Y92.010", "kitchen of single-family"), ("Y93.G1", "food preparation"), ("L55.1", "sunburn of second degree"),
    ("T81.40XA", "infection following a procedure"), ("T80.211A", "central venous catheter"),
    ("K91.840", "postprocedural hemorrhage of a digestive system organ"), ("Z56.0", "unemployment"),
    ("Z59.01", "sheltered homelessness"), ("Z59.41", "food insecurity"), ("R73.03", "prediabetes"),
    ("R03.0", "elevated blood-pressure reading, without diagnosis of hypertension"), ("I20.0", "unstable angina"),
    ("Z79.4", "insulin"), ("Z79.84", "oral hypoglycemic"),
])
def test_the_codes_mean_what_the_chapter_says(code, words):
    assert words in icd10cm.title(code, on=FY27).lower()
    assert f"`{code}`" in text()


def test_worked_example_1_is_the_drug_table_and_the_order():
    adverse, poison = value(f"{K}.ex1.adverse"), value(f"{K}.ex1.poisoning")
    assert adverse == "R00.1, T46.0X5A" and poison == "T46.0X1A, R00.1"
    row = next(r for r in icd10cm.drug_table("digoxin", on=FY27) if r.path == ("Digoxin",))
    assert row.codes[4] + "A" == value(f"{K}.ex1.adverse-code")
    assert row.codes[0] + "A" == value(f"{K}.ex1.poisoning-code")
    assert icd10cm.title("T46.0X5A").startswith("Adverse effect of")
    assert "accidental (unintentional)" in icd10cm.title("T46.0X1A")


def test_worked_example_2_is_the_rule_of_nines_by_hand():
    total = Decimal(18) + Decimal(9) + Decimal(18) / 2      # anterior trunk + right arm + half the left leg
    third = Decimal(9) + Decimal(18) / 2                     # the arm and the half leg are third degree
    assert value(f"{K}.ex2.total") == total == 36 and value(f"{K}.ex2.third") == third == 18
    assert value(f"{K}.ex2.extent") == "T31.31"
    assert "30-39% of body surface with 10-19% third degree" in icd10cm.title("T31.31")
    codes = value(f"{K}.ex2.codes").split(", ")
    assert codes[:2] == ["T22.391A", "T24.392A"]             # third degree first
    assert codes.index("T31.31") == 4 and codes[5] == "X10.2XXA"   # extent after the sites, causes last
    for key in ("ex2.total", "ex2.third", "ex2.extent", "ex2.codes"):
        assert f"{{computed}}`{K}.{key}`" in text(), key


def test_worked_example_3_is_the_day_count_and_the_o24_rules():
    assert 30 * 7 + 2 >= 28 * 7 and value(f"{K}.ex3.trimester") == "third trimester"
    assert value(f"{K}.ex3.gestational") == "O24.414, Z3A.30"
    assert value(f"{K}.ex3.type-2") == "O24.113, E11.9, Z79.4, Z3A.30"
    assert icd10cm.title("O24.113").endswith("third trimester")
    assert value(f"{K}.bmi.codes") == "E66.813, Z68.41"
    for key in ("ex1.adverse", "ex1.poisoning", "ex3.trimester", "ex3.gestational", "ex3.type-2", "bmi.codes"):
        assert f"{{computed}}`{K}.{key}`" in text(), key


def test_bank_answers_agree_with_the_engines():
    bank = load_bank(BANK)
    key = {k: v.answer for k, v in keys.load_key(KEY, bank).items()}
    assert key["icdl-01"].lower().startswith(obstetrics.TRIMESTERS[obstetrics.trimester(27, 6)])
    assert key["icdl-02"] == obstetrics.diabetes_in_pregnancy("gestational", ["diet", "oral"], 31, 3).codes[0]
    assert set(key["icdl-03"]) == set(obstetrics.diabetes_in_pregnancy("gestational", ["insulin"], 30).codes)
    assert [a.split()[0] for a in key["icdl-06"]] == list(drugs.code_drug_event("digoxin", "adverse effect",
                                                                                 ["R00.1"]).codes)
    assert key["icdl-07"] == drugs.drug_code("digoxin", "poisoning").code
    under = drugs.code_drug_event("warfarin", "underdosing", ["I82.401"],
                                  noncompliance="intentional, financial hardship").codes
    assert under[0] == "I82.401" and key["icdl-08"].startswith("The thrombosis first")
    items = [burns.Burn("anterior trunk", 2), burns.Burn("left arm", 2), burns.Burn("right leg", 3)]
    assert Decimal(str(key["icdl-09"])) == burns.extent(items).total == 18 + 9 + 18
    assert key["icdl-10"] == burns.extent(items).code == "T31.41"
    borderline = {e.path: e.code for e in icd10cm.index_lookup("borderline")}
    assert key["icdl-13"] == borderline[("Borderline", "diabetes mellitus")]
    assert icd10cm.title("Z68.36").startswith("Body mass index [BMI] 36.0-36.9")


def test_the_bank_is_big_and_varied_enough():
    chapter_checks.assert_bank(load_bank(BANK), 12, {"code", "single", "multiple", "numeric", "ordering",
                                                     "matching"}, "icdl-")
    domains = {d for ex in load_bank(BANK).exercises for d in ex.domains}
    assert {"CPC", "CCA", "CCS"} <= domains


def test_terms_and_citations_resolve():
    page = text()
    cited = chapter_checks.assert_citations(page, ("cdc-growth-charts-2000",), also=KEY.read_text(encoding="utf-8"),
                                            must_cite=True)
    for primary in ("icd10cm-guidelines-2026", "cdc-icd10cm", "cdc-icd10cm-addenda-2027", "ecfr-45-162-1002"):
        assert primary in cited, primary
    chapter_checks.assert_key_terms(page, "## Key terms", least=12)


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith(f"({K})=\n# ")
    assert "```{admonition} Learning objectives" in page
    assert "{ref}`icd10cm-guidelines`" in page and "{doc}`icd10cm-organ-systems`" in page
    assert f"{{doc}}`../../exercises/{K}`" in page
    assert "../../notebooks/coding-injuries-and-encounters" in page
    flat = chapter_checks.flat(page)
    # ERRATA C5 and C8 stand: the 7th character follows the care; nothing here says Z codes are always secondary
    assert "follows the care given, not who gives it" in flat
    assert "always secondary" not in flat
    for section in ("I.C.15", "I.C.16", "I.C.17", "I.C.19.b", "I.C.19.d", "I.C.19.e", "I.C.20", "I.B.14",
                    "I.B.16", "I.B.11", "I.B.17", "I.C.21.c.3", "I.C.21.c.17"):
        assert section in flat, section
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4000, words


def test_the_chapter_is_registered_after_organ_systems():
    chapter_checks.assert_registered(
        f"coding/{K}", "coding/icd10cm-organ-systems",
        ["notebooks/coding-injuries-and-encounters", f"exercises/{K}"],
        {"icd10cm-burn-rule-of-nines", "icd10cm-drug-event-order"})


@pytest.mark.parametrize("cell", [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"],
                         ids=lambda c: c.id)
def test_the_notebook_keeps_its_logic_in_revcycle(cell):
    src = cell.source
    assert "// 10" not in src and "Decimal(18)" not in src and "< 98" not in src and "Z79" not in src
    assert "def " not in src or "with_titles" in src
