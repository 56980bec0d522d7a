"""The icd10pcs-in-depth templates give the right key: each test reads the drawn code back from the prompt and
checks it against the CMS rows parsed here straight from the shipped XML (its own reading, not the engine's)."""

from __future__ import annotations

import gzip
import random
import re
import xml.etree.ElementTree as ET
from functools import cache
from importlib import resources

import pytest

from workbook.exercises.templates import by_chapter, templates

SEEDS = range(40)
CHAPTER = "icd10pcs-in-depth"


@cache
def cms_rows() -> dict[str, tuple[tuple[str, ...], list[list[dict[str, str]]], tuple[str, ...]]]:
    """Table key -> (labels of characters 1-3, rows as four {value: label} dicts, axis titles 4-7)."""
    raw = gzip.decompress(resources.files("revcycle.data").joinpath("pcs_tables_fy2026_subset.xml.gz").read_bytes())
    out = {}
    for table in ET.fromstring(raw).iter("pcsTable"):
        head = [a.find("label") for a in table.findall("axis")]
        key = "".join(h.get("code") for h in head)
        rows = [[{lb.get("code"): lb.text for lb in a.findall("label")} for a in r.findall("axis")]
                for r in table.findall("pcsRow")]
        titles = tuple(a.findtext("title") for a in table.find("pcsRow").findall("axis"))
        out[key] = (tuple(h.text for h in head), rows, titles)
    return out


def holder(code: str) -> list[dict[str, str]] | None:
    """The row of the code's table that holds characters 4-7, or None."""
    for row in cms_rows()[code[:3]][1]:
        if all(code[3 + i] in row[i] for i in range(4)):
            return row
    return None


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:{CHAPTER}:{tid}"), f"s{seed}-001")


def test_the_chapter_has_its_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} >= {"pcs-depth-build", "pcs-depth-decode", "pcs-depth-row-check"}


@pytest.mark.parametrize("seed", SEEDS)
def test_build_key_is_the_code_the_labels_name(seed):
    ex, key = draw("pcs-depth-build", seed)
    labels = re.search(r"abstracted as: (.*)\. Which", ex.prompt).group(1).split("; ")
    labels = [part.split(": ", 1)[1] for part in labels]
    code = key.answer
    head, _, _ = cms_rows()[code[:3]]
    row = holder(code)
    assert row is not None and tuple(labels[:3]) == head
    assert [row[i][code[3 + i]] for i in range(4)] == labels[3:]
    wrong = [o for o in ex.options if o != code]
    assert len(set(ex.options)) == len(ex.options) and all(o[:3] == code[:3] for o in wrong)


@pytest.mark.parametrize("seed", SEEDS)
def test_decode_key_is_the_label_of_that_character_in_its_row(seed):
    ex, key = draw("pcs-depth-decode", seed)
    found = re.search(r"code \*\*(\w{7})\*\* \(table \w{3}\), what does the (\w+) character", ex.prompt)
    code, ordinal = found.groups()
    position = ("fourth", "fifth", "sixth", "seventh").index(ordinal) + 4
    row = holder(code)
    assert row is not None
    assert key.answer == row[position - 4][code[position - 1]]
    assert key.answer in ex.options


@pytest.mark.parametrize("seed", SEEDS)
def test_row_check_key_is_the_first_character_that_leaves_every_row(seed):
    ex, key = draw("pcs-depth-row-check", seed)
    code = re.search(r"copied \*\*(\w{7})\*\*", ex.prompt).group(1)
    rows = cms_rows()[code[:3]][1]
    expected = None
    for position in range(4, 8):
        rows = [r for r in rows if code[position - 1] in r[position - 4]]
        if not rows:
            expected = position
            break
    if expected is None:
        assert key.answer.startswith("None") and holder(code) is not None
    else:
        assert key.answer.startswith(f"Character {expected} ") and holder(code) is None


def test_row_check_mostly_shows_invalid_codes():
    answers = [draw("pcs-depth-row-check", s)[1].answer for s in SEEDS]
    assert sum(not a.startswith("None") for a in answers) >= len(answers) // 2
