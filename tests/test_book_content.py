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
ICD_IN_TEXT = re.compile(r"`([A-TV-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)`")
HCPCS_IN_TEXT = re.compile(r"`([A-V][0-9]{4})`")


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
            assert icd10cm.is_billable(answer), f"{ex.id}: {answer} is not a billable FY2026 ICD-10-CM code"
        elif ex.system == "hcpcs":
            assert hcpcs.is_valid(answer), f"{ex.id}: {answer} is not a HCPCS Level II code"


@pytest.mark.parametrize("bank_path", BANKS, ids=[p.stem for p in BANKS])
def test_codes_named_in_prompts_and_explanations_exist(bank_path):
    text = bank_path.read_text(encoding="utf-8") + (ROOT / "solutions" / "keys" / bank_path.name).read_text()
    for code in ICD_IN_TEXT.findall(text):
        assert icd10cm.is_valid(code), f"{bank_path.name}: {code} is not in the FY2026 code set"


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_codes_cited_in_the_prose_exist(page):
    text = page.read_text(encoding="utf-8")
    for code in ICD_IN_TEXT.findall(text):
        assert icd10cm.is_valid(code), f"{page.name}: ICD-10-CM {code} is not in the FY2026 code set"
    for code in HCPCS_IN_TEXT.findall(text):
        assert hcpcs.is_valid(code), f"{page.name}: HCPCS {code} is not in the January 2026 file"


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
