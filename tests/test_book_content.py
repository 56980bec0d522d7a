"""Accuracy of what the book ships: banks match keys, answers and cited codes exist in the real code sets."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from revcycle.codes import hcpcs, icd10cm
from workbook.course.notebooks import exercise_notebook, solution_notebook
from workbook.exercises import keys
from workbook.exercises.spec import load_bank

ROOT = Path(__file__).resolve().parents[1]
BANKS = sorted((ROOT / "exercises" / "banks").glob("*.yml"))
PAGES = sorted((ROOT / "book").rglob("*.md"))
# A code in backticks: ICD-10-CM with its dot (E11.9, S52.521A) or a bare category (I10); HCPCS Level II (J1100).
ICD_IN_TEXT = re.compile(r"`([A-TV-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?|QA[0-9](?:\.[0-9A-Z]{1,4})?)`")
HCPCS_IN_TEXT = re.compile(r"`([A-V][0-9]{4})`")
FY26, FY27 = "2026-09-30", "2026-10-01"  # the last day of FY2026 and the first of FY2027, the book's release
# A paragraph that cites a code billable in FY2026 but not in FY2027 must say that it speaks of the old release or
# of the change (the FY2027 update chapter does, on purpose); anywhere else such a code would teach a wrong code.
CHANGE_WORDS = re.compile(r"FY ?2026|September 30, 2026|2026-09-|before October 1|became a header|deleted|no longer|"
                          r"not valid|replaced|split|turned into a header|was billable", re.IGNORECASE)


def fy2026_only(code: str) -> bool:
    """Billable for a FY2026 date of service but not for a FY2027 one (deleted, or now a header)."""
    return icd10cm.is_billable(code, on=FY26) and not icd10cm.is_billable(code, on=FY27)


def change_free_paragraphs(text: str) -> list[str]:
    """The paragraphs (blank-line separated) that say nothing about the FY2027 change."""
    return [p for p in re.split(r"\n\s*\n", text) if not CHANGE_WORDS.search(p)]


def test_there_are_banks_and_pages():
    assert BANKS and PAGES


def test_every_stored_hash_matches_its_key():
    assert keys.verify(ROOT) == []


@pytest.mark.parametrize("bank_path", BANKS, ids=[p.stem for p in BANKS])
def test_code_answers_are_real_codes(bank_path):
    bank = load_bank(bank_path)
    key = keys.load_key(ROOT / "solutions" / "keys" / bank_path.name, bank)
    for ex in bank.exercises:
        if ex.type != "code":
            continue
        answer = key[ex.id].answer
        if ex.system == "icd10cm":
            assert icd10cm.is_billable(answer, on=FY27), f"{ex.id}: {answer} is not a billable FY2027 ICD-10-CM code"
        elif ex.system == "hcpcs":
            assert hcpcs.is_valid(answer), f"{ex.id}: {answer} is not a HCPCS Level II code"


@pytest.mark.parametrize("bank_path", BANKS, ids=[p.stem for p in BANKS])
def test_codes_named_in_prompts_and_explanations_exist(bank_path):
    text = bank_path.read_text(encoding="utf-8") + (ROOT / "solutions" / "keys" / bank_path.name).read_text()
    for code in ICD_IN_TEXT.findall(text):
        assert icd10cm.is_valid(code, on=FY27) or icd10cm.is_valid(code, on=FY26), f"{bank_path.name}: {code}"
    for chunk in change_free_paragraphs(text):
        for code in ICD_IN_TEXT.findall(chunk):
            assert not fy2026_only(code), f"{bank_path.name}: {code} is no longer billable in FY2027"


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_codes_cited_in_the_prose_exist(page):
    text = page.read_text(encoding="utf-8")
    for code in ICD_IN_TEXT.findall(text):
        assert icd10cm.is_valid(code, on=FY27) or icd10cm.is_valid(code, on=FY26), f"{page.name}: ICD-10-CM {code}"
    for chunk in change_free_paragraphs(text):
        for code in ICD_IN_TEXT.findall(chunk):
            assert not fy2026_only(code), f"{page.name}: {code} is no longer billable in FY2027 (October 1, 2026)"
    for code in HCPCS_IN_TEXT.findall(text):
        assert hcpcs.is_valid(code), f"{page.name}: HCPCS {code} is not in the January 2026 file"


def test_the_change_check_can_fail():
    """The paragraph rule flags a code that became a header when nothing nearby says so."""
    text = "Code `E11.9` here.\n\nDilated cardiomyopathy is `I42.0`.\n\nIn FY2026 it was `I42.0`."
    flagged = [c for p in change_free_paragraphs(text) for c in ICD_IN_TEXT.findall(p) if fy2026_only(c)]
    assert flagged == ["I42.0"]


@pytest.mark.parametrize("bank_path", BANKS, ids=[p.stem for p in BANKS])
def test_each_bank_has_its_exercise_notebook_in_step(bank_path):
    data = yaml.safe_load(bank_path.read_text(encoding="utf-8"))
    committed = nbformat.read(ROOT / "exercises" / f"{bank_path.stem}.ipynb", as_version=4)
    fresh = exercise_notebook(bank_path.stem, data["title"])
    assert [c.source for c in committed.cells] == [c.source for c in fresh.cells]
    committed_key = nbformat.read(ROOT / "solutions" / f"{bank_path.stem}.ipynb", as_version=4)
    fresh_key = solution_notebook(bank_path.stem, data["title"])
    assert [c.source for c in committed_key.cells] == [c.source for c in fresh_key.cells]


def test_no_solution_text_in_student_files():
    """Explanations live only in solutions/: no student-side file repeats one."""
    student = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "exercises").rglob("*") if p.is_file())
    for key_path in (ROOT / "solutions" / "keys").glob("*.yml"):
        for ex_id, entry in yaml.safe_load(key_path.read_text())["answers"].items():
            first = entry["explanation"].strip().splitlines()[0][:60]
            assert first not in student, f"{ex_id}: its explanation appears on the student side"
