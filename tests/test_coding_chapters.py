"""The ICD-10-CM chapters agree with the code set and with their notebooks.

Every code list a worked example ends with is billable and passes the tabular-note review; the guidelines
chapter's cases are the notebook's cases; the chapters' banks have enough exercises and cases, and
their claim answers are billable codes. The conventions chapter's table of chapters (spans and titles), its counts
and the chapter spans the guidelines chapter quotes come from code through the {computed} role, checked by
tests/test_chapter_figures.py and tests/test_site.py.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from revcycle.codes import icd10cm
from revcycle.coding.dx_review import review
from workbook.exercises import keys
from workbook.exercises.spec import load_bank

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = {
    "icd10cm-conventions": ROOT / "book" / "coding" / "icd10cm-conventions.md",
    "icd10cm-guidelines": ROOT / "book" / "coding" / "icd10cm-guidelines.md",
}
ROW = re.compile(r"^\| (\d+) \| `([^`]+)` \|", re.MULTILINE)
CODE_IN_OPTION = re.compile(r"\b([A-TV-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)(?![0-9A-Za-z.])")
NOT_A_CODE_ON_PURPOSE = {"T14.90A"}  # icdc-02 offers the classic missing-placeholder error as a wrong option


def example_code_lists(chapter: str) -> list[list[str]]:
    """The final code tables of a chapter's worked examples, in order (a table restarts at order 1)."""
    text = CHAPTERS[chapter].read_text(encoding="utf-8")
    start = text.index(f"({chapter}-example-1)=")
    end = text.index("\n## Exercises", start)
    lists: list[list[str]] = []
    for order, code in ROW.findall(text[start:end]):
        if order == "1":
            lists.append([])
        lists[-1].append(code)
    return lists


def notebook_cases() -> list[dict]:
    nb = nbformat.read(ROOT / "notebooks" / "coding-case-notes.ipynb", as_version=4)
    source = next(c.source for c in nb.cells if c.cell_type == "code" and c.source.startswith("CASES = ["))
    literal = source.split("=", 1)[1].split("\npd.DataFrame", 1)[0]
    return ast.literal_eval(literal.strip())


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_worked_examples_end_in_billable_reviewed_code_lists(chapter):
    lists = example_code_lists(chapter)
    assert len(lists) >= 2
    for codes in lists:
        assert all(icd10cm.is_billable(c) for c in codes), f"{chapter}: {codes} holds a code that is not billable"
        errors = [f.message for f in review(codes) if f.severity in ("error", "warning")]
        assert errors == [], f"{chapter}: {codes}: {errors}"


def test_guideline_examples_are_the_notebooks_cases():
    assert example_code_lists("icd10cm-guidelines") == [case["codes"] for case in notebook_cases()]


@pytest.mark.parametrize("bank_name", sorted(CHAPTERS))
def test_chapter_banks_are_big_enough_and_their_claim_codes_are_billable(bank_name):
    bank = load_bank(ROOT / "exercises" / "banks" / f"{bank_name}.yml")
    key = keys.load_key(ROOT / "solutions" / "keys" / f"{bank_name}.yml", bank)
    assert len(bank.exercises) >= 10
    assert sum(ex.case for ex in bank.exercises) >= 4
    for ex in bank.exercises:
        for text in (*ex.options, *ex.left, *ex.right):
            for code in set(CODE_IN_OPTION.findall(text)) - NOT_A_CODE_ON_PURPOSE:
                assert icd10cm.is_valid(code), f"{ex.id}: option names {code}, which is not an FY2026 code"
        if ex.type == "claim":
            for item, _label, kind in ex.fields:
                if item.startswith("21") and kind == "code":
                    code = key[ex.id].answer[item]
                    assert icd10cm.is_billable(code), f"{ex.id}: {code} is not a billable FY2026 code"
