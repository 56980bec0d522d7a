"""The medical terminology and anatomy chapter agrees with revcycle.coding.terminology and the FY2027 code set.

Every ICD-10-CM code it cites is billable in FY2027 and carries the title the text gives it; every CPT number is in
the CY2026 RVU file; the word splits, the laterality characters and the order of the digestive tract it states are
the library's; the bank's keys are the ones the library computes; and the chapter is registered first in the coding
part with its notebook, exercise page, figures and computed figures.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import yaml

from revcycle.codes import icd10cm
from revcycle.coding import terminology
from revcycle.payment import fees
from tests import chapter_checks
from workbook.exercises import keys
from workbook.exercises.spec import load_bank
from workbook.site import book_values

ROOT = Path(__file__).resolve().parents[1]
NAME = "medical-terminology-anatomy"
PAGE = ROOT / "book" / "coding" / f"{NAME}.md"
BANK = ROOT / "exercises" / "banks" / f"{NAME}.yml"
KEY = ROOT / "solutions" / "keys" / f"{NAME}.yml"
NOTEBOOK = ROOT / "notebooks" / "medical-word-parts.ipynb"
ON = icd10cm.PRIMARY.effective_from
ICD = re.compile(r"`([A-Z][0-9][0-9A-Z]\.[0-9A-Z]{1,4})`")
CPT = re.compile(r"`([0-9]{5})`")


def text() -> str:
    return PAGE.read_text(encoding="utf-8")


def flat(s: str) -> str:
    return " ".join(s.split())


def key() -> dict[str, object]:
    return {k: v.answer for k, v in keys.load_key(KEY, load_bank(BANK)).items()}


def test_every_icd10cm_code_in_the_chapter_is_billable_and_titled_as_written():
    page = flat(text())
    codes = set(ICD.findall(page))
    assert len(codes) >= 20
    headings = {"S52.521"}  # named as the subcategory whose 7th characters the text lists
    for code in codes:
        assert icd10cm.is_valid(code, on=ON), code
        assert icd10cm.is_billable(code, on=ON) or code in headings, code
    # "`CODE`, Title ..." and "| `CODE` | Title |": the words written start as the FY2027 title does
    checked = 0
    for code, written in re.findall(r"`([A-Z][0-9][0-9A-Z]\.[0-9A-Z]{1,4})`(?:, | \| )([A-Z][^`|]*)", page):
        words = re.findall(r"[\w'-]+", written.lower())
        title = re.findall(r"[\w'-]+", icd10cm.title(code, on=ON).lower())
        n = min(4, len(title))
        if words[0] in title[:1]:  # the text quotes the title (not, e.g., "`M17.0`, Bilateral" as a description)
            assert words[:n] == title[:n], (code, written, title)
            checked += 1
    assert checked >= 15


def test_every_cpt_number_is_in_the_rvu_file():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    listed = fees.listed_codes()
    for where, s in {"chapter": text(), "bank": BANK.read_text(encoding="utf-8"),
                     "key": KEY.read_text(encoding="utf-8"), "notebook": "\n".join(c.source for c in nb.cells)}.items():
        numbers = set(CPT.findall(s)) | {e.base_code for e in terminology.ENDOSCOPIES if where == "notebook"}
        assert numbers <= listed, (where, sorted(numbers - listed))
    assert {e.base_code for e in terminology.ENDOSCOPIES} <= set(CPT.findall(text()))


def test_the_splits_the_chapter_prints_are_split_s():
    page = text()
    for word, pieces in re.findall(r"^\| ([a-z]+) \| ([a-z]+(?: \+ [a-z]+)+) \|", page, re.M):
        assert str(terminology.split(word)) == pieces, word
    assert "chole + cyst + ectomy" in page
    assert terminology.split("cholecystectomy").meaning == "surgical removal of gallbladder"
    assert not terminology.split("intraoperative").complete  # "the library reports it as an incomplete split"
    for word in ("colectomy", "colotomy", "colostomy", "coloplasty", "thoracentesis", "gastritis", "gastroscopy"):
        assert terminology.split(word).complete, word


def test_the_laterality_the_chapter_states():
    def where(code: str) -> tuple[str, int | None]:
        lat = terminology.laterality_of(code, on=ON)
        return lat.side, lat.position

    assert where("M17.0") == ("bilateral", 4)
    assert where("M17.11") == ("right", 5) and where("M17.12") == ("left", 5) and where("M17.10") == ("unspecified", 5)
    assert where("H10.31") == ("right", 5) and where("H10.33") == ("bilateral", 5)
    assert where("S52.521A") == ("right", 6) and where("S52.522A") == ("left", 6)
    assert where("H10.9") == ("none", None)
    assert where("H25.13")[0] == "bilateral" and where("H25.12")[0] == "left"
    assert where("S72.321A") == ("right", 6) and where("S72.324A") == ("right", 6)
    assert "Nondisplaced" in icd10cm.title("S72.324A", on=ON) and "Displaced" in icd10cm.title("S72.321A", on=ON)
    # torus fractures take only the closed-fracture 7th characters
    letters = {o.char for o in icd10cm.describe("S52.521A", on=ON).seventh_options}
    assert letters == {"A", "D", "G", "K", "P", "S"}
    femur = {o.char: o.meaning for o in icd10cm.describe("S72.322B", on=ON).seventh_options}
    assert "open fracture type I or II" in femur["B"] and "IIIA" in femur["C"]


def test_the_gi_order_is_the_library_s():
    page = text()
    start = page.index("### The digestive tract, segment by segment")
    section = page[start:page.index("An endoscopy", start)]
    listed = [s.lower() for s in re.findall(r"\*\*([a-z]+(?: colon)?)\*\*", section)]
    expanded: list[str] = []
    for s in listed:
        expanded.append(s if s in terminology.GI_TRACT else f"{s} colon")
    assert expanded == list(terminology.GI_TRACT)
    for scope in terminology.ENDOSCOPIES:
        assert scope.reaches[0] in (("esophagus",) if scope.entry == "mouth" else ("anus",))
        assert list(scope.reaches) == sorted(scope.reaches, key=terminology.GI_TRACT.index,
                                             reverse=scope.entry == "anus")


def test_the_bank_keys_are_the_library_s():
    k = key()
    assert k["term-02"] == str(terminology.split("esophagogastroduodenoscopy"))
    assert k["term-03"] == [s.capitalize() for s in terminology.GI_TRACT if s not in ("rectum", "anus")]
    assert k["term-04"] == "Colonoscopy"
    assert next(e for e in terminology.ENDOSCOPIES if e.family == "colonoscopy").furthest == "cecum"
    lat = terminology.laterality_of("S52.521A", on=ON)
    assert k["term-16"] == f"The sixth character, {lat.character}" and lat.position == 6
    assert k["term-18"] == "Enlargement of the liver"
    assert terminology.split("hepatomegaly").meaning == "enlargement of liver"
    for ex_id, word_part in (("term-01", "ectomy"), ("term-05", "itis")):
        assert word_part in str(k[ex_id])
    meanings = {f"-{p.part}": p.meaning for p in terminology.parts("suffix")}
    for suffix, meaning in k["term-01"].items():  # type: ignore[union-attr]
        assert meanings[suffix].lower().startswith(meaning.lower().split()[0]), suffix
    for ex_id, code, side in (("term-06", "S52.522A", "left"), ("term-07", "S72.321A", "right"),
                              ("term-08", "M17.0", "bilateral"), ("term-09", "H25.12", "left"),
                              ("term-17", "S59.211A", "right")):
        assert k[ex_id] == code and terminology.laterality_of(code, on=ON).side == side
    assert "Displaced" in icd10cm.title(str(k["term-07"]), on=ON)  # the default: displaced, closed


def test_the_bank_is_big_and_varied_enough():
    bank = load_bank(BANK)
    chapter_checks.assert_bank(bank, 14, {"single", "multiple", "ordering", "matching", "code"}, "term-")
    for ex in bank.exercises:
        if ex.case:
            assert {"CPC", "CCA"} <= set(ex.domains), ex.id
        if ex.type == "code":
            assert ex.system == "icd10cm"


def test_terms_and_citations_resolve():
    page = text()
    chapter_checks.assert_citations(page, ("medlineplus-medical-words", "nci-seer-training", "nci-thesaurus"),
                                    also=KEY.read_text(encoding="utf-8"), must_cite=True)
    chapter_checks.assert_key_terms(page, "## Key terms")


def test_learning_objectives_cross_references_and_length():
    page = text()
    assert page.startswith(f"({NAME})=\n# Medical terminology and anatomy for coders\n")
    assert "```{admonition} Learning objectives" in page
    for label in ("icd10cm-conventions", "icd10pcs-overview", "hcpcs-modifiers", "cpt-em"):
        assert f"{{ref}}`{label}`" in page, label
    assert f"{{doc}}`../../exercises/{NAME}`" in page
    assert "../../notebooks/medical-word-parts" in page
    assert page.index("## Worked example 1") < page.index("## Worked example 2") < page.index("## Exercises")
    words = chapter_checks.prose_words(page)
    assert 2000 <= words <= 4500, words


def test_computed_figures():
    values = {k: book_values.FIGURES[k].value() for k in book_values.FIGURES if k.startswith("medical-terminology.")}
    assert values["medical-terminology.parts"] == len(terminology.parts())
    assert values["medical-terminology.chapters"] == 22
    assert 0 < values["medical-terminology.sided"] < values["medical-terminology.billable"]
    for k in values:
        assert f"{{computed}}`{k}`" in text(), k


def test_the_chapter_is_registered_first_in_the_coding_part():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    coding = next(part for part in toc["parts"] if part["caption"] == "Medical coding")
    first = coding["chapters"][0]
    assert first["file"] == f"book/coding/{NAME}"
    assert coding["chapters"][1]["file"] == "book/coding/icd10cm-conventions"
    assert [s["file"] for s in first["sections"]] == ["notebooks/medical-word-parts", f"exercises/{NAME}"]
    from workbook.site.figures import by_chapter

    assert {f.id for f in by_chapter()[f"coding/{NAME}"]} == {"word-parts", "gi-endoscopy-reach"}


def test_the_notebook_uses_the_library_and_is_executed():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.get("outputs") for c in code), "execute the notebook: python -m workbook execute"
    source = "\n".join(c.source for c in code)
    assert "terminology.split(" in source and "terminology.laterality_of(" in source
    for c in ICD.findall(source.replace('"', "`")):
        assert icd10cm.is_billable(c, on=ON), c
