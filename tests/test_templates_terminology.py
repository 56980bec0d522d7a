"""The medical-terminology-anatomy templates give the right key: each test reads the drawn case back from the prompt
and checks the key against the word-part table, the order of the digestive tract written out here, and the FY2027
tabular list (a code for another side of the same condition differs from the drawn code at the keyed character)."""

from __future__ import annotations

import random
import re
from functools import cache

import pytest

from revcycle.codes import icd10cm
from revcycle.coding import terminology
from workbook.exercises.templates import by_chapter, templates

SEEDS = range(25)
CHAPTER = "medical-terminology-anatomy"
ON = icd10cm.PRIMARY.effective_from
TRACT = ["esophagus", "stomach", "duodenum", "jejunum", "ileum", "cecum", "ascending colon", "transverse colon",
         "descending colon", "sigmoid colon", "rectum", "anus"]


@cache
def listing() -> tuple[tuple[str, str], ...]:
    return tuple((c.replace(".", ""), t.lower()) for c, t, _billable in icd10cm.listing(on=ON))


def draw(tid: str, seed: int):
    return templates()[tid].make(random.Random(f"{seed}:terminology:{tid}"), f"t{seed}-001")


def test_the_chapter_has_its_three_templates():
    assert {t.id for t in by_chapter()[CHAPTER]} >= {"term-word-meaning", "term-gi-order",
                                                     "term-laterality-character"}


@pytest.mark.parametrize("seed", SEEDS)
def test_word_meaning_is_the_suffix_read_first(seed):
    ex, key = draw("term-word-meaning", seed)
    word = re.search(r"Split \*\*([a-z]+)\*\*", ex.prompt).group(1)
    row = next(p for p in terminology.parts() if p.example == word)  # every drawn word is an example of the table
    split = terminology.split(word)
    assert split.complete and row in split.known
    suffix = split.pieces[-1].part
    assert suffix is not None and suffix.kind == "suffix"
    assert key.answer.startswith(suffix.meaning)
    assert key.answer in ex.options and len(set(ex.options)) == len(ex.options) == 4
    assert sum(option == key.answer for option in ex.options) == 1
    for piece in split.pieces:
        assert piece.part is not None and piece.part.combining_form in key.explanation


@pytest.mark.parametrize("seed", SEEDS)
def test_gi_order_follows_the_tract(seed):
    ex, key = draw("term-gi-order", seed)
    assert sorted(ex.options) == sorted(key.answer)
    assert list(key.answer) == sorted(key.answer, key=TRACT.index)
    assert list(ex.options) != list(key.answer)
    assert 4 <= len(ex.options) <= 6


@pytest.mark.parametrize("seed", SEEDS)
def test_laterality_character_is_where_another_side_differs(seed):
    ex, key = draw("term-laterality-character", seed)
    code = re.search(r"`([A-Z0-9.]+)`", ex.prompt).group(1)
    position, value, side = re.fullmatch(r"Character (\d), (\w): (right|left|bilateral)", key.answer).groups()
    position = int(position)
    compact = code.replace(".", "")
    title = icd10cm.title(code, on=ON).lower()
    assert compact[position - 1] == value
    assert (side == "bilateral" and "bilateral" in title) or re.search(rf"\b{side}\b", title)
    # some code with another character at that position (and the same characters before it) names another side
    others = {"right": ("left", "bilateral"), "left": ("right", "bilateral"), "bilateral": ("right", "left")}[side]
    prefix = compact[:position - 1]
    found = any(flat.startswith(prefix) and len(flat) >= position and flat[position - 1] != value
                and any(re.search(rf"\b{o}\b", t) for o in others) for flat, t in listing())
    assert found, (code, key.answer)


def test_the_draws_vary():
    for tid in ("term-word-meaning", "term-gi-order", "term-laterality-character"):
        prompts = {draw(tid, seed)[0].prompt + str(draw(tid, seed)[0].options) for seed in range(10)}
        assert len(prompts) >= 8, tid
    positions = {re.match(r"Character (\d)", draw("term-laterality-character", s)[1].answer).group(1) for s in SEEDS}
    assert len(positions) >= 2
